# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""Every error this package raises.

    ScimClientError
    ├── ApiError                      the server answered with an error status
    │   ├── BadRequestError           400 (SCIM `scimType` says why, e.g. invalidFilter)
    │   ├── AuthenticationError       401, or the token endpoint refused the credentials
    │   ├── PermissionDeniedError     403
    │   ├── NotFoundError             404
    │   ├── ConflictError             409 (e.g. `uniqueness`)
    │   ├── PreconditionFailedError   412 (a stale `If-Match`)
    │   │   └── VersionMismatchError  412, or 400 with `scimType` invalidVers: a stale version
    │   ├── RateLimitError            429 (after the retries allowed)
    │   ├── ServerError               5xx (after the retries allowed)
    │   └── RedirectError             3xx: this client follows no redirect (`location` says where)
    ├── NotModified                   304: the resource still matches `If-None-Match`
    ├── ResponseError                 a 2xx body that is not JSON, not the documented shape or
    │                                 empty; any body over `max_response_bytes` or undecodable
    ├── PagingError                   an `iter_*` helper met pages it cannot follow
    │   └── PagingLimitError          ... or read `max_pages` pages or `max_items` items
    └── ApiConnectionError            the request did not get an answer
        └── ApiTimeoutError           ... within the timeout, or within the call's deadline

Messages and `repr`s never contain credentials or tokens, nor any header value this client sent;
the request an exception exposes (`error.response.request`) carries no `Authorization` header.
Text the server chose (a SCIM `detail`, a `Location`) is shortened and its control characters
escaped before it goes into a message.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pydantic_core

CORRELATION_HEADER = "ININ-Correlation-Id"
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
"""Request headers an exception never exposes."""
MESSAGE_TEXT_LIMIT = 300
"""Characters of server-chosen text (a detail, a body, a URL) put into one message."""
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def shown(text: str) -> str:
    """Server-chosen text as it goes into a message: control and bidi characters escaped
    (they could forge log lines or reorder a terminal's text), at most MESSAGE_TEXT_LIMIT long.
    """
    if len(text) > MESSAGE_TEXT_LIMIT:
        text = text[:MESSAGE_TEXT_LIMIT] + "..."
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def without_credentials(request: httpx.Request) -> httpx.Request:
    """A copy of `request` with neither its credential headers nor its body (a SCIM body may hold
    a password): what an exception may expose of the request that was sent."""
    headers = [
        (name, value)
        for name, value in request.headers.multi_items()
        if name.lower() not in CREDENTIAL_HEADERS
    ]
    return httpx.Request(request.method, request.url, headers=headers)


def detached(response: httpx.Response, content: bytes) -> httpx.Response:
    """A complete copy of `response` holding `content`: read, holding no connection, and with
    its request `without_credentials`. Every response this package hands out is one."""
    copy = httpx.Response(
        response.status_code,
        content=content,
        request=without_credentials(response.request),
        extensions={
            key: value
            for key, value in response.extensions.items()
            if key in ("http_version", "reason_phrase")
        },
    )
    # Set after reading: the content is already decoded, so `Content-Encoding` must not apply.
    copy.headers = response.headers
    return copy


def json_value(content: bytes) -> Any:
    """`content` parsed as JSON, or None if it is not JSON (NaN and Infinity are not), nests
    too deep to read, or holds a number too long to read."""
    try:
        return pydantic_core.from_json(content, allow_inf_nan=False)
    except ValueError:
        return None


class ScimClientError(Exception):
    """Base of every error raised by this package."""


class ScimErrorBody:
    """A SCIM error body (RFC 7644 section 3.12), read tolerantly.

    `status` is an int even when the server sends it as a string (as Genesys Cloud does).
    """

    __slots__ = ("detail", "raw", "schemas", "scim_type", "status")

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        status = raw.get("status")
        self.status: int | None = _as_int(status)
        scim_type = raw.get("scimType")
        self.scim_type: str | None = scim_type if isinstance(scim_type, str) else None
        detail = raw.get("detail", raw.get("message"))
        self.detail: str | None = detail if isinstance(detail, str) else None
        schemas = raw.get("schemas")
        self.schemas: list[str] = (
            [s for s in schemas if isinstance(s, str)]
            if isinstance(schemas, list)
            else []
        )

    def __repr__(self) -> str:
        return (
            f"ScimErrorBody(status={self.status!r}, scim_type={self.scim_type!r}, "
            f"detail={self.detail!r})"
        )


_STATUS = re.compile(r"[1-9][0-9]{2}")


