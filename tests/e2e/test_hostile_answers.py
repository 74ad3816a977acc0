"""Issue 11: whatever a server answers ends in a result or a ScimClientError subclass, never in
a ValueError, RecursionError or KeyError of our own making. First the answers that did (a
Retry-After of "²", a SCIM status of "²" or of 5,000 digits, a body nested 100,000 deep, a
token endpoint's odd expires_in), then a property test throwing random statuses, headers,
bodies and framings at the client through a raw loopback server."""

from __future__ import annotations

import asyncio
import gzip
import json
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
from genesys_cloud_scim import (
    ApiError,
    AsyncClient,
    AsyncSCIMApi,
    Client,
    RateLimitError,
    ResponseError,
    RetryPolicy,
    SCIMApi,
    ScimClientError,
    ServerError,
)
from genesys_cloud_scim.models import (
    Empty,
    ScimConfigResourceTypesListResponse,
    ScimServiceProviderConfig,
    ScimUserListResponse,
    ScimV2CreateUser,
    ScimV2User,
)
from genesys_cloud_scim.patch import patch_request, replace
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from .conftest import CLIENT_ID, CLIENT_SECRET, FAST_RETRIES, FIXED_TOKEN, secret_leaks
from .servers import FaultServer, RawServer, Reply

USER = {"id": "u1", "userName": "ann@example.com"}
DEEP = 100_000


def _api(faults: FaultServer) -> SCIMApi:
    return SCIMApi(Client(base_url=faults.url, access_token=FIXED_TOKEN, max_retries=FAST_RETRIES))


# ---- the answers that raised untyped errors --------------------------------------------------------


def test_a_retry_after_of_unicode_digits_is_unreadable_not_fatal(faults: FaultServer) -> None:
    # "²".isdigit() is True and float("²") a ValueError: it was read as seconds.
    faults.script(Reply(429, b"", {"Retry-After": "²"}), Reply(200, USER))
    assert _api(faults).get_scim_v2_user("u1").id == "u1"
    assert faults.log.count() == 2


def test_a_retry_after_of_five_thousand_digits_gives_up_at_once(faults: FaultServer) -> None:
    faults.script(Reply(429, b"", {"Retry-After": "9" * 5000}), Reply(200, USER))
    with pytest.raises(RateLimitError):
        _api(faults).get_scim_v2_user("u1")
    assert faults.log.count() == 1


@pytest.mark.parametrize(
    "status",
    [
        "²",
        "4²0",
        "5" * 5000,
        b"5" * 5000,  # a JSON number beyond what Python reads from text
        10**20,
        -400,
        True,
    ],
    ids=["superscript", "mixed", "5000 digits", "5000-digit number", "huge", "negative", "bool"],
)
def test_a_scim_error_with_an_odd_status_is_still_a_typed_error(
    faults: FaultServer, status: object
) -> None:
    if isinstance(status, bytes):
        body = b'{"detail": "bad", "status": ' + status + b"}"
    else:
        body = json.dumps({"detail": "bad", "status": status, "scimType": "x"}).encode()
    faults.script(Reply(400, body))
    with pytest.raises(ApiError) as caught:
        _api(faults).get_scim_v2_user("u1")
    assert caught.value.status_code == 400
    assert caught.value.error is None or caught.value.error.status is None


def test_an_error_body_nested_100000_deep_is_not_a_scim_error(faults: FaultServer) -> None:
    faults.script(Reply(500, b'{"detail":' * DEEP + b"1" + b"}" * DEEP))
    with pytest.raises(ServerError) as caught:
        _api(faults).with_options(max_retries=0).get_scim_v2_user("u1")
    assert caught.value.error is None
    assert "not a SCIM error" in str(caught.value)
    assert len(str(caught.value)) < 1000  # the body is quoted, shortened


