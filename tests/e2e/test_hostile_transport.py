"""Issue 11: the client against loopback servers that answer slowly, endlessly, hugely or
elsewhere. A call ends by its deadline however the server trickles (headers or body) or
streams; a body stops at `max_response_bytes`, as sent and as decompressed, and the
connection is closed; a redirect is an error and is not followed; an empty body where a
resource is documented is an error. Deadlines here are short (well under a second): each test
proves the call ended long before the server would have finished, not how fast it was."""

from __future__ import annotations

import asyncio
import functools
import gzip
import itertools
import json
import math
import time
from collections.abc import Iterator

import httpx
import pytest
from genesys_cloud_scim import (
    ApiTimeoutError,
    AsyncClient,
    AsyncSCIMApi,
    Client,
    RedirectError,
    ResponseError,
    RetryPolicy,
    SCIMApi,
    ServerError,
)
from genesys_cloud_scim.models import ScimV2CreateUser, ScimV2User

from .conftest import CLIENT_ID, CLIENT_SECRET, FAST_RETRIES, FIXED_TOKEN, ScimStack
from .servers import FaultServer, Reply

USER = {"id": "u1", "userName": "ann@example.com", "displayName": "Ann", "title": "x" * 200}
MiB = 1024 * 1024


@pytest.fixture
def target() -> Iterator[FaultServer]:
    """A second server, where redirects point: it must never be asked anything."""
    server = FaultServer()
    server.script(Reply(200, USER))
    try:
        yield server
    finally:
        server.stop()


def _api(faults: FaultServer, **options: object) -> SCIMApi:
    options.setdefault("max_retries", FAST_RETRIES)
    return SCIMApi(Client(base_url=faults.url, access_token=FIXED_TOKEN, **options))  # type: ignore[arg-type]


def _zeros() -> Iterator[bytes]:
    return itertools.repeat(b"\0" * 65536)


@functools.cache
def _gzip_bomb(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


# ---- the deadline ----------------------------------------------------------------------------


@pytest.mark.parametrize("trickle_head", [False, True], ids=["body", "status line and headers"])
def test_a_trickling_answer_ends_at_the_deadline(faults: FaultServer, trickle_head: bool) -> None:
    # A byte every 50 ms: no read ever waits the 2 s timeout, and the whole answer would take
    # 15 s (the headers alone 5 s).
    faults.script(Reply(200, USER, trickle=0.05, trickle_head=trickle_head))
    api = _api(faults, timeout=2.0, deadline=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError, match=r"did not complete within its deadline of 0\.5 s"):
        api.get_scim_v2_user("u1")
    assert time.monotonic() - started < 2.0
    time.sleep(0.2)  # the server notices the closed connection at its next byte
    assert faults.sent and not faults.sent[0].complete


def test_an_endless_chunked_body_ends_at_the_deadline(faults: FaultServer) -> None:
    faults.script(Reply(200, stream=lambda: itertools.repeat(b'{"a": 1}'), trickle=0.02))
    api = _api(faults, timeout=2.0, deadline=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError, match="deadline"):
        api.get_scim_v2_user("u1")
    assert time.monotonic() - started < 2.0


def test_the_deadline_holds_with_your_own_http_client_for_a_trickling_body(
    faults: FaultServer,
) -> None:
    # A client you pass in keeps its own transport: the deadline is then checked between the
    # chunks of a body and every timeout is cut to the time left.
    faults.script(Reply(200, USER, trickle=0.05))
    with httpx.Client() as http:
        api = _api(faults, timeout=2.0, deadline=0.5, max_retries=0, http_client=http)
        started = time.monotonic()
        with pytest.raises(ApiTimeoutError, match="deadline"):
            api.get_scim_v2_user("u1")
        assert time.monotonic() - started < 2.0


def test_no_retry_waits_past_the_deadline(faults: FaultServer) -> None:
    faults.script(Reply(503, b"", {"Retry-After": "2"}), Reply(200, USER))
    policy = RetryPolicy(max_retries=3, initial_delay=0.01, max_delay=0.01)
    api = _api(faults, deadline=0.5, max_retries=policy)
    started = time.monotonic()
    with pytest.raises(ServerError):
        api.get_scim_v2_user("u1")
    assert time.monotonic() - started < 1.0  # it gave up instead of waiting 2 s
    assert faults.log.count() == 1


def test_timed_out_retries_stop_at_the_deadline(faults: FaultServer) -> None:
    faults.script(Reply(200, USER, delay=0.4))
    policy = RetryPolicy(max_retries=10, initial_delay=0.01, max_delay=0.01)
    api = _api(faults, timeout=0.2, deadline=0.7, max_retries=policy)
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        api.get_scim_v2_user("u1")
    assert time.monotonic() - started < 1.5
    assert 2 <= faults.log.count() <= 4  # not the 11 attempts the policy allows


def test_the_token_fetch_is_part_of_the_call(scim: ScimStack) -> None:
    scim.tokens.delay = 1.5
    client = Client.from_client_credentials(
        CLIENT_ID, CLIENT_SECRET, base_url=scim.api_url, login_url=scim.login_url, deadline=0.4
    )
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError, match="deadline"):
        SCIMApi(client).get_scim_v2_users()
    assert time.monotonic() - started < 1.3
    assert scim.log.count() == 0


