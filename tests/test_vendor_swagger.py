"""From the vendor's own kind of document to the documented client.

The fixture (tests/fixtures/vendor-swagger.json) is written in the shape of the vendor's
published Platform API document: Swagger 2.0, minified on one line, operationIds built from the
path (`getScimV2UsersUserId`) with the SDK's method name in `x-purecloud-method-name`
(`getScimV2User`), error responses 400-504 with `ErrorBody`, DELETEs whose only success is
`default`, SCIM one tag among others (Users, Authorization, Routing, Fax, Scripts, Recording,
Integrations), and the real document's own mistakes in those others: a path parameter its path
does not have, a `sortOrder` default that is not one of its values, booleans written as enums of
strings, a text/plain success, an operation with two tags. Its `info` block is ours, so that
`--tag SCIM` can be compared with the committed package file by file.

The old fixture (vendor-swagger-old.json, operationIds equal to the SDK's names) stays for the
change report between the two.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli, load, normalize
from generator.diagnostics import ExitCode
from generator.pipeline import Options, build, generate
from generator.write import compare_tree

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
VENDOR = TESTS / "fixtures" / "vendor-swagger.json"
OLD_VENDOR = TESTS / "fixtures" / "vendor-swagger-old.json"
SIGNATURES = TESTS / "golden" / "signatures.txt"
SCIM = normalize.Settings(tags=("SCIM",))


def test_the_fixture_has_the_real_document_s_shape() -> None:
    text = VENDOR.read_text(encoding="utf-8")
    assert "\n" not in text  # minified, on one line
    document = json.loads(text)
    operations = [op for item in document["paths"].values() for op in item.values()]
    built = [op for op in operations if op["operationId"] != op["x-purecloud-method-name"]]
    assert len(built) > len(operations) // 2
    scim = {
        op["operationId"]: op["x-purecloud-method-name"]
        for op in operations
        if op["tags"] == ["SCIM"]
    }
    assert scim["getScimV2UsersUserId"] == "getScimV2User"
    assert len(scim) == 34
    assert {t for op in operations for t in op["tags"]} - {"SCIM"}


def test_tag_scim_of_the_vendor_document_gives_the_committed_package(
    generated_dir: Path, tmp_path: Path
) -> None:
    result = build(Options(spec=str(VENDOR), output=tmp_path, settings=SCIM))
    assert result.warnings == ()
    comparison = compare_tree(result.files, generated_dir)
    assert comparison.current, comparison.diff


def test_check_against_the_committed_package_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli.main, ["check", "--spec", str(VENDOR), "--tag", "SCIM"])
    assert result.exit_code == 0, result.output
    assert "is current" in result.stderr


def test_only_schemas_reached_from_the_selected_operations_are_generated() -> None:
    api, _ = normalize.normalize(load.load(str(VENDOR)), SCIM)
    names = {m.name for m in api.models} | {e.name for e in api.enums}
    assert not names & {"ErrorBody", "Detail", "User", "Division", "Queue", "Entity", "Recording"}
    assert {s.tag for s in api.services} == {"SCIM"}
    assert len(api.operations) == 34


@pytest.mark.parametrize("api_class", ["SCIMApi", "AsyncSCIMApi"])
def test_package_generated_from_the_vendor_document_matches_the_golden_signatures(
    tmp_path: Path, api_class: str
) -> None:
    """34 of 34 documented methods, sync and async. Generated under another name into a
    temporary folder and imported in a fresh process, so it cannot be confused with the
    installed `genesys_cloud_scim`."""
    package = "vendor_scim_client"
    settings = normalize.Settings(
        package=package, distribution="vendor-scim-client", tags=("SCIM",)
    )
    generate(Options(spec=str(VENDOR), output=tmp_path / "out", settings=settings))
    script = (
        "import sys\n"
        "from golden.signatures import render_generated\n"
        f"sys.stdout.write(render_generated(package={package!r}, api_class={api_class!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": f"{tmp_path / 'out'}:{TESTS}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    documented = SIGNATURES.read_text(encoding="utf-8")
    assert result.stdout == documented
    assert sum(1 for line in result.stdout.splitlines() if not line.startswith(" ")) == 34


def test_changes_from_the_old_fixture_to_the_new_one_are_none(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Names from `x-purecloud-method-name` are the names the old fixture's operationIds gave:
    moving to the real document's shape changes nothing for users of the client."""
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli.main, ["changes", str(OLD_VENDOR), str(VENDOR)])
    assert result.exit_code == 0, result.output
    assert "No change to the generated client." in result.stdout
    # Read by operationId, as before this issue, the new fixture renames methods: breaking.
    by_id = CliRunner().invoke(
        cli.main, ["changes", str(OLD_VENDOR), str(VENDOR), "--method-name-extension", ""]
    )
    assert by_id.exit_code == ExitCode.BREAKING
    assert "- SCIMApi.get_scim_v2_user: method removed" in by_id.stdout
    assert "+ SCIMApi.get_scim_v2_users_user_id: method added" in by_id.stdout


