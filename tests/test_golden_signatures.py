"""Golden signature tests: the generated SCIMApi must match the vendor's doc page.

* The committed ``golden/signatures.txt`` must be exactly what the parser
  renders from the committed ``golden/SCIMApi.md`` (so the golden provably
  comes from the page; regenerate with ``python tests/golden/update_signatures.py``).
* The generated ``genesys_cloud_scim`` package, introspected, must render to
  the same text; a mismatch fails with a unified diff (documented -> generated).

The remaining tests exercise the introspecting renderer on small fake
packages written to a temporary directory.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from golden.docpage import DocumentedMethod, parse_doc_page
from golden.signatures import SignatureError, render_documented, render_generated, signature_diff

GOLDEN_DIR = Path(__file__).parent / "golden"
DOC_PAGE = GOLDEN_DIR / "SCIMApi.md"
SIGNATURES = GOLDEN_DIR / "signatures.txt"

MakePackage = Callable[[str, str], str]

FAKE_ENDPOINTS = """
from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str


ENDPOINTS = {
    %s
}
"""

FAKE_API_HEADER = """
from __future__ import annotations

import enum
from collections.abc import Iterator, Sequence
from typing import Optional

import pydantic


class ScimGroupListResponse(pydantic.BaseModel):
    total_results: int = 0


class ScimV2PatchRequest(pydantic.BaseModel):
    schemas: list[str] = []


class Color(str, enum.Enum):
    RED = "red"
    GREEN = "green"
"""


@pytest.fixture(scope="module")
def documented() -> list[DocumentedMethod]:
    return parse_doc_page(DOC_PAGE.read_text(encoding="utf-8"))


def _failure_message(documented_text: str, generated_text: str) -> str:
    diff = signature_diff(documented_text, generated_text)
    return f"generated SCIMApi signatures differ from the doc page:\n{diff}"


# --- the golden tests -------------------------------------------------------


def test_golden_file_is_rendered_from_doc_page(documented: list[DocumentedMethod]) -> None:
    rendered = render_documented(documented)
    committed = SIGNATURES.read_text(encoding="utf-8")
    diff = signature_diff(committed, rendered, ("signatures.txt", "rendered from SCIMApi.md"))
    assert not diff, f"stale signatures.txt; run python tests/golden/update_signatures.py\n{diff}"


def test_generated_signatures_match_golden() -> None:
    golden = SIGNATURES.read_text(encoding="utf-8")
    generated = render_generated()
    assert not signature_diff(golden, generated), _failure_message(golden, generated)


def test_golden_format_example() -> None:
    expected = textwrap.dedent(
        """\
        delete_scim_group -> None
          DELETE /api/v2/scim/groups/{groupId}
          positional group_id: str
          keyword if_match: str = None
        delete_scim_user -> Empty
        """
    )
    assert expected in SIGNATURES.read_text(encoding="utf-8")


# --- the introspecting renderer, on fake packages ---------------------------


@pytest.fixture
def make_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MakePackage]:
    """Write ``<name>/__init__.py`` and ``<name>/_endpoints.py``; return the package name."""
    created: list[str] = []
    monkeypatch.syspath_prepend(str(tmp_path))

    def make(api_source: str, endpoints: str) -> str:
        name = f"fake_scim_{len(created)}_{tmp_path.name.replace('-', '_')}"
        package = tmp_path / name
        package.mkdir()
        (package / "__init__.py").write_text(textwrap.dedent(api_source), encoding="utf-8")
        (package / "_endpoints.py").write_text(FAKE_ENDPOINTS % endpoints, encoding="utf-8")
        created.append(name)
        return name

    yield make
    for module in [m for m in sys.modules if m.split(".")[0] in created]:
        del sys.modules[module]


def _fake_api(methods: str, module_code: str = "") -> str:
    body = textwrap.indent(textwrap.dedent(methods), "    ")
    return f"{FAKE_API_HEADER}\n{module_code}\n\nclass SCIMApi:\n{body}"


def test_render_generated_introspects_fake_package(make_package: MakePackage) -> None:
    api = _fake_api(
        """\
        def with_options(self, *, timeout: float) -> SCIMApi:
            return self

        def iter_things(self, *, count: int = 25) -> Iterator[int]:
            yield count

        def delete_thing(self, thing_id: str, *, if_match: str | None = None) -> None:
            pass

        def patch_thing(
            self,
            thing_id: str,
            body: ScimV2PatchRequest,
            *,
            colors: Optional[Sequence[Color]] = None,
        ) -> ScimGroupListResponse:
            raise NotImplementedError

        def get_color(
            self,
            color: Color,
            *,
            ratio: float = 0.5,
            strict: bool = False,
            tags: list[str] | None = None,
        ) -> ScimGroupListResponse:
            raise NotImplementedError
        """
    )
    endpoints = """
    "patch_thing": Endpoint("PATCH", "/things/{thingId}"),
    "delete_thing": Endpoint("DELETE", "/things/{thingId}"),
    "get_color": Endpoint("GET", "/colors/{color}"),
    """
    expected = """\
        delete_thing -> None
          DELETE /things/{thingId}
          positional thing_id: str
          keyword if_match: str = None
        get_color -> ScimGroupListResponse
          GET /colors/{color}
          positional color: str
            values: red, green
          keyword ratio: float = 0.5
          keyword strict: bool = False
          keyword tags: list[str] = None
        patch_thing -> ScimGroupListResponse
          PATCH /things/{thingId}
          positional thing_id: str
          positional body: ScimV2PatchRequest
          keyword colors: list[str] = None
            values: red, green
        """
    assert render_generated(make_package(api, endpoints)) == textwrap.dedent(expected)


def _doc_conforming_api(documented: list[DocumentedMethod]) -> str:
    """A fake SCIMApi whose delete_scim_group and get_scim_v2_groups follow the page."""
    groups = next(m for m in documented if m.name == "get_scim_v2_groups")
    values = groups.parameter("attributes").enum_values
    return _fake_api(
        """\
        def delete_scim_group(self, group_id: str, *, if_match: str | None = None) -> None:
            pass

        def get_scim_v2_groups(
            self,
            filter: str,
            *,
            start_index: int = 1,
            count: int = 25,
            attributes: Sequence[GroupAttribute] | None = None,
            excluded_attributes: Sequence[GroupAttribute] | None = None,
        ) -> ScimGroupListResponse:
            raise NotImplementedError
        """,
        f"GroupAttribute = enum.Enum('GroupAttribute', [(v, v) for v in {values!r}], type=str)",
    )


DOC_ENDPOINTS = """
    "delete_scim_group": Endpoint("DELETE", "/api/v2/scim/groups/{groupId}"),
    "get_scim_v2_groups": Endpoint("GET", "/api/v2/scim/v2/groups"),