def test_a_resource_nested_100000_deep_is_a_response_error(faults: FaultServer) -> None:
    faults.script(Reply(200, b'{"name":' + b"[" * DEEP + b"]" * DEEP + b"}"))
    with pytest.raises(ResponseError, match="not valid JSON"):
        _api(faults).get_scim_v2_user("u1")


def test_server_text_in_messages_is_escaped_and_shortened(faults: FaultServer) -> None:
    detail = "line one\r\n2024-01-01 INFO forged log line \x1b[31mred\u202e" + "x" * 5000
    faults.script(Reply(400, {"detail": detail, "scimType": "invalid\nValue"}))
    with pytest.raises(ApiError) as caught:
        _api(faults).get_scim_v2_user("u1")
    message = str(caught.value)
    assert "\r" not in message and "\n" not in message and "\x1b" not in message
    assert "\u202e" not in message and "\\u202e" in message
    assert len(message) < 1000
    assert caught.value.detail == detail  # the attribute keeps what the server said


@pytest.mark.parametrize(
    ("expires_in", "says"),
    [
        (b"NaN", "not an OAuth2 token response"),  # not JSON
        (b"Infinity", "not an OAuth2 token response"),
        (b"-5", "expires_in is not a positive number"),
        (b"0", "expires_in"),
        (b"true", "expires_in"),
        (b'"soon"', "expires_in"),
        (b"[3600]", "expires_in"),
        (b'"\\u00b2"', "expires_in"),
        (b"1" * 5000, "not an OAuth2 token response"),  # a number too long to read
    ],
)
def test_a_token_endpoint_with_an_odd_expires_in_is_a_response_error(
    faults: FaultServer, expires_in: bytes, says: str
) -> None:
    faults.script(Reply(200, b'{"access_token": "token-1", "expires_in": ' + expires_in + b"}"))
    client = Client.from_client_credentials(
        CLIENT_ID, CLIENT_SECRET, base_url=faults.url, login_url=faults.url
    )
    with pytest.raises(ResponseError, match=says):
        SCIMApi(client).get_scim_v2_users()
    assert faults.log.count() == 1  # the token request; nothing was sent to the API


def test_a_token_lifetime_beyond_reason_is_capped_not_refused(faults: FaultServer) -> None:
    faults.script(
        Reply(200, b'{"access_token": "token-1", "expires_in": "' + b"9" * 5000 + b'"}'),
        Reply(200, {"Resources": [], "totalResults": 0}),
    )
    client = Client.from_client_credentials(
        CLIENT_ID, CLIENT_SECRET, base_url=faults.url, login_url=faults.url
    )
    assert SCIMApi(client).get_scim_v2_users().total_results == 0
    assert client.token_fetches == 1


@pytest.mark.parametrize("body", [b"[" * DEEP + b"]" * DEEP, b"not json", b"[]", b'{"x": 1}'])
def test_a_token_answer_that_is_no_token_is_a_response_error(
    faults: FaultServer, body: bytes
) -> None:
    faults.script(Reply(200, body))
    client = Client.from_client_credentials(
        CLIENT_ID, CLIENT_SECRET, base_url=faults.url, login_url=faults.url
    )
    with pytest.raises(ResponseError, match="not an OAuth2 token response"):
        SCIMApi(client).get_scim_v2_users()


def test_a_body_whose_content_encoding_lies_is_a_response_error(faults: FaultServer) -> None:
    faults.script(Reply(200, b"this is not gzip", {"Content-Encoding": "gzip"}))
    with pytest.raises(ResponseError, match="cannot be decoded"):
        _api(faults).get_scim_v2_user("u1")


# ---- anything at all ---------------------------------------------------------------------------


@pytest.fixture
def raw() -> Iterator[RawServer]:
    server = RawServer()
    try:
        yield server
    finally:
        server.stop()


