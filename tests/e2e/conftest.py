"""Fixtures starting real loopback servers (and stopping them): scim2-server mounted like Genesys
Cloud with a token endpoint beside it, and a scripted fault server."""

from __future__ import annotations

import base64
import contextlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from genesys_cloud_scim import AsyncClient, Client, RetryPolicy, ScimClientError

from .servers import (
    FaultServer,
    GenesysMount,
    RequestLog,
    Running,
    TokenEndpoint,
    build_scim_app,
    serve_wsgi,
)

CLIENT_ID = "scim-test-client"
CLIENT_SECRET = "s3cr3t-Do-Not-Leak-7f2a9c"
FIXED_TOKEN = "fixed-token-Do-Not-Leak-41d0"
SECRETS = (
    CLIENT_SECRET,
    FIXED_TOKEN,
    "token-1",  # what the test token endpoint issues first
    base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode(),
)
"""Strings that must appear in no log record, repr or exception message."""
FAST_RETRIES = RetryPolicy(max_retries=2, initial_delay=0.01, max_delay=0.05, total_timeout=5.0)
"""Tiny delays, so that retry tests take milliseconds."""


@dataclass
class ScimStack:
    """scim2-server under /api/v2/scim (api_url) and the token endpoint (login_url)."""

    api_url: str
    login_url: str
    log: RequestLog
    mount: GenesysMount
    tokens: TokenEndpoint
    valid_tokens: set[str]
    api_server: Running
    login_server: Running

    def client(self, **options: Any) -> Client:
        options.setdefault("max_retries", FAST_RETRIES)
        return Client.from_client_credentials(
            CLIENT_ID, CLIENT_SECRET, base_url=self.api_url, login_url=self.login_url, **options
        )

    def async_client(self, **options: Any) -> AsyncClient:
        options.setdefault("max_retries", FAST_RETRIES)
        return AsyncClient.from_client_credentials(
            CLIENT_ID, CLIENT_SECRET, base_url=self.api_url, login_url=self.login_url, **options
        )

    def revoke_all(self) -> None:
        """Make the API refuse every token issued so far (as after a revocation)."""
        self.valid_tokens.clear()


def _stack(max_results: int | None = None) -> Iterator[ScimStack]:
    valid: set[str] = set()
    log = RequestLog()
    mount = GenesysMount(build_scim_app(max_results=max_results), valid, log)
    tokens = TokenEndpoint(CLIENT_ID, CLIENT_SECRET, valid)
    api: Running = serve_wsgi(mount)
    login: Running = serve_wsgi(tokens)
    try:
        yield ScimStack(api.url, login.url, log, mount, tokens, valid, api, login)
    finally:
        api.stop()
        login.stop()


@pytest.fixture
def scim() -> Iterator[ScimStack]:
    yield from _stack()


@pytest.fixture
def capped_scim() -> Iterator[ScimStack]:
    """scim2-server announcing filter.maxResults=2: it answers at most 2 items a page."""
    yield from _stack(max_results=2)


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    server = FaultServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fault_client(faults: FaultServer) -> Iterator[Client]:
    with Client(
        base_url=faults.url, access_token=FIXED_TOKEN, max_retries=FAST_RETRIES, timeout=2.0
    ) as client:
        yield client


def exposed_requests(error: BaseException) -> Iterator[httpx.Request]:
    """Every request an exception lets a caller reach: its response's (`error.response.request`),
    its own (httpx errors have one), and those of the exceptions chained to it."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        response = getattr(current, "response", None)
        if isinstance(response, httpx.Response):
            yield response.request
        if isinstance(current, httpx.RequestError):
            with contextlib.suppress(RuntimeError):  # raised when it has no request
                yield current.request
        pending.extend([current.__cause__, current.__context__])


def secret_leaks(texts: Iterable[str], errors: Iterable[BaseException]) -> list[str]:
    """Where a secret shows: in one of `texts` (log lines), in the str() or repr() of one of
    `errors`, or in a header of a request one of them exposes (which may also carry no
    Authorization header at all)."""
    leaks: list[str] = []
    errors = list(errors)
    for text in [*texts, *(f"{error!s} {error!r}" for error in errors)]:
        leaks.extend(f"{secret!r} in {text[:300]!r}" for secret in SECRETS if secret in text)
    for error in errors:
        for request in exposed_requests(error):
            if "authorization" in request.headers:
                leaks.append(f"{type(error).__name__} exposes a request with Authorization")
            for name, value in request.headers.items():
                leaks.extend(
                    f"{secret!r} in header {name} of a request {type(error).__name__} exposes"
                    for secret in SECRETS
                    if secret in value
                )
    return leaks


@pytest.fixture(autouse=True)
def no_secret_leaks(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> Iterator[list[BaseException]]:
    """In every test: log everything the package logs, keep every exception it raises, and check
    afterwards that no secret or token shows in a log line, in the str()/repr() of an error, or
    in a request an error exposes.

    The check runs in this fixture's teardown, when `caplog.text` and `caplog.records` hold only
    the teardown phase's records: the setup and call phases' records are read by name."""
    raised: list[BaseException] = []

    def keep(self: BaseException, *args: object) -> None:
        raised.append(self)
        Exception.__init__(self, *args)

    monkeypatch.setattr(ScimClientError, "__init__", keep)
    caplog.set_level(logging.DEBUG, logger="genesys_cloud_scim")
    yield raised
    records = [*caplog.get_records("setup"), *caplog.get_records("call"), *caplog.records]
    texts = [caplog.handler.format(record) for record in records]
    leaks = secret_leaks(texts, raised)
    assert not leaks, "a secret leaked: " + "; ".join(leaks)