def test_a_per_call_deadline_applies_to_that_call_only(faults: FaultServer) -> None:
    faults.script(Reply(200, USER, delay=0.4))
    api = _api(faults, max_retries=0)
    assert api.client.deadline == 120.0
    with pytest.raises(ApiTimeoutError, match=r"deadline of 0\.2 s"):
        api.with_options(deadline=0.2).get_scim_v2_user("u1")
    assert api.get_scim_v2_user("u1").id == "u1"


@pytest.mark.parametrize("value", [math.inf, math.nan, -1.0, 0, None, True, "5"])
def test_a_deadline_is_never_unlimited(value: object) -> None:
    with pytest.raises(ValueError, match="deadline must be a finite number of seconds"):
        Client(access_token="t", deadline=value)  # type: ignore[arg-type]
    if value is not None:  # None in with_options keeps the deadline as it is
        with pytest.raises(ValueError, match="never unlimited"):
            SCIMApi(Client(access_token="t")).with_options(deadline=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("part", ["connect", "read", "write", "pool"])
@pytest.mark.parametrize("value", [math.inf, math.nan, -1.0, None])
def test_no_timeout_part_is_unlimited(part: str, value: float | None) -> None:
    parts = {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0, part: value}
    with pytest.raises(ValueError, match=f"timeout.{part} must be a finite number"):
        Client(access_token="t", timeout=httpx.Timeout(**parts))
    with pytest.raises(ValueError, match="never unlimited"):
        Client(access_token="t", timeout=math.inf)


@pytest.mark.parametrize(
    "field", ["initial_delay", "max_delay", "max_retry_after", "total_timeout"]
)
def test_a_retry_policy_takes_only_finite_waits(field: str) -> None:
    for value in (math.inf, math.nan, -0.5):
        with pytest.raises(ValueError, match=f"{field} must be a finite number"):
            RetryPolicy(**{field: value})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)


def test_the_async_client_ends_a_trickling_answer_at_the_deadline(faults: FaultServer) -> None:
    async def main(trickle_head: bool) -> float:
        faults.script(Reply(200, USER, trickle=0.05, trickle_head=trickle_head))
        async with AsyncClient(
            base_url=faults.url, access_token=FIXED_TOKEN, timeout=2.0, deadline=0.5
        ) as client:
            started = time.monotonic()
            with pytest.raises(ApiTimeoutError, match="deadline"):
                await AsyncSCIMApi(client).get_scim_v2_user("u1")
            return time.monotonic() - started

    assert asyncio.run(main(trickle_head=False)) < 2.0
    assert asyncio.run(main(trickle_head=True)) < 2.0


