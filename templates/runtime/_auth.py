# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""Where the client's bearer token comes from: a fixed token, or OAuth2 client credentials.

A client-credentials token is fetched on first use, cached until shortly before it expires,
fetched once however many calls wait for it at the same time, and fetched again when the API
answers 401 to a token that was still believed good. Neither the secret nor any token appears in a
`repr`, a log line or an exception message.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx

from ._exceptions import (
    ApiConnectionError,
    ApiTimeoutError,
    AuthenticationError,
    RedirectError,
    ResponseError,
    detached,
    json_value,
    shown,
    transport_problem,
)
from ._logging import logger

if TYPE_CHECKING:
    import asyncio  # imported where used: a sync client never pays for it

TOKEN_PATH = "/oauth/token"
EXPIRY_MARGIN = 60.0
"""Seconds before the stated expiry when a token is treated as expired."""
DEFAULT_LIFETIME = 3600.0
"""Seconds a token is taken to live when the token endpoint does not say (`expires_in`)."""
BEARER_TOKEN = re.compile(r"[\x21-\x7e]+")
"""What a bearer token may hold: visible ASCII. A space, a control character (CR and LF would
end the Authorization header and start another) or a non-ASCII one is refused."""

Post = Callable[[str, dict[str, str], dict[str, str]], httpx.Response]
"""Sends a form (url, form, headers) within the deadline and size cap of the call in progress."""
AsyncPost = Callable[[str, dict[str, str], dict[str, str]], Awaitable[httpx.Response]]


def checked_token(token: str) -> str:
    """`token`, if it can be sent as a bearer token; ValueError (which never shows it) if not."""
    if not isinstance(token, str) or not BEARER_TOKEN.fullmatch(token):
        raise ValueError(
            "the access token holds characters a bearer token cannot have (a space, a "
            "control or a non-ASCII character); refusing to send it"
        )
    return token


@dataclass(frozen=True)
class Token:
    value: str = field(repr=False)
    expires_at: float
    """`time.monotonic()` after which the token must not be used."""

    def __repr__(self) -> str:
        return f"Token(value=<redacted>, expires_at={self.expires_at:.0f})"


class ClientCredentials:
    """The OAuth2 client-credentials grant against `<login_url>/oauth/token`."""

    def __init__(self, client_id: str, client_secret: str, login_url: str) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self.token_url = login_url.rstrip("/") + TOKEN_PATH

    def __repr__(self) -> str:
        return (
            f"ClientCredentials(client_id={self.client_id!r}, client_secret=<redacted>, "
            f"token_url={self.token_url!r})"
        )

    def request(self) -> tuple[str, dict[str, str], dict[str, str]]:
        """(url, form data, headers) of a token request; the secret goes in Basic auth."""
        basic = httpx.BasicAuth(self.client_id, self._secret)
        request = httpx.Request("POST", self.token_url)
        header = next(basic.auth_flow(request)).headers["Authorization"]
        return (
            self.token_url,
            {"grant_type": "client_credentials"},
            {"Authorization": header, "Accept": "application/json"},
        )

    def read(self, response: httpx.Response) -> Token:
        """The token in a token-endpoint answer, or the error for it.

        A body that is refused is not kept in the error: it may hold a token.
        """
        if 300 <= response.status_code < 400:
            raise RedirectError(response)
        if response.status_code != 200:
            raise AuthenticationError(
                response,
                message=f"the token endpoint {self.token_url} refused the client credentials "
                f"of client {self.client_id!r}: HTTP {response.status_code}"
                + _oauth_error(response),
            )
        data = json_value(response.content)
        if not isinstance(data, dict):
            data = {}
        value = data.get("access_token")
        if not isinstance(value, str) or not value:
            raise ResponseError(
                detached(response, b""), "not an OAuth2 token response: no access_token"
            )
        if not BEARER_TOKEN.fullmatch(value):
            raise ResponseError(
                detached(response, b""),
                "the access_token holds characters a bearer token cannot have (a space, a "
                "control or a non-ASCII character); refusing it",
            )
        lifetime = _lifetime(data.get("expires_in", DEFAULT_LIFETIME))
        if lifetime is None:
            raise ResponseError(
                detached(response, b""),
                "expires_in is not a positive number of seconds",
            )
        margin = min(EXPIRY_MARGIN, lifetime / 10)
        return Token(value=value, expires_at=time.monotonic() + lifetime - margin)


