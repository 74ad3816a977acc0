"""The package's docs/SCIMApi.md, rendered from the IR, agrees with the vendor's documented page.

Compared method by method: the method table (name, verb, path, summary) and each parameter table
(name, type, optional marker, default, values), after mapping the Python annotations we show to
the page's canonical types (`Sequence[ScimUserAttribute] | None` -> `list[str]` with its values).
"""

from __future__ import annotations

import enum
import html
import re
from pathlib import Path

import pytest
from genesys_cloud_scim import models
from golden.docpage import DocumentedMethod, parse_doc_page
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTED = {
    m.name: m
    for m in parse_doc_page((ROOT / "tests" / "golden" / "SCIMApi.md").read_text(encoding="utf-8"))
}
GENERATED = (ROOT / "generated" / "docs" / "SCIMApi.md").read_text(encoding="utf-8")

TABLE_ROW = re.compile(
    r"^\[\*\*(?P<name>\w+)\*\*\]\(SCIMApi\.md#(?P=name)\) \| \*\*(?P<verb>[A-Z]+)\*\* (?P<path>\S+) \| (?P<summary>.*)$",
    re.MULTILINE,
)
PARAM_ROW = re.compile(
    r"^\*\*(?P<name>\w+)\*\* \| \*\*(?P<type>.+?)\*\* \| (?P<description>.*) \| (?P<notes>.*)$"
)
NOTES = re.compile(
    r"^(?P<optional>\[optional\])?\s*(?:\[default to (?P<default>[^\]]*)\])?\s*"
    r"(?:<br />\*\*Values\*\*: (?P<values>.+))?$"
)