# ---- the size cap ------------------------------------------------------------------------------


def test_a_body_declared_larger_than_the_cap_is_not_read(faults: FaultServer) -> None:
    faults.script(Reply(200, stream=_zeros, length=5 * 1024 * MiB))  # "5 GB"
    api = _api(faults)
    with pytest.raises(ResponseError, match=r"declared as 5368709120 bytes.*not read") as caught:
        api.get_scim_v2_user("u1")
    assert caught.value.body == b""
    time.sleep(0.2)
    assert faults.sent and not faults.sent[0].complete
    assert faults.sent[0].body_bytes < 64 * MiB


def test_an_endless_body_stops_at_the_cap_and_the_connection_is_closed(
    faults: FaultServer,
) -> None:
    faults.script(Reply(200, stream=_zeros))  # chunked, no length: it must be read to be known
    api = _api(faults, max_response_bytes=MiB)
    with pytest.raises(ResponseError, match=r"larger than max_response_bytes \(1048576 bytes\)"):
        api.get_scim_v2_user("u1")
    time.sleep(0.2)
    assert faults.sent and not faults.sent[0].complete
    assert faults.sent[0].body_bytes < 32 * MiB  # what the socket buffers took, no more


def test_a_gzip_bomb_stops_at_the_cap_decompressed(faults: FaultServer) -> None:
    bomb = _gzip_bomb(16 * MiB)
    assert len(bomb) < 32 * 1024  # 16 KiB on the wire, 16 MiB inflated
    faults.script(Reply(200, bomb, {"Content-Encoding": "gzip"}))
    api = _api(faults, max_response_bytes=MiB)
    with pytest.raises(ResponseError, match=r"max_response_bytes \(1048576 bytes, decompressed\)"):
        api.get_scim_v2_user("u1")


def test_a_body_at_the_cap_is_read_and_one_byte_more_is_not(faults: FaultServer) -> None:
    body = json.dumps(USER).encode()
    faults.script(Reply(200, gzip.compress(body), {"Content-Encoding": "gzip"}))
    assert _api(faults, max_response_bytes=len(body)).get_scim_v2_user("u1").id == "u1"
    faults.script(Reply(200, body))
    with pytest.raises(ResponseError, match="max_response_bytes"):
        _api(faults, max_response_bytes=len(body) - 1).get_scim_v2_user("u1")


def test_the_token_endpoint_answer_is_capped_too(faults: FaultServer, scim: ScimStack) -> None:
    faults.script(Reply(200, stream=_zeros))
    client = Client.from_client_credentials(
        CLIENT_ID, CLIENT_SECRET, base_url=scim.api_url, login_url=faults.url,
        max_response_bytes=MiB,
    )  # fmt: skip
    with pytest.raises(ResponseError, match="max_response_bytes"):
        SCIMApi(client).get_scim_v2_users()
    assert faults.log.requests[0].raw_path == "/oauth/token"
    assert scim.log.count() == 0


def test_the_async_client_caps_a_gzip_bomb(faults: FaultServer) -> None:
    faults.script(Reply(200, _gzip_bomb(16 * MiB), {"Content-Encoding": "gzip"}))

    async def main() -> None:
        async with AsyncClient(
            base_url=faults.url, access_token=FIXED_TOKEN, max_response_bytes=MiB
        ) as client:
            with pytest.raises(ResponseError, match="decompressed"):
                await AsyncSCIMApi(client).get_scim_v2_user("u1")

    asyncio.run(main())


def test_max_response_bytes_defaults_to_64_mib_and_refuses_nonsense() -> None:
    assert Client(access_token="t").max_response_bytes == 64 * MiB
    for bad in (0, -1, 1.0, math.inf, None):
        with pytest.raises(ValueError, match="max_response_bytes must be a whole number"):
            Client(access_token="t", max_response_bytes=bad)  # type: ignore[arg-type]


