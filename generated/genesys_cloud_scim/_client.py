# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""The HTTP clients: `Client` (sync) and `AsyncClient` (async), on one base that owns the
settings, headers, retries and request building; only sending and waiting differ.

A client holds one pooled httpx client, the base URL, a token source, timeouts and a retry policy.
The generated API classes call `call(endpoint, arguments, body)`, which builds the request
(`_endpoint.build_request`), sends it with authentication and retries, and reads the answer
(`_endpoint.read_response`).

Every call is bounded: in time by its deadline (connecting, sending, receiving, the token fetch,
every retry and every wait between them), in size by `max_response_bytes` (on the wire and
decompressed, checked while the body streams in), and it follows no redirect.
"""

from __future__ import annotations

import contextlib
import contextvars
import email.utils
import http.cookiejar
import ipaddress
import math
import random
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._auth import AsyncPost, ClientCredentials, Post, TokenSource
from ._endpoint import (
    ACCEPT,
    Endpoint,
    Request,
    build_request,
    checked_headers,
    read_response,
)
from ._exceptions import (
    ApiConnectionError,
    ApiTimeoutError,
    ResponseError,
    detached,
    transport_problem,
)
from ._lazy import lazy_module
from ._logging import configure_from_environment, logger
from ._version import DEFAULT_BASE_URL, DISTRIBUTION, __version__

T = TypeVar("T")
_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)

if TYPE_CHECKING:
    from typing_extensions import Self

    from . import _model
else:  # the models' base: imported by the first response that needs it
    _model = lazy_module("._model", __package__)

DEFAULT_ENVIRONMENT = "mypurecloud.com"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""Seconds: 30 to read, write or wait for a pooled connection, 10 to connect. Never unlimited."""
DEFAULT_DEADLINE = 120.0
"""Seconds a whole call may take: connecting, sending, receiving, retries and the waits between
them. A timeout bounds one wait for the network; this bounds the call, however the server
trickles its answer. Never unlimited."""
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""The largest body read, as sent and decompressed: far above any real SCIM page."""
DEFAULT_MAX_PAGES = 100_000
"""Pages an `iter_*` helper reads at most (2,500,000 resources at the default page size)."""
DEFAULT_MAX_ITEMS = 1_000_000
"""Resources an `iter_*` helper yields at most."""
USER_AGENT = f"{DISTRIBUTION}/{__version__} (python; httpx)"
RETRYABLE_STATUS = frozenset({502, 503, 504})


def _seconds(name: str, value: object, *, zero: bool = False) -> float:
    """`value`, if it is a finite number of seconds above 0 (or 0 too, with `zero`)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
        or (value == 0 and not zero)
    ):
        least = "0 or more" if zero else "more than 0"
        raise ValueError(
            f"{name} must be a finite number of seconds, {least}, not {value!r}: "
            "never unlimited"
        )
    return float(value)


