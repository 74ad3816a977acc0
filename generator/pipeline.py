"""The whole pipeline in one readable function per command: load, normalize, render, format,
then write (generate) or compare (check).

With the manifest (`manifest.py`) both commands first ask whether anything changed since the last
`generate`; only if so do they load the spec, and black only formats the chunks whose render is
new. `Options.use_cache=False` (`--no-cache`) does everything from scratch.

Imports: diagnostics, fmt and manifest at start-up; the stages (and with them yaml, pydantic,
openapi-pydantic, jinja2, black) only when they run, so a run that changes nothing never imports
them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import fmt, manifest
from .diagnostics import Diagnostic, GeneratorError, Level

if TYPE_CHECKING:
    from . import write


def _default_settings() -> Any:
    from .normalize import Settings

    return Settings()


@dataclass(frozen=True)
class Options:
    spec: str
    output: Path
    settings: Any = field(default_factory=_default_settings)
    """A `normalize.Settings`."""
    templates: Path | None = None
    strict: bool = False
    """Treat warnings as errors."""
    use_cache: bool = True
    """Use the manifest in the output folder and Jinja's bytecode cache (`--no-cache`: don't)."""
    jobs: int | None = None
    """Processes for black (default: one per core, for outputs big enough to gain from it)."""
    progress: Callable[[str], None] | None = None
    """Told what each stage is doing, with counts (the CLI prints it on a terminal only)."""
    force: bool = False
    """Replace the output folder even if it holds files scimgen did not write (`--force`)."""
    config_file: str | None = None
    """The configuration file the settings came from: an input, never part of the output."""


def _say(options: Options, message: str) -> None:
    if options.progress is not None:
        options.progress(message)


@dataclass(frozen=True)
class Result:
    files: dict[str, str]
    """The package's files (the manifest aside)."""
    warnings: tuple[Diagnostic, ...]
    operations: int
    models: int
    seconds: float
    skipped: int = 0
    """Operations left out (with a warning) because the client cannot express them."""
    manifest_text: str = ""
    unchanged: bool = False
    """Nothing changed since the last generate: nothing was loaded, rendered or formatted."""
    formatted_chunks: int = 0
    reused_chunks: int = 0


def _spec_bytes(options: Options) -> bytes | None:
    if options.spec == "-":
        return None
    try:
        return Path(options.spec).read_bytes()
    except OSError:
        return None  # the full run reports it


def _as_tuple(diagnostic: Diagnostic) -> manifest.RecordedWarning:
    return (
        diagnostic.pointer,
        diagnostic.level.value,
        diagnostic.message,
        diagnostic.line,
        diagnostic.column,
    )


def _unchanged(options: Options) -> Result | None:
    """Level 1 of the cache: the inputs and every output file are as the manifest recorded."""
    started = time.perf_counter()
    if not options.use_cache:
        return None
    recorded = manifest.load(options.output)
    spec = _spec_bytes(options)
    if recorded is None or spec is None:
        return None
    if recorded.warnings and options.strict:
        return None  # the full run turns them into errors
    if recorded.black != fmt.black_version() or recorded.mode != fmt.MODE_DESCRIPTION:
        return None
    if manifest.inputs_fingerprint(spec, options.settings, options.templates) != recorded.inputs:
        return None
    files = manifest.verified_files(recorded, options.output)
    if files is None:
        return None
    warnings = tuple(
        Diagnostic(pointer, Level(level), message, line, column)
        for pointer, level, message, line, column in recorded.warnings
    )
    return Result(
        files=files,
        warnings=warnings,
        operations=recorded.stats.get("operations", 0),
        models=recorded.stats.get("models", 0),
        skipped=recorded.stats.get("skipped_operations", 0),
        seconds=time.perf_counter() - started,
        unchanged=True,
    )


def build(options: Options) -> Result:
    """Spec -> the formatted text of every output file; raises GeneratorError on spec errors."""
    from . import load, normalize, render, reserved

    started = time.perf_counter()
    _say(options, f"loading {'standard input' if options.spec == '-' else options.spec}")
    source, text = load.read_source(options.spec)
    spec = load.load_text(source, text)
    _say(options, _loaded(spec))
    # Compiled templates are cached like .pyc files (keyed by their source), even with --no-cache,
    # which is about the generated output: they cannot make it stale.
    environment = render.make_environment(options.templates, bytecode_cache=True)
    # Spec names are kept off every name these templates use themselves.
    api, warnings = normalize.normalize(spec, options.settings, reserved.scan(environment))
    _say(
        options,
        f"selected {len(api.operations)} operations, "
        f"{len(api.models)} models and {len(api.enums)} enums",
    )
    if options.strict and warnings:
        raise GeneratorError(
            replace(d, level=Level.ERROR, message=d.message + " (--strict)") for d in warnings
        )
    raw_spec = _spec_bytes(options)
    inputs = manifest.inputs_fingerprint(
        raw_spec if raw_spec is not None else text.encode("utf-8"),
        options.settings,
        options.templates,
    )
    rendered = render.render(api, environment)
    _say(options, f"rendered {len(rendered)} files; formatting the Python ones with black")
    package = api.package
    stats = {
        "operations": len(api.operations),
        "models": len(api.models) + len(api.enums),
        "skipped_operations": len(api.skipped_operations),
    }
    del spec, api  # the document is the biggest thing in memory; the pool forks after this
    cache = manifest.ChunkCache(
        manifest.load(options.output) if options.use_cache else None, options.output
    )
    is_python = render.python_paths(package, environment)
    files, entries, formatted = _format(rendered, is_python, cache, options.jobs)
    recorded = manifest.build(inputs, entries, stats, (_as_tuple(w) for w in warnings))
    return Result(
        files=files,
        warnings=warnings,
        operations=stats["operations"],
        models=stats["models"],
        skipped=stats["skipped_operations"],
        seconds=time.perf_counter() - started,
        manifest_text=recorded.dumps(),
        formatted_chunks=formatted,
        reused_chunks=cache.reused,
    )


