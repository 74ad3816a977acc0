"""write.py: formatting, atomic replacement, line endings and modes, and what a failure or a
killed process leaves behind (never a half-written package)."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator import fmt, load, normalize, pipeline, render, write
from generator.diagnostics import Diagnostic, GeneratorError, Level

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"
OLD = {"README.md": "old\n", "pkg/__init__.py": "OLD = 1\n", "pkg/sub/data.txt": "old data\n"}
# OLD as an earlier `generate` leaves it: with a manifest that lists its files as scimgen's.
OLD_GENERATED = {**OLD, write.MANIFEST: json.dumps({"files": {path: {} for path in OLD}}) + "\n"}
NEW = {"README.md": "new\n", "pkg/__init__.py": "NEW = 2\n", "pkg/models.py": "X = 3\n"}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under `folder`, with its bytes and mode."""
    found: dict[str, tuple[bytes, int]] = {}
    for path in sorted(folder.rglob("*")):
        data = path.read_bytes() if path.is_file() else b"<dir>"
        found[path.relative_to(folder).as_posix()] = (data, stat.S_IMODE(path.stat().st_mode))
    return found


def strays(parent: Path, name: str) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{name}."))


@pytest.fixture
def old_tree(tmp_path: Path) -> Path:
    output = tmp_path / "out"
    write.write_tree(OLD, output)
    return output


def test_write_tree_replaces_the_folder_exactly(old_tree: Path) -> None:
    (old_tree / "stale.py").write_text("x = 1\n")
    write.write_tree(NEW, old_tree)
    assert write.read_tree(old_tree) == NEW
    assert strays(old_tree.parent, "out") == []