def _lifetime(value: object) -> float | None:
    """`expires_in` in seconds: a positive number (or digits in a string, as some servers send)."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value) if len(value) < 13 else 10**12
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    seconds = float(min(value, 1e12))
    return seconds if math.isfinite(seconds) and seconds > 0 else None


def _oauth_error(response: httpx.Response) -> str:
    data = json_value(response.content)
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        description = data.get("error_description")
        return (
            f" ({shown(data['error'])}"
            + (f": {shown(description)}" if isinstance(description, str) else "")
            + ")"
        )
    return ""


def _unreachable(url: str, error: httpx.TransportError) -> ApiConnectionError:
    """The error for a token request that got no answer (no credentials in it)."""
    if isinstance(error, httpx.TimeoutException):
        return ApiTimeoutError(f"the token endpoint {url} did not answer in time")
    return ApiConnectionError(
        f"cannot reach the token endpoint {url}: {transport_problem(error)}"
    )


class TokenSource:
    """Hands out a valid bearer token; thread-safe for sync use, task-safe for async use."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        credentials: ClientCredentials | None = None,
    ) -> None:
        self._credentials = credentials
        self._token = (
            Token(checked_token(access_token), float("inf")) if access_token else None
        )
        self._thread_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self.fetches = 0
        """How many tokens were fetched (for tests and diagnostics)."""

    def __repr__(self) -> str:
        kind = "client credentials" if self._credentials else "fixed token"
        return f"TokenSource({kind})"

    @property
    def refreshable(self) -> bool:
        return self._credentials is not None

    def _current(self) -> str | None:
        token = self._token
        if token is not None and time.monotonic() < token.expires_at:
            return token.value
        return None

    def invalidate(self, used: str) -> None:
        """Forget the token `used`, unless another call has already replaced it."""
        if (
            self._credentials is not None
            and self._token is not None
            and self._token.value == used
        ):
            self._token = None

    def _keep(self, response: httpx.Response) -> str:
        assert self._credentials is not None
        token = self._credentials.read(response)
        self._token = token
        self.fetches += 1
        logger.debug(
            "fetched an access token from %s for client %r, valid for %.0f s",
            self._credentials.token_url,
            self._credentials.client_id,
            token.expires_at - time.monotonic(),
        )
        return token.value

    def get(self, post: Post, wait: float) -> str:
        """A valid token; fetches one with `post` if needed, waiting at most `wait` seconds
        for a fetch another thread has started."""
        token = self._current()
        if token is not None:
            return token
        if not self._thread_lock.acquire(timeout=max(wait, 0.0)):
            raise ApiTimeoutError(_WAITED)
        try:
            token = self._current()
            if token is not None:
                return token
            assert self._credentials is not None, "a fixed token never expires"
            url, data, headers = self._credentials.request()
            failure = None
            try:
                response = post(url, data, headers)
            except httpx.TransportError as error:
                failure = _unreachable(url, error)
            if failure is not None:
                raise failure  # outside `except`: the httpx error, and its request, stay out
            return self._keep(response)
        finally:
            self._thread_lock.release()

    async def aget(self, post: AsyncPost) -> str:
        """A valid token; fetches one with `post` if needed (the caller bounds the wait)."""
        token = self._current()
        if token is not None:
            return token
        if self._async_lock is None:
            import asyncio

            self._async_lock = asyncio.Lock()
        async with self._async_lock:
            token = self._current()
            if token is not None:
                return token
            assert self._credentials is not None, "a fixed token never expires"
            url, data, headers = self._credentials.request()
            failure = None
            try:
                response = await post(url, data, headers)
            except httpx.TransportError as error:
                failure = _unreachable(url, error)
            if failure is not None:
                raise failure  # outside `except`: the httpx error, and its request, stay out
            return self._keep(response)


_WAITED = "the call's deadline passed while another call was fetching an access token"
