"""The pipeline, one function per command: `build` loads, normalizes, renders, formats and records
the manifest; `generate` writes what it built, `check` compares it with the output folder, and
`changes` normalizes two specs and compares their IRs.

Formatting goes through one object, `manifest.OutputCache`: it says whether the output folder is
already current (then nothing is loaded at all), and formats with black only the chunks whose
formatted text the folder does not hold yet. `Options.use_cache=False` (`--no-cache`) does
everything from scratch.

Imports: diagnostics, fmt and manifest at start-up; the stages (and with them yaml, pydantic,
openapi-pydantic, jinja2, black) only when they run, so a run that changes nothing never imports
them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import manifest
from .config import Settings
from .diagnostics import Diagnostic, GeneratorError, Level

if TYPE_CHECKING:
    import jinja2

    from . import changes as changes_
    from . import ir, write
    from .load import LoadedSpec


def _default_settings() -> Settings:
    return Settings()


@dataclass(frozen=True)
class Options:
    spec: str
    output: Path
    settings: Settings = field(default_factory=_default_settings)
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
    verify: bool = False
    """Black over every chunk, none trusted or reused, the output's manifest not consulted
    (`--verify`)."""
    config_file: str | None = None
    """The configuration file the settings came from: an input, never part of the output."""

    def say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)


@dataclass(frozen=True)
class Counts:
    """What the CLI reports of a run, and the manifest records so that a run that changes
    nothing can still report it."""

    operations: int
    models: int
    """Models and enums."""
    skipped: int = 0
    """Operations left out (with a warning) because the client cannot express them."""

    @staticmethod
    def of(api: ir.Api) -> Counts:
        models = len(api.models) + len(api.enums)
        return Counts(len(api.operations), models, len(api.skipped_operations))

    @staticmethod
    def recorded(stats: dict[str, int]) -> Counts:
        return Counts(
            stats.get("operations", 0), stats.get("models", 0), stats.get("skipped_operations", 0)
        )

    def stats(self) -> dict[str, int]:
        return {
            "operations": self.operations,
            "models": self.models,
            "skipped_operations": self.skipped,
        }


@dataclass(frozen=True)
class Result:
    files: dict[str, str]
    """The package's files (the manifest aside)."""
    warnings: tuple[Diagnostic, ...]
    counts: Counts
    seconds: float
    manifest_text: str = ""
    unchanged: bool = False
    """Nothing changed since the last generate: nothing was loaded, rendered or formatted."""
    formatted_chunks: int = 0
    reused_chunks: int = 0
    trusted_chunks: int = 0
    """Chunks taken as rendered: `fmt.plan` found black would leave them so."""
    mistrusted: tuple[str, ...] = ()
    """With `--verify`: files with a trusted chunk black would have changed (a bug)."""

    @property
    def rendered_anew(self) -> int:
        """Chunks whose formatted text did not come from the output folder: black's, or trusted
        as rendered."""
        return self.formatted_chunks + self.trusted_chunks

    @property
    def operations(self) -> int:
        return self.counts.operations

    @property
    def models(self) -> int:
        return self.counts.models

    @property
    def skipped(self) -> int:
        """Operations left out (with a warning) because the client cannot express them."""
        return self.counts.skipped


def build(options: Options, cache: manifest.OutputCache | None = None) -> Result:
    """Spec -> the formatted text of every output file; raises GeneratorError on spec errors."""
    from . import render

    started = time.perf_counter()
    cache = cache or _cache(options)
    spec = _load(options)
    environment = _environment(options)
    api, warnings = _normalize(spec, environment, options)
    rendered = render.render(api, environment)
    options.say(f"rendered {len(rendered)} files; formatting the Python ones with black")
    inputs, counts = _fingerprint(options, spec.text, spec.files), Counts.of(api)
    spec_files = [name for name, _data in spec.files]
    is_python = render.python_paths(api.package, environment)
    del spec, api  # the document is the biggest thing in memory; black's pool forks after this
    files = cache.format(rendered, is_python, options.jobs)
    recorded = cache.record(inputs, counts.stats(), map(_as_tuple, warnings), spec_files)
    return Result(
        files=files,
        warnings=warnings,
        counts=counts,
        seconds=time.perf_counter() - started,
        manifest_text=recorded.dumps(),
        formatted_chunks=cache.formatted,
        reused_chunks=cache.reused,
        trusted_chunks=cache.trusted,
        mistrusted=tuple(cache.mistrusted),
    )


def _cache(options: Options) -> manifest.OutputCache:
    return manifest.OutputCache(
        options.output, enabled=options.use_cache and not options.verify, verify=options.verify
    )


def _load(options: Options) -> LoadedSpec:
    from . import load

    options.say(f"loading {'standard input' if options.spec == '-' else options.spec}")
    source, text = load.read_source(options.spec)
    spec = load.load_text(source, text)
    openapi = f"OpenAPI {spec.version}"
    kind = f"{spec.converted_from}, converted to {openapi}" if spec.converted_from else openapi
    options.say(f"loaded {spec.source} ({kind})")
    return spec


def _environment(options: Options) -> jinja2.Environment:
    from . import render

    # Compiled templates are cached like .pyc files (keyed by their source), even with --no-cache,
    # which is about the generated output: they cannot make it stale.
    return render.make_environment(options.templates, bytecode_cache=True)


