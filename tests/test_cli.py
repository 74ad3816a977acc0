"""The `scimgen` command: help, version, exit codes 0/1/2, the diff, --strict and --debug."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__, cli, pipeline

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"
SPECS = Path(__file__).parent / "specs"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def outside_the_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no pyproject.toml configures scimgen: these tests give their options as flags
    (this repository's [tool.scimgen] selects tag SCIM; tests/test_cli_workflow.py covers it)."""
    workdir = tmp_path / "workdir"
    workdir.mkdir()
    monkeypatch.chdir(workdir)


@pytest.fixture(scope="module")
def committed_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cli") / "generated"
    shutil.copytree(ROOT / "generated", target)
    return target


def test_help_lists_commands_and_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(cli.main, ["--help"])
    assert result.exit_code == 0
    assert "generate" in result.output and "check" in result.output
    assert "2 bad" in result.output and "--debug" in result.output


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli.main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_generate_help(runner: CliRunner) -> None:
    result = runner.invoke(cli.main, ["generate", "--help"])
    assert result.exit_code == 0
    assert "--strict" in result.output and "--spec" in result.output


def test_usage_error_is_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(cli.main, ["generate", "--no-such-option"]).exit_code == 2
    assert runner.invoke(cli.main, ["frobnicate"]).exit_code == 2


def test_check_current_is_exit_0(runner: CliRunner, committed_copy: Path) -> None:
    result = runner.invoke(
        cli.main, ["check", "--spec", str(SPEC), "--output", str(committed_copy)]
    )
    assert result.exit_code == 0, result.output
    assert "is current" in result.output


