"""The scoping rule (scope.py, normalize.py, load.py): a problem costs the operations that need
it and nothing else. A broken operation that is not selected is not reported at all; a broken
selected one is left out with a warning naming it and saying why, and the rest is generated;
`--strict` makes that warning an error. Problems of the document itself still stop the run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from generator import cli, load, normalize, scope
from generator.diagnostics import ExitCode, GeneratorError, pointer

OK = {"200": {"description": "ok"}}


def returning(ref: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ref}"}
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def document() -> dict[str, Any]:
    """Users are fine; Scripts has an operation whose path lacks its declared path parameter
    (as the vendor's own 29.0.0 document does), and Reports reach a broken schema."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/users": {"get": {"tags": ["Users"], "operationId": "getUsers", "responses": OK}},
            "/scripts/published": {
                "get": {
                    "tags": ["Scripts"],
                    "operationId": "getScriptsPublished",
                    "parameters": [
                        {"name": "scriptId", "in": "path", "required": True, "schema": {}}
                    ],
                    "responses": OK,
                }
            },
            "/scripts": {
                "get": {"tags": ["Scripts"], "operationId": "getScripts", "responses": OK}
            },
            "/reports": {
                "get": {
                    "tags": ["Reports"],
                    "operationId": "getReports",
                    "responses": returning("Report"),
                },
                "post": {
                    "tags": ["Reports"],
                    "operationId": "postReports",
                    "responses": returning("Report"),
                },
            },
        },
        "components": {
            "schemas": {
                "Report": {
                    "type": "object",
                    "properties": {
                        "owner": {"$ref": "#/components/schemas/Nobody"},
                        "mode": {"type": "string", "enum": ["a", "a"]},
                    },
                },
                "Unused": {
                    "type": "object",
                    "properties": {"x": {"$ref": "#/components/schemas/Gone"}},
                },
            }
        },
    }


def run(raw: dict[str, Any], **settings: Any) -> tuple[Any, list[str]]:
    spec = load.load_text("spec.json", json.dumps(raw, indent=1))
    api, warnings = normalize.normalize(spec, normalize.Settings(**settings))
    return api, [f"{d.pointer}: {d.message}" for d in warnings]


def test_a_broken_operation_that_is_not_selected_is_not_reported_at_all() -> None:
    api, warnings = run(document(), tags=("Users",))
    assert [op.name for op in api.operations] == ["get_users"]
    assert warnings == []
    assert api.skipped_operations == ()


def test_a_broken_selected_operation_is_left_out_with_a_warning_and_the_rest_is_generated() -> None:
    api, warnings = run(document(), tags=("Users", "Scripts"))
    assert [op.name for op in api.operations] == ["get_scripts", "get_users"]
    assert warnings == [
        "#/paths/~1scripts~1published: path parameter 'scriptId' does not appear in the path; "
        "get_scripts_published() (GET /scripts/published) is left out"
    ]
    assert api.skipped_operations == ("get_scripts_published",)


def test_a_broken_schema_costs_every_operation_that_uses_it_and_nothing_else() -> None:
    api, warnings = run(document())
    assert [op.name for op in api.operations] == ["get_scripts", "get_users"]
    assert warnings == [
        "#/paths/~1scripts~1published: path parameter 'scriptId' does not appear in the path; "
        "get_scripts_published() (GET /scripts/published) is left out",
        "#/components/schemas/Report/properties/owner: $ref '#/components/schemas/Nobody' points "
        "to nothing; 2 operations are left out: get_reports() (GET /reports), "
        "post_reports() (POST /reports)",
    ]
    # Neither the broken schema nor what only it holds is generated, nor warned about (the
    # duplicate enum value of Report.mode); Unused, broken too, is never reached.
    assert api.models == () and api.enums == ()


def test_an_operation_that_is_not_valid_openapi_is_scoped_too() -> None:
    raw = document()
    raw["paths"]["/scripts"]["get"]["parameters"] = [{"name": "q", "in": "body"}]
    _api, warnings = run(raw, tags=("Users",))
    assert warnings == []
    api, warnings = run(raw, tags=("Users", "Scripts"), exclude_operations=("getScriptsPublished",))
    assert [op.name for op in api.operations] == ["get_users"]
    assert len(warnings) == 1
    assert warnings[0].startswith("#/paths/~1scripts/get/parameters/0/in: invalid OpenAPI: 'in'")
    assert warnings[0].endswith("; get_scripts() (GET /scripts) is left out")


def test_a_component_that_is_not_valid_costs_the_operations_that_use_it() -> None:
    raw = document()
    raw["components"]["schemas"]["Report"] = {"type": "object", "required": "owner"}
    api, warnings = run(raw, tags=("Reports", "Users"))
    assert [op.name for op in api.operations] == ["get_users"]
    # Each operation names the component at its own `$ref`, and the component's own problem.
    assert [w.split(": $ref")[0] for w in warnings] == [
        "#/paths/~1reports/get/responses/200/content/application~1json/schema",
        "#/paths/~1reports/post/responses/200/content/application~1json/schema",
    ]
    for warning, name in zip(warnings, ["get_reports() (GET", "post_reports() (POST"], strict=True):
        assert "'#/components/schemas/Report' points to a component that is not valid " in warning
        assert "(#/components/schemas/Report/required (line 98): invalid OpenAPI:" in warning
        assert warning.endswith(f"; {name} /reports) is left out")
    _api, warnings = run(raw, tags=("Users",))
    assert warnings == []


