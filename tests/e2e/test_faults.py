"""Retries, timeouts, error mapping and tolerant reading, against a scripted loopback server that
answers what real servers sometimes do: 429, 503, a dropped connection, a slow answer, broken JSON.
Each test asserts how many requests the server actually saw."""

from __future__ import annotations

import email.utils
import json
import time

import pydantic
import pytest
from genesys_cloud_scim import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    Client,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    PreconditionFailedError,
    RateLimitError,
    ResponseError,
    RetryPolicy,
    SCIMApi,
    ServerError,
    VersionMismatchError,
    capture_responses,
)
from genesys_cloud_scim.models import (
    ScimEmailType,
    ScimUserRoutingSkill,
    ScimV2CreateUser,
    ScimV2Group,
    ScimV2User,
)
from genesys_cloud_scim.patch import patch_request, replace

from .conftest import FAST_RETRIES
from .servers import FaultServer, Reply

USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "id": "u1",
    "userName": "ann@example.com",
    "displayName": "Ann",
    "meta": {"version": 'W/"3"', "resourceType": "User"},
}


def scim_error(status: int, scim_type: str | None = None, detail: str = "went wrong") -> Reply:
    body: dict[str, object] = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": str(status),  # Genesys Cloud sends it as a string
        "detail": detail,
    }
    if scim_type:
        body["scimType"] = scim_type
    return Reply(status, body, {"ININ-Correlation-Id": f"corr-{status}"})


@pytest.fixture
def api(fault_client: Client) -> SCIMApi:
    return SCIMApi(fault_client)


# ---- retries -----------------------------------------------------------------------------------


