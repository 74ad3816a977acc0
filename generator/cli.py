"""The `scimgen` command line: `generate`, `check` and `changes`.

Settings come from `[tool.scimgen]` in the current directory's pyproject.toml (or `--config PATH`);
flags override them (see config.py).

Exit codes: 0 ok; 1 `check` found that the generated package is not current; 2 bad input or usage
(spec errors are printed together, one per line, with their JSON pointer and line; never a
traceback); 3 `changes` found a breaking change. An unexpected exception inside the generator is a
bug: it is reported in one line, with exit 2; `--debug` (or SCIMGEN_DEBUG=1) shows its traceback.

Imports: diagnostics at start-up; the pipeline (and with it jinja2, pydantic, black) only when a
command runs, so `scimgen --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from . import __version__, config
from .diagnostics import Diagnostic, ExitCode, GeneratorError, Level, printable
from .write import UnsafeOutput

DEBUG_ENV = "SCIMGEN_DEBUG"
T = TypeVar("T")

if TYPE_CHECKING:
    from .pipeline import Options


def _report(diagnostics: tuple[Diagnostic, ...], source: str) -> None:
    for diagnostic in diagnostics:
        color = "red" if diagnostic.level is Level.ERROR else "yellow"
        click.secho(f"{source}: {diagnostic}", fg=color, err=True)


def _fail(error: GeneratorError, source: str) -> NoReturn:
    _report(error.diagnostics, _display(error.source) if error.source is not None else source)
    errors = sum(d.level is Level.ERROR for d in error.diagnostics)
    click.secho(f"scimgen: {errors} error(s); nothing was written.", fg="red", err=True, bold=True)
    sys.exit(ExitCode.BAD_INPUT)


def _debugging() -> bool:
    context = click.get_current_context(silent=True)
    root = context.find_root() if context is not None else None
    flag = bool(root.obj) if root is not None else False
    return flag or os.environ.get(DEBUG_ENV, "") not in ("", "0")


def _guarded(run: Callable[[], T], spec: str) -> T:
    """Run a pipeline function: spec problems become their diagnostics, file-system problems one
    line, anything else an "internal error" line (exit 2). `--debug` re-raises the unexpected."""
    try:
        return run()
    except GeneratorError as error:
        _fail(error, spec)
    except UnsafeOutput as error:
        click.secho(printable(f"scimgen: {error}"), fg="red", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    except OSError as error:
        where = f" {error.filename}" if error.filename else ""
        click.secho(f"scimgen: cannot write{where}: {error.strerror or error}", fg="red", err=True)
        sys.exit(ExitCode.BAD_INPUT)
    except Exception as error:
        if _debugging():
            raise
        click.secho(
            printable(
                f"scimgen: internal error ({type(error).__name__}: {error}); nothing was written. "
                "This is a bug in scimgen: please report it, with the spec. "
                f"Run with --debug (or {DEBUG_ENV}=1) to see the traceback."
            ),
            fg="red",
            err=True,
        )
        sys.exit(ExitCode.BAD_INPUT)


spec_option = click.option(
    "--spec",
    default=None,
    metavar="PATH",
    help="The API description: OpenAPI 3.0/3.1 or Swagger 2.0, YAML or JSON; '-' reads standard "
    f"input. [config: spec; default: {config.DEFAULT_SPEC}]",
)
output_option = click.option(
    "--output",
    default=None,
    metavar="DIR",
    help="The folder of the generated package, replaced as a whole: only if it is absent, empty or "
    f"written by scimgen (see --force). [config: output; default: {config.DEFAULT_OUTPUT}]",
)
force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace the output folder even if it holds files scimgen did not write (they are "
    "deleted). Never the current folder, one holding it, or one holding the spec or config.",
)
strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings about the spec as errors."
)
no_cache_option = click.option(
    "--no-cache",
    is_flag=True,
    help="Ignore the manifest in the output folder and the template cache: render and format "
    "everything.",
)
jobs_option = click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Processes for black (default: one per core, for outputs big enough to gain from it).",
)


config_option = click.option(
    "--config",
    "config_path",
    default=None,
    metavar="PATH",
    help="Read [tool.scimgen] from this file instead of ./pyproject.toml.",
)
method_name_extension_option = click.option(
    "--method-name-extension",
    default=None,
    metavar="NAME",
    help="The operation extension that holds each method's name ('' to name methods by "
    "operationId; an operation's x-python-name still wins). [config: method-name-extension; "
    f"default: {config.DEFAULT_METHOD_NAME_EXTENSION}]",
)


exclusion_options = (
    click.option(
        "--exclude-tag",
        "exclude_tags",
        multiple=True,
        metavar="TAG",
        help="Leave out this tag's API class; operations with no other selected tag are not "
        "generated (repeatable). [config: exclude-tags]",
    ),
    click.option(
        "--exclude-operation",
        "exclude_operations",
        multiple=True,
        metavar="ID",
        help="Leave out this operation, named as in --operation (repeatable; wins over --tag "
        "and --operation). [config: exclude-operations]",
    ),
)


def generation_options(command: Any) -> Any:
    """The options `generate` and `check` share: what to read, select and write."""
    options = [
        spec_option,
        output_option,
        click.option(
            "--tag",
            "tags",
            multiple=True,
            metavar="TAG",
            help="Generate only operations with this tag (repeatable). [config: tags]",
        ),
        click.option(
            "--operation",
            "operations",
            multiple=True,
            metavar="ID",
            help="Generate only this operation: its operationId, its method name in the "
            "extension, or its Python name (repeatable; adds to --tag). [config: operations]",
        ),
        *exclusion_options,
        method_name_extension_option,
        click.option(
            "--package",
            default=None,
            metavar="NAME",
            help="Import name of the generated package. [config: package]",
        ),
        click.option(
            "--distribution",
            default=None,
            metavar="NAME",
            help="Distribution name of the generated package. [config: distribution]",
        ),
        click.option(
            "--package-version",
            default=None,
            metavar="VERSION",
            help="Version of the generated package. [config: version]",
        ),
        click.option(
            "--templates",
            default=None,
            metavar="DIR",
            help="A folder of templates that replace built-in ones of the same name. "
            "[config: templates]",
        ),
        config_option,
        strict_option,
        no_cache_option,
        jobs_option,
        click.option(
            "--quiet",
            "-q",
            is_flag=True,
            help="Print nothing but problems (and check's diff). Progress is only ever shown on "
            "a terminal.",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _options(
    *,
    config_path: str | None,
    strict: bool,
    quiet: bool,
    package_version: str | None = None,
    no_cache: bool = False,
    jobs: int | None = None,
    force: bool = False,
    verify: bool = False,
    **flags: Any,
) -> Options:
    """The pipeline's options: the config file's settings with the flags over them (`flags`:
    the settings' own, by their names in `config.Config`)."""
    from .pipeline import Options

    settings = config.load(config_path, Path.cwd()).with_flags(version=package_version, **flags)
    return Options(
        spec=settings.spec,
        output=Path(settings.output),
        settings=settings.to_settings(),
        templates=settings.templates_folder(),
        strict=strict,
        use_cache=not no_cache,
        jobs=jobs,
        progress=None if quiet or not _is_terminal() else _Progress(),
        force=force,
        verify=verify,
        config_file=settings.source or None,
    )


def _is_terminal() -> bool:
    return sys.stderr.isatty()


class _Progress:
    """Stage messages on stderr, each with the seconds since the command started."""

    def __init__(self) -> None:
        import time

        self._clock = time.perf_counter
        self._started = self._clock()

    def __call__(self, message: str) -> None:
        click.secho(
            f"scimgen [{self._clock() - self._started:5.1f} s] {message}", err=True, dim=True
        )


def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scimgen")
@click.option(
    "--debug",
    is_flag=True,
    help=f"Show the traceback of an internal error (also: {DEBUG_ENV}=1).",
)
@click.pass_context
def main(context: click.Context, debug: bool) -> None:
    """Generate a typed Python client package from an OpenAPI description of the Genesys Cloud
    SCIM API, and check that a committed one is current.

    Exit codes: 0 ok, 1 the generated package is not current (check), 2 bad input or usage,
    3 `changes` found a breaking change.
    """
    context.obj = debug


@main.command()
@generation_options
@force_option
@click.option(
    "--verify",
    is_flag=True,
    help="Run black over every chunk, also those scimgen knows black leaves as they are "
    "(and say if one of those would have changed: a bug). Implies a full run.",
)
def generate(quiet: bool, force: bool, verify: bool, **flags: Any) -> None:
    """Regenerate the client package from the spec (atomically: all or nothing)."""
    from .pipeline import generate as run

    options = _guarded(
        lambda: _options(quiet=quiet, force=force, verify=verify, **flags),
        flags["spec"] or config.DEFAULT_SPEC,
    )
    source = _display(options.spec)
    result = _guarded(lambda: run(options), source)
    _report(result.warnings, source)
    for path in sorted(set(result.mistrusted)):
        click.secho(
            f"scimgen: internal error: black changed a chunk of {path} that scimgen took as black "
            "writes it; the files written are black's. Please report it, with the spec.",
            fg="red",
            err=True,
        )
    if quiet:
        return
    skipped = f" ({result.skipped} operations left out)" if result.skipped else ""
    summary = f"scimgen: {result.operations} operations{skipped}, {result.models} models and enums"
    if result.unchanged:
        click.echo(
            f"{summary}; {options.output}/ is already current ({len(result.files)} files), "
            f"nothing written ({result.seconds:.2f} s)",
            err=True,
        )
        return
    click.echo(
        f"{summary}, {len(result.files)} files written to {options.output}/ in "
        f"{result.seconds:.2f} s (black: {result.formatted_chunks} chunks formatted, "
        f"{result.trusted_chunks} already as black writes them, {result.reused_chunks} reused)",
        err=True,
    )


@main.command()
@generation_options
def check(quiet: bool, **flags: Any) -> None:
    """Exit 1 with a diff if the committed package differs from what the spec gives."""
    from .pipeline import check as run

    options = _guarded(lambda: _options(quiet=quiet, **flags), flags["spec"] or config.DEFAULT_SPEC)
    source = _display(options.spec)
    result, comparison = _guarded(lambda: run(options), source)
    _report(result.warnings, source)
    output = options.output
    if comparison.current:
        if not quiet:
            click.echo(f"scimgen: {output}/ is current ({len(result.files)} files).", err=True)
        return
    click.echo(comparison.diff, nl=False)
    summary = []
    if comparison.changed:
        summary.append(f"{len(comparison.changed)} changed")
    if comparison.added:
        summary.append(f"{len(comparison.added)} missing")
    if comparison.removed:
        summary.append(f"{len(comparison.removed)} not generated")
    click.secho(
        f"scimgen: {output}/ is not current ({', '.join(summary)}); run `scimgen generate`.",
        fg="red",
        err=True,
    )
    sys.exit(ExitCode.STALE)


@main.command()
@click.argument("old_spec", metavar="OLD_SPEC")
@click.argument("new_spec", metavar="NEW_SPEC")
@click.option(
    "--tag", "tags", multiple=True, metavar="TAG", help="Compare only these tags' operations."
)
@click.option(
    "--operation", "operations", multiple=True, metavar="ID", help="... and these operations."
)
@exclusion_options[0]
@exclusion_options[1]
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for machines.",
)
@method_name_extension_option
@click.option(
    "--package-version",
    default=None,
    metavar="VERSION",
    help="The current version of the generated package, to suggest the next. [config: version]",
)
@config_option
def changes(
    old_spec: str,
    new_spec: str,
    output_format: str,
    package_version: str | None,
    config_path: str | None,
    **flags: Any,
) -> None:
    """List what changes for users of the generated client from OLD_SPEC to NEW_SPEC, each
    change marked breaking or not, and suggest the version bump.

    Selection (tags, operations) and the current version come from [tool.scimgen] unless given.
    Exit codes: 0 nothing breaking, 3 something breaking, 2 bad input.
    """
    from . import changes as report_changes
    from . import pipeline

    settings = _guarded(
        lambda: config.load(config_path, Path.cwd()).with_flags(version=package_version, **flags),
        _display(old_spec),
    )
    found = _guarded(
        lambda: pipeline.changes(old_spec, new_spec, settings.to_settings()), _display(old_spec)
    )
    for source in found.empty:
        click.secho(
            f"scimgen: note: {_display(source)} has no operation that the selection "
            "(tags, operations, exclusions) keeps",
            fg="yellow",
            err=True,
        )
    render = report_changes.as_json if output_format == "json" else report_changes.as_text
    click.echo(
        render(found.report, _display(old_spec), _display(new_spec), settings.version), nl=False
    )
    if found.report.breaking:
        sys.exit(ExitCode.BREAKING)


if __name__ == "__main__":  # pragma: no cover
    main()
