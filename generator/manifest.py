"""The manifest: what `generate` wrote and from what, so that `generate` and `check` skip black
(and, when nothing at all changed, everything but hashing) without trusting anything unchecked.

`generated/.scimgen-manifest.json` is written by `generate`, committed with the package, and holds:

* `inputs`: one SHA-256 over everything the output is a function of: the spec's bytes, every
  template, the generator's own source, the settings, black's version and mode.
* per output file, the SHA-256 of its final text (`output`) and of its unformatted render
  (`render`); for Python files also, per chunk (`fmt.split`: top-level statements, and the
  methods of a class): the hash of the chunk's render, of its formatted text, and where that
  text sits in the file (blank lines before it, lines in it).
* the counts and the warnings of the run, so a run that changes nothing can still report them.

Three levels, each falling back to the next:

1. `inputs` unchanged and every file on disk hashes to its recorded `output` (and no other file is
   there): the output is current; nothing is loaded, rendered or formatted.
2. Otherwise render, and for each chunk whose render hash is recorded, take its formatted text from
   the file on disk, if that text still hashes to what the manifest recorded; black and mode must be
   the recorded ones. A hand edit, a spec change, a template change or another black therefore only
   cost black for the chunks they touch (another black: all of them).
3. Format the rest with black.

`check` does not compare the manifest itself (`write.read_tree` skips dot files): a stale manifest
only makes `check` slower, never wrong. `--no-cache` ignores the manifest (and Jinja's bytecode
cache).

Imports: nothing from the generator beyond `fmt` and `config` (no jinja2, pydantic, yaml or
black), so that level 1 costs a Python start-up and some hashing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, config, fmt

NAME = ".scimgen-manifest.json"
FORMAT = 1
# (pointer, level, message, line, column) of a warning.
RecordedWarning = tuple[str, str, str, int | None, int | None]
_GENERATOR_DIR = Path(__file__).resolve().parent


def sha(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def short(text: str) -> str:
    """The chunk hashes: 16 hex digits (64 bits) keep the manifest small; a collision within one
    file's chunks would need ~2^32 chunks."""
    return sha(text)[:16]


def templates_dirs(override: Path | None) -> list[Path]:
    """The folders the templates come from, in the order the environment searches them."""
    return [*([override] if override is not None else []), config.builtin_templates()]