def _count(name: str, value: object) -> int:
    """`value`, if it is a whole number of 1 or more."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a whole number of 1 or more, not {value!r}")
    return value


def _checked_url(name: str, url: str, allow_insecure_http: bool) -> str:
    """`url` without a trailing slash, if it is an https URL (or plain http to this machine, or
    to any host with `allow_insecure_http`): over plain http, the token and every request and
    answer cross the network readable and changeable by anyone on the way."""
    url = url.rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{name} must start with http:// or https://, not {url!r}")
    try:
        host = httpx.URL(url).host
    except httpx.InvalidURL as error:
        raise ValueError(f"{name} {url!r} is not a URL: {error}") from None
    if url.startswith("http://") and not allow_insecure_http and not _loopback(host):
        raise ValueError(
            f"{name} {url!r} is plain http:// to a host that is not this machine: the token "
            "and every request would cross the network unencrypted. Use https://, or pass "
            "allow_insecure_http=True if you mean it"
        )
    return url


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def environment_urls(environment: str) -> tuple[str, str]:
    """(API base URL, login URL) for a Genesys Cloud environment.

    Takes a region's domain (`mypurecloud.ie`, `usw2.pure.cloud`, ...) or a full API base URL
    (`https://api.mypurecloud.de`), whose login host is the same name with `login.` for `api.`.
    """
    text = environment.strip().rstrip("/")
    if not text:
        raise ValueError("environment is empty")
    if "://" not in text:
        domain = text.removeprefix("api.").removeprefix("login.")
        return f"https://api.{domain}", f"https://login.{domain}"
    url = httpx.URL(text)
    host = url.host
    if not host.startswith("api."):
        raise ValueError(
            f"cannot tell the login URL of {text!r}: give login_url= as well "
            "(e.g. login_url='https://login.mypurecloud.com')"
        )
    login = url.copy_with(host="login." + host.removeprefix("api."), path="/")
    return str(url).rstrip("/"), str(login).rstrip("/")


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before trying a request again.

    Retried: 429 (any method: the server refused the request, honouring `Retry-After`), and
    502/503/504, timeouts and dropped connections for idempotent methods. A POST is retried only
    when the connection could not even be opened, so it can never reach the server twice. No
    retry starts whose wait would end after the call's deadline.
    """

    max_retries: int = 2
    """Retries after the first attempt; 0 turns retrying off."""
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    """The longest `Retry-After` honoured; a longer one gives up instead of waiting."""
    total_timeout: float = 120.0
    """No retry starts once this many seconds have passed since the first attempt. A bound on
    retrying, not on the call: the client's `deadline` bounds the whole call, the attempt in
    flight included. Both default to 120 s, so by default one number bounds a call; set this
    lower to stop retrying early while one slow answer may still take up to the deadline."""

    def __post_init__(self) -> None:
        if (
            isinstance(self.max_retries, bool)
            or not isinstance(self.max_retries, int)
            or self.max_retries < 0
        ):
            raise ValueError(
                f"max_retries must be a whole number, 0 or more, not {self.max_retries!r}"
            )
        _seconds("initial_delay", self.initial_delay, zero=True)
        _seconds("max_delay", self.max_delay, zero=True)
        _seconds("max_retry_after", self.max_retry_after, zero=True)
        _seconds("total_timeout", self.total_timeout)

    def backoff(self, retry: int) -> float:
        """Exponential backoff with full jitter."""
        ceiling = min(self.max_delay, self.initial_delay * (2 ** min(retry, 64)))
        return random.uniform(ceiling / 2, ceiling)

    def delay(
        self, retry: int, started: float, response: httpx.Response | None
    ) -> float | None:
        """Seconds to wait before retry number `retry` (0-based), or None to give up."""
        if retry >= self.max_retries:
            return None
        wait = self.backoff(retry)
        if response is not None:
            after = retry_after(response)
            if after is not None:
                if after > self.max_retry_after:
                    return None
                wait = after
        if time.monotonic() - started + wait > self.total_timeout:
            return None
        return wait