SCIM_KEYS = ["id", "userName", "status", "scimType", "detail", "Resources", "totalResults",
             "startIndex", "itemsPerPage", "schemas", "meta", "emails", "active", "members"]  # fmt: skip
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(SCIM_KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=20,
)
HOSTILE_BODIES = st.sampled_from(
    [
        b"",
        b"  \r\n",
        b"[" * DEEP + b"]" * DEEP,
        b'{"detail":' * 3000 + b"1" + b"}" * 3000,
        b'{"status": "\xc2\xb2", "detail": "x"}',
        b'{"status": ' + b"5" * 5000 + b"}",
        b'{"totalResults": 1e999, "Resources": []}',
        b'{"id": "\\ud800"}',
        b"\xff\xfe{}",
        b'{"Resources": null}',
        b'{"Resources": [{"id": "u1"}, {"id": "u1"}], "totalResults": 1000000000}',
        b'{"access_token": "a\\r\\nb"}',
    ]
)
BODIES = st.one_of(
    JSON.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=300),
    HOSTILE_BODIES,
    HOSTILE_BODIES,  # twice: drawn as often as the other two together
)
HEADER_NAMES = st.sampled_from(
    ["Content-Type", "Content-Encoding", "Retry-After", "Location", "ETag", "ININ-Correlation-Id",
     "WWW-Authenticate", "Set-Cookie", "X-Other"]
)  # fmt: skip
HEADER_VALUES = st.one_of(
    st.sampled_from(
        ["²", "9" * 5000, "-1", "0", "1", "1.5", "gzip", "deflate", "br", "zstd", "identity",
         "application/json", "application/scim+json; charset=utf-16", "text/html",
         "Mon, 99 Foo 2024 99:99:99 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", 'W/"1"',
         "http://elsewhere.test/", "", "x" * 20_000]
    ),
    st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=30),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=10),  # some invalid
)  # fmt: skip
STATUS = st.sampled_from(
    [200, 200, 200, 201, 204, 301, 302, 304, 307, 400, 401, 404, 409, 412, 429, 500, 503]
) | st.integers(100, 999)
WELL_FORMED_STATUS_LINES = st.builds(
    lambda code, reason: b"HTTP/1.1 %d %s\r\n" % (code, reason),
    STATUS,
    st.sampled_from([b"OK", b"", b"\xb2\xff", b"Some Reason"]),
)
BROKEN_STATUS_LINES = st.sampled_from(
    [b"HTTP/1.1 2OO OK\r\n", b"HTTP/1.1 \xc2\xb200\r\n", b"garbage\r\n", b""]
)
STATUS_LINES = st.one_of(  # mostly well formed, so that the answer's content gets read
    WELL_FORMED_STATUS_LINES,
    WELL_FORMED_STATUS_LINES,
    WELL_FORMED_STATUS_LINES,
    BROKEN_STATUS_LINES,
)
FRAMINGS = st.sampled_from(["length"] * 6 + ["close", "short", "chunked", "bad chunks"])
ENCODINGS = st.sampled_from([None, None, None, "gzip", "deflate", "gzip, but it is not"])
CALLS = st.sampled_from(["get", "list", "iter", "post", "patch", "put", "delete", "discovery"])


def _answer(
    status_line: bytes,
    headers: list[tuple[str, str]],
    body: bytes,
    encoding: str | None,
    framing: str,
) -> bytes:
    if encoding == "gzip, but it is not":
        headers = [*headers, ("Content-Encoding", "gzip")]
    elif encoding == "gzip":
        body = gzip.compress(body)
        headers = [*headers, ("Content-Encoding", "gzip")]
    elif encoding == "deflate":
        body = zlib.compress(body)
        headers = [*headers, ("Content-Encoding", "deflate")]
    if framing == "length":
        headers = [*headers, ("Content-Length", str(len(body)))]
    elif framing == "short":  # more declared than sent
        headers = [*headers, ("Content-Length", str(len(body) + 10))]
    elif framing == "chunked":
        headers = [*headers, ("Transfer-Encoding", "chunked")]
        body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
    elif framing == "bad chunks":
        headers = [*headers, ("Transfer-Encoding", "chunked")]
        body = b"zz\r\n" + body
    head = b"".join(f"{name}: {value}\r\n".encode("latin-1") for name, value in headers)
    return status_line + head + b"\r\n" + body