def test_the_whole_vendor_document_is_generated_but_its_broken_operation(tmp_path: Path) -> None:
    settings = normalize.Settings(package="vendor_all")
    result = build(Options(spec=str(VENDOR), output=tmp_path, settings=settings))
    messages = [str(w) for w in result.warnings]
    assert len(messages) == 2, messages
    assert "(line 1, column " in messages[0]
    assert any(
        "path parameter 'scriptId' does not appear in the path; get_scripts_published() "
        "(GET /api/v2/scripts/published) is left out" in m
        for m in messages
    )
    assert any("default 'ASC' is not one of the enum's values" in m for m in messages)
    api = result.files["vendor_all/api.py"]
    endpoints = result.files["vendor_all/_endpoints.py"]
    # The vendor's one file upload (formData `type: file`) is sent as multipart/form-data.
    assert "def put_fax_document_content(" in api
    assert 'body_format="multipart"' in endpoints
    assert "download: bool = False" in api
    assert ") -> str:" in api  # the text/plain template
    assert "class AuthorizationApi" in api and "class UsersApi" in api
    assert api.count("    def get_user_roles(") == 2  # in both of its tags' classes


def test_operation_selection_by_operation_id_adds_to_tags() -> None:
    settings = normalize.Settings(tags=("Routing",), operation_ids=("getScimV2User",))
    api, _ = normalize.normalize(load.load(str(VENDOR)), settings)
    assert sorted(op.name for op in api.operations) == [
        "delete_routing_queue",
        "get_scim_v2_user",
        "post_routing_queues",
    ]
    names = {m.name for m in api.models}
    assert {"Queue", "CreateQueueRequest", "ScimV2User"} <= names
    assert "ScimGroupListResponse" not in names


def test_dropping_what_is_not_wanted_from_the_command_line_and_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.scimgen]\nspec = "{VENDOR}"\npackage = "dropped"\n'
        'exclude-tags = ["Fax", "Scripts", "Recording", "Integrations", "Routing"]\n'
        'exclude-operations = ["getUserRoles"]\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli.main, ["generate", "--output", "out"])
    assert result.exit_code == 0, result.output
    assert "scimgen: 36 operations, " in result.stderr  # 34 SCIM, Users' getUsers and getUser
    assert "scriptId" not in result.stderr  # excluded, so never reported
    flags = ["generate", "--output", "out2", "--tag", "SCIM", "--tag", "Authorization"]
    result = CliRunner().invoke(cli.main, [*flags, "--exclude-operation", "delete_scim_user"])
    assert result.exit_code == 0, result.output
    # A flag replaces its key: getUserRoles is back, in Authorization's class only.
    assert "scimgen: 34 operations, " in result.stderr
    api = (tmp_path / "out2" / "dropped" / "api.py").read_text(encoding="utf-8")
    assert "def delete_scim_user(" not in api
    assert "class AuthorizationApi:" in api and "class UsersApi:" not in api