def retry_after(response: httpx.Response) -> float | None:
    """`Retry-After` in seconds, from delta-seconds or an HTTP date; None if absent or unreadable."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    # isascii() too: "²" is a digit to isdigit(), and not to float().
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
        if moment.tzinfo is None:
            return None
        return max(0.0, moment.timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@dataclass(frozen=True)
class RawResponse:
    """What came back for one call: status, headers (`ETag`, `ININ-Correlation-Id`, ...), body."""

    method: str
    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes
    elapsed: float
    """Seconds from the first attempt to the final answer."""
    retries: int

    @property
    def etag(self) -> str | None:
        return _header(self.headers, "ETag")

    @property
    def correlation_id(self) -> str | None:
        return _header(self.headers, "ININ-Correlation-Id")


def _header(headers: httpx.Headers, name: str) -> str | None:
    value = headers.get(name)
    return value if isinstance(value, str) else None


@dataclass
class CapturedResponses:
    """The raw responses of the calls made inside a `capture_responses()` block, in order."""

    responses: list[RawResponse] = field(default_factory=list)

    @property
    def last(self) -> RawResponse:
        if not self.responses:
            raise LookupError(
                "no call has completed inside this capture_responses() block"
            )
        return self.responses[-1]


_capture: contextvars.ContextVar[CapturedResponses | None] = contextvars.ContextVar(
    "_capture", default=None
)


@contextlib.contextmanager
def capture_responses() -> Iterator[CapturedResponses]:
    """Keep the raw responses of the calls made inside the block, without changing their results.

        with capture_responses() as captured:
            user = api.get_scim_v2_user(user_id)
        etag = captured.last.etag

    Safe with threads and asyncio tasks: each sees only its own calls.
    """
    captured = CapturedResponses()
    token = _capture.set(captured)
    try:
        yield captured
    finally:
        _capture.reset(token)


@dataclass(frozen=True)
class _Settings:
    base_url: str
    timeout: httpx.Timeout
    deadline: float
    retry: RetryPolicy
    headers: Mapping[str, str]
    refetch_after_no_content: bool
    max_response_bytes: int
    max_pages: int
    max_items: int


_TIMEOUT_PARTS = ("connect", "read", "write", "pool")


def _timeout(
    value: float | httpx.Timeout | None, fallback: httpx.Timeout | None
) -> httpx.Timeout:
    """The timeout to use: `value`, else a caller's httpx client's own if it is bounded, else
    the default. A part that is None, infinite, NaN or not above 0 is refused."""
    if value is None:
        if fallback is not None and all(
            isinstance(getattr(fallback, part), int | float)
            and math.isfinite(getattr(fallback, part))
            and getattr(fallback, part) > 0
            for part in _TIMEOUT_PARTS
        ):
            return fallback
        return DEFAULT_TIMEOUT
    if not isinstance(value, httpx.Timeout):
        value = httpx.Timeout(_seconds("timeout", value))
    for part in _TIMEOUT_PARTS:
        _seconds(f"timeout.{part}", getattr(value, part))
    return value


def _settings(
    base_url: str | None,
    timeout: float | httpx.Timeout | None,
    deadline: float,
    max_retries: int | RetryPolicy,
    headers: Mapping[str, str] | None,
    refetch_after_no_content: bool,
    max_response_bytes: int,
    max_pages: int,
    max_items: int,
    allow_insecure_http: bool,
    http_timeout: httpx.Timeout | None,
) -> _Settings:
    retry = (
        max_retries
        if isinstance(max_retries, RetryPolicy)
        else RetryPolicy(max_retries)
    )
    return _Settings(
        base_url=_checked_url(
            "base_url", base_url or DEFAULT_BASE_URL, allow_insecure_http
        ),
        timeout=_timeout(timeout, http_timeout),
        deadline=_seconds("deadline", deadline),
        retry=retry,
        headers=checked_headers(headers or {}),
        refetch_after_no_content=refetch_after_no_content,
        max_response_bytes=_count("max_response_bytes", max_response_bytes),
        max_pages=_count("max_pages", max_pages),
        max_items=_count("max_items", max_items),
    )


def _needs_refetch(
    endpoint: Endpoint[Any], response: httpx.Response, settings: _Settings
) -> bool:
    """A PATCH/PUT answered 204 (as RFC 7644 allows) while the method promises the resource."""
    model = endpoint.response
    return (
        settings.refetch_after_no_content
        and response.status_code == 204
        and endpoint.method in ("PATCH", "PUT")
        and isinstance(model, type)
        and issubclass(model, _model.ScimModel)
        and bool(model.model_fields)
    )


@dataclass(frozen=True)
class _Deadline:
    """When a call must be over, by `time.monotonic()`, and the seconds it was given."""

    seconds: float
    ends: float

    @classmethod
    def after(cls, seconds: float) -> _Deadline:
        return cls(seconds, time.monotonic() + seconds)

    def left(self) -> float:
        return self.ends - time.monotonic()

    def timeout(self, timeout: httpx.Timeout, where: str) -> httpx.Timeout:
        """`timeout` with no wait beyond the time left; the deadline's error if none is left."""
        left = self.left()
        if left <= 0:
            raise self.error(where)
        parts = {part: getattr(timeout, part) for part in _TIMEOUT_PARTS}
        return httpx.Timeout(
            **{
                part: left if value is None else min(value, left)
                for part, value in parts.items()
            }
        )

    def error(self, where: str) -> ApiTimeoutError:
        return ApiTimeoutError(
            f"{where} did not complete within its deadline of {self.seconds:g} s"
        )


_call_ends: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "_call_ends", default=None
)
"""When the request in progress (in this thread or task) must be over, by `time.monotonic()`.

httpx bounds each wait for the network, not a call: a server that sends a byte every second,
of its headers or of its body, never lets a read timeout fire. The async client puts the whole
call under `asyncio.wait_for`; a thread has nothing like it, so the sync client cuts every socket
wait instead. httpcore asks its network backend for each connect, read and write, and the
backend of each connection pool of an httpx client this package creates is wrapped
(`_socket_deadlines.DeadlineBackend`) to cut each wait to the time left by this deadline.
"""


def cut_to_deadline(timeout: float | None, expired: type[Exception]) -> float | None:
    """A socket wait of `timeout` seconds, cut to the time left to the call in progress."""
    ends = _call_ends.get()
    if ends is None:
        return timeout
    left = ends - time.monotonic()
    if left <= 0:
        raise expired("the call's deadline has passed")
    return left if timeout is None else min(timeout, left)


