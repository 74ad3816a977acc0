"""The runtime is ordinary Python source: templates/runtime/*.py pass ruff, `mypy --strict` and
black where they are written, and every package gets them byte for byte, whatever the spec says.

That is what lets `generate` copy the built-in runtime files without running black over them; a
runtime file from a `--templates` folder is formatted like any other (tests/test_cli_workflow.py).
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import fmt, ir, load, normalize, render

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ROOT / "templates" / "runtime"
SOURCES = sorted(RUNTIME.glob("*.py"))
COPIED = [f for f in render.OUTPUT_FILES if f.copied]
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_every_runtime_file_is_copied_and_every_copy_has_a_file() -> None:
    assert sorted(f"runtime/{p.name}" for p in SOURCES) == sorted(f.template for f in COPIED)
    assert len(SOURCES) == 10


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_black_changes_nothing(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    assert fmt.format_chunk(text) == text


def test_ruff_passes() -> None:
    # The repo's configuration, with the generated package's Python (3.10) for these files.
    result = _run(sys.executable, "-m", "ruff", "check", "--no-cache", str(RUNTIME), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_passes(tmp_path: Path, generated_dir: Path) -> None:
    """The runtime imports `_version` (spec-dependent, a template): checked as a package with
    the committed one, the runtime files themselves as they are written."""
    package = tmp_path / "runtime_package"
    package.mkdir()
    (package / "__init__.py").write_text("")
    shutil.copyfile(generated_dir / "genesys_cloud_scim" / "_version.py", package / "_version.py")
    for source in SOURCES:
        shutil.copyfile(source, package / source.name)
    result = _run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--python-version",
        "3.10",
        "-p",
        "runtime_package",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _odd_api() -> ir.Api:
    """The committed spec's API with long, odd names, URLs and versions."""
    api, _ = normalize.normalize(load.load(str(SPEC)), normalize.Settings())
    return dataclasses.replace(
        api,
        title='A "very" long title with \\ backslashes, {{ braces }} and ünïcode ' * 3,
        spec_version="2026.11.27-rc.1+build.7 " * 4,
        package="a_rather_long_package_name_for_a_scim_client_that_goes_on_and_on",
        distribution="a-rather-long-distribution-name-for-a-scim-client-that-goes-on",
        package_version="10.20.30.dev40+local.version.label",
        server_url="https://api.a-very-long-region-name.example.com/with/a/long/base/path/v2",
    )


def test_every_package_gets_the_runtime_verbatim() -> None:
    api = _odd_api()
    files = render.render(api, render.make_environment())
    for output in COPIED:
        text = files[output.path.format(package=api.package)]
        assert text == (ROOT / "templates" / output.template).read_text(encoding="utf-8")
        assert api.spec_version not in text and api.package not in text


def test_the_committed_package_holds_the_runtime_unchanged(generated_dir: Path) -> None:
    for output in COPIED:
        committed = generated_dir / output.path.format(package="genesys_cloud_scim")
        assert committed.read_bytes() == (ROOT / "templates" / output.template).read_bytes()


def test_black_skips_only_the_built_in_runtime_files() -> None:
    is_formatted = render.python_paths("pkg", render.make_environment())
    for output in render.OUTPUT_FILES:
        path = output.path.format(package="pkg", service="X")
        assert is_formatted(path) == (output.python and not output.copied), path
