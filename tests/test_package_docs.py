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


def test_examples_compile() -> None:
    for name, section in SECTIONS.items():
        example = section.split("### Example\n\n```python\n", 1)[1].split("```", 1)[0]
        compile(example, f"docs/SCIMApi.md#{name}", "exec")
