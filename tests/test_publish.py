"""Publishing, end to end: the generated package builds into an sdist and a wheel that pass
`twine check`, installs into a fresh virtual environment and imports there, with the version the
configuration gives and the spec's `info.version` as API_VERSION.

The slow test of the suite (a fresh venv and a pip install of httpx and pydantic): deselect it with
`-m "not publish"`. Nothing is uploaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"

pytestmark = pytest.mark.publish


def _run(*command: str | Path, cwd: Path) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(c) for c in command],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_generated_package_builds_checks_installs_and_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.scimgen]\nspec = "{SPEC}"\noutput = "client"\nversion = "1.2.3"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    generated = CliRunner().invoke(cli.main, ["generate", "--quiet"], catch_exceptions=False)
    assert generated.exit_code == 0, generated.stderr

    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "build", "client", "--outdir", dist, cwd=tmp_path)
    wheel = dist / "genesys_cloud_scim-1.2.3-py3-none-any.whl"
    sdist = dist / "genesys_cloud_scim-1.2.3.tar.gz"
    assert sorted(p.name for p in dist.iterdir()) == sorted([wheel.name, sdist.name])
    _run(sys.executable, "-m", "twine", "check", "--strict", wheel, sdist, cwd=tmp_path)

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert {"genesys_cloud_scim/py.typed", "genesys_cloud_scim/api.py"} <= names
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert {"README.md", "pyproject.toml", "genesys_cloud_scim/__init__.py"} <= members

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        wheel,
        cwd=tmp_path,
    )
    printed = _run(
        python,
        "-c",
        "import genesys_cloud_scim as m; print(m.__file__); print(m.__version__, m.API_VERSION);"
        "print(m.SCIMApi.__name__, m.AsyncSCIMApi.__name__)",
        cwd=tmp_path,
    )
    location, versions, classes = printed.splitlines()
    assert location.startswith(str(venv))
    assert versions == "1.2.3 91.0.0"
    assert classes == "SCIMApi AsyncSCIMApi"
