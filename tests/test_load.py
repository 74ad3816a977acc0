"""load.py: text -> document, with a diagnostic (pointer, line) for every way it can go wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator import load
from generator.diagnostics import GeneratorError, Level

MINIMAL = 'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\n'


def problems(text: str, source: str = "spec.yaml") -> list[str]:
    with pytest.raises(GeneratorError) as caught:
        load.load_text(source, text)
    return [str(d) for d in caught.value.diagnostics]


def test_a_minimal_document_loads() -> None:
    spec = load.load_text("spec.yaml", MINIMAL)
    assert spec.version == "3.0"
    assert spec.line_of("#/paths") == 3


def test_yaml_syntax_error_has_its_line() -> None:
    assert problems("openapi: 3.0.3\npaths: [\n") == [
        "error: # (line 3): not valid YAML: did not find expected node content"
    ]


def test_json_syntax_error_has_its_line_and_column() -> None:
    assert problems('{\n "openapi": }', "spec.json") == [
        "error: # (line 2, column 13): not valid JSON: Expecting value"
    ]
    assert problems('{\n  "openapi":\n  }', "spec.json") == [
        "error: # (line 3): not valid JSON: Expecting value"
    ]


def test_json_nested_too_deep_is_refused() -> None:
    assert "nested more than" in problems("[" * 100_000 + "]" * 100_000)[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n", "the top level is not a mapping"),
        ("a: 1\n", "no 'openapi' version field"),
        ('swagger: "1.2"\n', "Swagger 1.2 is not supported"),
        ("openapi: 2.5.0\n", "OpenAPI '2.5.0' is not supported"),
        ("openapi: 3.1\n", "must be a string"),
    ],
)
def test_not_an_openapi_3_document(text: str, message: str) -> None:
    assert message in problems(text)[0]


def test_validation_errors_point_at_the_node() -> None:
    text = MINIMAL.replace("info:", "info: 3\ninfo_:")
    assert problems(text) == [
        "error: #/info (line 2): invalid OpenAPI: 'info': Input should be a valid dictionary or "
        "instance of Info (found 3)"
    ]


def test_an_operation_or_component_that_is_not_valid_is_taken_out_with_its_problems() -> None:
    text = MINIMAL.replace(
        "paths: {}",
        "paths:\n  /a:\n    get:\n      responses: {}\n      tags: 3\n"
        "  /b:\n    get:\n      responses: {}\n"
        "components:\n  schemas:\n    Bad: {type: thing}\n    Good: {type: string}\n",
    )
    spec = load.load_text("spec.yaml", text)
    assert spec.document.paths["/a"].get is None
    assert spec.document.paths["/b"].get is not None
    assert list(spec.document.components.schemas) == ["Good"]
    (broken,) = spec.broken_operations
    assert (broken.path, broken.verb, broken.operation["tags"]) == ("/a", "get", 3)
    assert [str(d) for d in broken.problems] == [
        "error: #/paths/~1a/get/tags (line 7): invalid OpenAPI: 'tags': "
        "Input should be a valid list (found 3)"
    ]
    (bad,) = spec.broken_components["#/components/schemas/Bad"]
    assert (bad.pointer, bad.line) == ("#/components/schemas/Bad/type", 13)
    assert spec.raw["paths"]["/a"]["get"]["tags"] == 3  # the document as read is left alone


def test_cyclic_and_exploding_yaml_is_refused() -> None:
    assert "contains itself" in problems(MINIMAL + "x-a: &a [*a]\n")[0]
    laughs = "x-0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
    for level in range(1, 7):
        laughs += f"x-{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]\n"
    assert "expands to more than" in problems(MINIMAL + laughs)[0]


def test_lone_surrogates_are_refused() -> None:
    text = '{"openapi": "3.0.3", "info": {"title": "\\ud800", "version": "1"}, "paths": {}}'
    assert problems(text) == [
        "error: #/info/title (line 1, column 31): a lone surrogate (\\ud800-\\udfff) cannot be "
        "written as UTF-8: "
        "use the pair of surrogates of a real character, or remove it"
    ]


def test_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="cannot read"):
        load.load(str(tmp_path / "missing.yaml"))
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"openapi: 3.0.3\n# caf\xe9\n")
    with pytest.raises(GeneratorError, match="not UTF-8"):
        load.load(str(latin))


def test_resolver_checks_the_section() -> None:
    text = MINIMAL + (
        "components:\n  schemas:\n    A: {type: string}\n    B: {$ref: '#/components/schemas/A'}\n"
    )
    resolver = load.Resolver(load.load_text("spec.yaml", text).document)
    assert resolver.resolve("#/components/schemas/B", "schemas").type is not None
    with pytest.raises(KeyError, match="must point into"):
        resolver.resolve("#/components/schemas/A", "parameters")
    with pytest.raises(KeyError, match="points to nothing"):
        resolver.resolve("#/components/schemas/C", "schemas")
    with pytest.raises(KeyError, match="not supported"):
        resolver.resolve("other.yaml#/A", "schemas")


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("#/components/schemas/A", ("schemas", "A")),
        ("#/components/schemas/A%20B", ("schemas", "A B")),
        ("#/components/schemas/a~1b", ("schemas", "a/b")),
        ("#/components/schemas/a%7E1b", ("schemas", "a/b")),
        ("#/components/schemas/a~0b", ("schemas", "a~b")),
        ("#/components/schemas/~01", ("schemas", "~1")),
        ("#/components/schemas/Caf%C3%A9", ("schemas", "Café")),
        ("#/components/schemas/", ("schemas", "")),
        ("#%2Fcomponents%2Fschemas%2FA", ("schemas", "A")),
    ],
)
def test_refs_in_uri_fragment_form_resolve_like_their_plain_form(
    ref: str, expected: tuple[str, str]
) -> None:
    assert load.parse_ref(ref) == expected


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("#/components/schemas/A%FF", "bad %-escape"),
        ("#/components/schemas/A~2", "'~' must be"),
        ("#/components/schemas/a%2Fb", "not supported"),
        ("#/definitions/A", "not supported"),
        ("other.yaml#/components/schemas/A", "not supported"),
        ("", "not supported"),
    ],
)
def test_refs_that_are_no_local_pointer_are_refused(ref: str, reason: str) -> None:
    with pytest.raises(KeyError, match=reason):
        load.parse_ref(ref)


def _chain_spec(length: int, end: str) -> load.LoadedSpec:
    schemas = {f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(length)}
    schemas[f"S{length}"] = {"$ref": end} if end.startswith("#") else {"type": end}
    text = json.dumps(
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
         "components": {"schemas": schemas}}
    )  # fmt: skip
    return load.load_text("spec.json", text)


@pytest.mark.parametrize(
    "end", ["string", "#/components/schemas/Missing", "#/components/schemas/S0"]
)
def test_following_every_link_of_a_long_chain_is_linear(
    end: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each component of a 3,000-long alias chain is looked up once, however many of them are
    resolved (before: the whole rest of the chain, for each one)."""
    resolver = load.Resolver(_chain_spec(3_000, end).document)
    lookups: list[str] = []
    real = resolver._lookup

    def lookup(ref: str, section: str) -> Any:
        lookups.append(ref)
        return real(ref, section)

    monkeypatch.setattr(resolver, "_lookup", lookup)
    outcomes = set()
    for index in range(3_001):
        try:
            outcomes.add(
                type(resolver.resolve(f"#/components/schemas/S{index}", "schemas")).__name__
            )
        except KeyError as reason:
            outcomes.add(str(reason.args[0])[:20])
    assert len(outcomes) == 1
    assert len(lookups) <= 3_002
    cycles = resolver.alias_cycles()
    assert len(cycles) == (1 if end.endswith("S0") else 0)


