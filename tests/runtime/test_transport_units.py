"""Unit tests of the pure parts: retry policy, Retry-After, request building, response reading,
paging cursor, error bodies; and client behaviour over httpx.MockTransport where no server can
produce the case (a connection that could not be opened)."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest
from genesys_cloud_scim import (
    ApiConnectionError,
    Client,
    NotModified,
    ResponseError,
    RetryPolicy,
    SCIMApi,
    ScimErrorBody,
)
from genesys_cloud_scim._client import retry_after
from genesys_cloud_scim._endpoint import build_request, read_response
from genesys_cloud_scim._endpoints import (
    DELETE_SCIM_V2_GROUP,
    DELETE_SCIM_V2_USER,
    GET_SCIM_V2_USER,
    GET_SCIM_V2_USERS,
    PATCH_SCIM_V2_USER,
    POST_SCIM_V2_USERS,
)
from genesys_cloud_scim._paging import _Cursor
from genesys_cloud_scim.models import Empty, ScimUserAttribute, ScimV2CreateUser


def _response(
    status: int, content: bytes = b"", headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(
        status, content=content, headers=headers, request=httpx.Request("GET", "http://x/y")
    )


# ---- retry policy ----------------------------------------------------------------------------


def test_backoff_is_exponential_with_jitter_and_capped() -> None:
    policy = RetryPolicy(max_retries=10, initial_delay=0.5, max_delay=4.0)
    for retry, ceiling in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (6, 4.0)]:
        delays = {policy.backoff(retry) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jitter


def test_delay_is_none_once_retries_or_time_are_used_up() -> None:
    policy = RetryPolicy(max_retries=2, initial_delay=0.01, total_timeout=1.0)
    now = time.monotonic()
    assert policy.delay(0, now, None) is not None
    assert policy.delay(2, now, None) is None
    assert policy.delay(0, now - 5.0, None) is None  # 5 s already spent of 1 s
    assert RetryPolicy(max_retries=0).delay(0, now, None) is None


@pytest.mark.parametrize(
    ("header", "expected"),
    [("0", 0.0), ("7", 7.0), (" 12 ", 12.0), ("-1", None), ("soon", None), ("1.5", None)],
)
def test_retry_after_in_seconds(header: str, expected: float | None) -> None:
    assert retry_after(_response(429, headers={"Retry-After": header})) == expected


def test_retry_after_as_an_http_date() -> None:
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    seconds = retry_after(_response(429, headers={"Retry-After": future}))
    assert seconds is not None and 28 <= seconds <= 31
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    assert retry_after(_response(429, headers={"Retry-After": past})) == 0.0
    assert retry_after(_response(429)) is None


def test_retry_after_beyond_the_cap_gives_up() -> None:
    policy = RetryPolicy(max_retry_after=10.0)
    now = time.monotonic()
    assert policy.delay(0, now, _response(429, headers={"Retry-After": "10"})) == 10.0
    assert policy.delay(0, now, _response(429, headers={"Retry-After": "11"})) is None


# ---- requests ----------------------------------------------------------------------------------


def test_query_arrays_are_comma_joined_and_enums_sent_by_value() -> None:
    request = build_request(
        GET_SCIM_V2_USERS,
        {"startIndex": 1, "count": 10, "attributes": [ScimUserAttribute.USER_NAME, "title"],
         "filter": 'userName eq "a,b"'},
    )  # fmt: skip
    assert request.query == (
        ("startIndex", "1"),
        ("count", "10"),
        ("attributes", "userName,title"),
        ("filter", 'userName eq "a,b"'),
    )


def test_path_parameters_are_single_escaped_segments() -> None:
    for value, segment in [
        ("a/b", "a%2Fb"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("..a", "..a"),
        ("ü", "%C3%BC"),
    ]:
        request = build_request(GET_SCIM_V2_USER, {"userId": value})
        assert request.path == "/api/v2/scim/v2/users/" + segment
    with pytest.raises(ValueError, match="empty"):
        build_request(GET_SCIM_V2_USER, {"userId": ""})
    with pytest.raises(TypeError, match="required"):
        build_request(GET_SCIM_V2_USER, {})


def test_bodies_by_alias_with_the_scim_media_type() -> None:
    request = build_request(
        POST_SCIM_V2_USERS, {}, ScimV2CreateUser(user_name="a", display_name="A")
    )
    assert request.content == b'{"displayName":"A","userName":"a"}'
    assert request.headers["Content-Type"] == "application/scim+json"
    from_dict = build_request(POST_SCIM_V2_USERS, {}, {"userName": "a", "displayName": "A"})
    assert from_dict.content == request.content
    with pytest.raises(TypeError, match="ScimV2CreateUser"):
        build_request(POST_SCIM_V2_USERS, {}, ["not", "a", "user"])


# ---- responses ---------------------------------------------------------------------------------


def test_documented_nothing_empty_and_304() -> None:
    assert read_response(DELETE_SCIM_V2_GROUP, _response(204)) is None
    assert isinstance(read_response(DELETE_SCIM_V2_USER, _response(204)), Empty)
    assert isinstance(read_response(DELETE_SCIM_V2_USER, _response(200, b"{}")), Empty)
    with pytest.raises(NotModified) as caught:
        read_response(GET_SCIM_V2_USER, _response(304, headers={"ETag": 'W/"5"'}))
    assert caught.value.etag == 'W/"5"'
    with pytest.raises(ResponseError, match="not valid JSON"):
        read_response(PATCH_SCIM_V2_USER, _response(200, b"<html>"))


@pytest.mark.parametrize(
    ("raw", "status", "scim_type", "detail"),
    [
        (
            {"status": "409", "scimType": "uniqueness", "detail": "taken"},
            409,
            "uniqueness",
            "taken",
        ),
        ({"status": 400, "scimType": "invalidVers"}, 400, "invalidVers", None),
        ({"status": " 412 ", "message": "changed"}, 412, None, "changed"),
        ({"status": "four hundred", "scimType": 7}, None, None, None),
        ({"status": True}, None, None, None),
    ],
)
def test_scim_error_bodies_are_read_tolerantly(
    raw: dict[str, object], status: int | None, scim_type: str | None, detail: str | None
) -> None:
    body = ScimErrorBody(raw)
    assert (body.status, body.scim_type, body.detail) == (status, scim_type, detail)


# ---- paging cursor -----------------------------------------------------------------------------


def _cursor(start: int, count: int) -> _Cursor:
    return _Cursor(start, count, max_pages=100, max_items=1000)


def test_cursor_stops_by_total_then_short_page_then_empty_page() -> None:
    cursor = _cursor(1, 3)
    cursor.accept([1, 2, 3], 5, None)
    assert (cursor.next_start, cursor.done) == (4, False)
    cursor.accept([4, 5], 5, 4)
    assert cursor.done
    capped = _cursor(1, 10)
    capped.accept([1, 2], 5, 1)  # fewer than asked, but the total says more
    assert not capped.done and capped.next_start == 3
    no_total = _cursor(1, 10)
    no_total.accept([1, 2], None, None)
    assert no_total.done
    empty = _cursor(1, 10)
    empty.accept([], 100, 1)
    assert empty.done
    with pytest.raises(ValueError):
        _cursor(0, 10)
    with pytest.raises(ValueError):
        _cursor(1, 0)


# ---- the client over a mock transport -----------------------------------------------------------


def test_a_post_whose_connection_could_not_be_opened_is_retried() -> None:
    attempts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        if len(attempts) == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(201, json={"id": "u1", "userName": "a"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = Client(
        base_url="https://api.test", access_token="t", http_client=http,
        max_retries=RetryPolicy(initial_delay=0.001, max_delay=0.001),
    )  # fmt: skip
    user = SCIMApi(client).post_scim_v2_users(ScimV2CreateUser(user_name="a", display_name="A"))
    assert user.id == "u1" and attempts == ["POST", "POST"]


def test_a_post_with_a_read_error_is_not_retried() -> None:
    attempts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request.method)
        raise httpx.ReadError("reset", request=request)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = Client(base_url="https://api.test", access_token="t", http_client=http)
    with pytest.raises(ApiConnectionError, match="ReadError"):
        SCIMApi(client).post_scim_v2_users(ScimV2CreateUser(user_name="a", display_name="A"))
    assert attempts == ["POST"]