def _as_int(value: object) -> int | None:
    """An HTTP status: an int, or a string of three ASCII digits; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 100 <= value <= 999 else None
    if isinstance(value, str) and _STATUS.fullmatch(value.strip()):
        return int(value.strip())
    return None


class ApiError(ScimClientError):
    """The server answered with an error status.

    Attributes: `status_code`, `headers`, `body` (the raw bytes), `error` (the parsed SCIM error
    body, or None if the body is not one), `scim_type` and `detail` (from it),
    `correlation_id` (Genesys Cloud's `ININ-Correlation-Id`, for support requests), `method`, `url`.
    """

    def __init__(self, response: httpx.Response, *, message: str | None = None) -> None:
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.body = response.content
        self.method = response.request.method
        self.url = str(response.request.url.copy_with(query=None))
        self.correlation_id = response.headers.get(CORRELATION_HEADER)
        self.error = _parse_error_body(response.content)
        self.scim_type = self.error.scim_type if self.error else None
        self.detail = self.error.detail if self.error else None
        super().__init__(message or self._message())

    def _message(self) -> str:
        text = f"{self.method} {self.url} answered {self.status_code}"
        if self.response.reason_phrase:
            text += f" {shown(self.response.reason_phrase)}"
        if self.scim_type:
            text += f" ({shown(self.scim_type)})"
        if self.detail:
            text += f": {shown(self.detail)}"
        elif self.error is None and self.body:
            snippet = self.body[:200].decode("utf-8", "replace")
            text += f"; the body is not a SCIM error: {shown(repr(snippet))}"
        if self.correlation_id:
            text += f" [correlation id {shown(self.correlation_id)}]"
        return text


def _parse_error_body(content: bytes) -> ScimErrorBody | None:
    if not content:
        return None
    data = json_value(content)
    return ScimErrorBody(data) if isinstance(data, dict) else None


class BadRequestError(ApiError):
    """400: the request is invalid; `scim_type` says how (invalidFilter, invalidValue, ...)."""


class AuthenticationError(ApiError):
    """401: the token is missing, expired or refused (after one refresh and retry)."""


class PermissionDeniedError(ApiError):
    """403: the client lacks a permission the operation requires."""


class NotFoundError(ApiError):
    """404: no such resource."""


class ConflictError(ApiError):
    """409: the request conflicts with the current state (e.g. a userName that exists)."""


class PreconditionFailedError(ApiError):
    """412: `If-Match` names a version that is no longer current."""


class VersionMismatchError(PreconditionFailedError, BadRequestError):
    """The version a request named (`If-Match`) is no longer the resource's: a 412 (RFC 7644
    section 3.14) or a 400 with `scimType` invalidVers (as Genesys Cloud documents it).

    A subclass of both, so `except VersionMismatchError` catches exactly a stale version, however
    the server says it, and code that catches either parent keeps working. Read the resource
    again (its `meta.version`) and retry with that.
    """


SCIM_TYPE_INVALID_VERSION = "invalidVers"
"""RFC 7644's `scimType` for a version that does not match the resource's."""


class RateLimitError(ApiError):
    """429: too many requests, and the retries allowed are used up."""


class ServerError(ApiError):
    """5xx: the server failed, and the retries allowed are used up."""


class RedirectError(ApiError):
    """3xx (other than 304): the server sent the request elsewhere, and this client does not
    follow it. A SCIM API does not redirect; a redirect means a wrong `base_url` (http for
    https, a missing path) or a proxy's login page, and following it could send the request,
    with its token, where it was never meant to go. `location` is where the server pointed.
    """

    def __init__(self, response: httpx.Response) -> None:
        self.location = response.headers.get("Location")
        where = shown(self.location) if self.location else "no Location given"
        super().__init__(
            response,
            message=f"{response.request.method} {response.request.url.copy_with(query=None)} "
            f"answered {response.status_code}, redirecting to {where}; this client follows no "
            "redirect: check base_url",
        )


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: VersionMismatchError,
    429: RateLimitError,
}


def error_for(response: httpx.Response) -> ApiError:
    """The exception for an error response, by status family."""
    if response.status_code >= 500:
        return ServerError(response)
    if 300 <= response.status_code < 400:
        return RedirectError(response)
    if response.status_code == 400:
        body = _parse_error_body(response.content)
        if body is not None and body.scim_type == SCIM_TYPE_INVALID_VERSION:
            return VersionMismatchError(response)
    return _BY_STATUS.get(response.status_code, ApiError)(response)


class NotModified(ScimClientError):
    """304: the resource still has the version given in `If-None-Match`.

    Raised instead of returning a value, since the method's return type promises a resource;
    `etag` and `headers` are those of the answer.
    """

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self.headers = response.headers
        self.etag = response.headers.get("ETag")
        super().__init__(
            f"{response.request.method} {response.request.url.copy_with(query=None)} "
            f"answered 304 Not Modified (ETag {shown(str(self.etag))})"
        )


class ResponseError(ScimClientError):
    """An answer whose body this client cannot use: a successful one that is not JSON, not the
    documented shape, or empty where a resource is documented; or one of any status whose body
    is larger than `max_response_bytes` or cannot be decoded (then `body` is empty). `response`
    is kept; the message says what was wrong and where."""

    def __init__(self, response: httpx.Response, problem: str) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = response.content
        content_type = shown(response.headers.get("Content-Type", "no content type"))
        super().__init__(
            f"{response.request.method} {response.request.url.copy_with(query=None)} answered "
            f"{response.status_code} ({content_type}) with a body this client cannot read: {problem}"
        )


class PagingError(ScimClientError):
    """An `iter_*` helper stopped because the server's pages cannot be followed: a page did not
    start where it was asked to, or held a resource already yielded. Every resource yielded
    before it was yielded once; `pages` and `items` say how far it got."""

    def __init__(self, message: str, *, pages: int, items: int) -> None:
        self.pages = pages
        self.items = items
        super().__init__(message)


class PagingLimitError(PagingError):
    """An `iter_*` helper read `max_pages` pages or `max_items` items while the server still
    said there was more (`with_options(max_pages=..., max_items=...)` raises the bounds).
    """


class ApiConnectionError(ScimClientError):
    """The request got no answer: DNS, connection refused or dropped, TLS, a broken answer."""


class ApiTimeoutError(ApiConnectionError):
    """The request got no answer within the timeout, or the call did not end by its deadline."""


_OS_ERRORS = (httpx.ConnectError, httpx.ReadError, httpx.WriteError, httpx.CloseError)


def transport_problem(error: httpx.TransportError) -> str:
    """What went wrong, for a message. Only errors whose text comes from the operating system
    keep it: the text of a protocol error may quote a header, which may hold a token."""
    name = type(error).__name__
    if isinstance(error, _OS_ERRORS) and str(error):
        return f"{name}: {shown(str(error))}"
    return name