def _sections() -> dict[str, str]:
    parts = re.split(r'^<a name="(\w+)"></a>$', GENERATED, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


SECTIONS = _sections()


def _canonical(annotation: str) -> tuple[str, tuple[str, ...]]:
    """A shown annotation -> (the page's canonical type, enum values)."""
    annotation = html.unescape(annotation).replace("\\|", "|").removesuffix(" | None")
    annotation = re.sub(r"(\w+) \| \1Value\b", r"\1", annotation)  # an enum and its values
    match = re.fullmatch(r"Sequence\[(\w+)\]", annotation)
    if match:
        item, values = _canonical(match.group(1))
        return f"list[{item}]", values
    cls = getattr(models, annotation, None)
    if isinstance(cls, type) and issubclass(cls, enum.Enum):
        return "str", tuple(str(m.value) for m in cls)
    return annotation, ()


def test_method_table_matches_the_documented_one() -> None:
    rows = {m["name"]: m for m in TABLE_ROW.finditer(GENERATED)}
    assert sorted(rows) == sorted(DOCUMENTED)
    for name, documented in DOCUMENTED.items():
        row = rows[name]
        assert (row["verb"], row["path"]) == (documented.http_method, documented.path), name
        assert html.unescape(row["summary"]) == documented.summary, name


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_parameter_table_matches_the_documented_one(name: str) -> None:
    documented: DocumentedMethod = DOCUMENTED[name]
    section = SECTIONS[name]
    rows = [m for line in section.splitlines() if (m := PARAM_ROW.match(line))]
    shown = []
    for row in rows:
        notes = NOTES.match(row["notes"].strip())
        assert notes is not None, row["notes"]
        type_, values = _canonical(row["type"])
        shown_values = (
            tuple(v.strip() for v in notes["values"].split(",")) if notes["values"] else ()
        )
        assert shown_values == values, f"{name}.{row['name']}: values column and type disagree"
        shown.append(
            (row["name"], type_, notes["optional"] is None, notes["default"], shown_values)
        )
    expected = [
        (
            p.name,
            p.type,
            p.required,
            None if p.default is None else str(p.default),
            p.enum_values,
        )
        for p in documented.parameters
    ]
    assert shown == expected
    if not documented.parameters:
        assert "This endpoint does not need any parameter." in section


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_section_states_verb_path_permissions_and_return_type(name: str) -> None:
    documented = DOCUMENTED[name]
    section = SECTIONS[name]
    assert f"Wraps {documented.http_method} {documented.path}\n" in section
    assert f"Requires {documented.permissions.kind} permissions:" in section
    for permission in documented.permissions.names:
        assert f"* {permission}\n" in section
    if documented.return_type == "None":
        assert "None (empty response body)" in section
    else:
        assert f"### Return type\n\n**{documented.return_type}**\n" in section


MODELS_PAGE = (ROOT / "generated" / "docs" / "models.md").read_text(encoding="utf-8")
FIELD_ROW = re.compile(
    r"^\*\*(?P<name>\w+)\*\* \| `(?P<json>[^`]+)` \| \*\*(?P<type>.+?)\*\* \| "
    r"(?P<build>[^|]+) \| (?P<read>may be None|always set) \| (?P<description>.*)$",
    re.MULTILINE,
)


def _models_page_sections() -> dict[str, str]:
    parts = re.split(r'^<a name="([\w-]+)"></a>$', MODELS_PAGE, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _public(kind: type) -> list[type]:
    found = [getattr(models, name) for name in models.__all__]
    return [c for c in found if isinstance(c, type) and issubclass(c, kind)]


def test_the_models_page_documents_every_model_and_field_as_the_package_has_it() -> None:
    # docs/models.md (issue 14, point 4), checked against the generated package itself: every
    # field's JSON name, its annotation as written in models.py, what building requires.
    sections = _models_page_sections()
    documented = _public(BaseModel)
    assert len(documented) >= 30
    for model in documented:
        rows = {m["name"]: m for m in FIELD_ROW.finditer(sections[model.__name__])}
        assert sorted(rows) == sorted(model.model_fields), model.__name__
        for name, info in model.model_fields.items():
            row = rows[name]
            assert row["json"] == (info.validation_alias or name), f"{model.__name__}.{name}"
            annotation = model.__annotations__[name]  # as written: the module's annotations
            assert row["type"].replace("\\|", "|") == annotation, f"{model.__name__}.{name}"
            reads_none = "None" in annotation.split(" | ")
            assert row["read"] == ("may be None" if reads_none else "always set")
    group = {m["name"]: m for m in FIELD_ROW.finditer(sections["ScimV2Group"])}
    assert group["display_name"]["build"].startswith("optional (read-only, yet the API requires")
    assert group["display_name"]["read"] == "may be None"
    create = {m["name"]: m for m in FIELD_ROW.finditer(sections["ScimV2CreateUser"])}
    assert create["user_name"]["build"] == "required"
    assert create["user_name"]["read"] == "always set"  # only ever sent
    skill = {m["name"]: m for m in FIELD_ROW.finditer(sections["ScimUserRoutingSkill"])}
    assert (skill["name"]["build"], skill["name"]["read"]) == ("required", "may be None")


def test_the_models_page_documents_every_enum_with_its_values_and_alias() -> None:
    sections = _models_page_sections()
    enums = _public(enum.Enum)
    assert len(enums) >= 10
    for enum_ in enums:
        section = sections[enum_.__name__]
        assert f"`{enum_.__name__}Value`" in section
        assert hasattr(models, f"{enum_.__name__}Value")
        for member in enum_:
            assert f'`{member.name}` | `"{member.value}"`' in section, member


def test_the_shapes_anchor_models_py_points_to_is_on_the_models_page() -> None:
    source = Path(models.__file__).read_text(encoding="utf-8")
    assert '"Request and response shapes" in docs/models.md' in source
    assert '<a name="request-and-response-shapes"></a>\n\n## Request and response shapes' in (
        MODELS_PAGE
    )
    readme = (ROOT / "generated" / "README.md").read_text(encoding="utf-8")
    for page in (readme, GENERATED):
        assert "models.md)" in page and "client.md)" in page


def test_the_client_page_s_reason_for_the_v2_methods_is_what_the_package_says() -> None:
    # docs/client.md: "Use the v2 methods", because the older schema methods are documented as
    # returning resource types. The annotations say so (or the advice must change).
    from genesys_cloud_scim import SCIMApi

    page = (ROOT / "generated" / "docs" / "client.md").read_text(encoding="utf-8")
    assert "**Use the v2\nmethods.**" in page

    def returns(name: str) -> object:
        return getattr(SCIMApi, name).__annotations__["return"]

    assert returns("get_scim_v2_schema") == "ScimV2SchemaDefinition"
    assert returns("get_scim_v2_schemas") == "ScimV2SchemaListResponse"
    assert returns("get_scim_schema") == "ScimConfigResourceType"
    assert returns("get_scim_schemas") == "ScimConfigResourceTypesListResponse"
    for name in ("ScimV2SchemaDefinition", "ScimConfigResourceType"):
        assert f"`{name}`" in page


def test_the_client_page_s_error_tree_is_the_package_s() -> None:
    # Each line of the tree in docs/client.md names a class, and its status: the class is
    # exported, a subclass of the one it hangs from, and raised for that status.
    import genesys_cloud_scim
    from genesys_cloud_scim import _exceptions

    page = (ROOT / "generated" / "docs" / "client.md").read_text(encoding="utf-8")
    tree = page.split("```text\nScimClientError\n", 1)[1].split("```", 1)[0]
    parents: list[type] = [genesys_cloud_scim.ScimClientError]
    shown = set()
    for line in tree.splitlines():
        match = re.match(r"^(?P<indent>[│ ]*)[├└]── (?P<name>\w+)\s+(?P<status>\d{3})?", line)
        assert match, line
        depth = len(match["indent"]) // 4
        cls = getattr(genesys_cloud_scim, match["name"])
        assert issubclass(cls, parents[depth]), line
        del parents[depth + 1 :]
        parents.append(cls)
        shown.add(match["name"])
        if depth == 1 and match["status"] and cls.__name__ != "PreconditionFailedError":
            assert _exceptions._BY_STATUS[int(match["status"])] is cls, line
    exported = {
        name
        for name in genesys_cloud_scim.__all__
        if isinstance(getattr(genesys_cloud_scim, name), type)
        and issubclass(getattr(genesys_cloud_scim, name), genesys_cloud_scim.ScimClientError)
    }
    assert exported - {"ScimClientError"} == shown