def test_line_endings_and_modes_are_fixed(tmp_path: Path) -> None:
    output = tmp_path / "out"
    previous = os.umask(0o077)  # a restrictive umask must not leak into the output
    try:
        write.write_tree({"a.txt": "one\ntwo\n", "pkg/b.py": "x = 1\n"}, output)
    finally:
        os.umask(previous)
    for path in [output, *output.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (write.DIR_MODE if path.is_dir() else write.FILE_MODE), path
        if path.is_file():
            assert b"\r" not in path.read_bytes()
            assert path.read_bytes().endswith(b"\n")


def test_rendered_code_that_is_not_python_is_an_internal_error() -> None:
    with pytest.raises(GeneratorError, match=r"internal error: rendered a\.py is not valid Python"):
        fmt.format_many(["x = 1\n", "def (:\n"], ["b.py", "a.py"], jobs=1)


@pytest.mark.parametrize("path", ["../x.py", "/etc/passwd", "a/../../b", ""])
def test_paths_outside_the_output_folder_are_refused(path: str, tmp_path: Path) -> None:
    with pytest.raises(GeneratorError, match="refusing to write"):
        write.write_tree({path: "x\n"}, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert strays(tmp_path, "out") == []


def test_check_compares_and_diffs(old_tree: Path) -> None:
    comparison = write.compare_tree(NEW, old_tree)
    assert comparison.changed == ("README.md", "pkg/__init__.py")
    assert comparison.added == ("pkg/models.py",)
    assert comparison.removed == ("pkg/sub/data.txt",)
    assert "-OLD = 1\n+NEW = 2\n" in comparison.diff
    assert write.compare_tree(OLD, old_tree).current


# -- a failure at any stage leaves the old tree as it was ----------------------------------------


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def _spec_error(*args: object, **kwargs: object) -> None:
    raise GeneratorError([Diagnostic("#", Level.ERROR, "bad spec")])


STAGES = [
    (load, "load_text", _boom),
    (load, "load_text", _spec_error),
    (normalize, "normalize", _boom),
    (normalize, "normalize", _spec_error),
    (render, "render", _boom),
    (fmt, "format_many", _boom),
    (fmt, "format_chunk", _spec_error),  # black refuses a rendered module
    (write, "safe_relative_path", _boom),  # while writing the staging folder
    (write, "_carry_over", _boom),
    (write, "_swap", _boom),
    (write, "_exchange", _boom),
]


@pytest.mark.parametrize(
    ("module", "name", "failure"),
    STAGES,
    ids=[f"{m.__name__.rsplit('.', 1)[1]}.{n}-{f.__name__}" for m, n, f in STAGES],
)
def test_a_failing_stage_leaves_the_output_untouched(
    module: object,
    name: str,
    failure: object,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    output = tmp_path / "generated"
    write.write_tree(OLD_GENERATED, output)
    before = snapshot(output)
    monkeypatch.setattr(module, name, failure)
    # Black leaves every SCIM chunk as rendered (fmt.plan trusts them all): --verify makes it run.
    options = pipeline.Options(spec=str(SPEC), output=output, verify=name == "format_chunk")
    with pytest.raises((RuntimeError, GeneratorError)):
        pipeline.generate(options)
    assert snapshot(output) == before
    assert strays(tmp_path, "generated") == []


def test_failing_to_put_the_new_tree_in_place_restores_the_old_one(
    monkeypatch: pytest.MonkeyPatch, old_tree: Path
) -> None:
    """The two-rename fallback: the second rename fails, the old tree goes back."""
    before = snapshot(old_tree)
    monkeypatch.setattr(write, "_exchange", lambda a, b: False)
    real_rename = os.rename
    calls = []

    def rename(source: str | Path, target: str | Path) -> None:
        calls.append(source)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(OSError):
        write.write_tree(NEW, old_tree)
    assert snapshot(old_tree) == before
    assert strays(old_tree.parent, "out") == []


# -- a process killed mid-write ------------------------------------------------------------------

_KILLER = textwrap.dedent(
    """
    import os, shutil, signal, sys
    from pathlib import Path
    from generator import write

    point, output = sys.argv[1], Path(sys.argv[2])
    files = {"README.md": "new\\n", "pkg/__init__.py": "NEW = 2\\n", "pkg/models.py": "X = 3\\n"}

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    count = {"n": 0}
    if point.startswith("chmod"):  # while writing the staging folder
        real_chmod = os.chmod
        def chmod(*args, **kwargs):
            count["n"] += 1
            if count["n"] == int(point[5:]):
                die()
            real_chmod(*args, **kwargs)
        os.chmod = chmod
    elif point == "before-exchange":
        write._exchange = die
    elif point == "after-exchange":
        real_exchange = write._exchange
        def exchange(a, b):
            real_exchange(a, b)
            die()
        write._exchange = exchange
    elif point == "removing-old":
        write.shutil.rmtree = die
    elif point.startswith("fallback-rename"):  # no atomic exchange: kill at the n-th rename
        write._exchange = lambda a, b: False
        real_rename = os.rename
        def rename(a, b):
            count["n"] += 1
            if count["n"] == int(point[15:]):
                die()
            real_rename(a, b)
        os.rename = rename
    write.write_tree(files, output)
    """
)
KILL_POINTS = [
    "chmod1",
    "chmod3",
    "before-exchange",
    "after-exchange",
    "removing-old",
    "fallback-rename1",
    "fallback-rename2",
]


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_killed_run_leaves_the_old_or_the_new_tree(point: str, tmp_path: Path) -> None:
    output = tmp_path / "generated"
    write.write_tree(OLD, output)
    completed = subprocess.run(
        [sys.executable, "-c", _KILLER, point, str(output)], cwd=ROOT, capture_output=True
    )
    assert completed.returncode == -signal.SIGKILL, completed.stderr
    if point == "fallback-rename2":
        # Between the fallback's two renames there is no folder: the old tree waits, complete,
        # in `.generated.old-<pid>-*`, and the next run puts it back before anything else.
        assert not output.exists()
        write.clean_strays(output)
    found = write.read_tree(output)
    assert found in (OLD, NEW), found
    # The next run cleans up what the killed one left, and writes the new tree.
    write.write_tree(NEW, output)
    assert write.read_tree(output) == NEW
    assert strays(tmp_path, "generated") == []


def test_strays_of_running_processes_are_left_alone(tmp_path: Path) -> None:
    output = tmp_path / "generated"
    mine = tmp_path / f".generated.new-{os.getpid()}-abc"
    mine.mkdir()
    write.write_tree(NEW, output)
    assert mine.exists()