def _call(api: SCIMApi, call: str) -> Any:
    user = ScimV2CreateUser(user_name="a@example.com", display_name="A")
    if call == "get":
        return api.get_scim_v2_user("u1")
    if call == "list":
        return api.get_scim_v2_users()
    if call == "iter":
        return list(api.iter_scim_v2_users(count=2))
    if call == "post":
        return api.post_scim_v2_users(user)
    if call == "patch":
        return api.patch_scim_v2_user("u1", patch_request(replace("title", "x")))
    if call == "put":
        return api.put_scim_v2_user("u1", ScimV2User(user_name="a"))
    if call == "delete":
        return api.delete_scim_v2_user("u1")
    return api.get_scim_v2_serviceproviderconfig()


async def _call_async(api: AsyncSCIMApi, call: str) -> Any:
    if call == "get":
        return await api.get_scim_v2_user("u1")
    if call == "list":
        return await api.get_scim_v2_users()
    if call == "iter":
        return [user async for user in api.iter_scim_v2_users(count=2)]
    if call == "post":
        user = ScimV2CreateUser(user_name="a@example.com", display_name="A")
        return await api.post_scim_v2_users(user)
    if call == "patch":
        return await api.patch_scim_v2_user("u1", patch_request(replace("title", "x")))
    if call == "put":
        return await api.put_scim_v2_user("u1", ScimV2User(user_name="a"))
    if call == "delete":
        return await api.delete_scim_v2_user("u1")
    return await api.get_scim_v2_resourcetypes()


RESULT_TYPES: dict[str, type | tuple[type, ...]] = {
    "get": ScimV2User,
    "list": ScimUserListResponse,
    "iter": list,
    "post": ScimV2User,
    "patch": ScimV2User,
    "put": ScimV2User,
    "delete": Empty,
    "discovery": (ScimServiceProviderConfig, ScimConfigResourceTypesListResponse),
}
OPTIONS: dict[str, Any] = {
    "access_token": FIXED_TOKEN,
    "timeout": 0.5,
    "deadline": 1.0,
    "max_retries": RetryPolicy(max_retries=1, initial_delay=0, max_delay=0, max_retry_after=0.05),
    "max_response_bytes": 256 * 1024,
    "max_pages": 3,
}


@settings(
    max_examples=4 * settings().max_examples,  # 100 by default; the long profile runs 4000
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    status_line=STATUS_LINES,
    headers=st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=5),
    body=BODIES,
    encoding=ENCODINGS,
    framing=FRAMINGS,
    call=CALLS,
    use_async=st.booleans(),
)
def test_every_answer_is_a_result_or_a_typed_error(
    raw: RawServer,
    no_secret_leaks: list[BaseException],
    status_line: bytes,
    headers: list[tuple[str, str]],
    body: bytes,
    encoding: str | None,
    framing: str,
    call: str,
    use_async: bool,
) -> None:
    raw.answer = _answer(status_line, headers, body, encoding, framing)
    # The leak check keeps every error raised until the test ends; check this example's now
    # and let them go, or the examples' bodies pile up in memory.
    assert not secret_leaks([], no_secret_leaks)
    no_secret_leaks.clear()
    try:
        if use_async:
            result = asyncio.run(_async_outcome(raw.url, call))
        else:
            with Client(base_url=raw.url, **OPTIONS) as client:
                result = _call(SCIMApi(client), call)
    except ScimClientError as error:
        event(type(error).__name__)  # see them with --hypothesis-show-statistics
        return  # any other exception fails the test, with the answer that caused it
    event("a result")
    assert isinstance(result, RESULT_TYPES[call]), type(result)


async def _async_outcome(url: str, call: str) -> Any:
    async with AsyncClient(base_url=url, **OPTIONS) as client:
        return await _call_async(AsyncSCIMApi(client), call)
