"""genesys_cloud_scim.patch: PatchOp bodies as RFC 7644 section 3.5.2 spells them."""

from __future__ import annotations

import json

import pytest
from genesys_cloud_scim.filters import attr
from genesys_cloud_scim.models import ScimV2PatchOperationOp, ScimV2PatchRequest
from genesys_cloud_scim.patch import PATCH_SCHEMA, add, patch_request, remove, replace


def test_a_request_in_order_with_json_names_and_nothing_unset() -> None:
    body = patch_request(
        replace("displayName", "Ann Lee"),
        add("phoneNumbers", [{"value": "+353 1 555 0100", "type": "work"}]),
        remove(attr("emails").where(attr("type").eq("other"))),
        add(None, {"title": "Lead"}),
    )
    assert isinstance(body, ScimV2PatchRequest)
    assert json.loads(body.to_json()) == {
        "schemas": [PATCH_SCHEMA],
        "Operations": [
            {"op": "replace", "path": "displayName", "value": "Ann Lee"},
            {"op": "add", "path": "phoneNumbers",
             "value": [{"value": "+353 1 555 0100", "type": "work"}]},
            {"op": "remove", "path": 'emails[type eq "other"]'},
            {"op": "add", "value": {"title": "Lead"}},
        ],
    }  # fmt: skip


def test_op_values_are_the_rfc_lower_case_ones() -> None:
    assert add("a", 1).op is ScimV2PatchOperationOp.ADD and add("a", 1).op == "add"
    assert replace("a", 1).op == "replace" and remove("a").op == "remove"


def test_values_are_sent_as_given_including_null_and_false() -> None:
    body = patch_request(replace("active", False), replace("title", None), add("x", 0))
    operations = json.loads(body.to_json())["Operations"]
    assert [o["value"] for o in operations] == [False, None, 0]


@pytest.mark.parametrize(
    "path",
    [
        "title",
        "name.givenName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        'emails[type eq "work"]',
        'emails[type eq "work" and value ew "@example.com"].value',
        'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
        'emails[not (type eq "work")]',
        'emails[(type eq "work" or type eq "home") and primary eq true].value',
        'emails[type EQ "wo]rk" AND primary Eq TRUE]',
        "x[a pr or b ne null and c ge -1.5e3]",
    ],
)
def test_valid_paths(path: str) -> None:
    assert remove(path).path == path
    assert replace(path, "v").path == path


@pytest.mark.parametrize(
    "path",
    [
        "",
        "   ",
        "display name",
        "title\r\nX-Injected: 1",
        "title\n",
        'emails[type eq "work"',
        'emails type eq "work"]',
        '[type eq "work"]',
        'emails[type eq "work"].',
        'emails[type eq "work"].value.more',
        "1title",
        "name..givenName",
    ],
)
def test_invalid_paths_are_refused(path: str) -> None:
    with pytest.raises(ValueError):
        remove(path)
    with pytest.raises(ValueError):
        add(path, "v")


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ('emails[type eq "work"]]', "not ']'"),
        ('emails[value eq "x"] or x[y]', "not ' or x[y]'"),
        ('emails[type eq "work"] x', "not ' x'"),
        ("emails[type eq]", "expected a string, number, true, false or null at character 15"),
        ("emails[]", "expected an attribute, 'not' or '(' at character 8"),
        ('emails[type xx "a"]', "expected pr or an operator"),
        ('emails[not type eq "a"]', "expected '(', found 'type'"),
        ('emails[type eq "a" and]', "expected an attribute"),
        ("emails[a eq 1 b eq 2]", "expected ']', found 'b' at character 15"),
        ("emails[a[b eq 1]]", "unexpected '['"),
        ("emails[a eq 1e5x]", "unexpected '1'"),
        ("emails[a eq 01]", "unexpected '0'"),
        ("emails[a eq work]", "expected a string, number, true, false or null"),
        ('emails[(a eq "x"]', "expected ')', found ']'"),
        ('emails[a eq "x"', "expected ']', found the end"),
        ('emails[a eq "unterminated]', "unexpected '\"'"),
    ],
)
def test_value_filters_that_are_not_filters_are_refused(path: str, says: str) -> None:
    with pytest.raises(ValueError, match="is not a PATCH path") as caught:
        remove(path)
    assert says in str(caught.value)


def test_paths_from_the_filter_builder() -> None:
    assert replace(attr("name.givenName"), "Ann").path == "name.givenName"
    where = attr("emails").where(attr("type").eq('we"ird') | attr("primary").eq(True))
    assert remove(where).path == r'emails[type eq "we\"ird" or primary eq true]'


def test_add_or_replace_without_a_path_needs_an_object() -> None:
    assert replace(None, {"displayName": "X"}).path is None
    with pytest.raises(ValueError, match="object value"):
        replace(None, "X")
    with pytest.raises(ValueError, match="object value"):
        add(None, ["X"])


def test_remove_needs_a_path() -> None:
    with pytest.raises(ValueError, match="needs a path"):
        remove(None)  # type: ignore[arg-type]


def test_a_request_needs_an_operation() -> None:
    with pytest.raises(ValueError, match="at least one"):
        patch_request()