"""


def _documented_subset(documented: list[DocumentedMethod], *names: str) -> str:
    return render_documented(m for m in documented if m.name in names)


def test_conforming_fake_matches_documented(
    make_package: MakePackage, documented: list[DocumentedMethod]
) -> None:
    expected = _documented_subset(documented, "delete_scim_group", "get_scim_v2_groups")
    generated = render_generated(make_package(_doc_conforming_api(documented), DOC_ENDPOINTS))
    assert signature_diff(expected, generated) == ""
    assert generated == expected


def test_wrong_signature_produces_readable_diff(
    make_package: MakePackage, documented: list[DocumentedMethod]
) -> None:
    api = _doc_conforming_api(documented).replace(
        "group_id: str, *, if_match: str | None = None", "group_id: str, if_match: str = ''"
    )
    expected = _documented_subset(documented, "delete_scim_group", "get_scim_v2_groups")
    generated = render_generated(make_package(api, DOC_ENDPOINTS))
    diff = signature_diff(expected, generated)
    assert diff.startswith("--- documented\n+++ generated\n")
    assert "\n-  keyword if_match: str = None\n" in diff
    assert "\n+  positional if_match: str = ''\n" in diff
    changed = [line for line in diff.splitlines()[2:] if line[:1] in "+-"]
    assert changed == ["-  keyword if_match: str = None", "+  positional if_match: str = ''"]
    message = _failure_message(expected, generated)
    assert message.endswith(diff) and "differ from the doc page" in message


def test_endpoint_missing_from_class_fails(make_package: MakePackage) -> None:
    api = _fake_api("def get_thing(self) -> None:\n    pass\n")
    endpoints = '"get_thing": Endpoint("GET", "/t"), "get_other": Endpoint("GET", "/o"),'
    with pytest.raises(SignatureError, match=r"lacks endpoint method\(s\) \['get_other'\]"):
        render_generated(make_package(api, endpoints))


@pytest.mark.parametrize(
    "method",
    [
        "def get_thing(self, thing_id) -> None:\n    pass\n",
        "def get_thing(self, thing_id: dict[str, str]) -> None:\n    pass\n",
        "def get_thing(self, thing_id: int | str) -> None:\n    pass\n",
        "def get_thing(self, **kwargs: str) -> None:\n    pass\n",
        "def get_thing(self, thing_id: Undefined) -> None:\n    pass\n",
    ],
)
def test_unrenderable_method_names_it(make_package: MakePackage, method: str) -> None:
    endpoints = '"get_thing": Endpoint("GET", "/t"),'
    with pytest.raises(SignatureError, match=r"^get_thing: "):
        render_generated(make_package(_fake_api(method), endpoints))