def _loaded(spec: Any) -> str:
    from .scope import HTTP_METHODS

    raw = spec.raw
    paths = raw.get("paths") or {}
    operations = sum(
        1
        for item in paths.values()
        if isinstance(item, dict)
        for verb in item
        if verb in HTTP_METHODS
    )
    schemas = len((raw.get("components") or {}).get("schemas") or {})
    converted = f", converted from {spec.converted_from}" if spec.converted_from else ""
    return f"loaded {spec.source}{converted}: {operations} operations, {schemas} schemas"


def _format(
    rendered: dict[str, str],
    is_python: Any,
    cache: manifest.ChunkCache,
    jobs: int | None,
) -> tuple[dict[str, str], dict[str, manifest.FileEntry], int]:
    """Every file's final text: Python through black, chunk by chunk, where the cache has no
    formatted text for the chunk; everything else with one final newline."""
    split: dict[str, list[fmt.Chunk]] = {}
    formatted: dict[str, list[str | None]] = {}
    todo: list[tuple[str, int]] = []
    for path in sorted(rendered):
        if not is_python(path):
            continue
        chunks = fmt.split(rendered[path])
        split[path] = chunks
        known: list[str | None] = []
        for index, chunk in enumerate(chunks):
            text = cache.get(manifest.short(chunk.text))
            known.append(text)
            if text is None:
                todo.append((path, index))
        formatted[path] = known
    results = fmt.format_many(
        [split[path][index].text for path, index in todo],
        [path for path, _ in todo],
        jobs=jobs,
    )
    for (path, index), text in zip(todo, results, strict=True):
        formatted[path][index] = text
    files: dict[str, str] = {}
    entries: dict[str, manifest.FileEntry] = {}
    for path in sorted(rendered):
        text = rendered[path]
        if path in split:
            texts: list[str] = [t or "" for t in formatted[path]]
            final = fmt.join(split[path], texts)
            entries[path] = manifest.file_entry(text, final, split[path], texts)
        else:
            final = text + "\n" if text and not text.endswith("\n") else text
            entries[path] = manifest.file_entry(text, final, None, None)
        files[path] = final
    return files, entries, len(todo)


def _inputs(options: Options) -> list[tuple[str, Path]]:
    """What the output folder must never hold: it is replaced as a whole."""
    found = [("scimgen's own code", Path(__file__).resolve().parent)]
    found += [("scimgen's templates", folder) for folder in manifest.templates_dirs(None)]
    if options.spec != "-":
        found.append(("the spec", Path(options.spec)))
    if options.config_file:
        found.append(("the configuration", Path(options.config_file)))
    if options.templates is not None:
        found.append(("the templates", options.templates))
    return found


def generate(options: Options) -> Result:
    from . import write

    write.check_destination(options.output, _inputs(options))
    unchanged = _unchanged(options)
    if unchanged is not None and set(write.read_tree(options.output, names_only=True)) == set(
        unchanged.files
    ):
        return unchanged
    result = build(options)
    on_disk = manifest.read_output_files(options.output, [*result.files, manifest.NAME])
    wanted = {**result.files, manifest.NAME: result.manifest_text}
    if on_disk != wanted or set(write.read_tree(options.output)) != set(result.files):
        foreign = write.foreign_files(options.output, wanted, manifest.owned_paths(options.output))
        write.check_ownership(options.output, foreign, force=options.force)
        _say(options, f"writing {len(result.files)} files to {options.output}")
        write.write_tree(wanted, options.output)
    return result


def check(options: Options) -> tuple[Result, write.Comparison]:
    from . import write

    if options.output.exists() and not options.output.is_dir():
        raise write.UnsafeOutput(f"--output {options.output} is a file, not a folder")
    unchanged = _unchanged(options)
    if unchanged is not None:
        extra = set(write.read_tree(options.output, names_only=True)) - set(unchanged.files)
        if not extra:
            return unchanged, write.Comparison(changed=(), added=(), removed=(), diff="")
    result = build(options)
    return result, write.compare_tree(result.files, options.output)