def test_an_alias_cycle_message_is_short() -> None:
    resolver = load.Resolver(_chain_spec(1_000, "#/components/schemas/S0").document)
    [(where, message)] = resolver.alias_cycles()
    assert where == "#/components/schemas/S0"
    assert len(message) < 400 and "(995 more)" in message


def test_diagnostic_levels_sort_errors_first() -> None:
    from generator.diagnostics import Diagnostic

    error = GeneratorError(
        [
            Diagnostic("#/b", Level.WARNING, "w", 1),
            Diagnostic("#/a", Level.ERROR, "e2", 9),
            Diagnostic("#/c", Level.ERROR, "e1", 2),
        ]
    )
    assert [d.message for d in error.diagnostics] == ["e1", "e2", "w"]


def test_json_positions_give_a_column_only_where_the_line_does_not_locate_the_node() -> None:
    document = {"openapi": "3.0.3", "paths": {"/a": {"get": {"parameters": [{"name": "x"}]}}}}
    wanted = {"#/paths/~1a/get", "#/paths/~1a/get/parameters/0"}
    minified = json.dumps(document, separators=(",", ":"))
    positions = load.json_positions(minified, wanted)
    for found, (line, column) in positions.items():
        assert line == 1
        assert column is not None
        token = '"get"' if found.endswith("/get") else '{"name"'
        assert minified[column - 1 :].startswith(token)
    pretty = json.dumps(document, indent=2)
    assert all(column is None for _line, column in load.json_positions(pretty, wanted).values())


