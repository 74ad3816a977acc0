"""The generated client against scim2-server, a SCIM server this project did not write, mounted
where Genesys Cloud serves SCIM (see servers.py). Every request goes over a real socket."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from genesys_cloud_scim import (
    AuthenticationError,
    BadRequestError,
    Client,
    ConflictError,
    NotFoundError,
    NotModified,
    PreconditionFailedError,
    SCIMApi,
    VersionMismatchError,
    capture_responses,
)
from genesys_cloud_scim.filters import attr
from genesys_cloud_scim.models import (
    Empty,
    ScimEmail,
    ScimEmailType,
    ScimGroupAttribute,
    ScimResourceType,
    ScimSchemaId,
    ScimUserAttribute,
    ScimUserExtensions,
    ScimUserRoutingSkill,
    ScimV2CreateUser,
    ScimV2EnterpriseUser,
    ScimV2Group,
    ScimV2MemberReference,
    ScimV2SchemaAttributeType,
    ScimV2User,
)
from genesys_cloud_scim.patch import add, patch_request, remove, replace

from .conftest import ScimStack
from .servers import GENESYS_USER_SCHEMA


@pytest.fixture
def api(scim: ScimStack) -> SCIMApi:
    return SCIMApi(scim.client())


def _create(api: SCIMApi, name: str, **fields: Any) -> ScimV2User:
    return api.post_scim_v2_users(
        ScimV2CreateUser(user_name=f"{name}@example.com", display_name=name.title(), **fields)
    )


def _ids(user: ScimV2User) -> tuple[str, str]:
    assert user.id is not None and user.meta is not None and user.meta.version is not None
    return user.id, user.meta.version


# ---- users ---------------------------------------------------------------------------------


def test_user_lifecycle_create_read_list_patch_replace_delete(
    scim: ScimStack, api: SCIMApi
) -> None:
    user = _create(
        api,
        "ann",
        title="Engineer",
        emails=[ScimEmail(value="ann@example.com", type=ScimEmailType.WORK, primary=True)],
        enterprise_user=ScimV2EnterpriseUser(department="R&D", employee_number="42"),
        genesys_purecloud_user=ScimUserExtensions(
            routing_skills=[ScimUserRoutingSkill(name="Support", proficiency=4.0)]
        ),
    )
    user_id, version = _ids(user)
    assert user.user_name == "ann@example.com"
    assert user.enterprise_user is not None and user.enterprise_user.department == "R&D"
    assert user.genesys_purecloud_user is not None
    assert user.genesys_purecloud_user.routing_skills is not None
    assert user.genesys_purecloud_user.routing_skills[0].name == "Support"
    assert user.emails is not None and user.emails[0].type == "work"

    # The body went as JSON names, only the fields set, with the SCIM media type.
    post = next(r for r in scim.log.requests if r.method == "POST")
    assert post.headers["content-type"] == "application/scim+json"
    assert "application/scim+json" in post.headers["accept"]
    assert "application/json" in post.headers["accept"]
    sent = json.loads(post.body)
    assert sent["userName"] == "ann@example.com"
    assert sent["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] == {
        "department": "R&D",
        "employeeNumber": "42",
    }
    assert GENESYS_USER_SCHEMA in sent
    assert "password" not in sent and "active" not in sent and "id" not in sent

    fetched = api.get_scim_v2_user(user_id)
    assert fetched.id == user_id and fetched.title == "Engineer"

    found = list(api.iter_scim_v2_users(filter=attr("userName").eq("ann@example.com")))
    assert [u.id for u in found] == [user_id]

    patched = api.patch_scim_v2_user(
        user_id, patch_request(replace("displayName", "Ann Lee")), if_match=version
    )
    assert patched.display_name == "Ann Lee"
    assert patched.meta is not None and patched.meta.version != version

    replacement = ScimV2User(user_name="ann@example.com", display_name="Ann L.", title="Lead")
    replaced = api.put_scim_v2_user(user_id, replacement)
    assert (replaced.display_name, replaced.title) == ("Ann L.", "Lead")
    assert replaced.enterprise_user is None  # PUT replaces the whole resource

    deleted = api.delete_scim_v2_user(user_id)
    assert isinstance(deleted, Empty)
    with pytest.raises(NotFoundError) as caught:
        api.get_scim_v2_user(user_id)
    assert caught.value.status_code == 404
    assert caught.value.error is not None and caught.value.error.status == 404


def test_every_request_carries_the_bearer_token_from_the_token_endpoint(
    scim: ScimStack, api: SCIMApi
) -> None:
    _create(api, "bea")
    api.get_scim_v2_users()
    assert scim.tokens.fetches == 1
    assert scim.tokens.forms == ["grant_type=client_credentials"]
    assert scim.log.requests
    assert all(r.headers["authorization"] == "Bearer token-1" for r in scim.log.requests)


def test_a_client_without_a_valid_token_is_refused(scim: ScimStack) -> None:
    api = SCIMApi(Client(base_url=scim.api_url, access_token="not-a-token"))
    with pytest.raises(AuthenticationError) as caught:
        api.get_scim_v2_users()
    assert caught.value.status_code == 401
    assert caught.value.error is not None and caught.value.error.status == 401  # sent as "401"
    assert scim.log.count("GET") == 1  # a fixed token cannot be refreshed: no second try


def test_attributes_and_excluded_attributes_are_comma_joined_and_tolerated(
    scim: ScimStack, api: SCIMApi
) -> None:
    user_id, _ = _ids(_create(api, "cid", title="Chief"))
    scim.log.clear()

    only = api.get_scim_v2_user(
        user_id, attributes=[ScimUserAttribute.USER_NAME, ScimUserAttribute.TITLE]
    )
    # The answer leaves out displayName, which the model of a created user requires.
    assert only.title == "Chief" and only.display_name is None and only.id == user_id
    assert parse_qs(scim.log.requests[-1].query) == {"attributes": ["userName,title"]}

    without = api.get_scim_v2_user(
        user_id,
        excluded_attributes=[ScimUserAttribute.TITLE, "displayName"],  # type: ignore[list-item]
    )
    assert without.title is None and without.display_name is None
    assert without.user_name == "cid@example.com"
    assert parse_qs(scim.log.requests[-1].query) == {"excludedAttributes": ["title,displayName"]}

    listed = api.get_scim_v2_users(
        attributes=[ScimUserAttribute.USER_NAME], filter=attr("userName").eq("cid@example.com")
    )
    assert listed.total_results == 1 and listed.resources is not None
    assert listed.resources[0].title is None


def test_a_value_outside_the_documented_ones_is_refused_before_sending(
    scim: ScimStack, api: SCIMApi
) -> None:
    with pytest.raises(ValueError, match="not one of the documented values"):
        api.get_scim_v2_users(attributes=["nickName"])  # type: ignore[list-item]
    assert scim.log.count() == 0


def test_filter_with_quotes_and_backslashes_finds_exactly_the_user(api: SCIMApi) -> None:
    tricky = 'o"brien\\x'
    user = _create(api, "obrien", title=tricky)
    _create(api, "other", title="o")
    found = list(api.iter_scim_v2_users(filter=attr("title").eq(tricky)))
    assert [u.id for u in found] == [user.id]
    assert found[0].title == tricky


def test_paging_reads_every_user_once_and_stops(scim: ScimStack, api: SCIMApi) -> None:
    created = {_ids(_create(api, f"pager{i}"))[0] for i in range(7)}
    scim.log.clear()
    seen = [u.id for u in api.iter_scim_v2_users(count=3, filter=attr("userName").sw("pager"))]
    assert sorted(seen, key=str) == sorted(created)  # all of them, none twice
    starts = [parse_qs(r.query)["startIndex"][0] for r in scim.log.requests]
    assert starts == ["1", "4", "7"]  # 3 + 3 + 1, then totalResults says it is over


def test_paging_stops_on_an_empty_result(scim: ScimStack, api: SCIMApi) -> None:
    assert list(api.iter_scim_v2_users(filter=attr("userName").eq("nobody@example.com"))) == []
    assert scim.log.count("GET") == 1


def test_paging_goes_on_when_the_server_caps_the_page_size(capped_scim: ScimStack) -> None:
    # This server answers at most 2 items a page, whatever `count` asks: a short page is not the
    # last one while totalResults says there are more.
    api = SCIMApi(capped_scim.client())
    created = {_ids(_create(api, f"capped{i}"))[0] for i in range(5)}
    capped_scim.log.clear()
    page = api.get_scim_v2_users(count=10)
    assert page.total_results == 5 and page.resources is not None and len(page.resources) == 2
    seen = [u.id for u in api.iter_scim_v2_users(count=10)]
    assert sorted(seen, key=str) == sorted(created)
    assert capped_scim.log.count("GET") == 1 + 3  # the single page above, then pages of 2, 2, 1


def test_creating_a_user_name_twice_is_a_conflict(api: SCIMApi) -> None:
    _create(api, "dup")
    with pytest.raises(ConflictError) as caught:
        _create(api, "dup")
    assert caught.value.status_code == 409
    assert caught.value.scim_type == "uniqueness"


def test_an_invalid_filter_is_a_bad_request_with_its_scim_type(api: SCIMApi) -> None:
    with pytest.raises(BadRequestError) as caught:
        api.get_scim_v2_users(filter="userName eq")
    assert caught.value.scim_type == "invalidFilter"
    assert "invalidFilter" in str(caught.value)


# ---- path parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_id", "raw"),
    [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a b?c#d", "a%20b%3Fc%23d"),
        ("%2F", "%252F"),
    ],
)
def test_a_path_parameter_never_changes_the_path(
    scim: ScimStack, api: SCIMApi, user_id: str, raw: str
) -> None:
    with pytest.raises(NotFoundError):
        api.get_scim_v2_user(user_id)
    (seen,) = scim.log.requests
    assert seen.raw_path == "/api/v2/scim/v2/users/" + raw
    assert seen.query == ""


def test_a_header_value_with_a_line_break_is_refused_before_sending(
    scim: ScimStack, api: SCIMApi
) -> None:
    for value in ('"1"\r\nX-Injected: yes', '"1"\nX', '"1"\r'):
        with pytest.raises(ValueError, match="line break"):
            api.get_scim_v2_user("some-id", if_none_match=value)
    with pytest.raises(ValueError, match="line break"):
        SCIMApi(scim.client(headers={"X-Trace": "a\r\nX-Injected: yes"}))
    assert scim.log.count() == 0


# ---- ETags ------------------------------------------------------------------------------------


def test_if_match_with_a_stale_version_fails_with_412_the_rfc_way(api: SCIMApi) -> None:
    user_id, stale = _ids(_create(api, "eve"))
    api.patch_scim_v2_user(user_id, patch_request(replace("title", "One")), if_match=stale)
    with pytest.raises(VersionMismatchError) as caught:
        api.patch_scim_v2_user(user_id, patch_request(replace("title", "Two")), if_match=stale)
    assert caught.value.status_code == 412
    assert isinstance(caught.value, PreconditionFailedError)
    with pytest.raises(PreconditionFailedError):
        api.put_scim_v2_user(user_id, ScimV2User(user_name="eve@example.com"), if_match=stale)
    with pytest.raises(PreconditionFailedError):
        api.delete_scim_v2_user(user_id, if_match=stale)
    assert api.get_scim_v2_user(user_id).title == "One"


def test_if_match_with_a_stale_version_fails_with_400_invalid_vers_the_vendor_way(
    scim: ScimStack, api: SCIMApi
) -> None:
    scim.mount.vendor_style = True
    user_id, stale = _ids(_create(api, "vic"))
    api.patch_scim_v2_user(user_id, patch_request(replace("title", "One")), if_match=stale)
    with pytest.raises(VersionMismatchError) as caught:
        api.patch_scim_v2_user(user_id, patch_request(replace("title", "Two")), if_match=stale)
    assert isinstance(caught.value, BadRequestError)
    assert caught.value.status_code == 400
    assert caught.value.scim_type == "invalidVers"
    assert caught.value.error is not None and caught.value.error.status == 400  # sent as "400"


def test_if_none_match_with_the_current_version_raises_not_modified(api: SCIMApi) -> None:
    user_id, version = _ids(_create(api, "nat"))
    with capture_responses() as captured, pytest.raises(NotModified) as caught:
        api.get_scim_v2_user(user_id, if_none_match=version)
    assert caught.value.etag == version
    assert captured.last.status_code == 304
    api.patch_scim_v2_user(user_id, patch_request(replace("title", "New")))
    assert api.get_scim_v2_user(user_id, if_none_match=version).title == "New"


def test_capture_responses_exposes_status_etag_and_correlation_id(api: SCIMApi) -> None:
    with capture_responses() as captured:
        user = _create(api, "cap")
        fetched = api.get_scim_v2_user(_ids(user)[0])
    create, get = captured.responses
    assert create.status_code == 201 and get.status_code == 200
    assert fetched.meta is not None and get.etag == fetched.meta.version
    assert get.correlation_id is None  # scim2-server sends none; see the fault tests for one
    assert json.loads(get.content)["id"] == fetched.id


# ---- PATCH answered 204 (RFC) or 200 (vendor) ---------------------------------------------------


@pytest.mark.parametrize("vendor_style", [False, True])
def test_patch_returns_the_user_whether_the_server_answers_204_or_200(
    scim: ScimStack, api: SCIMApi, vendor_style: bool
) -> None:
    scim.mount.vendor_style = vendor_style
    user_id, version = _ids(_create(api, "pat"))
    scim.log.clear()
    with capture_responses() as captured:
        user = api.patch_scim_v2_user(
            user_id,
            patch_request(
                replace("displayName", "Pat Q."),
                add("emails", [{"value": "pat@work.example", "type": "work"}]),
            ),
            if_match=version,
        )
    assert user.display_name == "Pat Q."
    assert user.emails is not None and user.emails[0].value == "pat@work.example"
    if vendor_style:
        assert [r.status_code for r in captured.responses] == [200]
    else:  # scim2-server answers 204; the client reads the user back, once
        assert [r.status_code for r in captured.responses] == [204, 200]
        assert [r.method for r in scim.log.requests] == ["PATCH", "GET"]

    removed = api.patch_scim_v2_user(user_id, patch_request(remove(attr("emails"))))
    assert removed.emails is None


def test_patch_without_refetch_returns_what_the_204_gave(scim: ScimStack) -> None:
    api = SCIMApi(scim.client(refetch_after_no_content=False))
    user_id, _ = _ids(_create(api, "raw"))
    user = api.patch_scim_v2_user(user_id, patch_request(replace("title", "X")))
    assert user.id is None  # an empty body, read tolerantly, rather than a second request
    assert scim.log.count("GET", "/users/") == 0


# ---- groups -------------------------------------------------------------------------------------


def test_group_lifecycle_with_members(scim: ScimStack, api: SCIMApi) -> None:
    ann_id, _ = _ids(_create(api, "gann"))
    bob_id, _ = _ids(_create(api, "gbob"))
    group = api.post_scim_v2_groups(
        ScimV2Group(display_name="Engineering", members=[ScimV2MemberReference(value=ann_id)])
    )
    assert group.id is not None and group.meta is not None
    assert [m.value for m in group.members or []] == [ann_id]

    got = api.get_scim_v2_group(group.id, attributes=[ScimGroupAttribute.DISPLAY_NAME])
    assert got.display_name == "Engineering" and got.members is None

    with pytest.raises(NotModified):
        api.get_scim_v2_group(group.id, if_none_match=group.meta.version)

    listed = list(api.iter_scim_v2_groups(attr("displayName").sw("Eng")))
    assert [g.id for g in listed] == [group.id]
    assert api.get_scim_v2_groups(attr("displayName").eq("nothing")).total_results == 0

    patched = api.patch_scim_v2_group(
        group.id, patch_request(add("members", [{"value": bob_id}])), if_match=group.meta.version
    )
    assert sorted(m.value or "" for m in patched.members or []) == sorted([ann_id, bob_id])

    replaced = api.put_scim_v2_group(group.id, ScimV2Group(display_name="Eng", members=[]))
    assert replaced.display_name == "Eng" and not replaced.members

    assert api.delete_scim_v2_group(group.id) is None  # type: ignore[func-returns-value]
    with pytest.raises(NotFoundError):
        api.get_scim_v2_group(group.id)


# ---- discovery -----------------------------------------------------------------------------------


def test_discovery_endpoints(scim: ScimStack, api: SCIMApi) -> None:
    config = api.get_scim_v2_serviceproviderconfig()
    assert config.patch is not None and config.patch.supported is True
    assert config.etag is not None and config.etag.supported is True
    assert config.filter is not None and config.filter.max_results == 1000

    types = api.get_scim_v2_resourcetypes()
    assert {t.id for t in types.resources or []} == {"User", "Group"}
    user_type = api.get_scim_v2_resourcetype(ScimResourceType.USER)
    assert user_type.endpoint == "/Users" and user_type.schema_ == ScimSchemaId.USER
    extensions = {e.schema_ for e in user_type.schema_extensions or []}
    assert extensions == {ScimSchemaId.ENTERPRISE_USER, ScimSchemaId.GENESYS_PURECLOUD_USER}

    schemas = api.get_scim_v2_schemas()
    assert {s.id for s in schemas.resources or []} >= {
        ScimSchemaId.USER,
        ScimSchemaId.GROUP,
        ScimSchemaId.GENESYS_PURECLOUD_USER,
    }
    genesys = api.get_scim_v2_schema(ScimSchemaId.GENESYS_PURECLOUD_USER)
    assert {a.name for a in genesys.attributes or []} == {"routingSkills", "routingLanguages"}
    skills = next(a for a in genesys.attributes or [] if a.name == "routingSkills")
    assert skills.multi_valued is True and skills.type == ScimV2SchemaAttributeType.COMPLEX

    # scim2-server has no resource type or schema for the discovery resources themselves.
    with pytest.raises(NotFoundError):
        api.get_scim_v2_resourcetype(ScimResourceType.SCHEMA)
    with pytest.raises(NotFoundError):
        api.get_scim_v2_schema(ScimSchemaId.SERVICE_PROVIDER_CONFIG)

    paths = {r.raw_path for r in scim.log.requests}
    assert "/api/v2/scim/v2/serviceproviderconfig" in paths
    assert "/api/v2/scim/v2/resourcetypes/User" in paths
    assert (
        "/api/v2/scim/v2/schemas/urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Aextension%3Agenesys"
        "%3Apurecloud%3A2.0%3AUser" in paths
    )


# ---- the older paths without /v2 ------------------------------------------------------------------


def test_v1_paths(scim: ScimStack, api: SCIMApi) -> None:
    user = api.post_scim_users(ScimV2CreateUser(user_name="old@example.com", display_name="Old"))
    user_id, version = _ids(user)
    assert api.get_scim_user(user_id).user_name == "old@example.com"
    assert [u.id for u in api.iter_scim_users(filter=attr("userName").eq("old@example.com"))] == [
        user_id
    ]
    assert api.get_scim_users(count=1).total_results == 1
    with pytest.raises(NotModified):
        api.get_scim_user(user_id, if_none_match=version)
    patched = api.patch_scim_user(user_id, patch_request(replace("title", "T")), if_match=version)
    assert patched.title == "T"
    assert api.put_scim_user(user_id, ScimV2User(user_name="old@example.com")).title is None
    group = api.post_scim_groups(ScimV2Group(display_name="Old group"))
    assert group.id is not None
    assert api.get_scim_group(group.id).display_name == "Old group"
    assert [g.id for g in api.iter_scim_groups(filter=attr("displayName").eq("Old group"))] == [
        group.id
    ]
    assert api.patch_scim_group(
        group.id, patch_request(add("members", [{"value": user_id}]))
    ).members
    assert api.put_scim_group(group.id, ScimV2Group(display_name="Renamed")).display_name == (
        "Renamed"
    )
    assert api.delete_scim_group(group.id) is None  # type: ignore[func-returns-value]
    assert isinstance(api.delete_scim_user(user_id), Empty)
    assert api.get_scim_serviceproviderconfig().etag is not None
    assert len(api.get_scim_resourcetypes().resources or []) == 2
    assert api.get_scim_resourcetype(ScimResourceType.GROUP).id == "Group"
    assert (api.get_scim_schemas().total_results or 0) >= 3
    assert api.get_scim_schema(ScimSchemaId.ENTERPRISE_USER).name == "EnterpriseUser"
    assert all(
        r.raw_path.startswith("/api/v2/scim/") and not r.raw_path.startswith("/api/v2/scim/v2")
        for r in scim.log.requests
    )


# ---- the transport -------------------------------------------------------------------------------


def test_own_http_client_default_headers_and_closing(scim: ScimStack) -> None:
    with httpx.Client() as http:
        client = scim.client(http_client=http, headers={"X-Trace": "abc"})
        with client:
            SCIMApi(client).get_scim_v2_users()
        assert not http.is_closed  # the caller's client stays the caller's
        assert scim.log.requests[-1].headers["x-trace"] == "abc"
        assert scim.log.requests[-1].headers["user-agent"].startswith("genesys-cloud-scim/")

    with scim.client() as owned:
        SCIMApi(owned).get_scim_v2_users()
        http_client = owned._http
    assert http_client.is_closed  # what the client opened, it closes


def test_one_pooled_connection_pool_per_client(scim: ScimStack) -> None:
    client = scim.client()
    api = SCIMApi(client)
    api.get_scim_v2_users()
    http = client._http
    api.with_options(timeout=5.0).get_scim_v2_users()
    assert client._http is http and api.with_options(max_retries=0).client._http is http
    client.close()