def test_503_then_success_is_retried_for_a_get(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(scim_error(503), Reply(200, USER))
    with capture_responses() as captured:
        assert api.get_scim_v2_user("u1").user_name == "ann@example.com"
    assert faults.log.count("GET") == 2
    assert captured.last.retries == 1


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried_for_put_and_delete(
    faults: FaultServer, api: SCIMApi, status: int
) -> None:
    faults.script(scim_error(status), Reply(200, USER))
    api.put_scim_v2_user("u1", ScimV2User(user_name="ann@example.com"))
    faults.script(scim_error(status), Reply(204))
    api.delete_scim_v2_group("g1")
    assert faults.log.count("DELETE") == 2


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_post_answered_with_a_server_error_is_never_retried(
    faults: FaultServer, api: SCIMApi, status: int
) -> None:
    faults.script(scim_error(status), Reply(201, USER))
    with pytest.raises(ServerError) as caught:
        api.post_scim_v2_users(ScimV2CreateUser(user_name="a@example.com", display_name="A"))
    assert caught.value.status_code == status
    assert faults.log.count("POST") == 1  # it may have been created: never twice


def test_a_patch_answered_503_is_not_retried(faults: FaultServer, api: SCIMApi) -> None:
    from genesys_cloud_scim.patch import patch_request, replace

    faults.script(scim_error(503), Reply(200, USER))
    with pytest.raises(ServerError):
        api.patch_scim_v2_user("u1", patch_request(replace("title", "x")))
    assert faults.log.count("PATCH") == 1


def test_server_errors_give_up_after_the_retries_allowed(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(scim_error(503))
    with pytest.raises(ServerError) as caught:
        api.get_scim_v2_users()
    assert faults.log.count("GET") == 1 + FAST_RETRIES.max_retries
    assert caught.value.correlation_id == "corr-503"


def test_max_retries_zero_turns_retrying_off(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(scim_error(503), Reply(200, USER))
    with pytest.raises(ServerError):
        api.with_options(max_retries=0).get_scim_v2_user("u1")
    assert faults.log.count() == 1
    faults.script(Reply(429, {"detail": "slow down"}, {"Retry-After": "0"}), Reply(200, USER))
    with pytest.raises(RateLimitError):
        api.with_options(max_retries=0).get_scim_v2_user("u1")
    assert faults.log.count() == 1


def test_429_honours_retry_after_in_seconds(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(Reply(429, {"detail": "slow down"}, {"Retry-After": "1"}), Reply(200, USER))
    started = time.monotonic()
    api.get_scim_v2_user("u1")
    waited = time.monotonic() - started
    assert 0.95 <= waited < 3.0  # the policy alone would have waited at most 0.05 s
    assert faults.log.count() == 2


def test_429_honours_retry_after_as_an_http_date(faults: FaultServer, api: SCIMApi) -> None:
    past = email.utils.formatdate(time.time() - 5, usegmt=True)
    faults.script(Reply(429, b"", {"Retry-After": past}), Reply(200, USER))
    started = time.monotonic()
    api.get_scim_v2_user("u1")
    assert time.monotonic() - started < 0.5
    assert faults.log.count() == 2


def test_a_retry_after_beyond_the_cap_gives_up_at_once(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(Reply(429, {"detail": "come back tomorrow"}, {"Retry-After": "86400"}))
    started = time.monotonic()
    with pytest.raises(RateLimitError) as caught:
        api.get_scim_v2_user("u1")
    assert time.monotonic() - started < 0.5
    assert caught.value.headers["Retry-After"] == "86400"
    assert faults.log.count() == 1


def test_a_post_refused_with_429_is_retried(faults: FaultServer, api: SCIMApi) -> None:
    # 429 means the server did not process the request, so sending it again cannot duplicate it.
    faults.script(Reply(429, b"", {"Retry-After": "0"}), Reply(201, USER))
    api.post_scim_v2_users(ScimV2CreateUser(user_name="a@example.com", display_name="A"))
    assert faults.log.count("POST") == 2


def test_retries_stop_at_the_total_time_bound(faults: FaultServer) -> None:
    faults.script(scim_error(503))
    policy = RetryPolicy(max_retries=50, initial_delay=0.05, max_delay=0.05, total_timeout=0.3)
    api = SCIMApi(Client(base_url=faults.url, access_token="t", max_retries=policy))
    started = time.monotonic()
    with pytest.raises(ServerError):
        api.get_scim_v2_users()
    assert time.monotonic() - started < 1.0
    assert 2 <= faults.log.count() <= 12


def test_a_dropped_connection_is_retried_for_a_get(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(Reply(drop=True), Reply(200, USER))
    assert api.get_scim_v2_user("u1").id == "u1"
    assert faults.log.count("GET") == 2


def test_a_post_whose_connection_dropped_is_not_sent_again(
    faults: FaultServer, api: SCIMApi
) -> None:
    faults.script(Reply(drop=True), Reply(201, USER))
    with pytest.raises(ApiConnectionError) as caught:
        api.post_scim_v2_users(ScimV2CreateUser(user_name="a@example.com", display_name="A"))
    assert not isinstance(caught.value, ApiTimeoutError)
    assert faults.log.count("POST") == 1


def test_connection_refused_is_an_api_connection_error(faults: FaultServer) -> None:
    url = faults.url
    faults.stop()
    api = SCIMApi(Client(base_url=url, access_token="t", max_retries=FAST_RETRIES))
    with pytest.raises(ApiConnectionError, match="ConnectError"):
        api.get_scim_v2_users()


# ---- timeouts ----------------------------------------------------------------------------------


def test_a_slow_answer_times_out_with_the_client_timeout(faults: FaultServer) -> None:
    faults.script(Reply(200, USER, delay=1.0))
    api = SCIMApi(Client(base_url=faults.url, access_token="t", timeout=0.2, max_retries=0))
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError, match="timed out"):
        api.get_scim_v2_user("u1")
    assert time.monotonic() - started < 0.8
    assert faults.log.count() == 1


def test_a_per_call_timeout_applies_to_that_call_only(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(Reply(200, USER, delay=0.5))
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        api.with_options(timeout=0.1, max_retries=0).get_scim_v2_user("u1")
    assert time.monotonic() - started < 0.45
    assert api.get_scim_v2_user("u1").id == "u1"  # the client's own 2 s timeout is unchanged
    assert api.client.timeout.read == 2.0


def test_a_longer_per_call_timeout_overrides_a_short_client_timeout(faults: FaultServer) -> None:
    faults.script(Reply(200, USER, delay=0.3))
    api = SCIMApi(Client(base_url=faults.url, access_token="t", timeout=0.1, max_retries=0))
    assert api.with_options(timeout=2.0).get_scim_v2_user("u1").id == "u1"


def test_a_timed_out_get_is_retried(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(Reply(200, USER, delay=0.5), Reply(200, USER))
    assert api.with_options(timeout=0.1).get_scim_v2_user("u1").id == "u1"
    assert faults.log.count() == 2


def test_timeouts_are_never_unlimited() -> None:
    import httpx

    client = Client(access_token="t")
    assert client.timeout.read == 30.0 and client.timeout.connect == 10.0
    with pytest.raises(ValueError, match="finite"):
        Client(access_token="t", timeout=httpx.Timeout(None))
    with pytest.raises(ValueError, match="finite"):
        SCIMApi(client).with_options(timeout=httpx.Timeout(5.0, read=None))
    # A caller's httpx client without timeouts does not make ours unlimited.
    with httpx.Client(timeout=None) as http:
        assert Client(access_token="t", http_client=http).timeout.read == 30.0


# ---- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_class", "scim_type"),
    [
        (400, BadRequestError, "invalidValue"),
        (400, VersionMismatchError, "invalidVers"),
        (401, AuthenticationError, None),
        (403, PermissionDeniedError, None),
        (404, NotFoundError, None),
        (409, ConflictError, "uniqueness"),
        (412, VersionMismatchError, None),
        (429, RateLimitError, None),
        (500, ServerError, None),
        (501, ServerError, None),
        (503, ServerError, None),
        (418, ApiError, None),
    ],
)
def test_an_error_status_raises_its_typed_error_with_everything_the_server_said(
    faults: FaultServer,
    api: SCIMApi,
    status: int,
    error_class: type[ApiError],
    scim_type: str | None,
) -> None:
    reply = scim_error(status, scim_type, detail=f"detail of {status}")
    faults.script(reply)
    with pytest.raises(ApiError) as caught:
        api.with_options(max_retries=0).get_scim_v2_user("u1")
    error = caught.value
    assert type(error) is error_class
    assert error.status_code == status
    assert error.body == reply.content()
    assert error.headers["ININ-Correlation-Id"] == f"corr-{status}"
    assert error.correlation_id == f"corr-{status}"
    assert error.error is not None and error.error.status == status  # "400" -> 400
    assert error.scim_type == scim_type and error.detail == f"detail of {status}"
    assert f"detail of {status}" in str(error) and f"corr-{status}" in str(error)
    assert error.method == "GET" and error.url.endswith("/api/v2/scim/v2/users/u1")


@pytest.mark.parametrize(
    ("status", "scim_type", "stale"),
    [
        (412, None, True),
        (400, "invalidVers", True),
        (400, "invalidValue", False),
        (400, None, False),
        (409, "invalidVers", False),
    ],
)
def test_version_mismatch_error_catches_exactly_a_stale_version(
    faults: FaultServer, api: SCIMApi, status: int, scim_type: str | None, stale: bool
) -> None:
    faults.script(scim_error(status, scim_type, detail="version"))
    with pytest.raises(ApiError) as caught:
        api.with_options(max_retries=0).patch_scim_v2_user(
            "u1", patch_request(replace("title", "x")), if_match='"1"'
        )
    assert isinstance(caught.value, VersionMismatchError) is stale
    if stale:
        # Code written against either parent keeps catching it.
        assert isinstance(caught.value, PreconditionFailedError)
        assert isinstance(caught.value, BadRequestError)


def test_a_non_json_error_body_is_kept_and_said_so(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(Reply(500, "<html>Bad gateway</html>", {"Content-Type": "text/html"}))
    with pytest.raises(ServerError) as caught:
        api.with_options(max_retries=0).get_scim_v2_users()
    assert caught.value.error is None
    assert caught.value.body == b"<html>Bad gateway</html>"
    assert "not a SCIM error" in str(caught.value)


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"id": "u1", "userName": ', "not valid JSON"),
        (b"<html>maintenance</html>", "not valid JSON"),
        (b"[1, 2, 3]", "not a ScimV2User"),
        (b'{"id": {"nested": true}}', "id"),
        (b'{"emails": "ann@example.com"}', "emails"),
    ],
)
def test_a_body_that_is_not_json_or_not_the_documented_shape_is_a_response_error(
    faults: FaultServer, api: SCIMApi, body: bytes, says: str
) -> None:
    faults.script(Reply(200, body))
    with pytest.raises(ResponseError) as caught:
        api.get_scim_v2_user("u1")
    assert says in str(caught.value)
    assert "GET" in str(caught.value) and "/users/u1" in str(caught.value)
    assert caught.value.body == body and caught.value.status_code == 200
    assert not isinstance(caught.value, pydantic.ValidationError)
    assert caught.value.__cause__ is None  # no pydantic traceback chained to it


def test_a_list_of_the_wrong_shape_is_a_response_error(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(Reply(200, {"totalResults": 1, "Resources": {"id": "u1"}}))
    with pytest.raises(ResponseError, match="Resources"):
        list(api.iter_scim_v2_users())


# ---- forward compatibility -----------------------------------------------------------------------


def test_unknown_enum_values_extra_fields_nulls_and_missing_fields_are_tolerated(
    faults: FaultServer, api: SCIMApi
) -> None:
    faults.script(
        Reply(
            200,
            {
                "id": "u1",
                # userName and displayName left out, as an attributes= answer does
                "active": None,
                "title": None,
                "emails": [
                    {"value": "a@example.com", "type": "pager"},
                    {"value": "b@example.com", "type": "WORK"},
                    None,
                ],
                "phoneNumbers": None,
                "groups": [{"value": "g1", "type": "Team"}],
                "meta": {"version": 'W/"1"', "resourceType": "Robot", "created": "2024-01-01"},
                "nickName": "annie",
                "urn:example:extension:1.0:User": {"badge": 7},
            },
            {"Content-Type": "application/json"},
        )
    )
    user = api.get_scim_v2_user("u1")
    assert user.user_name is None and user.display_name is None and user.active is None
    assert user.emails is not None
    assert user.emails[0].type == "pager" and not isinstance(user.emails[0].type, ScimEmailType)
    assert user.emails[1].type is ScimEmailType.WORK
    assert user.emails[2] is None
    assert user.groups is not None and user.groups[0].type == "Team"
    assert user.meta is not None and user.meta.resource_type == "Robot"
    assert user.model_extra is not None and user.model_extra["nickName"] == "annie"
    assert user.model_extra["urn:example:extension:1.0:User"] == {"badge": 7}
    assert user.meta.model_extra == {"created": "2024-01-01"}


def test_required_fields_missing_from_a_response_read_as_none(
    faults: FaultServer, api: SCIMApi
) -> None:
    faults.script(Reply(200, {"id": "g1", "members": [{"value": "u1"}]}))
    group = api.get_scim_v2_group("g1", attributes=["members"])  # type: ignore[list-item]
    assert group.display_name is None  # required in ScimV2Group, left out by attributes=
    assert group.members is not None and group.members[0].value == "u1"
    faults.script(Reply(200, {"authenticationSchemes": [{"type": "oauth2", "primary": None}]}))
    config = api.get_scim_v2_serviceproviderconfig()
    assert config.authentication_schemes is not None
    scheme = config.authentication_schemes[0]
    assert scheme is not None and scheme.name is None and scheme.type == "oauth2"


def test_requests_stay_strict() -> None:
    # Required to build: in the schema's `required` and not readOnly (normalize/shapes.py).
    with pytest.raises(pydantic.ValidationError):
        ScimV2CreateUser(display_name="A")  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        ScimUserRoutingSkill(proficiency=1.0)  # type: ignore[call-arg]
    # ScimV2Group.displayName is required *and* readOnly in the spec: required in responses
    # only (OpenAPI), and responses may leave out anything, so building one does not need it.
    assert ScimV2Group().to_dict() == {}
    with pytest.raises(pydantic.ValidationError):
        ScimV2CreateUser(user_name="a@example.com", display_name="A", emails=[{"type": "pager"}])  # type: ignore[list-item]


# ---- responses ---------------------------------------------------------------------------------


def test_none_is_returned_for_an_operation_documented_without_content(
    faults: FaultServer, api: SCIMApi
) -> None:
    faults.script(Reply(204))
    assert api.delete_scim_v2_group("g1") is None  # type: ignore[func-returns-value]
    faults.script(Reply(200, {"unexpected": "body"}))
    assert api.delete_scim_v2_group("g1") is None  # type: ignore[func-returns-value]


def test_capture_responses_gives_the_correlation_id(faults: FaultServer, api: SCIMApi) -> None:
    faults.script(Reply(200, USER, {"ETag": 'W/"3"', "ININ-Correlation-Id": "abc-123"}))
    with capture_responses() as captured:
        api.get_scim_v2_user("u1")
    raw = captured.last
    assert (raw.status_code, raw.etag, raw.correlation_id) == (200, 'W/"3"', "abc-123")
    assert json.loads(raw.content) == USER
    assert raw.method == "GET" and raw.url.endswith("/users/u1")


def _user(n: int) -> dict[str, object]:
    return {**USER, "id": f"u{n}", "userName": f"user{n}@example.com"}


def test_paging_stops_on_a_short_page_when_the_server_gives_no_total(
    faults: FaultServer, api: SCIMApi
) -> None:
    page = {"Resources": [_user(1), _user(2)], "startIndex": 1}
    faults.script(Reply(200, page), Reply(200, {"Resources": [_user(3)]}))
    assert len(list(api.iter_scim_v2_users(count=2))) == 3
    assert faults.log.count() == 2


def test_paging_stops_on_an_empty_page_even_if_the_total_says_more(
    faults: FaultServer, api: SCIMApi
) -> None:
    faults.script(
        Reply(200, {"totalResults": 10, "Resources": [_user(1), _user(2)]}),
        Reply(200, {"totalResults": 10, "Resources": []}),
        Reply(200, {"totalResults": 10, "Resources": [_user(3)]}),
    )
    assert len(list(api.iter_scim_v2_users(count=2))) == 2
    assert faults.log.count() == 2
    faults.script(Reply(200, {"totalResults": 10}), Reply(200, {"Resources": [_user(1)]}))
    assert list(api.iter_scim_v2_users(count=2)) == []
    assert faults.log.count() == 1