# ---- redirects and empty bodies ----------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_on_get_is_an_error_and_is_not_followed(
    faults: FaultServer, target: FaultServer, status: int
) -> None:
    location = target.url + "/api/v2/scim/v2/users/u1"
    faults.script(Reply(status, b"", {"Location": location}))
    with pytest.raises(RedirectError) as caught:
        _api(faults).get_scim_v2_user("u1")
    assert caught.value.status_code == status and caught.value.location == location
    assert f"answered {status}, redirecting to {location}" in str(caught.value)
    assert target.log.count() == 0 and faults.log.count() == 1


def test_a_307_on_post_is_an_error_and_nothing_is_sent_twice(
    faults: FaultServer, target: FaultServer
) -> None:
    faults.script(Reply(307, b"", {"Location": target.url + "/api/v2/scim/v2/users"}))
    with pytest.raises(RedirectError, match="307"):
        _api(faults).post_scim_v2_users(
            ScimV2CreateUser(user_name="a@example.com", display_name="A")
        )
    assert target.log.count() == 0 and faults.log.count("POST") == 1


def test_your_own_client_following_redirects_does_not_follow_them_either(
    faults: FaultServer, target: FaultServer
) -> None:
    faults.script(Reply(302, b"", {"Location": target.url + "/elsewhere"}))
    with httpx.Client(follow_redirects=True) as http, pytest.raises(RedirectError):
        _api(faults, http_client=http).get_scim_v2_user("u1")
    assert target.log.count() == 0


def test_a_redirecting_token_endpoint_is_an_error(
    faults: FaultServer, target: FaultServer, scim: ScimStack
) -> None:
    faults.script(Reply(302, b"", {"Location": target.url + "/oauth/token"}))
    client = Client.from_client_credentials(
        CLIENT_ID, CLIENT_SECRET, base_url=scim.api_url, login_url=faults.url
    )
    with pytest.raises(RedirectError, match="/oauth/token answered 302"):
        SCIMApi(client).get_scim_v2_users()
    assert target.log.count() == 0 and scim.log.count() == 0


@pytest.mark.parametrize("body", [b"", b"  \r\n\t "])
def test_an_empty_body_where_a_resource_is_documented_is_an_error(
    faults: FaultServer, body: bytes
) -> None:
    api = _api(faults)
    faults.script(Reply(200, body))
    with pytest.raises(ResponseError, match="the body is empty, but a ScimV2User is documented"):
        api.get_scim_v2_user("u1")
    faults.script(Reply(201, body))  # a caller must not believe a user was created
    with pytest.raises(ResponseError, match="ScimV2User"):
        api.post_scim_v2_users(ScimV2CreateUser(user_name="a@example.com", display_name="A"))
    with pytest.raises(ResponseError, match="ScimUserListResponse"):
        list(api.iter_scim_v2_users())
    faults.script(Reply(204))  # no content to a GET is no resource either
    with pytest.raises(ResponseError, match="empty"):
        api.get_scim_v2_user("u1")


def test_no_content_where_rfc_7644_allows_it_is_still_fine(faults: FaultServer) -> None:
    api = _api(faults)
    faults.script(Reply(204))
    assert api.delete_scim_v2_group("g1") is None  # type: ignore[func-returns-value]
    api.delete_scim_v2_user("u1")  # returns Empty
    faults.script(Reply(200, b""))  # an operation documented with no body or an empty one
    assert api.delete_scim_v2_group("g1") is None  # type: ignore[func-returns-value]
    faults.script(Reply(204), Reply(200, USER))  # PATCH/PUT: 204, then the resource is read
    assert isinstance(api.put_scim_v2_user("u1", ScimV2User(user_name="a")), ScimV2User)
    assert [r.method for r in faults.log.requests] == ["PUT", "GET"]
