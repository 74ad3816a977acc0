"""The whole pipeline in one readable function per command: load, normalize, render, format,
then write (generate) or compare (check).

Imports: every stage. Nothing imports this module but the CLI and the tests.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import load, normalize, render, write
from .diagnostics import Diagnostic, GeneratorError, Level


@dataclass(frozen=True)
class Options:
    spec: str
    output: Path
    settings: normalize.Settings = field(default_factory=normalize.Settings)
    templates: Path | None = None
    strict: bool = False
    """Treat warnings as errors."""
    progress: Callable[[str], None] | None = None
    """Told what each stage is doing, with counts (the CLI prints it on a terminal only)."""


def _say(options: Options, message: str) -> None:
    if options.progress is not None:
        options.progress(message)


@dataclass(frozen=True)
class Result:
    files: dict[str, str]
    warnings: tuple[Diagnostic, ...]
    operations: int
    models: int
    seconds: float


def build(options: Options) -> Result:
    """Spec -> the formatted text of every output file; raises GeneratorError on spec errors."""
    started = time.perf_counter()
    _say(options, f"loading {'standard input' if options.spec == '-' else options.spec}")
    spec = load.load(options.spec)
    _say(options, _loaded(spec))
    api, warnings = normalize.normalize(spec, options.settings)
    _say(
        options,
        f"selected {len(api.operations)} operations, "
        f"{len(api.models)} models and {len(api.enums)} enums",
    )
    if options.strict and warnings:
        raise GeneratorError(
            Diagnostic(d.pointer, Level.ERROR, d.message + " (--strict)", d.line) for d in warnings
        )
    environment = render.make_environment(options.templates)
    rendered = render.render(api, environment)
    _say(options, f"rendered {len(rendered)} files; formatting the Python ones with black")
    files = write.format_files(rendered, render.python_paths())
    return Result(
        files=files,
        warnings=warnings,
        operations=len(api.operations),
        models=len(api.models) + len(api.enums),
        seconds=time.perf_counter() - started,
    )


def _loaded(spec: load.LoadedSpec) -> str:
    raw = spec.raw
    paths = raw.get("paths") or {}
    operations = sum(
        1 for item in paths.values() if isinstance(item, dict) for verb in item if verb in _VERBS
    )
    schemas = len((raw.get("components") or {}).get("schemas") or {})
    converted = f", converted from {spec.converted_from}" if spec.converted_from else ""
    return f"loaded {spec.source}{converted}: {operations} operations, {schemas} schemas"


_VERBS = frozenset(normalize.HTTP_METHODS)


def generate(options: Options) -> Result:
    result = build(options)
    _say(options, f"writing {len(result.files)} files to {options.output}")
    write.write_tree(result.files, options.output)
    return result


def check(options: Options) -> tuple[Result, write.Comparison]:
    result = build(options)
    return result, write.compare_tree(result.files, options.output)
