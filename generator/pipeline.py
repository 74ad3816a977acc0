"""The whole pipeline in one readable function per command: load, normalize, render, format,
then write (generate) or compare (check).

Imports: every stage. Nothing imports this module but the CLI and the tests.
"""

from __future__ import annotations

import time
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
    spec = load.load(options.spec)
    api, warnings = normalize.normalize(spec, options.settings)
    if options.strict and warnings:
        raise GeneratorError(
            Diagnostic(d.pointer, Level.ERROR, d.message + " (--strict)", d.line) for d in warnings
        )
    environment = render.make_environment(options.templates)
    rendered = render.render(api, environment)
    files = write.format_files(rendered, render.python_paths())
    return Result(
        files=files,
        warnings=warnings,
        operations=len(api.operations),
        models=len(api.models) + len(api.enums),
        seconds=time.perf_counter() - started,
    )


def generate(options: Options) -> Result:
    result = build(options)
    write.write_tree(result.files, options.output)
    return result


def check(options: Options) -> tuple[Result, write.Comparison]:
    result = build(options)
    return result, write.compare_tree(result.files, options.output)