def test_diagnostics_in_a_minified_swagger_document_have_line_and_column() -> None:
    document = {
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"parameters": [{"name": "x", "in": "query", "type": "file"}]}}},
    }
    text = json.dumps(document, separators=(",", ":"))
    spec = load.load_text("spec.json", text)
    assert spec.warnings == ()
    (warning,) = spec.operation_warnings["/a", "get"]
    assert warning.pointer == "#/paths/~1a/get/parameters/0"
    assert warning.line == 1
    assert warning.column is not None
    assert text[warning.column - 1 :].startswith('{"name":"x"')
    assert f"(line 1, column {warning.column})" in str(warning)


UPGRADED_30 = MINIMAL.replace("paths: {}", "paths: {}\ncomponents:\n  schemas:\n") + (
    "    Named: {type: string, nullable: true}\n"
    "    NotNull: {type: string, nullable: false}\n"
    "    Loose: {nullable: true}\n"
    "    Low: {type: integer, minimum: 1, exclusiveMinimum: true, maximum: 9}\n"
    "    Open: {type: integer, maximum: 9, exclusiveMaximum: false}\n"
    "    Holder:\n"
    "      type: object\n"
    "      example: {nullable: true, type: string}\n"
    "      properties:\n"
    "        inner: {type: array, items: {type: integer, nullable: true}}\n"
)


def test_a_30_document_is_read_in_31_shapes() -> None:
    spec = load.load_text("spec.yaml", UPGRADED_30)
    schemas = spec.document.components.schemas
    assert spec.version == "3.0"  # what the document says it is
    assert [t.value for t in schemas["Named"].type] == ["string", "null"]
    assert schemas["NotNull"].type.value == "string"
    assert "nullable" not in schemas["NotNull"].model_fields_set
    assert schemas["Loose"].model_extra == {"nullable": True}  # no type to add "null" to
    assert (schemas["Low"].exclusiveMinimum, schemas["Low"].minimum) == (1, None)
    assert schemas["Low"].maximum == 9
    assert (schemas["Open"].exclusiveMaximum, schemas["Open"].maximum) == (None, 9)
    inner = schemas["Holder"].properties["inner"].items
    assert [t.value for t in inner.type] == ["integer", "null"]
    # An example is data, not a schema: left as written.
    assert schemas["Holder"].example == {"nullable": True, "type": "string"}
    assert spec.raw["components"]["schemas"]["Named"]["nullable"] is True  # the text as read


def test_a_problem_in_an_upgraded_30_document_points_at_the_line_written() -> None:
    text = UPGRADED_30 + "    Bad: {type: thing, nullable: true}\n"
    spec = load.load_text("spec.yaml", text)
    (bad,) = spec.broken_components["#/components/schemas/Bad"]
    assert (bad.pointer, bad.line) == ("#/components/schemas/Bad/type", 17)
    assert "Input should be 'null', 'string'" in bad.message


def test_parsing_imports_only_the_31_models_and_the_package_still_works_after() -> None:
    """In a fresh interpreter: loading a 3.0 spec leaves openapi-pydantic's 3.0 models and its
    parser unimported; importing the package's own names afterwards runs its `__init__` and
    gives the same classes the loader used."""
    import subprocess
    import sys

    spec = Path(__file__).resolve().parent.parent / "specs" / "genesys-cloud-scim.yaml"
    script = f"""
import sys
from generator import load
loaded = load.load({str(spec)!r})
print("v3_0" if "openapi_pydantic.v3.v3_0" in sys.modules else "no v3_0")
print("parser" if "openapi_pydantic.v3.parser" in sys.modules else "no parser")
import openapi_pydantic
from openapi_pydantic import OpenAPI, parse_obj
from openapi_pydantic.v3.v3_1 import OpenAPI as OpenAPI31
print(type(loaded.document) is OpenAPI is OpenAPI31 is openapi_pydantic.v3.v3_1.OpenAPI)
print(type(parse_obj({{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}}}})).__module__)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.split("\n")[:4] == [
        "no v3_0",
        "no parser",
        "True",
        "openapi_pydantic.v3.v3_0.open_api",
    ], done.stdout + done.stderr
