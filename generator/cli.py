"""The `scimgen` command line: `generate` and `check`.

Exit codes: 0 ok; 1 `check` found that the generated package is not current; 2 bad input or usage
(spec errors are printed together, one per line, with their JSON pointer and line; never a
traceback). An unexpected exception inside the generator is a bug: it is reported in one line, with
exit 2; `--debug` (or SCIMGEN_DEBUG=1) shows its traceback instead.

Imports: diagnostics at start-up; the pipeline (and with it jinja2, pydantic, black) only when a
command runs, so `scimgen --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn, TypeVar

import click

from . import __version__
from .diagnostics import Diagnostic, ExitCode, GeneratorError, Level, printable

DEFAULT_SPEC = "specs/genesys-cloud-scim.yaml"
DEFAULT_OUTPUT = "generated"
DEBUG_ENV = "SCIMGEN_DEBUG"
T = TypeVar("T")


def _report(diagnostics: tuple[Diagnostic, ...], source: str) -> None:
    for diagnostic in diagnostics:
        color = "red" if diagnostic.level is Level.ERROR else "yellow"
        click.secho(f"{source}: {diagnostic}", fg=color, err=True)


def _fail(error: GeneratorError, source: str) -> NoReturn:
    _report(error.diagnostics, source)
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
    default=DEFAULT_SPEC,
    show_default=True,
    metavar="PATH",
    help="The OpenAPI description (YAML or JSON); '-' reads standard input.",
)
output_option = click.option(
    "--output",
    default=DEFAULT_OUTPUT,
    show_default=True,
    metavar="DIR",
    help="The folder of the generated package (replaced as a whole).",
)
strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings about the spec as errors."
)


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

    Exit codes: 0 ok, 1 the generated package is not current (check), 2 bad input or usage.
    """
    context.obj = debug


@main.command()
@spec_option
@output_option
@strict_option
def generate(spec: str, output: str, strict: bool) -> None:
    """Regenerate the client package from the spec (atomically: all or nothing)."""
    from .pipeline import Options
    from .pipeline import generate as run

    result = _guarded(lambda: run(Options(spec=spec, output=Path(output), strict=strict)), spec)
    _report(result.warnings, spec)
    click.echo(
        f"scimgen: {result.operations} operations, {result.models} models and enums, "
        f"{len(result.files)} files written to {output}/ in {result.seconds:.2f} s",
        err=True,
    )


@main.command()
@spec_option
@output_option
@strict_option
def check(spec: str, output: str, strict: bool) -> None:
    """Exit 1 with a diff if the committed package differs from what the spec gives."""
    from .pipeline import Options
    from .pipeline import check as run

    result, comparison = _guarded(
        lambda: run(Options(spec=spec, output=Path(output), strict=strict)), spec
    )
    _report(result.warnings, spec)
    if comparison.current:
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


if __name__ == "__main__":  # pragma: no cover
    main()
