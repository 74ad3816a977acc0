"""black, fast: one fixed mode, modules cut into top-level chunks, chunks formatted in parallel.

black's output for a module is the output for each top-level statement, joined by the blank lines
its rules put between them. `split` cuts a rendered module only where those rules do not depend on
what is inside the chunks: before a top-level `class`/`def`/decorator (black always puts exactly two
blank lines there) and between two top-level simple statements of the `NAME: ... = ...` kind (black
keeps the blank lines the source has, at most two). `join` puts them back that way. The result is
byte-identical to `black.format_str` on the whole module; tests/test_manifest.py checks it on every
generated module, and benchmarks/run.py on the large spec.

Chunks are what the cache (`manifest.py`) keys on, and what the process pool shares out: a spec with
a thousand operations gives a few thousand chunks, which both cores format. Small outputs are
formatted in process: forking a pool costs more than it saves below `PARALLEL_MIN_LINES`.

Imports: diagnostics. black is imported only when something is formatted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, GeneratorError, Level

LINE_LENGTH = 88
"""black's line length, and so the width every emitter lays out to (render.black_layout,
render.pysource's docstrings): the one definition."""
TARGET_VERSION = "PY310"
MODE_DESCRIPTION = f"line_length={LINE_LENGTH},target={TARGET_VERSION},magic_trailing_comma,stable"
"""What the manifest records of the mode: a different mode gives different output."""
PARALLEL_MIN_LINES = 2_000
"""Below this many lines to format, a process pool costs more than it saves (measured: ~0.1 s to
fork and hand out work vs ~3,000-7,000 lines/s per core)."""

# A split point: one or more blank lines, then a line at column 0 that starts a chunk.
_BOUNDARY = re.compile(r"\n((?:[ \t]*\n)+)(?=class |def |async def |@|[A-Za-z_][A-Za-z0-9_]*: )")
_DEF = ("class ", "def ", "async def ", "@")
_SIMPLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:: [^=]*)? = ")
_CLOSING = (")", "]", "}")


@dataclass(frozen=True)
class Chunk:
    text: str
    blank_lines_before: int
    """Blank lines to put between the previous chunk and this one (0 for the first)."""


def black_version() -> str:
    """black's version without importing black (its import costs ~0.1 s)."""
    try:
        from _black_version import version  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - an unusual install of black
        from importlib.metadata import version as dist_version

        return dist_version("black")
    return str(version)


def black_mode() -> Any:
    import black
    from black.mode import TargetVersion

    return black.Mode(
        target_versions={getattr(TargetVersion, TARGET_VERSION)},
        line_length=LINE_LENGTH,
        string_normalization=True,
        magic_trailing_comma=True,
        preview=False,
    )


def _last_statement(text: str) -> str:
    """The first line of the last top-level statement of a chunk."""
    for line in reversed(text.splitlines()):
        if line and not line[0].isspace() and not line.startswith(("#", *_CLOSING)):
            return line
    return ""


def split(source: str) -> list[Chunk]:
    """Cut a module into chunks that black formats the same alone as in the whole module."""
    pieces = _BOUNDARY.split(source)
    chunks = [Chunk(pieces[0] + "\n", 0)]
    for index in range(1, len(pieces), 2):
        blanks = pieces[index].count("\n")
        text = pieces[index + 1]
        previous = _last_statement(chunks[-1].text)
        if text.startswith(_DEF):
            chunks.append(Chunk(text, 2))
        elif _SIMPLE.match(text) and _SIMPLE.match(previous) and not previous.startswith(_DEF):
            chunks.append(Chunk(text, min(blanks, 2)))
        else:  # not a safe place to cut: keep the text together
            last = chunks.pop()
            chunks.append(Chunk(last.text + "\n" * blanks + text, last.blank_lines_before))
    if not source.endswith("\n"):
        last = chunks.pop()
        chunks.append(Chunk(last.text.removesuffix("\n"), last.blank_lines_before))
    return chunks


def join(chunks: Sequence[Chunk], formatted: Sequence[str]) -> str:
    parts: list[str] = []
    for chunk, text in zip(chunks, formatted, strict=True):
        if not text:
            continue
        if parts:
            parts.append("\n" * chunk.blank_lines_before)
        parts.append(text)
    return "".join(parts)


_MODE: Any = None


def format_chunk(text: str) -> str:
    """black on one chunk (also the process pool's task)."""
    global _MODE
    import black

    if _MODE is None:
        _MODE = black_mode()
    # A chunk is cut without its last newline (or, alone in its module, with one too many); black
    # would fix that, see its output differ from its input, and format everything a second time
    # to be sure of it. Its output ends with exactly one newline either way.
    return black.format_str(text.rstrip("\n") + "\n", mode=_MODE)


def format_many(
    texts: Sequence[str], path_of: Sequence[str], *, jobs: int | None = None
) -> list[str]:
    """black on many chunks, in a process pool when there is enough work for one; a syntax error
    (a generator bug) is reported with the file it came from."""
    from black.parsing import InvalidInput

    lines = sum(t.count("\n") for t in texts)
    workers = jobs if jobs is not None else cpu_count()
    try:
        if workers <= 1 or lines < PARALLEL_MIN_LINES or len(texts) < 2:
            return [format_chunk(t) for t in texts]
        return _format_parallel(texts, workers)
    except InvalidInput as error:
        where = _find_invalid(texts, path_of)
        raise GeneratorError(
            [
                Diagnostic(
                    "#",
                    Level.ERROR,
                    f"internal error: rendered {where} is not valid Python ({error}); "
                    "please report it with the spec",
                )
            ]
        ) from None


def _find_invalid(texts: Sequence[str], path_of: Sequence[str]) -> str:
    from black.parsing import InvalidInput

    for text, path in zip(texts, path_of, strict=True):
        try:
            format_chunk(text)
        except InvalidInput:
            return path
    return "a file"  # pragma: no cover


def _format_batch(texts: list[str]) -> list[str]:
    return [format_chunk(text) for text in texts]


def _format_parallel(texts: Sequence[str], workers: int) -> list[str]:
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Largest first, in batches of about the same number of lines, handed out one at a time: the
    # big chunks start early, and the small ones fill the gaps at the end.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    target = max(200, count_lines(texts) // (workers * 24))
    batches: list[list[int]] = [[]]
    size = 0
    for index in order:
        if size >= target:
            batches.append([])
            size = 0
        batches[-1].append(index)
        size += texts[index].count("\n")
    # Forked workers share the parent's memory until they write to it; keep the collector from
    # touching (and so copying) every object the parent still holds.
    gc.collect()
    gc.freeze()
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    results: list[str] = [""] * len(texts)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            work = [[texts[i] for i in batch] for batch in batches]
            for batch, formatted in zip(batches, pool.map(_format_batch, work), strict=True):
                for index, text in zip(batch, formatted, strict=True):
                    results[index] = text
    finally:
        gc.unfreeze()
    return results


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def format_module(source: str) -> str:
    """The whole-module result, chunk by chunk (what tests compare with `black.format_str`)."""
    chunks = split(source)
    return join(chunks, [format_chunk(c.text) for c in chunks])


def count_lines(texts: Iterable[str]) -> int:
    return sum(t.count("\n") for t in texts)
