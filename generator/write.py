"""Stage 5: write the formatted files atomically (`generate`), or compare them (`check`).

(Formatting, stage 4, is `fmt`: black's Python API with a fixed mode, never a subprocess.)
`write_tree` writes everything into a fresh
folder beside the target (`.<name>.new-<pid>-*`) and swaps it in with one atomic exchange (Linux's
renameat2), or two renames where that is missing: a failure at any point, even a killed process,
leaves the old folder as it was. A run cleans up what killed runs left beside the target (and,
after the two-rename fallback, puts a retired old tree back if the new one never arrived).
`compare_tree` is what `check` uses: a unified diff per differing file.

Imports: diagnostics.
"""

from __future__ import annotations

import difflib
import errno
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, GeneratorError, Level

FILE_MODE = 0o644
DIR_MODE = 0o755
# Files in the output folder that the generator does not write and must keep, e.g. a CI config.
KEEP = frozenset({".git"})


def safe_relative_path(path: str) -> Path:
    """A rendered file's path, refused if it could land outside the output folder."""
    relative = Path(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise GeneratorError(
            [Diagnostic("#", Level.ERROR, f"internal error: refusing to write {path!r}")]
        )
    return relative


def write_tree(files: Mapping[str, str], output: Path) -> None:
    """Replace `output` with exactly `files`, atomically (as far as the file system allows)."""
    output = output.resolve()
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    clean_strays(output)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-{os.getpid()}-", dir=parent))
    try:
        for path in sorted(files):
            target = staging / safe_relative_path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(files[path])
            os.chmod(target, FILE_MODE)
        for folder in sorted({p for p in staging.rglob("*") if p.is_dir()} | {staging}):
            os.chmod(folder, DIR_MODE)
        _carry_over(output, staging)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _carry_over(output: Path, staging: Path) -> None:
    if not output.is_dir():
        return
    for name in KEEP:
        source = output / name
        if source.exists():
            os.rename(source, staging / name)


def _swap(staging: Path, output: Path) -> None:
    """Move the new tree into place: one atomic exchange where the system has it; else the old
    tree is renamed aside first and removed last."""
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old tree
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-{os.getpid()}-", dir=output.parent))
    os.rmdir(retired)
    os.rename(output, retired)
    try:
        os.rename(staging, output)
    except BaseException:
        os.rename(retired, output)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (renameat2 with RENAME_EXCHANGE); False where unsupported."""
    if sys.platform != "linux":
        return False
    import ctypes

    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not on this file system
        return False
    raise OSError(code, os.strerror(code), str(second))


def clean_strays(output: Path) -> None:
    """Remove the staging and retired folders that killed runs left beside `output`. If a run
    died between its two renames (the fallback), `output` is missing and its old tree is put back.
    Folders of processes still running are left alone."""
    pattern = re.compile(rf"\.{re.escape(output.name)}\.(new|old)-(\d+)-[^/]*")
    for stray in sorted(output.parent.iterdir()):
        match = pattern.fullmatch(stray.name)
        if match is None or not stray.is_dir() or _alive(int(match[2])):
            continue
        if match[1] == "old" and not output.exists():
            os.rename(stray, output)
        else:
            shutil.rmtree(stray, ignore_errors=True)


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no harmless way to ask there; leave the folder
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_tree(output: Path, *, names_only: bool = False) -> dict[str, str]:
    """The text files currently under `output` (what `check` compares against); dot files, such as
    the manifest, are not part of it. `names_only`: the paths, each with an empty text."""
    found: dict[str, str] = {}
    if not output.is_dir():
        return found
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output)
        if not path.is_file() or relative.parts[0] in KEEP or "__pycache__" in relative.parts:
            continue
        if any(part.startswith(".") for part in relative.parts) or path.suffix == ".pyc":
            continue
        if any(part.endswith(".egg-info") for part in relative.parts):
            continue
        if names_only:
            found[relative.as_posix()] = ""
            continue
        try:
            found[relative.as_posix()] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            found[relative.as_posix()] = "<binary file>\n"
    return found


@dataclass(frozen=True)
class Comparison:
    changed: tuple[str, ...]
    added: tuple[str, ...]
    """In the new output, missing from the folder."""
    removed: tuple[str, ...]
    """In the folder, not in the new output."""
    diff: str

    @property
    def current(self) -> bool:
        return not (self.changed or self.added or self.removed)


def compare_tree(expected: Mapping[str, str], output: Path) -> Comparison:
    actual = read_tree(output)
    changed = tuple(p for p in sorted(expected) if p in actual and actual[p] != expected[p])
    added = tuple(p for p in sorted(expected) if p not in actual)
    removed = tuple(p for p in sorted(actual) if p not in expected)
    chunks: list[str] = []
    for path in sorted({*changed, *added, *removed}):
        chunks.extend(
            difflib.unified_diff(
                actual.get(path, "").splitlines(keepends=True),
                expected.get(path, "").splitlines(keepends=True),
                fromfile=f"{output.name}/{path} (committed)",
                tofile=f"{output.name}/{path} (from the spec)",
            )
        )
    diff = "".join(c if c.endswith("\n") else c + "\n" for c in chunks)
    return Comparison(changed=changed, added=added, removed=removed, diff=diff)
