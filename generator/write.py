"""Stage 5: write the formatted files atomically (`generate`), or compare them (`check`).

(Formatting, stage 4, is `fmt`: black's Python API with a fixed mode, never a subprocess.)

Before anything is written, `check_destination` and `check_ownership` refuse an output folder
that replacing would harm: a file, the current folder or one holding it, a folder holding the
spec, the configuration or scimgen itself, and a folder with files scimgen did not write (unless
`force`). `write_tree` writes everything into a fresh folder beside the target
(`.<name>.new-<pid>-*`) and swaps it in with one atomic exchange (Linux's renameat2), or two
renames where that is missing: a failure at any point, even a killed process, leaves the old
folder as it was. A run cleans up what killed runs left beside the target (and,
after the two-rename fallback, puts a retired old tree back if the new one never arrived).
A folder that is a mount point (a container volume) cannot be renamed: its contents are staged
inside it and each top-level entry is swapped in atomically, the manifest last.
Top-level dot entries that scimgen did not write (`.git`, `.gitattributes`, ...) are kept.
`compare_tree` is what `check` uses: a unified diff per differing file.

Imports: diagnostics.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, GeneratorError, Level

FILE_MODE = 0o644
DIR_MODE = 0o755
MANIFEST = ".scimgen-manifest.json"
# Where a run stages its files inside an output folder that is a mount point.
_INSIDE = re.compile(r"\.scimgen\.(new|old)-(\d+)-[^/]*")
# How many foreign files a refusal names, and counts beyond those.
_SHOWN = 5
_COUNTED = 95


class UnsafeOutput(Exception):
    """The output folder must not be replaced; the message names it and says why."""


def check_destination(output: Path, inputs: Iterable[tuple[str, Path]]) -> None:
    """Refuse an output that replacing would harm, whatever the flags: a file, the current folder
    or a folder holding it, a folder holding one of `inputs` ((what, path): the spec, the
    configuration, the templates, scimgen's own code)."""
    shown = str(output)
    target = output.resolve()
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"--output {shown} is a file, not a folder: refusing to replace it")
    here = Path.cwd().resolve()
    if target == here or target in here.parents:
        what = "the current folder" if target == here else "a folder that holds the current one"
        raise UnsafeOutput(
            f"refusing to replace {shown} ({target}): it is {what}, and replacing it would "
            "delete everything in it; give --output a folder of its own, e.g. --output generated"
        )
    for what, path in inputs:
        inside = path.resolve()
        if inside == target or target in inside.parents:
            raise UnsafeOutput(
                f"refusing to replace {shown} ({target}): it holds {what} ({path}), which "
                "replacing it would delete; give --output a folder of its own"
            )


def foreign_files(output: Path, files: Mapping[str, str], owned: Iterable[str]) -> list[str]:
    """The files under `output` that replacing it would delete or overwrite although scimgen did
    not write them: not listed in its manifest (`owned`), and not already exactly what is about to
    be written. Caches (`__pycache__`, `*.pyc`) and the top-level dot entries (which are kept)
    are not counted."""
    if not output.is_dir():
        return []
    known = set(owned) | {MANIFEST}
    limit = _SHOWN + _COUNTED
    found: list[str] = []
    for folder, folders, names in os.walk(output):
        here = Path(folder)
        top = here == output
        # A symbolic link is an entry of its own (removing it leaves its target alone).
        entries = [*names, *(d for d in folders if os.path.islink(here / d))]
        folders[:] = [
            d
            for d in folders
            if d != "__pycache__" and not (top and d.startswith(".")) and d not in entries
        ]
        for name in entries:
            if (top and name.startswith(".")) or name.endswith(".pyc"):
                continue
            relative = (here / name).relative_to(output).as_posix()
            if relative not in known and not _holds(here / name, files.get(relative)):
                found.append(relative)
                if len(found) >= limit:  # enough to say why; do not walk a whole disk
                    return sorted(found)
    return sorted(found)


def _holds(path: Path, text: str | None) -> bool:
    """Whether the file at `path` is exactly `text` (so replacing it loses nothing)."""
    if text is None or path.is_symlink():
        return False
    data = text.encode("utf-8")
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def check_ownership(output: Path, foreign: list[str], *, force: bool) -> None:
    """Refuse to replace a folder with files scimgen did not write, unless `force`."""
    if not foreign or force:
        return
    listed = ", ".join(foreign[:_SHOWN])
    more = f" and {len(foreign) - _SHOWN} more" if len(foreign) > _SHOWN else ""
    if len(foreign) >= _SHOWN + _COUNTED:
        more = f" and {_COUNTED} or more others"
    raise UnsafeOutput(
        f"refusing to replace {output}: it holds files scimgen did not write ({listed}{more}); "
        "move them out of the way, choose another --output, or pass --force to replace the "
        "folder and delete them"
    )