def test_check_stale_is_exit_1_with_a_diff(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", output)
    models = output / "genesys_cloud_scim" / "models.py"
    models.write_text(models.read_text() + "# a hand edit\n")
    (output / "extra.txt").write_text("x\n")
    result = runner.invoke(cli.main, ["check", "--spec", str(SPEC), "--output", str(output)])
    assert result.exit_code == 1
    assert "-# a hand edit" in result.output
    assert "1 changed" in result.output and "1 not generated" in result.output


def test_spec_errors_are_exit_2_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    output = tmp_path / "generated"
    result = runner.invoke(
        cli.main,
        [
            "generate",
            "--strict",
            "--spec",
            str(SPECS / "duplicate_operation_id.yaml"),
            "--output",
            str(output),
        ],
    )
    assert result.exit_code == 2
    assert "#/paths/~1v2~1users/get/operationId (line 10)" in result.output
    assert "nothing was written" in result.output
    assert "Traceback" not in result.output
    assert not output.exists()


def test_missing_spec_file_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli.main, ["check", "--spec", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_warnings_are_printed_and_strict_makes_them_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    spec = str(SPECS / "strict_mode.yaml")
    output = tmp_path / "generated"
    result = runner.invoke(cli.main, ["generate", "--spec", spec, "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "warning: #/paths/~1users/get (line 7)" in result.output
    shutil.rmtree(output)
    result = runner.invoke(
        cli.main, ["generate", "--strict", "--spec", spec, "--output", str(output)]
    )
    assert result.exit_code == 2
    assert "error: #/paths/~1users/get (line 7)" in result.output and "(--strict)" in result.output
    assert not output.exists()


def _crash(*arguments: object) -> None:
    raise ZeroDivisionError("division by zero")


def test_an_internal_error_is_one_line_and_exit_2(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "build", _crash)
    monkeypatch.delenv(cli.DEBUG_ENV, raising=False)
    result = runner.invoke(cli.main, ["check", "--spec", str(SPEC)])
    assert result.exit_code == 2
    assert "internal error (ZeroDivisionError: division by zero)" in result.output
    assert "please report" in result.output and "--debug" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_shows_the_traceback(
    how: str, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "build", _crash)
    arguments = ["check", "--spec", str(SPEC)]
    if how == "flag":
        arguments.insert(0, "--debug")
    else:
        monkeypatch.setenv(cli.DEBUG_ENV, "1")
    result = runner.invoke(cli.main, arguments)
    assert isinstance(result.exception, ZeroDivisionError)  # re-raised: click shows it


def test_diagnostics_cannot_drive_the_terminal(runner: CliRunner, tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n'
        '  /a:\n    get:\n      operationId: "x\\e[31mred"\n      responses: {}\n'
        '  /b:\n    get:\n      operationId: "x\\e[31mred"\n      responses: {}\n'
    )
    result = runner.invoke(
        cli.main, ["check", "--strict", "--spec", str(spec), "--output", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "\\x1b[31m" in result.output


@pytest.mark.parametrize(
    ("flags", "pointer", "message"),
    [
        (["--package", "MyPkg"], "#/tool/scimgen/package", "lower-case ASCII Python identifier"),
        (["--package", "con"], "#/tool/scimgen/package", "reserved device name on Windows"),
        (["--distribution", 'x"; y'], "#/tool/scimgen/distribution", "distribution name"),
        (["--package-version", "1 2"], "#/tool/scimgen/version", "not a valid version"),
    ],
)
@pytest.mark.parametrize("command", ["generate", "check"])
def test_a_bad_package_name_flag_is_a_diagnostic(
    runner: CliRunner,
    tmp_path: Path,
    command: str,
    flags: list[str],
    pointer: str,
    message: str,
) -> None:
    """Bug 3 of the architecture review: these used to pass config's check and fail in
    normalize.Settings, reported as "internal error ... a bug in scimgen"."""
    output = tmp_path / "out"
    result = runner.invoke(
        cli.main, [command, "--spec", str(SPEC), "--output", str(output), *flags]
    )
    assert result.exit_code == 2, result.output
    assert f"error: {pointer}: " in result.output
    assert message in result.output and f"(from {flags[0]})" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert not output.exists()


@pytest.mark.parametrize(
    ("table", "pointer", "message"),
    [
        ('package = "MyPkg"', "#/tool/scimgen/package", "lower-case ASCII Python identifier"),
        ('package = "con"', "#/tool/scimgen/package", "reserved device name on Windows"),
        ('version = "1 2"', "#/tool/scimgen/version", "not a valid version"),
    ],
)
def test_a_bad_package_name_in_the_config_is_a_diagnostic(
    runner: CliRunner, tmp_path: Path, table: str, pointer: str, message: str
) -> None:
    (Path.cwd() / "pyproject.toml").write_text(f"[tool.scimgen]\n{table}\n", encoding="utf-8")
    result = runner.invoke(cli.main, ["check", "--spec", str(SPEC), "--output", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert f"error: {pointer}: " in result.output and message in result.output
    assert "pyproject.toml)" in result.output
    assert "internal error" not in result.output


def test_changes_reports_a_bad_version_flag_as_a_diagnostic(runner: CliRunner) -> None:
    result = runner.invoke(cli.main, ["changes", str(SPEC), str(SPEC), "--package-version", "1 2"])
    assert result.exit_code == 2, result.output
    assert "error: #/tool/scimgen/version: version '1 2' is not a valid version" in result.output
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit)


def test_changes_applies_the_selection_flags_to_both_specs(runner: CliRunner) -> None:
    result = runner.invoke(
        cli.main, ["changes", str(SPEC), str(SPEC), "--tag", "Nope", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("has no operation that the selection") == 2
    kept = runner.invoke(
        cli.main, ["changes", str(SPEC), str(SPEC), "--exclude-operation", "getScimV2Users"]
    )
    assert kept.exit_code == 0 and "has no operation" not in kept.output
    assert "No change to the generated client." in kept.output


def test_changes_names_the_spec_a_problem_is_in(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- not a mapping\n")
    result = runner.invoke(cli.main, ["changes", str(SPEC), str(broken)])
    assert result.exit_code == 2
    assert f"{broken}: error: #: not an OpenAPI document" in result.output