def inputs_fingerprint(
    spec: bytes,
    settings: object,
    templates: Path | None,
    spec_files: Iterable[tuple[str, bytes | None]] = (),
) -> str:
    """One hash over everything the output depends on; `spec_files`: (path relative to the
    spec's folder, bytes or None if it cannot be read) of the other files the spec refers to."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("format", str(FORMAT).encode())
    add("scimgen", __version__.encode())
    add("black", fmt.black_version().encode())
    add("mode", fmt.MODE_DESCRIPTION.encode())
    add("settings", repr(settings).encode())
    add("spec", spec)
    for name, data in sorted(spec_files, key=lambda item: item[0]):
        add(f"spec file {name}" if data is not None else f"missing spec file {name}", data or b"")
    # Every module, subpackages' too (`rglob`): a stage split into a package is still an input.
    for source in sorted(_GENERATOR_DIR.rglob("*.py")):
        if "__pycache__" not in source.parts:
            add(f"generator/{source.relative_to(_GENERATOR_DIR).as_posix()}", source.read_bytes())
    for index, folder in enumerate(templates_dirs(templates)):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            add(f"templates{index}/{path.relative_to(folder).as_posix()}", path.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class ChunkEntry:
    render: str
    output: str
    blank_lines_before: int
    lines: int


@dataclass(frozen=True)
class FileEntry:
    output: str
    render: str
    chunks: tuple[ChunkEntry, ...] = ()


@dataclass(frozen=True)
class Manifest:
    inputs: str
    black: str
    mode: str
    files: dict[str, FileEntry]
    stats: dict[str, int] = field(default_factory=dict)
    warnings: tuple[RecordedWarning, ...] = ()
    """(pointer, level, message, line, column) of each warning of the run that wrote the output."""
    spec_files: tuple[str, ...] = ()
    """The other files the spec refers to (relative to its folder): inputs like the spec."""

    def dumps(self) -> str:
        files: dict[str, Any] = {}
        for path in sorted(self.files):
            entry = self.files[path]
            item: dict[str, Any] = {"output": entry.output, "render": entry.render}
            if entry.chunks:
                item["chunks"] = [
                    [c.render, c.output, c.blank_lines_before, c.lines] for c in entry.chunks
                ]
            files[path] = item
        document = {
            "about": "Written by `scimgen generate`; lets generate/check skip black. "
            "Commit it with the package; `scimgen check --no-cache` ignores it.",
            "format": FORMAT,
            "generator": f"scimgen {__version__}",
            "black": self.black,
            "mode": self.mode,
            "inputs": self.inputs,
            "stats": dict(sorted(self.stats.items())),
            "warnings": [list(w) for w in self.warnings],
            **({"spec_files": list(self.spec_files)} if self.spec_files else {}),
            "files": files,
        }
        # One chunk per line: readable diffs, and a small file.
        text = json.dumps(document, indent=1, sort_keys=False, ensure_ascii=False)
        return _compact_chunks(text) + "\n"


def _compact_chunks(text: str) -> str:
    """json.dumps(indent=1) puts every number of a chunk on its own line; put each chunk on one."""
    import re

    return re.sub(
        r"\[\n\s+(\"[0-9a-f]+\"),\n\s+(\"[0-9a-f]+\"),\n\s+(\d+),\n\s+(\d+)\n\s+\]",
        r"[\1, \2, \3, \4]",
        text,
    )


def load(output: Path) -> Manifest | None:
    """The manifest in `output`, or None if there is none or it is not one this version reads."""
    try:
        document = json.loads((output / NAME).read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            return None
        files = {
            path: FileEntry(
                output=item["output"],
                render=item["render"],
                chunks=tuple(
                    ChunkEntry(str(a), str(b), int(c), int(d))
                    for a, b, c, d in item.get("chunks", ())
                ),
            )
            for path, item in document["files"].items()
        }
        return Manifest(
            inputs=str(document["inputs"]),
            black=str(document["black"]),
            mode=str(document["mode"]),
            files=files,
            stats={str(k): int(v) for k, v in document.get("stats", {}).items()},
            warnings=tuple(_recorded_warning(*w) for w in document.get("warnings", ())),
            spec_files=tuple(str(name) for name in document.get("spec_files", ())),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _recorded_warning(
    where: Any, level: Any, message: Any, line: Any, column: Any = None
) -> RecordedWarning:
    """One recorded warning (manifests written before columns were recorded have none)."""
    return (
        str(where),
        str(level),
        str(message),
        None if line is None else int(line),
        None if column is None else int(column),
    )


def owned_paths(output: Path) -> set[str]:
    """The files the manifest in `output` says scimgen wrote there (of any manifest format: an
    older scimgen's output is scimgen's too); empty if there is no readable manifest."""
    try:
        document = json.loads((output / NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict):
        return set()
    return {path for path in files if isinstance(path, str)}


def read_output_files(output: Path, paths: Iterable[str]) -> dict[str, str] | None:
    """The text of `paths` under `output`, or None if any is missing or not UTF-8."""
    found: dict[str, str] = {}
    for path in paths:
        try:
            found[path] = (output / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    return found


def verified_files(manifest: Manifest, output: Path) -> dict[str, str] | None:
    """The files on disk if each hashes to what the manifest recorded, else None."""
    found = read_output_files(output, manifest.files)
    if found is None:
        return None
    for path, text in found.items():
        if sha(text) != manifest.files[path].output:
            return None
    return found


class OutputCache:
    """The output folder as a cache of the last `generate`, and black behind it: the one object
    the pipeline asks whether the output is current (level 1), and that formats the rendered
    files (levels 2 and 3) and records the manifest of what it did.

    `enabled=False` (`--no-cache`): nothing recorded is read; everything is formatted.
    """

    def __init__(self, output: Path, *, enabled: bool = True, verify: bool = False) -> None:
        self.output = output
        self._recorded = load(output) if enabled else None
        self._entries: dict[str, FileEntry] = {}
        self.verify = verify
        """Black over every chunk, trusted or not (`--verify`)."""
        self.formatted = 0
        """Chunks black formatted in the last `format`."""
        self.trusted = 0
        """Chunks `fmt.plan` found black would leave as they are, taken as rendered."""
        self.mistrusted: list[str] = []
        """With `verify`: the files of trusted chunks black would have changed (a bug)."""
        self.reused = 0
        """Chunks whose formatted text came from the output folder."""

    @property
    def recorded_spec_files(self) -> tuple[str, ...]:
        """The other files the spec referred to when the output was written."""
        return self._recorded.spec_files if self._recorded is not None else ()

    @property
    def has_record(self) -> bool:
        """The output folder holds a manifest this version reads (and the cache is enabled)."""
        return self._recorded is not None

    def current(self, inputs: str, *, strict: bool) -> tuple[Manifest, dict[str, str]] | None:
        """Level 1: (the recorded manifest, the files) if the inputs fingerprint to what it
        recorded and every file on disk is what it recorded, else None."""
        recorded = self._recorded
        if recorded is None or inputs != recorded.inputs or not _same_black(recorded):
            return None
        if recorded.warnings and strict:
            return None  # the full run turns them into errors
        files = verified_files(recorded, self.output)
        return None if files is None else (recorded, files)

    def format(
        self, rendered: Mapping[str, str], is_python: Callable[[str], bool], jobs: int | None
    ) -> dict[str, str]:
        """Every file's final text: Python through black, chunk by chunk, except the chunks whose
        formatted text the output folder still holds; everything else with one final newline."""
        split = {path: fmt.split(text) for path, text in rendered.items() if is_python(path)}
        formatted = self._formatted_chunks(split, jobs)
        return {
            path: self._final(path, rendered[path], split.get(path), formatted.get(path))
            for path in sorted(rendered)
        }

    def _formatted_chunks(
        self, split: Mapping[str, list[fmt.Chunk]], jobs: int | None
    ) -> dict[str, list[str]]:
        known = _ChunkTexts(None if self.verify else self._recorded, self.output)
        texts = {path: [known.get(short(c.text)) for c in chunks] for path, chunks in split.items()}
        planned = fmt.plan_files(split)
        for path, found in texts.items():
            for index, text in enumerate(found):
                if text is None and not self.verify:
                    found[index] = planned[path][index]
                    self.trusted += found[index] is not None
        todo = [(path, i) for path in sorted(texts) for i, t in enumerate(texts[path]) if t is None]
        results = fmt.format_many(
            [split[path][i].text for path, i in todo], [path for path, _ in todo], jobs=jobs
        )
        for (path, index), text in zip(todo, results, strict=True):
            texts[path][index] = text
            if self.verify and planned[path][index] not in (None, text):
                self.mistrusted.append(path)
        self.formatted, self.reused = len(todo), known.reused
        return {path: [text or "" for text in found] for path, found in texts.items()}

    def _final(
        self, path: str, rendered: str, chunks: list[fmt.Chunk] | None, texts: list[str] | None
    ) -> str:
        """The file's text, and its manifest entry kept for `record`."""
        if chunks is None or texts is None:
            final = rendered + "\n" if rendered and not rendered.endswith("\n") else rendered
        else:
            final = fmt.join(chunks, texts)
        self._entries[path] = file_entry(rendered, final, chunks, texts)
        return final

    def record(
        self,
        inputs: str,
        stats: Mapping[str, int],
        warnings: Iterable[RecordedWarning],
        spec_files: Iterable[str] = (),
    ) -> Manifest:
        """The manifest of the files the last `format` gave."""
        return Manifest(
            inputs=inputs,
            black=fmt.black_version(),
            mode=fmt.MODE_DESCRIPTION,
            files=dict(self._entries),
            stats=dict(stats),
            warnings=tuple(warnings),
            spec_files=tuple(sorted(spec_files)),
        )