def _no_cookies() -> http.cookiejar.CookieJar:
    """A cookie jar that keeps nothing, for the httpx clients this package creates: SCIM is
    stateless, and a cookie a server sets must not change (or break) later requests."""
    keep_none = http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
    return http.cookiejar.CookieJar(keep_none)


def _declared_too_long(response: httpx.Response, limit: int) -> bool:
    declared = response.headers.get("Content-Length", "").strip()
    if not (declared.isascii() and declared.isdigit()):
        return False
    return len(declared) > 18 or int(declared) > limit


@dataclass(frozen=True)
class _Failure:
    """A request that got no answer: the error to raise, and whether it surely never left."""

    error: ApiConnectionError
    never_sent: bool


class _ClientBase(Generic[_HttpT]):
    """What `Client` and `AsyncClient` share: settings, options, headers, URLs, retries and how a
    request and its answer are built and read. Only sending and waiting differ between them.
    """

    _settings: _Settings
    _tokens: TokenSource
    _http: _HttpT
    _owns_http: bool

    def __init__(
        self,
        *,
        base_url: str | None = None,
        access_token: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float = DEFAULT_DEADLINE,
        max_retries: int | RetryPolicy = 2,
        headers: Mapping[str, str] | None = None,
        http_client: _HttpT | None = None,
        refetch_after_no_content: bool = True,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_items: int = DEFAULT_MAX_ITEMS,
        allow_insecure_http: bool = False,
        _tokens: TokenSource | None = None,
    ) -> None:
        """
        Args:
            base_url: The API's base URL; defaults to `DEFAULT_BASE_URL` (the server
                the API description names).
            access_token: A bearer token to send as it is (never refreshed).
            timeout: Seconds, or an `httpx.Timeout`, for each wait for the network; default
                30 s (10 s to connect). Never unlimited.
            deadline: Seconds a whole call may take, retries and waits included; default 120.
            max_retries: Retries after a first attempt (or a full `RetryPolicy`); 0 turns
                them off.
            headers: Headers to send with every request.
            http_client: Your own `httpx.Client` (`httpx.AsyncClient` for `AsyncClient`):
                proxies, TLS, transports; its base URL is ignored.
            refetch_after_no_content: When a PATCH/PUT answers 204 with no body (as RFC 7644
                allows), GET the resource so the method can return it as documented.
            max_response_bytes: The largest body read (as sent, and decompressed); default
                64 MiB.
            max_pages: Pages an `iter_*` helper reads at most; default 100,000.
            max_items: Resources an `iter_*` helper yields at most; default 1,000,000.
            allow_insecure_http: Allow plain `http://` to hosts other than this machine (for
                the API and the token endpoint); off by default, since the token would travel
                in clear.
        """
        settings = _settings(
            base_url,
            timeout,
            deadline,
            max_retries,
            headers,
            refetch_after_no_content,
            max_response_bytes,
            max_pages,
            max_items,
            allow_insecure_http,
            http_client.timeout if http_client is not None else None,
        )
        if _tokens is None:
            if not access_token:
                raise ValueError(
                    f"give access_token=..., or use "
                    f"{type(self).__name__}.from_client_credentials(...)"
                )
            _tokens = TokenSource(access_token=access_token)
        configure_from_environment()
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else self._new_http()
        self._settings = settings
        self._tokens = _tokens

    def _new_http(self) -> _HttpT:
        """The httpx client to use when none is given."""
        raise NotImplementedError

    @classmethod
    def from_client_credentials(
        cls,
        client_id: str,
        client_secret: str,
        *,
        environment: str = DEFAULT_ENVIRONMENT,
        base_url: str | None = None,
        login_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        deadline: float = DEFAULT_DEADLINE,
        max_retries: int | RetryPolicy = 2,
        headers: Mapping[str, str] | None = None,
        http_client: _HttpT | None = None,
        refetch_after_no_content: bool = True,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_pages: int = DEFAULT_MAX_PAGES,
        max_items: int = DEFAULT_MAX_ITEMS,
        allow_insecure_http: bool = False,
    ) -> Self:
        """A client that authenticates with OAuth2 client credentials.

        `environment` is the region's domain (`mypurecloud.com`, `mypurecloud.ie`,
        `mypurecloud.de`, `mypurecloud.jp`, `usw2.pure.cloud`, ...) or an API base URL; it gives
        `https://api.<env>` and `https://login.<env>`. `base_url` and `login_url` override either
        (for proxies and tests).
        """
        if not client_id or not client_secret:
            raise ValueError("client_id and client_secret must not be empty")
        api_url, env_login = environment_urls(environment)
        if (
            base_url is not None
            and login_url is None
            and environment == DEFAULT_ENVIRONMENT
        ):
            _, env_login = environment_urls(base_url)
        token_host = _checked_url(
            "login_url", login_url or env_login, allow_insecure_http
        )
        return cls(
            base_url=base_url or api_url,
            timeout=timeout,
            deadline=deadline,
            max_retries=max_retries,
            headers=headers,
            http_client=http_client,
            refetch_after_no_content=refetch_after_no_content,
            max_response_bytes=max_response_bytes,
            max_pages=max_pages,
            max_items=max_items,
            allow_insecure_http=allow_insecure_http,
            _tokens=TokenSource(
                credentials=ClientCredentials(client_id, client_secret, token_host)
            ),
        )

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        deadline: float | None = None,
        max_retries: int | RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        max_response_bytes: int | None = None,
        max_pages: int | None = None,
        max_items: int | None = None,
    ) -> Self:
        """A client sharing this one's connections and token, with other settings for the calls
        made through it (`SCIMApi.with_options` uses it). None keeps a setting."""
        given = {
            "timeout": timeout,
            "deadline": deadline,
            "max_retries": max_retries,
            "headers": headers,
            "max_response_bytes": max_response_bytes,
            "max_pages": max_pages,
            "max_items": max_items,
        }
        copy = object.__new__(type(self))
        copy._owns_http = False
        copy._http = self._http
        copy._tokens = self._tokens
        copy._settings = self._derived(
            **{name: value for name, value in given.items() if value is not None}
        )
        return copy

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._settings.base_url!r}, auth={self._tokens!r})"

    @property
    def base_url(self) -> str:
        return self._settings.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        return self._settings.timeout

    @property
    def deadline(self) -> float:
        """Seconds a whole call may take, retries and waits included."""
        return self._settings.deadline

    @property
    def retry_policy(self) -> RetryPolicy:
        return self._settings.retry

    @property
    def max_response_bytes(self) -> int:
        return self._settings.max_response_bytes

    @property
    def max_pages(self) -> int:
        return self._settings.max_pages

    @property
    def max_items(self) -> int:
        return self._settings.max_items

    @property
    def token_fetches(self) -> int:
        """How many OAuth tokens this client (and its `with_options` copies) fetched."""
        return self._tokens.fetches

    def _derived(self, **changes: Any) -> _Settings:
        settings = self._settings
        if "timeout" in changes:
            changes["timeout"] = _timeout(changes["timeout"], None)
        if "deadline" in changes:
            changes["deadline"] = _seconds("deadline", changes["deadline"])
        for name in ("max_response_bytes", "max_pages", "max_items"):
            if name in changes:
                changes[name] = _count(name, changes[name])
        if "max_retries" in changes:
            value = changes.pop("max_retries")
            changes["retry"] = (
                value
                if isinstance(value, RetryPolicy)
                else replace(settings.retry, max_retries=value)
            )
        if "headers" in changes:
            changes["headers"] = {
                **settings.headers,
                **checked_headers(changes["headers"]),
            }
        return replace(settings, **changes)

    def _headers(self, request: Request, token: str) -> dict[str, str]:
        return {
            "Accept": ACCEPT,
            "User-Agent": USER_AGENT,
            **self._settings.headers,
            **request.headers,
            "Authorization": f"Bearer {token}",
        }

    def _url(self, request: Request) -> str:
        """The base URL with the request's path under it. Whatever an endpoint's path holds,
        the scheme, host and port stay the base URL's (`.evil.example/x`, `@evil.example/x` or
        `:8443/x` would change them), and the path stays under the base URL's path."""
        url = httpx.URL(self._settings.base_url + request.path)
        base = httpx.URL(self._settings.base_url + "/")
        if (
            not request.path.startswith("/")
            or (url.scheme, url.userinfo, url.host, url.port)
            != (base.scheme, base.userinfo, base.host, base.port)
            or not url.raw_path.startswith(base.raw_path)
        ):
            raise ValueError(
                f"refusing to send {request.method} {request.path!r}: the URL would leave "
                f"{self._settings.base_url}"
            )
        return str(url)

    @staticmethod
    def _failure(
        error: httpx.TransportError, where: str, deadline: _Deadline
    ) -> _Failure:
        if isinstance(error, httpx.TimeoutException):
            if deadline.left() <= 0:
                return _Failure(deadline.error(where), never_sent=False)
            return _Failure(
                ApiTimeoutError(f"{where} timed out ({type(error).__name__})"),
                never_sent=isinstance(error, httpx.ConnectTimeout | httpx.PoolTimeout),
            )
        return _Failure(
            ApiConnectionError(f"{where} failed: {transport_problem(error)}"),
            never_sent=isinstance(error, httpx.ConnectError),
        )

    def _body_problem(
        self, response: httpx.Response, size: int, deadline: _Deadline, where: str
    ) -> Exception | None:
        """Why to stop reading a body after `size` decoded bytes, if there is a reason."""
        limit = self._settings.max_response_bytes
        as_sent = response.num_bytes_downloaded > limit
        if size > limit or as_sent:
            return ResponseError(
                detached(response, b""),
                f"the body is larger than max_response_bytes ({limit} bytes"
                + (")" if as_sent else ", decompressed)")
                + "; the connection was closed",
            )
        if deadline.left() <= 0:
            return deadline.error(where)
        return None

    def _finish(
        self,
        request: Request,
        url: str,
        response: httpx.Response,
        started: float,
        retries: int,
    ) -> None:
        elapsed = time.monotonic() - started
        logger.info(
            "%s %s -> %d in %.0f ms (%d retries)",
            request.method,
            url,
            response.status_code,
            elapsed * 1000,
            retries,
        )
        captured = _capture.get()
        if captured is not None:
            captured.responses.append(
                RawResponse(
                    method=request.method,
                    url=str(response.request.url),
                    status_code=response.status_code,
                    headers=response.headers,
                    content=response.content,
                    elapsed=elapsed,
                    retries=retries,
                )
            )

    def _retry_wait(
        self,
        retry: int,
        started: float,
        response: httpx.Response | None,
        deadline: _Deadline,
    ) -> float | None:
        wait = self._settings.retry.delay(retry, started, response)
        if wait is None or wait >= deadline.left():
            return None
        return wait

    def _retry_delay(
        self,
        idempotent: bool,
        response: httpx.Response,
        retry: int,
        started: float,
        deadline: _Deadline,
    ) -> float | None:
        status = response.status_code
        if status == 429 or (status in RETRYABLE_STATUS and idempotent):
            return self._retry_wait(retry, started, response, deadline)
        return None

    def _refetch(
        self, endpoint: Endpoint[Any], request: Request, response: httpx.Response
    ) -> Request | None:
        """The GET that fetches the resource a PATCH/PUT answered with 204, if one is needed."""
        if _needs_refetch(endpoint, response, self._settings):
            return Request("GET", request.path, (), {}, None)
        return None

    def _outgoing(
        self, request: Request, url: str, token: str, deadline: _Deadline
    ) -> httpx.Request:
        return self._http.build_request(
            request.method,
            url,
            params=request.query,
            headers=self._headers(request, token),
            content=request.content,
            timeout=deadline.timeout(self._settings.timeout, f"{request.method} {url}"),
        )

    def _token_request(
        self,
        url: str,
        form: dict[str, str],
        headers: dict[str, str],
        deadline: _Deadline,
    ) -> httpx.Request:
        return self._http.build_request(
            "POST",
            url,
            data=form,
            headers=headers,
            timeout=deadline.timeout(self._settings.timeout, f"POST {url}"),
        )

    def _tries(self, request: Request, deadline: _Deadline, idempotent: bool) -> _Tries:
        return _Tries(self, request, self._url(request), deadline, idempotent)

    def _reading(
        self, request: httpx.Request, response: httpx.Response, deadline: _Deadline
    ) -> _Reading:
        where = f"{request.method} {request.url.copy_with(query=None)}"
        return _Reading(self, response, deadline, where)


