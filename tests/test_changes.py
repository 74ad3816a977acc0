"""`scimgen changes OLD NEW` (generator/changes.py): what changes for users of the client."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator import changes, cli, load, normalize
from generator.diagnostics import ExitCode

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"
VENDOR = ROOT / "tests" / "fixtures" / "vendor-swagger.json"
ORIGINAL: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
USERS = "/api/v2/scim/v2/users"
SCHEMAS = ("components", "schemas")

Edit = Callable[[dict[str, Any]], None]


def _api(document: dict[str, Any]) -> Any:
    spec = load.load_text("spec.json", json.dumps(document))
    return normalize.normalize(spec, normalize.Settings())[0]


BASE_API = _api(ORIGINAL)


def _report(edit: Edit) -> changes.Report:
    document = copy.deepcopy(ORIGINAL)
    edit(document)
    return changes.compare(BASE_API, _api(document))


def _params(document: dict[str, Any]) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = document["paths"][USERS]["get"]["parameters"]
    return parameters


def _param(document: dict[str, Any], name: str) -> dict[str, Any]:
    return next(p for p in _params(document) if p["name"] == name)


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    schema: dict[str, Any] = document["components"]["schemas"][name]
    return schema


def _add_operation(document: dict[str, Any]) -> None:
    operation = copy.deepcopy(document["paths"][USERS]["get"])
    operation["operationId"] = "get_scim_v2_users_again"
    document["paths"]["/api/v2/scim/v2/users-again"] = {"get": operation}


CASES: list[tuple[str, Edit, str, str, bool, str]] = [
    (
        "removed operation",
        lambda d: d["paths"][USERS].pop("post"),
        "SCIMApi.post_scim_v2_users",
        "removed",
        True,
        "method removed",
    ),
    (
        "added operation",
        _add_operation,
        "SCIMApi.get_scim_v2_users_again",
        "added",
        False,
        "method added",
    ),
    (
        "removed parameter",
        lambda d: _params(d).remove(_param(d, "filter")),
        "SCIMApi.get_scim_v2_users",
        "removed",
        True,
        "parameter `filter` removed",
    ),
    (
        "new optional parameter",
        lambda d: _params(d).append(
            {"name": "sortBy", "in": "query", "schema": {"type": "string"}}
        ),
        "SCIMApi.get_scim_v2_users",
        "added",
        False,
        "optional parameter `sort_by` added",
    ),
    (
        "new required parameter",
        lambda d: _params(d).append(
            {"name": "sortBy", "in": "query", "required": True, "schema": {"type": "string"}}
        ),
        "SCIMApi.get_scim_v2_users",
        "added",
        True,
        "required parameter `sort_by` added",
    ),
    (
        "keyword parameter made positional",
        lambda d: _param(d, "filter").update(required=True),
        "SCIMApi.get_scim_v2_users",
        "changed",
        True,
        "parameter `filter` moved keyword-only to positional",
    ),
    (
        "parameter type",
        lambda d: _param(d, "count")["schema"].update(type="string", format=None, default=None),
        "SCIMApi.get_scim_v2_users",
        "changed",
        True,
        "parameter `count`: type int -> str",
    ),
    (
        "parameter default",
        lambda d: _param(d, "count")["schema"].update(default=50),
        "SCIMApi.get_scim_v2_users",
        "changed",
        False,
        "parameter `count`: default 25 -> 50",
    ),
    (
        "removed enum value",
        lambda d: _schema(d, "ScimEmail")["properties"]["type"]["enum"].remove("other"),
        "ScimEmailType.OTHER",
        "removed",
        True,
        "value 'other' removed",
    ),
    (
        "added enum value",
        lambda d: _schema(d, "ScimEmail")["properties"]["type"]["enum"].append("home2"),
        "ScimEmailType.HOME2",
        "added",
        False,
        "value 'home2' added",
    ),
    (
        "removed field",
        lambda d: _schema(d, "ScimEmail")["properties"].pop("primary"),
        "ScimEmail.primary",
        "removed",
        True,
        "field removed",
    ),
    (
        "new optional field",
        lambda d: _schema(d, "ScimEmail")["properties"].update(display={"type": "string"}),
        "ScimEmail.display",
        "added",
        False,
        "optional field added",
    ),
    (
        "field type",
        lambda d: _schema(d, "ScimEmail")["properties"].update(primary={"type": "string"}),
        "ScimEmail.primary",
        "changed",
        True,
        "type bool | None -> str | None",
    ),
    (
        "field made required",
        lambda d: _schema(d, "ScimEmail").update(required=["value"]),
        "ScimEmail.value",
        "changed",
        True,
        "now required",
    ),
    (
        "body media type",
        lambda d: d["paths"][USERS]["post"]["requestBody"].update(
            content={
                "application/x-www-form-urlencoded": {
                    "schema": {"$ref": "#/components/schemas/ScimV2CreateUser"}
                }
            }
        ),
        "SCIMApi.post_scim_v2_users",
        "changed",
        False,
        "body sent as json (application/json, application/scim+json) -> "
        "form (application/x-www-form-urlencoded)",
    ),
    (
        "return type",
        lambda d: d["paths"][USERS]["get"]["responses"]["200"]["content"].update(
            {
                m: {"schema": {"$ref": "#/components/schemas/ScimGroupListResponse"}}
                for m in ("application/json", "application/scim+json")
            }
        ),
        "SCIMApi.get_scim_v2_users",
        "changed",
        True,
        "returns ScimUserListResponse -> ScimGroupListResponse",
    ),
]


@pytest.mark.parametrize(
    ("edit", "where", "kind", "breaking", "detail"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_kind_of_change_is_found_and_judged(
    edit: Edit, where: str, kind: str, breaking: bool, detail: str
) -> None:
    report = _report(edit)
    found = [
        c
        for c in report.changes
        if (c.where, c.kind, c.breaking) == (where, kind, breaking) and c.detail.startswith(detail)
    ]
    assert found, report.changes
    assert report.bump == ("major" if breaking else "minor" if kind == "added" else "patch")


def test_only_a_new_api_version_is_a_patch() -> None:
    report = _report(lambda d: d["info"].update(version="92.0.0"))
    assert report.changes == (
        changes.Change("API", "changed", False, "API version 91.0.0 -> 92.0.0"),
    )
    assert report.bump == "patch"


def test_the_vendor_swagger_gives_no_change_against_our_spec() -> None:
    vendor = normalize.normalize(load.load(str(VENDOR)), normalize.Settings(tags=("SCIM",)))[0]
    report = changes.compare(BASE_API, vendor)
    assert report.changes == ()
    assert report.bump == "none"


@pytest.mark.parametrize(
    ("bump_from", "current", "expected"),
    [
        ("major", "1.2.3", "2.0.0"),
        ("major", "0.1.0", "0.2.0"),
        ("minor", "1.2.3", "1.3.0"),
        ("patch", "1.2.3", "1.2.4"),
        ("none", "1.2.3", "1.2.3"),
        ("major", "not-semver", "not-semver"),
    ],
)
def test_next_version(bump_from: str, current: str, expected: str) -> None:
    made = {
        "major": [changes.Change("A", "removed", True, "x")],
        "minor": [changes.Change("A", "added", False, "x")],
        "patch": [changes.Change("A", "changed", False, "x")],
        "none": [],
    }[bump_from]
    report = changes.Report("1", "2", tuple(made))
    assert report.bump == bump_from
    assert report.next_version(current) == expected


def test_cli_exit_codes_and_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    document = copy.deepcopy(ORIGINAL)
    document["paths"][USERS].pop("post")
    document["components"]["schemas"]["ScimEmail"]["properties"]["display"] = {"type": "string"}
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(document), encoding="utf-8")
    runner = CliRunner()

    same = runner.invoke(cli.main, ["changes", str(SPEC), str(VENDOR)])
    assert same.exit_code == 0, same.stderr
    assert "No change to the generated client." in same.stdout

    text = runner.invoke(cli.main, ["changes", str(SPEC), str(new)])
    assert text.exit_code == ExitCode.BREAKING
    assert "Breaking (1):\n  - SCIMApi.post_scim_v2_users: method removed" in text.stdout
    assert "  + ScimEmail.display: optional field added" in text.stdout
    assert "Suggested version bump: major (0.1.0 -> 0.2.0)" in text.stdout

    machine = runner.invoke(
        cli.main, ["changes", str(new), str(SPEC), "--format", "json", "--package-version", "1.4.0"]
    )
    assert machine.exit_code == ExitCode.BREAKING  # the field removed again breaks
    report = json.loads(machine.stdout)
    assert (report["bump"], report["next_version"], report["breaking"]) == ("major", "2.0.0", True)
    assert {
        "where": "SCIMApi.post_scim_v2_users",
        "kind": "added",
        "breaking": False,
        "detail": "method added (POST /api/v2/scim/v2/users)",
    } in report["changes"]

    bad = runner.invoke(cli.main, ["changes", str(SPEC), str(tmp_path / "missing.yaml")])
    assert bad.exit_code == ExitCode.BAD_INPUT


def test_a_document_that_lacks_the_selection_removes_every_method(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new vendor document without the SCIM tag: the user learns that every method goes (a
    breaking change), not that the selection is empty."""
    monkeypatch.chdir(ROOT)  # [tool.scimgen] selects tags = ["SCIM"]
    document = copy.deepcopy(ORIGINAL)
    for item in document["paths"].values():
        for operation in item.values():
            operation["tags"] = ["Users"]
    new = tmp_path / "no-scim.yaml"
    new.write_text(yaml.safe_dump(document), encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["changes", str(SPEC), str(new), "--format", "json"])
    assert result.exit_code == ExitCode.BREAKING, result.stderr
    report = json.loads(result.stdout)
    removed = [c for c in report["changes"] if c["kind"] == "removed" and c["breaking"]]
    methods = [c for c in removed if c["detail"].startswith("method removed")]
    assert len(methods) == 34
    assert {c["where"].split(".")[0] for c in methods} == {"SCIMApi"}
    assert {
        "where": "SCIMApi",
        "kind": "removed",
        "breaking": True,
        "detail": "API class removed",
    } in removed
    assert report["breaking"] is True
    assert f"{new} has no operation that the selection" in result.stderr
    # The other way round, every method is added; a document with no paths at all is no error.
    back = CliRunner().invoke(cli.main, ["changes", str(new), str(SPEC)])
    assert back.exit_code == 0, back.stderr
    assert "+ SCIMApi: API class added" in back.stdout


def test_an_empty_selection_on_both_sides_is_no_change() -> None:
    spec = load.load_text("spec.json", json.dumps(ORIGINAL))
    selection = normalize.Settings(tags=("Nope",))
    empty = normalize.normalize(spec, selection, empty_ok=True)[0]
    assert empty.services == () and empty.models == ()
    assert changes.compare(empty, empty).changes == ()
