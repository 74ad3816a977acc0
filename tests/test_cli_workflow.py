"""The `scimgen` command in a project: configuration, selection, templates, progress, `check` in CI.

Each test that generates runs the whole pipeline (black included), so there are few of them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import cli
from generator.diagnostics import ExitCode
from generator.write import read_tree

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "tests" / "fixtures" / "vendor-swagger.json"


def _run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli.main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, where pyproject.toml's [tool.scimgen] is."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def committed_copy(tmp_path: Path, generated_dir: Path) -> Path:
    copy = tmp_path / "generated"
    shutil.copytree(generated_dir, copy, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    return copy


def test_check_needs_no_flags_in_this_repository(in_repo: None) -> None:
    result = _run("check")
    assert result.exit_code == 0, result.stderr
    assert "generated/ is current" in result.stderr


def test_check_catches_a_hand_edit_of_the_package_and_shows_the_diff(
    in_repo: None, committed_copy: Path
) -> None:
    target = committed_copy / "genesys_cloud_scim" / "_version.py"
    target.write_text(target.read_text().replace('"0.1.0"', '"0.1.0-hand-edit"'))
    result = _run("check", "--output", str(committed_copy))
    assert result.exit_code == ExitCode.STALE
    assert '-__version__ = "0.1.0-hand-edit"' in result.stdout
    assert '+__version__ = "0.1.0"' in result.stdout
    assert "1 changed" in result.stderr


def test_check_catches_a_spec_edit_that_was_not_regenerated(
    in_repo: None, tmp_path: Path, spec_path: Path
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        spec_path.read_text().replace("summary: Get a list of groups", "summary: List groups")
    )
    result = _run("check", "--spec", str(spec))
    assert result.exit_code == ExitCode.STALE
    assert '-        """Get a list of groups' in result.stdout
    assert '+        """List groups' in result.stdout


def test_swagger_from_standard_input_with_tag_selection(in_repo: None) -> None:
    result = _run("check", "--quiet", "--spec", "-", "--tag", "SCIM", input=VENDOR.read_text())
    assert result.exit_code == 0, result.stderr
    assert (result.stdout, result.stderr) == ("", "")


def test_a_tag_that_selects_nothing_is_bad_input(in_repo: None) -> None:
    result = _run("check", "--spec", str(VENDOR), "--tag", "Nope")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "no operation matches the selection" in result.stderr


def test_templates_override_single_templates_by_name(tmp_path: Path, in_repo: None) -> None:
    templates = tmp_path / "templates"
    (templates / "package").mkdir(parents=True)
    (templates / "README.md.jinja").write_text("# {{ api.distribution }}, our way\n")
    (templates / "package" / "py.typed.jinja").write_text("partial\n")
    output = tmp_path / "out"
    result = _run("generate", "--templates", str(templates), "--output", str(output))
    assert result.exit_code == 0, result.stderr
    # Not a terminal: no progress, only the summary.
    assert result.stderr.count("\n") == 1
    files = len(read_tree(output))
    assert result.stderr.startswith(f"scimgen: 34 operations, 45 models and enums, {files} files")
    assert (output / "README.md").read_text() == "# genesys-cloud-scim, our way\n"
    assert (output / "genesys_cloud_scim" / "py.typed").read_text() == "partial\n"
    committed = ROOT / "generated" / "genesys_cloud_scim" / "api.py"
    assert (output / "genesys_cloud_scim" / "api.py").read_text() == committed.read_text()


def test_a_missing_templates_folder_is_bad_input(tmp_path: Path, in_repo: None) -> None:
    result = _run("check", "--templates", str(tmp_path / "nowhere"))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "does not exist" in result.stderr


def test_a_bad_config_is_bad_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.scimgen]\ntag = "SCIM"\n')
    monkeypatch.chdir(tmp_path)
    result = _run("check")
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "#/tool/scimgen/tag" in result.stderr
    assert "unknown key 'tag'" in result.stderr


def test_flags_override_the_config(in_repo: None) -> None:
    options = cli._options(
        spec=str(VENDOR),
        output=None,
        tags=("Users",),
        operations=("getScimV2User",),
        exclude_tags=("Fax",),
        exclude_operations=("getScimV2Users",),
        method_name_extension="x-acme-method-name",
        package="acme",
        distribution=None,
        package_version="9.9.9",
        templates=None,
        config_path=None,
        strict=False,
        quiet=True,
        no_cache=False,
        jobs=None,
    )
    assert options.spec == str(VENDOR)
    assert options.output == Path("generated")
    settings = options.settings
    assert (settings.package, settings.distribution, settings.package_version) == (
        "acme",
        "genesys-cloud-scim",
        "9.9.9",
    )
    assert (settings.tags, settings.operation_ids) == (("Users",), ("getScimV2User",))
    assert (settings.exclude_tags, settings.exclude_operations) == (("Fax",), ("getScimV2Users",))
    assert settings.method_name_extension == "x-acme-method-name"


def _progress_of(quiet: bool) -> object:
    return cli._options(
        spec=None,
        output=None,
        tags=(),
        operations=(),
        package=None,
        distribution=None,
        package_version=None,
        templates=None,
        config_path=None,
        strict=False,
        quiet=quiet,
    ).progress


def test_progress_only_on_a_terminal_and_never_with_quiet(
    in_repo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _progress_of(quiet=False) is None  # stderr is not a terminal under pytest
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    assert _progress_of(quiet=True) is None
    assert _progress_of(quiet=False) is not None


def test_progress_shows_each_stage_with_counts(
    in_repo: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    result = _run("generate", "--output", str(tmp_path / "out"), "--spec", str(VENDOR))
    assert result.exit_code == 0, result.stderr
    stages = result.stderr.splitlines()
    assert [line.split("] ", 1)[1].split(" ", 1)[0] for line in stages[:-1]] == [
        "loading",
        "loaded",
        "selected",
        "rendered",
        "writing",
    ]
    assert "vendor-swagger.json (Swagger 2.0, converted to OpenAPI 3.0)" in stages[1]
    assert "selected 34 operations, 30 models and 15 enums" in stages[2]
    files = len(read_tree(tmp_path / "out"))
    assert stages[-1].startswith(
        f"scimgen: 34 operations, 45 models and enums, {files} files written"
    )


def test_pre_commit_hooks_run_existing_commands() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {hook["id"] for hook in hooks} == {"scimgen-check", "scimgen-generate"}
    for hook in hooks:
        program, command, *flags = hook["entry"].split()
        assert program == "scimgen"
        assert command in cli.main.commands
        known = {o for p in cli.main.commands[command].params for o in getattr(p, "opts", [])}
        assert set(flags) <= known
        assert (hook["language"], hook["pass_filenames"]) == ("python", False)