@dataclass
class _Tries:
    """The attempts at one request: after each, whether to return its answer, raise, fetch a new
    token, or wait and try again. Both clients send; this decides."""

    client: _ClientBase[Any]
    request: Request
    url: str
    deadline: _Deadline
    idempotent: bool
    started: float = field(default_factory=time.monotonic)
    retries: int = 0
    refreshed: bool = False

    @property
    def where(self) -> str:
        return f"{self.request.method} {self.url}"

    def after(
        self, outcome: httpx.Response | _Failure, token: str
    ) -> httpx.Response | float | None:
        """The answer to return; or the seconds to wait before the next attempt; or None to
        try again at once with a new token. Raises the error when there is no retry left.
        """
        client = self.client
        if isinstance(outcome, _Failure):
            delay = None
            if self.idempotent or outcome.never_sent:
                delay = client._retry_wait(
                    self.retries, self.started, None, self.deadline
                )
            if delay is None:
                raise outcome.error
            logger.debug("%s; retrying in %.2f s", outcome.error, delay)
        else:
            response = outcome
            if (
                response.status_code == 401
                and client._tokens.refreshable
                and not self.refreshed
            ):
                # The token may have been revoked or expired early: fetch one more, once.
                logger.debug(
                    "%s -> 401; fetching a new access token and trying once more",
                    self.where,
                )
                client._tokens.invalidate(token)
                self.refreshed = True
                return None
            delay = client._retry_delay(
                self.idempotent, response, self.retries, self.started, self.deadline
            )
            if delay is None:
                client._finish(
                    self.request, self.url, response, self.started, self.retries
                )
                return response
            logger.debug(
                "%s -> %d; retrying in %.2f s", self.where, response.status_code, delay
            )
        self.retries += 1
        return delay


