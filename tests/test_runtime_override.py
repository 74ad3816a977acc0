"""A `--templates` folder can replace a runtime file by name (`runtime/_paging.py`); the package
is black-formatted all the same (the review's bug 4: an overridden runtime file skipped black).
A runtime override left at its old template name is refused, not silently ignored."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import cli, config, fmt
from generator.diagnostics import ExitCode

ROOT = Path(__file__).resolve().parent.parent
PAGING = config.builtin_templates() / "runtime" / "_paging.py"
UNFORMATTED = "def  iterate_pages( "


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _unformatted_paging() -> str:
    source = PAGING.read_text(encoding="utf-8")
    assert source.count("def iterate_pages(\n") == 1
    return source.replace("def iterate_pages(\n", UNFORMATTED + "\n")


def test_an_overridden_runtime_file_is_formatted_by_black(tmp_path: Path, in_repo: None) -> None:
    templates = tmp_path / "templates"
    (templates / "runtime").mkdir(parents=True)
    override = _unformatted_paging()
    (templates / "runtime" / "_paging.py").write_text(override, encoding="utf-8")
    output = tmp_path / "out"
    result = _run("generate", "--templates", str(templates), "--output", str(output))
    assert result.exit_code == 0, result.stderr
    written = (output / "genesys_cloud_scim" / "_paging.py").read_text(encoding="utf-8")
    assert UNFORMATTED not in written
    assert written == fmt.format_chunk(override)
    assert written == PAGING.read_text(encoding="utf-8")  # black undoes exactly that edit
    # `check` against the same override agrees that the output is current.
    result = _run("check", "--templates", str(templates), "--output", str(output), "--no-cache")
    assert result.exit_code == 0, result.stderr


def test_a_runtime_override_under_its_old_template_name_is_refused(
    tmp_path: Path, in_repo: None
) -> None:
    templates = tmp_path / "templates"
    (templates / "package").mkdir(parents=True)
    (templates / "package" / "_paging.py.jinja").write_text(_unformatted_paging())
    output = tmp_path / "out"
    result = _run("generate", "--templates", str(templates), "--output", str(output))
    assert result.exit_code == ExitCode.BAD_INPUT
    assert "package/_paging.py.jinja is no longer read" in result.stderr
    assert "runtime/_paging.py" in result.stderr
    assert not output.exists()
