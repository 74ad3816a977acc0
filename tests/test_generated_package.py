"""The committed package is exactly what the committed spec gives, and passes mypy --strict and ruff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.pipeline import Options, build, generate
from generator.write import compare_tree, read_tree


def test_generation_is_byte_identical_to_the_committed_package(
    spec_path: Path, generated_dir: Path, tmp_path: Path
) -> None:
    output = tmp_path / "generated"
    generate(Options(spec=str(spec_path), output=output))
    fresh = {p: (output / p).read_bytes() for p in read_tree(output)}
    committed = {p: (generated_dir / p).read_bytes() for p in read_tree(generated_dir)}
    assert sorted(fresh) == sorted(committed)
    if fresh != committed:
        files = {p: b.decode() for p, b in fresh.items()}
        raise AssertionError(compare_tree(files, generated_dir).diff)


def test_generating_twice_gives_the_same_bytes(spec_path: Path, tmp_path: Path) -> None:
    first = build(Options(spec=str(spec_path), output=tmp_path)).files
    second = build(Options(spec=str(spec_path), output=tmp_path)).files
    assert first == second


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_generated_package_passes_mypy_strict(generated_dir: Path, tmp_path: Path) -> None:
    # The cache goes to a temporary folder: a test run leaves nothing behind in generated/.
    result = _run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--no-incremental",
        "--cache-dir",
        str(tmp_path / "mypy-cache"),
        "genesys_cloud_scim",
        cwd=generated_dir,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert not (generated_dir / ".mypy_cache").exists()


def test_generated_package_passes_ruff(generated_dir: Path) -> None:
    result = _run(sys.executable, "-m", "ruff", "check", "--no-cache", ".", cwd=generated_dir)
    assert result.returncode == 0, result.stdout + result.stderr


_LAZY_IMPORT = """
import sys
import threading

import genesys_cloud_scim
from genesys_cloud_scim import api

deferred = ("genesys_cloud_scim.models", "genesys_cloud_scim._model",
            "genesys_cloud_scim._endpoints", "pydantic.main")
print(sorted(name for name in deferred if name in sys.modules))
found = []
start = threading.Barrier(8)

def first_use() -> None:
    start.wait()
    found.append(api._endpoints.GET_SCIM_USERS)

threads = [threading.Thread(target=first_use) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
from genesys_cloud_scim import _endpoints, models
print(len(found), all(endpoint is _endpoints.GET_SCIM_USERS for endpoint in found))
print(found[0].response is models.ScimUserListResponse)
print(sorted(name for name in deferred if name in sys.modules))
"""


def test_importing_the_package_builds_no_model_until_a_call_needs_one(
    generated_dir: Path,
) -> None:
    """`import genesys_cloud_scim` leaves the models, their base and pydantic's model machinery
    unimported; the first use of an endpoint imports them, once, even from racing threads."""
    result = _run(sys.executable, "-c", _LAZY_IMPORT, cwd=generated_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split("\n")[:4] == [
        "[]",
        "8 True",
        "True",
        "['genesys_cloud_scim._endpoints', 'genesys_cloud_scim._model', "
        "'genesys_cloud_scim.models', 'pydantic.main']",
    ], result.stdout
