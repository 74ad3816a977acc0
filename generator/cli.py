"""The `scimgen` command line: `generate` and `check`.

Exit codes: 0 ok; 1 `check` found that the generated package is not current; 2 bad input or usage
(spec errors are printed together, one per line, with their JSON pointer and line; never a
traceback).

Imports: diagnostics at start-up; the pipeline (and with it jinja2, pydantic, black) only when a
command runs, so `scimgen --help` stays instant.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .diagnostics import Diagnostic, ExitCode, GeneratorError, Level

DEFAULT_SPEC = "specs/genesys-cloud-scim.yaml"
DEFAULT_OUTPUT = "generated"


def _report(diagnostics: tuple[Diagnostic, ...], source: str) -> None:
    for diagnostic in diagnostics:
        color = "red" if diagnostic.level is Level.ERROR else "yellow"
        click.secho(f"{source}: {diagnostic}", fg=color, err=True)


def _fail(error: GeneratorError, source: str) -> NoReturn:
    _report(error.diagnostics, source)
    errors = sum(d.level is Level.ERROR for d in error.diagnostics)
    click.secho(f"scimgen: {errors} error(s); nothing was written.", fg="red", err=True, bold=True)
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="scimgen")
def main() -> None:
    """Generate a typed Python client package from an OpenAPI description of the Genesys Cloud
    SCIM API, and check that a committed one is current.

    Exit codes: 0 ok, 1 the generated package is not current (check), 2 bad input or usage.
    """


@main.command()
@spec_option
@output_option
@strict_option
@no_cache_option
@jobs_option
def generate(spec: str, output: str, strict: bool, no_cache: bool, jobs: int | None) -> None:
    """Regenerate the client package from the spec (atomically: all or nothing)."""
    from .pipeline import Options
    from .pipeline import generate as run

    options = Options(
        spec=spec, output=Path(output), strict=strict, use_cache=not no_cache, jobs=jobs
    )
    try:
        result = run(options)
    except GeneratorError as error:
        _fail(error, spec)
    _report(result.warnings, spec)
    skipped = f" ({result.skipped} operations left out)" if result.skipped else ""
    summary = f"scimgen: {result.operations} operations{skipped}, {result.models} models and enums"
    if result.unchanged:
        click.echo(
            f"{summary}; {output}/ is already current ({len(result.files)} files), "
            f"nothing written ({result.seconds:.2f} s)",
            err=True,
        )
        return
    click.echo(
        f"{summary}, {len(result.files)} files written to {output}/ in {result.seconds:.2f} s "
        f"(black: {result.formatted_chunks} chunks formatted, {result.reused_chunks} reused)",
        err=True,
    )


@main.command()
@spec_option
@output_option
@strict_option
@no_cache_option
@jobs_option
def check(spec: str, output: str, strict: bool, no_cache: bool, jobs: int | None) -> None:
    """Exit 1 with a diff if the committed package differs from what the spec gives."""
    from .pipeline import Options
    from .pipeline import check as run

    options = Options(
        spec=spec, output=Path(output), strict=strict, use_cache=not no_cache, jobs=jobs
    )
    try:
        result, comparison = run(options)
    except GeneratorError as error:
        _fail(error, spec)
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