class _Reading:
    """An answer's body as it streams in, within the size cap and the deadline."""

    def __init__(
        self,
        client: _ClientBase[Any],
        response: httpx.Response,
        deadline: _Deadline,
        where: str,
    ) -> None:
        self._client = client
        self._response = response
        self._deadline = deadline
        self._where = where
        self._chunks: list[bytes] = []
        self._size = 0
        limit = client._settings.max_response_bytes
        self.problem: Exception | None = None
        if _declared_too_long(response, limit):
            self.problem = ResponseError(
                detached(response, b""),
                f"the body is declared as {response.headers['Content-Length']} "
                f"bytes, more than max_response_bytes ({limit}); it was not read",
            )

    def add(self, chunk: bytes) -> bool:
        """Keep `chunk`; True if reading must stop there."""
        self._chunks.append(chunk)
        self._size += len(chunk)
        self.problem = self._client._body_problem(
            self._response, self._size, self._deadline, self._where
        )
        return self.problem is not None

    def undecodable(self) -> None:
        self.problem = ResponseError(
            detached(self._response, b""),
            "the body cannot be decoded as its Content-Encoding says",
        )

    def answer(self) -> httpx.Response:
        """The answer, `detached` with the whole body; raises why reading stopped, if it did."""
        if self.problem is not None:
            raise self.problem
        return detached(self._response, b"".join(self._chunks))