def _same_black(recorded: Manifest) -> bool:
    return recorded.black == fmt.black_version() and recorded.mode == fmt.MODE_DESCRIPTION


class _ChunkTexts:
    """Formatted chunk texts from the previous run, by the hash of their render.

    Only text read back from the output folder and matching the recorded hashes is kept; with
    another black or mode nothing is.
    """

    def __init__(self, manifest: Manifest | None, output: Path) -> None:
        self._formatted: dict[str, str] = {}
        self.reused = 0
        if manifest is None or not _same_black(manifest):
            return
        for path, entry in manifest.files.items():
            if not entry.chunks:
                continue
            try:
                text = (output / path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            self._add_file(text, entry)

    def _add_file(self, text: str, entry: FileEntry) -> None:
        lines = text.splitlines(keepends=True)
        position = 0
        for chunk in entry.chunks:
            position += chunk.blank_lines_before if position else 0
            piece = "".join(lines[position : position + chunk.lines])
            position += chunk.lines
            if short(piece) == chunk.output:
                self._formatted[chunk.render] = piece

    def get(self, render_hash: str) -> str | None:
        found = self._formatted.get(render_hash)
        if found is not None:
            self.reused += 1
        return found


def file_entry(
    rendered: str, final: str, chunks: list[fmt.Chunk] | None, formatted: list[str] | None
) -> FileEntry:
    entries: tuple[ChunkEntry, ...] = ()
    if chunks is not None and formatted is not None:
        entries = tuple(
            ChunkEntry(
                render=short(chunk.text),
                output=short(text),
                blank_lines_before=chunk.blank_lines_before,
                lines=text.count("\n"),
            )
            for chunk, text in zip(chunks, formatted, strict=True)
            if text
        )
    return FileEntry(output=sha(final), render=sha(rendered), chunks=entries)