def _normalize(
    spec: LoadedSpec, environment: jinja2.Environment, options: Options
) -> tuple[ir.Api, tuple[Diagnostic, ...]]:
    from . import normalize, reserved

    # Spec names are kept off every name these templates use themselves.
    api, warnings = normalize.normalize(spec, options.settings, reserved.scan(environment))
    options.say(
        f"selected {len(api.operations)} operations, "
        f"{len(api.models)} models and {len(api.enums)} enums"
    )
    if options.strict and warnings:
        raise GeneratorError(
            replace(d, level=Level.ERROR, message=d.message + " (--strict)") for d in warnings
        )
    return api, warnings


def _spec_bytes(options: Options) -> bytes | None:
    if options.spec == "-":
        return None
    try:
        return Path(options.spec).read_bytes()
    except OSError:
        return None  # the full run reports it


def _fingerprint(
    options: Options, text: str, spec_files: tuple[tuple[str, bytes | None], ...]
) -> str:
    """The manifest's `inputs`: of the spec's bytes as the file holds them (standard input's
    text if it came from there), of the other files it refers to, the settings and the
    templates."""
    spec = _spec_bytes(options)
    return manifest.inputs_fingerprint(
        spec if spec is not None else text.encode("utf-8"),
        options.settings,
        options.templates,
        spec_files,
    )


def _spec_files(options: Options, names: tuple[str, ...]) -> list[tuple[str, bytes | None]]:
    """The other files a spec referred to (as the manifest recorded them), read again."""
    folder = Path(options.spec).parent
    found: list[tuple[str, bytes | None]] = []
    for name in names:
        try:
            found.append((name, (folder / name).read_bytes()))
        except OSError:
            found.append((name, None))
    return found


def _as_tuple(diagnostic: Diagnostic) -> manifest.RecordedWarning:
    return (
        diagnostic.pointer,
        diagnostic.level.value,
        diagnostic.message,
        diagnostic.line,
        diagnostic.column,
    )


def _unchanged(options: Options, cache: manifest.OutputCache) -> Result | None:
    """Level 1 of the cache: the inputs and every output file are as the manifest recorded."""
    started = time.perf_counter()
    spec = _spec_bytes(options)
    if spec is None or not cache.has_record:
        return None
    inputs = manifest.inputs_fingerprint(
        spec,
        options.settings,
        options.templates,
        _spec_files(options, cache.recorded_spec_files),
    )
    current = cache.current(inputs, strict=options.strict)
    if current is None:
        return None
    recorded, files = current
    return Result(
        files=files,
        warnings=tuple(
            Diagnostic(pointer, Level(level), message, line, column)
            for pointer, level, message, line, column in recorded.warnings
        ),
        counts=Counts.recorded(recorded.stats),
        seconds=time.perf_counter() - started,
        unchanged=True,
    )


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
    cache = _cache(options)
    unchanged = None if options.verify else _unchanged(options, cache)
    if unchanged is not None and set(write.read_tree(options.output, names_only=True)) == set(
        unchanged.files
    ):
        return unchanged
    result = build(options, cache)
    on_disk = manifest.read_output_files(options.output, [*result.files, manifest.NAME])
    wanted = {**result.files, manifest.NAME: result.manifest_text}
    if on_disk != wanted or set(write.read_tree(options.output)) != set(result.files):
        foreign = write.foreign_files(options.output, wanted, manifest.owned_paths(options.output))
        write.check_ownership(options.output, foreign, force=options.force)
        options.say(f"writing {len(result.files)} files to {options.output}")
        write.write_tree(wanted, options.output)
    return result


def check(options: Options) -> tuple[Result, write.Comparison]:
    from . import write

    if options.output.exists() and not options.output.is_dir():
        raise write.UnsafeOutput(f"--output {options.output} is a file, not a folder")
    cache = manifest.OutputCache(options.output, enabled=options.use_cache)
    unchanged = _unchanged(options, cache)
    if unchanged is not None:
        extra = set(write.read_tree(options.output, names_only=True)) - set(unchanged.files)
        if not extra:
            return unchanged, write.Comparison(changed=(), added=(), removed=(), diff="")
    result = build(options, cache)
    return result, write.compare_tree(result.files, options.output)


@dataclass(frozen=True)
class Changes:
    report: changes_.Report
    empty: tuple[str, ...]
    """The specs (of the two) in which the selection keeps no operation."""


def changes(old_spec: str, new_spec: str, settings: Settings) -> Changes:
    """Normalize both specs with the same settings and compare the IRs. A spec without the
    selected operations (say, a new vendor document that lacks a tag) is an API with no methods:
    every method is then reported removed. A GeneratorError names the spec it is about."""
    from . import changes as changes_
    from . import load, normalize

    def normalized(source: str) -> ir.Api:
        try:
            return normalize.normalize(load.load(source), settings, empty_ok=True)[0]
        except GeneratorError as error:
            raise GeneratorError(error.diagnostics, source=source) from None

    old, new = normalized(old_spec), normalized(new_spec)
    empty = tuple(source for source, api in ((old_spec, old), (new_spec, new)) if not api.services)
    return Changes(changes_.compare(old, new), empty)