class Client(_ClientBase[httpx.Client]):
    """A connection to the Genesys Cloud Platform API.

    Use `from_client_credentials(...)` for OAuth2 client credentials, or give a fixed
    `access_token`. Close it (or use it as a context manager) to release its connections; a
    `http_client` you pass in is yours to close.
    """

    def _new_http(self) -> httpx.Client:
        # Imported here, not at the top: it needs httpcore, which httpx itself imports only
        # when it builds a transport (as it just did), so importing the package costs neither.
        from ._socket_deadlines import with_deadlines

        return with_deadlines(httpx.Client(cookies=_no_cookies()))

    def close(self) -> None:
        """Release the connections this client opened (not those of a `http_client` you gave)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def call(
        self,
        endpoint: Endpoint[T],
        arguments: Mapping[str, object],
        body: object = None,
    ) -> T:
        """Send one operation and return its documented result (used by the API classes)."""
        request = build_request(endpoint, arguments, body)
        deadline = _Deadline.after(self._settings.deadline)
        response = self._send(request, deadline, idempotent=endpoint.idempotent)
        refetch = self._refetch(endpoint, request, response)
        if refetch is not None:
            response = self._send(refetch, deadline, idempotent=True)
        return read_response(endpoint, response)

    def _send(
        self, request: Request, deadline: _Deadline, *, idempotent: bool
    ) -> httpx.Response:
        tries = self._tries(request, deadline, idempotent)
        while True:
            token = self._tokens.get(self._poster(deadline), deadline.left())
            try:
                outgoing = self._outgoing(request, tries.url, token, deadline)
                outcome: httpx.Response | _Failure = self._exchange(outgoing, deadline)
            except httpx.TransportError as error:
                outcome = self._failure(error, tries.where, deadline)
            step = tries.after(outcome, token)
            if isinstance(step, httpx.Response):
                return step
            if step is not None:
                time.sleep(step)

    def _poster(self, deadline: _Deadline) -> Post:
        """How the token source sends its form: within this call's deadline and size cap."""

        def post(
            url: str, form: dict[str, str], headers: dict[str, str]
        ) -> httpx.Response:
            request = self._token_request(url, form, headers, deadline)
            try:
                return self._exchange(request, deadline)
            except httpx.TimeoutException:
                if deadline.left() > 0:
                    raise
            raise deadline.error(f"POST {url}")

        return post

    def _exchange(self, request: httpx.Request, deadline: _Deadline) -> httpx.Response:
        """Send `request` and read its whole answer within the deadline and the size cap; the
        answer is returned `detached`. Raises httpx.TransportError for no answer."""
        ends = _call_ends.set(deadline.ends)
        try:
            response = self._http.send(request, stream=True, follow_redirects=False)
            try:
                body = self._reading(request, response, deadline)
                if body.problem is None:
                    for chunk in response.iter_bytes():
                        if body.add(chunk):
                            break
            except httpx.DecodingError:
                body.undecodable()
            finally:
                # Closing a response whose body was not read to the end closes its connection.
                response.close()
        finally:
            _call_ends.reset(ends)
        return body.answer()


