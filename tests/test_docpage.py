"""Unit tests for the SCIMApi doc-page parser (``tests/golden/docpage.py``).

They pin known facts of the committed vendor page and check that the parser
fails loudly, naming the method, on pages it cannot fully understand.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from golden.docpage import (
    DocPageError,
    DocumentedMethod,
    canonical_type,
    parse_doc_page,
)

DOC_PAGE = Path(__file__).parent / "golden" / "SCIMApi.md"
PATCH_METHODS = {
    "patch_scim_group": "group_id",
    "patch_scim_v2_group": "group_id",
    "patch_scim_user": "user_id",
    "patch_scim_v2_user": "user_id",
}


@pytest.fixture(scope="module")
def page() -> str:
    return DOC_PAGE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def methods(page: str) -> dict[str, DocumentedMethod]:
    return {method.name: method for method in parse_doc_page(page)}


def test_finds_all_34_methods(methods: dict[str, DocumentedMethod]) -> None:
    assert len(methods) == 34
    assert {name.split("_")[0] for name in methods} == {"delete", "get", "patch", "post", "put"}


def test_v2_groups_filter_is_positional_but_v1_filter_is_optional_and_last(
    methods: dict[str, DocumentedMethod],
) -> None:
    v2, v1 = methods["get_scim_v2_groups"], methods["get_scim_groups"]
    assert v2.positional == ("filter",)
    assert v2.parameter("filter").required
    assert "filter" not in v2.optional
    assert v1.positional == ()
    assert v1.optional[-1] == "filter"
    assert not v1.parameter("filter").required


def test_paging_defaults(methods: dict[str, DocumentedMethod]) -> None:
    paged = [m for m in methods.values() if "start_index" in m.optional]
    assert {m.name for m in paged} == {
        "get_scim_groups",
        "get_scim_users",
        "get_scim_v2_groups",
        "get_scim_v2_users",
    }
    for method in paged:
        assert method.parameter("start_index").default == 1
        assert method.parameter("count").default == 25
        assert method.parameter("count").type == "int"


def test_return_types(methods: dict[str, DocumentedMethod]) -> None:
    assert methods["delete_scim_group"].return_type == "None"
    assert methods["delete_scim_user"].return_type == "Empty"
    assert methods["get_scim_schema"].return_type == "ScimConfigResourceType"
    assert methods["get_scim_v2_schema"].return_type == "ScimV2SchemaDefinition"


def test_attribute_enum_values(methods: dict[str, DocumentedMethod]) -> None:
    user = methods["get_scim_v2_users"].parameter("attributes")
    group = methods["get_scim_v2_groups"].parameter("excluded_attributes")
    assert user.type == group.type == "list[str]"
    assert len(user.enum_values) == 29
    assert len(group.enum_values) == 8
    assert user.enum_values[:3] == ("id", "userName", "displayName")
    assert user.default is None and not user.required


def test_path_parameter_enum_values(methods: dict[str, DocumentedMethod]) -> None:
    resource_type = methods["get_scim_v2_resourcetype"].parameter("resource_type")
    schema_id = methods["get_scim_schema"].parameter("schema_id")
    assert resource_type.enum_values == (
        "User",
        "Group",
        "ServiceProviderConfig",
        "ResourceType",
        "Schema",
    )
    assert len(schema_id.enum_values) == 7
    assert resource_type.required and schema_id.required


def test_patch_methods_take_id_and_body(methods: dict[str, DocumentedMethod]) -> None:
    for name, id_name in PATCH_METHODS.items():
        method = methods[name]
        assert method.positional == (id_name, "body"), name
        assert method.parameter("body").type == "ScimV2PatchRequest"
        assert method.optional == ("if_match",)
        assert method.http_method == "PATCH"


def test_method_without_parameters(methods: dict[str, DocumentedMethod]) -> None:
    method = methods["get_scim_resourcetypes"]
    assert method.parameters == ()
    assert method.positional == method.optional == ()
    assert method.permissions.kind == "NO"
    assert method.permissions.names == ()


def test_wraps_permissions_and_headers(methods: dict[str, DocumentedMethod]) -> None:
    method = methods["delete_scim_group"]
    assert (method.http_method, method.path) == ("DELETE", "/api/v2/scim/groups/{groupId}")
    assert method.permissions.kind == "ANY"
    assert method.permissions.names == ("directory:group:edit",)
    assert method.content_types == ("application/json", "application/scim+json")
    assert method.accept_types == ("application/json", "application/scim+json")
    assert len(methods["put_scim_v2_user"].permissions.names) == 6


def test_text_is_unescaped(methods: dict[str, DocumentedMethod]) -> None:
    assert methods["get_scim_serviceproviderconfig"].summary == (
        "Get a service provider's configuration"
    )
    if_match = methods["delete_scim_group"].parameter("if_match").description
    assert 'Example: "42".' in if_match
    assert "&" not in if_match and "\\" not in if_match
    assert methods["get_scim_users"].description.startswith(
        "To return all active users, do not use a filter parameter. "
        'To return inactive users, set "filter" to "active eq false".'
    )
    assert methods["get_scim_user"].description == ""


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("**String**", "str"),
        ("**Integer**", "int"),
        ("**Boolean**", "bool"),
        ("[**Array&lt;String&gt;**](String.html)", "list[str]"),
        ("[**Array&lt;ScimV2User&gt;**](ScimV2User.html)", "list[ScimV2User]"),
        ("[**ScimV2PatchRequest**](ScimV2PatchRequest.html)", "ScimV2PatchRequest"),
    ],
)
def test_canonical_type(markup: str, expected: str) -> None:
    assert canonical_type(markup) == expected


@pytest.mark.parametrize(
    "markup",
    [
        "**Object**",
        "[**ScimV2User**](ScimV2Group.html)",
        "**Hash&lt;String, String&gt;**",
        "String",
    ],
)
def test_canonical_type_rejects_unknown_markup(markup: str) -> None:
    with pytest.raises(DocPageError):
        canonical_type(markup)


def _section_span(page: str, name: str) -> tuple[int, int]:
    start = page.index(f'<a name="{name}"></a>')
    following = page.find('<a name="', start + 1)
    return start, len(page) if following < 0 else following


def _mutate_section(page: str, name: str, old: str, new: str) -> str:
    start, end = _section_span(page, name)
    section = page[start:end]
    assert old in section, f"{old!r} not in section {name}"
    return page[:start] + section.replace(old, new, 1) + page[end:]


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("get_scim_groups", "[optional] [default to 1]", "[optional] [default to one]"),
        ("get_scim_user", "| [optional]  |", "| [maybe]  |"),
        ("patch_scim_user", "[**ScimV2PatchRequest**](ScimV2PatchRequest.html)", "**Object**"),
        ("get_scim_v2_groups", "get_scim_v2_groups(filter, opts)", "get_scim_v2_groups(opts)"),
        ("delete_scim_user", "[**Empty**](Empty.html)\n", "nil (empty response body)\n"),
        ("post_scim_users", "Wraps POST", "Wraps FETCH"),
        ("get_scim_schemas", "Requires NO permissions:", "Requires NO permissions:\n\n* a:b:c"),
        ("get_scim_v2_users", "  count: 25, #", "  size: 25, #"),
        ("put_scim_group", " - **Accept**:", " - **Accepts**:"),
    ],
)
def test_unparseable_section_names_the_method(page: str, name: str, old: str, new: str) -> None:
    with pytest.raises(DocPageError, match=re.escape(f"method {name!r}")):
        parse_doc_page(_mutate_section(page, name, old, new))


def test_section_missing_from_page_is_reported(page: str) -> None:
    start, end = _section_span(page, "get_scim_schema")
    with pytest.raises(DocPageError, match=r"missing \['get_scim_schema'\]"):
        parse_doc_page(page[:start] + page[end:])


def test_section_missing_from_table_is_reported(page: str) -> None:
    row = "[**put_scim_user**](SCIMApi.html#put_scim_user) | Replace a user\n"
    with pytest.raises(DocPageError, match=r"unlisted \['put_scim_user'\]"):
        parse_doc_page(page.replace(row, "", 1))


def test_summary_must_match_table(page: str) -> None:
    changed = _mutate_section(page, "get_scim_group", "\nGet a group\n", "\nFetch a group\n")
    with pytest.raises(DocPageError, match="get_scim_group: summary"):
        parse_doc_page(changed)
