"""The provisioning script (provisioning.py) passes `mypy --strict` and runs against scim2-server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import mypy.api

from .conftest import CLIENT_ID, CLIENT_SECRET, ScimStack

SCRIPT = Path(__file__).with_name("provisioning.py")


def test_the_provisioning_script_passes_mypy_strict(tmp_path: Path) -> None:
    stdout, stderr, status = mypy.api.run(
        ["--strict", "--cache-dir", str(tmp_path / "mypy-cache"), str(SCRIPT)]
    )
    assert status == 0, stdout + stderr
    assert stdout.strip() == "Success: no issues found in 1 source file"


def test_the_provisioning_script_provisions_against_scim2_server(scim: ScimStack) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), CLIENT_ID, CLIENT_SECRET, scim.api_url, scim.login_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "created 3 users",
        "duplicate refused: 409",
        "group Engineering with 3 members",
        "first page: 2 of 3",
        "engineers: 3",
        "renamed: Ann Lee-Ray",
        "stale version refused: 412",
        "deleted",
    ]