class AsyncClient(_ClientBase[httpx.AsyncClient]):
    """The asynchronous client: the same as `Client`, with `await`.

    Use `from_client_credentials(...)` for OAuth2 client credentials, or give a fixed
    `access_token`. Close it (or use it as a context manager) to release its connections; a
    `http_client` you pass in is yours to close.
    """

    def _new_http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(cookies=_no_cookies())

    async def close(self) -> None:
        """Release the connections this client opened (not those of a `http_client` you gave)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def call(
        self,
        endpoint: Endpoint[T],
        arguments: Mapping[str, object],
        body: object = None,
    ) -> T:
        """Send one operation and return its documented result (used by the API classes)."""
        import asyncio  # here, not at the top: a sync client never imports it

        request = build_request(endpoint, arguments, body)
        deadline = _Deadline.after(self._settings.deadline)
        try:
            response = await asyncio.wait_for(
                self._respond(endpoint, request, deadline), deadline.seconds
            )
        except asyncio.TimeoutError:
            response = None
        if response is None:
            raise deadline.error(f"{request.method} {self._url(request)}")
        return read_response(endpoint, response)

    async def _respond(
        self, endpoint: Endpoint[Any], request: Request, deadline: _Deadline
    ) -> httpx.Response:
        response = await self._send(request, deadline, idempotent=endpoint.idempotent)
        refetch = self._refetch(endpoint, request, response)
        if refetch is not None:
            response = await self._send(refetch, deadline, idempotent=True)
        return response

    async def _send(
        self, request: Request, deadline: _Deadline, *, idempotent: bool
    ) -> httpx.Response:
        import asyncio

        tries = self._tries(request, deadline, idempotent)
        while True:
            token = await self._tokens.aget(self._poster(deadline))
            try:
                outgoing = self._outgoing(request, tries.url, token, deadline)
                outcome: httpx.Response | _Failure = await self._exchange(
                    outgoing, deadline
                )
            except httpx.TransportError as error:
                outcome = self._failure(error, tries.where, deadline)
            step = tries.after(outcome, token)
            if isinstance(step, httpx.Response):
                return step
            if step is not None:
                await asyncio.sleep(step)

    def _poster(self, deadline: _Deadline) -> AsyncPost:
        """How the token source sends its form: within this call's deadline and size cap."""

        async def post(
            url: str, form: dict[str, str], headers: dict[str, str]
        ) -> httpx.Response:
            request = self._token_request(url, form, headers, deadline)
            try:
                return await self._exchange(request, deadline)
            except httpx.TimeoutException:
                if deadline.left() > 0:
                    raise
            raise deadline.error(f"POST {url}")

        return post

    async def _exchange(
        self, request: httpx.Request, deadline: _Deadline
    ) -> httpx.Response:
        """Send `request` and read its whole answer within the deadline and the size cap; the
        answer is returned `detached`. Raises httpx.TransportError for no answer."""
        ends = _call_ends.set(deadline.ends)
        try:
            response = await self._http.send(
                request, stream=True, follow_redirects=False
            )
            try:
                body = self._reading(request, response, deadline)
                if body.problem is None:
                    async for chunk in response.aiter_bytes():
                        if body.add(chunk):
                            break
            except httpx.DecodingError:
                body.undecodable()
            finally:
                # Closing a response whose body was not read to the end closes its connection.
                await response.aclose()
        finally:
            _call_ends.reset(ends)
        return body.answer()
