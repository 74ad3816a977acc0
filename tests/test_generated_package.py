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