def safe_relative_path(path: str) -> Path:
    """A rendered file's path, refused if it could land outside the output folder."""
    relative = Path(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise GeneratorError(
            [Diagnostic("#", Level.ERROR, f"internal error: refusing to write {path!r}")]
        )
    return relative


def write_tree(files: Mapping[str, str], output: Path) -> None:
    """Replace `output` with exactly `files` (and the top-level dot entries it had that `files`
    does not hold), atomically (as far as the file system allows)."""
    output = output.resolve()
    if os.path.ismount(output):
        _write_inside(files, output)
        return
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    clean_strays(output)
    import tempfile

    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.new-{os.getpid()}-", dir=parent))
    try:
        _write_files(files, staging)
        _carry_over(output, staging)
        _swap(staging, output)
    except BaseException as error:
        _put_back(staging, output)
        shutil.rmtree(staging, ignore_errors=True)
        if not isinstance(error, OSError) or error.errno != errno.EBUSY:
            raise
        # A mount point that os.path.ismount cannot tell (a bind mount within one file system).
        _write_inside(files, output)


def _write_files(files: Mapping[str, str], staging: Path) -> None:
    for path in sorted(files):
        target = staging / safe_relative_path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(files[path])
        os.chmod(target, FILE_MODE)
    for folder in sorted({p for p in staging.rglob("*") if p.is_dir()} | {staging}):
        os.chmod(folder, DIR_MODE)


def _kept(output: Path, written: set[str]) -> list[str]:
    """The top-level dot entries of `output` (`.git`, `.gitattributes`, a tool's cache) that the new
    tree, whose top-level names are `written`, does not replace: scimgen did not write them, and
    `check` does not compare them."""
    if not output.is_dir():
        return []
    return sorted(
        name
        for name in os.listdir(output)
        if name.startswith(".") and name not in written and not _INSIDE.fullmatch(name)
    )


def _carry_over(output: Path, staging: Path) -> None:
    """Move the entries to keep into the new tree (they go back if the swap fails)."""
    for name in _kept(output, set(os.listdir(staging))):
        os.rename(output / name, staging / name)


def _put_back(staging: Path, output: Path) -> None:
    """After a failure: the kept entries carried into `staging` go back to `output`."""
    if not staging.is_dir() or not output.is_dir():
        return
    for name in os.listdir(staging):
        if name.startswith(".") and name != MANIFEST and not (output / name).exists():
            os.rename(staging / name, output / name)


def _write_inside(files: Mapping[str, str], output: Path) -> None:
    """Replace the contents of a mount point, which cannot be renamed: stage the new tree inside
    it, then put each top-level entry in place with one atomic step (an exchange for a folder, a
    rename over a file), the manifest last; replaced entries go to a folder that is removed at
    the end. A run killed halfway leaves each entry old or new, never half-written; the next run
    recognises the new ones (they hold what it writes) and removes what the killed one left."""
    import tempfile

    _clean_inside(output)
    pid = os.getpid()
    staging = Path(tempfile.mkdtemp(prefix=f".scimgen.new-{pid}-", dir=output))
    retired = Path(tempfile.mkdtemp(prefix=f".scimgen.old-{pid}-", dir=output))
    try:
        _write_files(files, staging)
        new = set(os.listdir(staging))
        kept = set(_kept(output, new)) | {staging.name, retired.name}
        for name in sorted(new - {MANIFEST}):
            _put_in_place(staging / name, output / name, retired / name)
        for name in sorted(set(os.listdir(output)) - kept - new):
            os.rename(output / name, retired / name)
        if MANIFEST in new:
            _put_in_place(staging / MANIFEST, output / MANIFEST, retired / MANIFEST)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)


def _put_in_place(new: Path, old: Path, retired: Path) -> None:
    if not os.path.lexists(old):
        os.rename(new, old)
    elif new.is_dir() and old.is_dir() and not old.is_symlink() and _exchange(new, old):
        os.rename(new, retired)  # it now holds the old entry
    elif new.is_dir() or old.is_dir():
        _rename_aside(new, old, retired)
    else:
        os.replace(new, old)


def _rename_aside(new: Path, old: Path, retired: Path) -> None:
    """`old` renamed to `retired`, then `new` to `old`; `old` is put back if that fails."""
    os.rename(old, retired)
    try:
        os.rename(new, old)
    except BaseException:
        os.rename(retired, old)
        raise


def _clean_inside(output: Path) -> None:
    """Remove the staging folders that killed runs left inside a mount point."""
    for stray in sorted(output.iterdir()):
        match = _INSIDE.fullmatch(stray.name)
        if match is not None and stray.is_dir() and not _alive(int(match[2])):
            shutil.rmtree(stray, ignore_errors=True)


def _swap(staging: Path, output: Path) -> None:
    """Move the new tree into place: one atomic exchange where the system has it; else the old
    tree is renamed aside first and removed last."""
    if not output.exists():
        os.rename(staging, output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old tree
        return
    import tempfile

    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}.old-{os.getpid()}-", dir=output.parent))
    os.rmdir(retired)
    _rename_aside(staging, output, retired)
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
        if not path.is_file() or "__pycache__" in relative.parts:
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
    import difflib

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