def test_problems_of_the_document_itself_still_stop_the_run() -> None:
    raw = document()
    raw["info"] = {"title": 3}
    with pytest.raises(GeneratorError, match="invalid OpenAPI"):
        run(raw, tags=("Users",))
    with pytest.raises(GeneratorError, match="every one is left out"):
        run(document(), tags=("Reports",))


def _with_hostile_operation(kind: str) -> dict[str, Any]:
    """document() with one more Scripts operation that issue 9's checks refuse."""
    raw = document()
    operation: dict[str, Any] = {"tags": ["Scripts"], "operationId": "getEvil", "responses": OK}
    path = "/evil"
    if kind == "path":
        path = ".attacker.example/evil"
    else:
        operation["parameters"] = [
            {"name": "X-Trace\r\nAuthorization: x", "in": "header", "schema": {"type": "string"}}
        ]
    raw["paths"][path] = {"get": operation}
    return raw


@pytest.mark.parametrize(
    ("kind", "path", "where", "problem"),
    [
        ("path", ".attacker.example/evil", "", "a path must start with '/'"),
        ("header", "/evil", "/get/parameters/0/name", "holds the control character '\\r'"),
    ],
)
def test_an_operation_whose_path_or_wire_name_is_hostile_is_scoped_too(
    kind: str, path: str, where: str, problem: str
) -> None:
    """A path key that would leave the host, or a parameter name no request can carry, is a
    problem of its operation (issue 9 meets issue 10): left out with a warning, and not
    reported at all if the operation is not selected."""
    raw = _with_hostile_operation(kind)
    _api, warnings = run(raw, tags=("Users",))
    assert warnings == []
    api, warnings = run(raw, tags=("Users", "Scripts"), exclude_operations=("getScriptsPublished",))
    assert [op.name for op in api.operations] == ["get_scripts", "get_users"]
    [warning] = warnings
    assert warning.startswith(f"{pointer('paths', path)}{where}: ")
    assert problem in warning and warning.endswith(f"; get_evil() (GET {path}) is left out")


def test_what_breaks_the_whole_document_stops_the_run_whatever_is_selected() -> None:
    """An alias cycle of components is the document's own problem (issue 10 keeps `$ref` cycles
    that make the document unreadable at document level; issue 9 makes an unused one an
    error): it stops the run even when no selected operation reaches it."""
    raw = document()
    raw["components"]["schemas"]["A"] = {"$ref": "#/components/schemas/B"}
    raw["components"]["schemas"]["B"] = {"$ref": "#/components/schemas/A"}
    with pytest.raises(GeneratorError) as raised:
        run(raw, tags=("Users",))
    [error] = [d for d in raised.value.diagnostics if d.level.value == "error"]
    assert error.pointer == "#/components/schemas/A" and "the document is broken" in error.message


@pytest.mark.parametrize(
    ("tags", "strict", "exit_code"),
    [
        (["Users"], False, ExitCode.OK),
        (["Users"], True, ExitCode.OK),  # nothing broken is selected: nothing to be strict about
        (["Users", "Scripts"], False, ExitCode.OK),
        (["Users", "Scripts"], True, ExitCode.BAD_INPUT),
    ],
)
def test_the_rule_on_the_command_line_with_and_without_strict(
    tmp_path: Path, tags: list[str], strict: bool, exit_code: int
) -> None:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document()), encoding="utf-8")
    output = tmp_path / "out"
    arguments = ["generate", "--spec", str(spec), "--output", str(output), "--package", "scoped"]
    arguments += [f"--tag={tag}" for tag in tags] + (["--strict"] if strict else [])
    result = CliRunner().invoke(cli.main, arguments)
    assert result.exit_code == exit_code, result.output
    mentioned = "get_scripts_published() (GET /scripts/published) is left out" in result.output
    assert mentioned == ("Scripts" in tags)
    assert output.exists() == (exit_code == ExitCode.OK)
    if strict and "Scripts" in tags:
        assert "(--strict)" in result.output
    elif "Scripts" in tags:
        assert "(1 operations left out)" in result.output


def test_owner_of_a_pointer() -> None:
    assert scope.owner_of("#/paths/~1a~1{id}/get/parameters/0") == scope.Owner(
        "operation", path="/a/{id}", verb="get"
    )
    assert scope.owner_of("#/paths/~1a/parameters/1/in") == scope.Owner("path", path="/a")
    assert scope.owner_of("#/components/schemas/A~1B/properties") == scope.Owner(
        "component", ref="#/components/schemas/A~1B"
    )
    assert scope.owner_of("#/paths/~1a") is None
    assert scope.owner_of("#/info/title") is None
