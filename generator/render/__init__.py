"""Stage 3: the IR -> {relative path: file text}: each output file rendered from its Jinja
template or, for the runtime, copied as it is.

The package's modules, each with one job:
- `pysource`: the only emitters of Python text (annotation, literal, docstring, one_line). Spec
  text never reaches generated code any other way, so a description holding `\"\"\"`, `{{ }}` or
  code can only ever become the inside of a string or a comment.
- `markup`: the same for Markdown, HTML comments and TOML strings (the docs, README, pyproject).
- `views`: what templates ask about the API (`ctx`), and the `Imports` collector.
- `black_layout`: the statement shapes whose layout depends on the length of spec names.
Templates only loop, test IR attributes and call these.

Imports: ir, config (where the built-in templates are), diagnostics. Jinja2 is imported here only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import config, ir, precompiled
from ..diagnostics import Diagnostic, GeneratorError, Level
from . import black_layout, markup, pysource
from .pysource import annotation, clean_text, docstring, field_annotation, literal, one_line
from .views import RUNTIME_EXPORTS, Import, Imports, Views, all_order, import_order

__all__ = [
    "MAX_OUTPUT",
    "OUTPUT_FILES",
    "RUNTIME_EXPORTS",
    "Import",
    "Imports",
    "OutputFile",
    "Views",
    "all_order",
    "annotation",
    "clean_text",
    "docstring",
    "field_annotation",
    "import_order",
    "literal",
    "make_environment",
    "one_line",
    "python_paths",
    "render",
    "runtime_source",
]

# The most text a package may have (before black): about 1.6 times the output of 10,000 synthetic
# operations (~29 MB) and 4 times GitHub's REST API (~12 MB), which generate in well under a minute
# on two cores now that black formats only the chunks that can differ (fmt.plan). A spec holding
# more is far past any real API and only makes the run, and its memory, grow.
MAX_OUTPUT = 48 * 1024 * 1024


@dataclass(frozen=True)
class OutputFile:
    template: str
    path: str
    """Relative to the output folder; `{package}` is replaced by the package name."""
    python: bool
    when: str = ""
    """Rendered only if this attribute of the Api is set (e.g. 'patch')."""
    per_service: bool = False
    """Rendered once per API class, with `service` in the context; `{service}` in the path."""

    @property
    def copied(self) -> bool:
        """A runtime file: plain Python, copied as it is (no Jinja)."""
        return self.template.startswith("runtime/")


# One template (or runtime file) per output file. The runtime is plain Python under
# templates/runtime/, copied as it is: it does not depend on the spec.
OUTPUT_FILES: tuple[OutputFile, ...] = (
    OutputFile("pyproject.toml.jinja", "pyproject.toml", python=False),
    OutputFile("README.md.jinja", "README.md", python=False),
    OutputFile("package/__init__.py.jinja", "{package}/__init__.py", python=True),
    OutputFile("package/py.typed.jinja", "{package}/py.typed", python=False),
    OutputFile("package/_version.py.jinja", "{package}/_version.py", python=True),
    OutputFile("runtime/_exceptions.py", "{package}/_exceptions.py", python=True),
    OutputFile("runtime/_lazy.py", "{package}/_lazy.py", python=True),
    OutputFile("runtime/_model.py", "{package}/_model.py", python=True),
    OutputFile("runtime/_endpoint.py", "{package}/_endpoint.py", python=True),
    OutputFile("runtime/_auth.py", "{package}/_auth.py", python=True),
    OutputFile("runtime/_client.py", "{package}/_client.py", python=True),
    OutputFile("runtime/_socket_deadlines.py", "{package}/_socket_deadlines.py", python=True),
    OutputFile("runtime/_logging.py", "{package}/_logging.py", python=True),
    OutputFile("runtime/_paging.py", "{package}/_paging.py", python=True),
    OutputFile("runtime/filters.py", "{package}/filters.py", python=True),
    OutputFile("package/patch.py.jinja", "{package}/patch.py", python=True, when="patch"),
    OutputFile("package/models.py.jinja", "{package}/models.py", python=True),
    OutputFile("package/_endpoints.py.jinja", "{package}/_endpoints.py", python=True),
    OutputFile("package/api.py.jinja", "{package}/api.py", python=True),
    OutputFile("docs/api.md.jinja", "docs/{service}.md", python=False, per_service=True),
    OutputFile("docs/models.md.jinja", "docs/models.md", python=False),
    OutputFile("docs/client.md.jinja", "docs/client.md", python=False),
)


def make_environment(
    override_dir: Path | None = None, *, bytecode_cache: bool = False
) -> jinja2.Environment:
    """The one Jinja environment, used by the CLI and the tests alike. `bytecode_cache` keeps the
    compiled templates in the user's cache folder (keyed by each template's source, so an edited
    template is compiled again): it saves their compilation on every run after the first."""
    search = [str(override_dir)] if override_dir is not None else []
    search.append(str(config.builtin_templates()))
    environment = jinja2.Environment(
        loader=precompiled.Loader(search),
        bytecode_cache=_bytecode_cache() if bytecode_cache else None,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters.update(
        annotation=pysource.annotation,
        annotated_call=black_layout.annotated_call,
        literal=pysource.literal,
        docstring=pysource.docstring,
        docstring_literal=pysource.docstring_literal,
        one_line=pysource.one_line,
        markdown=markup.markdown,
        code=markup.code,
        table_text=markup.table_text,
        html_comment=markup.html_comment,
        toml_string=markup.toml_string,
    )
    return environment


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    import os
    import sys

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    version = f"jinja{jinja2.__version__}-py{sys.version_info[0]}{sys.version_info[1]}"
    folder = Path(base) / "scimgen" / version
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # no writable cache folder: compile every time
    return jinja2.FileSystemBytecodeCache(str(folder))


def render(api: ir.Api, environment: jinja2.Environment, limit: int = MAX_OUTPUT) -> dict[str, str]:
    """Every output file's text, unformatted, keyed by its relative path. Rendering stops with a
    diagnostic as soon as the files hold more than `limit` characters in all."""
    _refuse_stale_overrides(environment)
    context = Views(api)
    files: dict[str, str] = {}
    left = limit

    def text(template: jinja2.Template, **values: object) -> str:
        nonlocal left
        pieces = []
        for piece in template.generate(api=api, ctx=context, **values):
            left -= len(piece)
            if left < 0:
                raise GeneratorError([_too_big(limit)])
            pieces.append(piece)
        return "".join(pieces)

    def copied(name: str) -> str:
        nonlocal left
        source = runtime_source(environment, name)[0]
        left -= len(source)
        if left < 0:
            raise GeneratorError([_too_big(limit)])
        return source

    for output in OUTPUT_FILES:
        if output.when and not getattr(api, output.when):
            continue
        if output.copied:
            files[output.path.format(package=api.package)] = copied(output.template)
            continue
        template = environment.get_template(output.template)
        if output.per_service:
            for service in api.services:
                path = output.path.format(package=api.package, service=service.name)
                files[path] = text(template, service=service)
        else:
            path = output.path.format(package=api.package)
            files[path] = text(template)
    return files


def runtime_source(environment: jinja2.Environment, name: str) -> tuple[str, Path]:
    """A runtime file's text and where it was found: in the `--templates` folder if it has one
    of that name (`runtime/_paging.py`), else among the built-in ones. It is not a template."""
    assert environment.loader is not None
    text, filename, _ = environment.loader.get_source(environment, name)
    assert filename is not None  # a FileSystemLoader always says where
    return text, Path(filename)


def _refuse_stale_overrides(environment: jinja2.Environment) -> None:
    """A `--templates` folder's `package/_paging.py.jinja` (the runtime's name when it was
    templates) would be silently ignored: say where it belongs now instead."""
    folders = getattr(environment.loader, "searchpath", [])
    if len(folders) < 2:
        return
    override = Path(folders[0])
    stale = [
        (old, f.template)
        for f in OUTPUT_FILES
        if f.copied and (override / (old := f"package/{Path(f.template).name}.jinja")).is_file()
    ]
    if stale:
        raise GeneratorError(
            Diagnostic(
                "#",
                Level.ERROR,
                f"--templates {override}: {old} is no longer read: the runtime is plain Python "
                f"now, not a template; put your version (without Jinja) at {new}",
            )
            for old, new in stale
        )


def _too_big(limit: int) -> Diagnostic:
    return Diagnostic(
        "#",
        Level.ERROR,
        f"the generated package would hold more than {limit // 2**20} MB of code and docs, "
        "more than scimgen generates in a minute: select fewer operations (--tag, --operation), or "
        "shorten the spec's longest descriptions",
    )


def python_paths(package: str, environment: jinja2.Environment) -> Callable[[str], bool]:
    """Which rendered files black formats: every Python file but the built-in runtime files,
    which are black's output already (tests/runtime/test_source.py proves it). A runtime file
    from a `--templates` folder is formatted like any other."""
    built_in = config.builtin_templates()
    to_format = {
        f.path.format(package=package, service="")
        for f in OUTPUT_FILES
        if f.python
        and not (f.copied and runtime_source(environment, f.template)[1].is_relative_to(built_in))
    }
    return lambda path: path in to_format
