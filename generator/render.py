"""Stage 3: the IR -> {relative path: file text}, by rendering `templates/` with Jinja2.

Templates only loop, test IR attributes and call the filters defined here. The filters are the one
place where IR data becomes Python source: `annotation` turns a type into an annotation, `literal`
a JSON value into a Python literal, `docstring`/`comment` make spec text safe to embed. Spec text
never reaches the output any other way, so a description holding `\"\"\"`, `{{ }}` or code can only
ever become the inside of a string.

Imports: ir, black_layout, diagnostics. Jinja2 is imported here only.
"""

from __future__ import annotations

import functools
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import jinja2

from . import black_layout, ir
from .diagnostics import Diagnostic, GeneratorError, Level

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
# The most text a package may have (before black): what black formats in well under a minute on
# two cores (1.5 times the output of 5,000 synthetic operations; 3 times GitHub's REST API).
MAX_OUTPUT = 24 * 1024 * 1024
_INSTALLED_TEMPLATES = Path(__file__).resolve().parent / "_templates"
DOCSTRING_WIDTH = 88


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
    OutputFile("runtime/_model.py", "{package}/_model.py", python=True),
    OutputFile("runtime/_endpoint.py", "{package}/_endpoint.py", python=True),
    OutputFile("runtime/_auth.py", "{package}/_auth.py", python=True),
    OutputFile("runtime/_client.py", "{package}/_client.py", python=True),
    OutputFile("runtime/_logging.py", "{package}/_logging.py", python=True),
    OutputFile("runtime/_paging.py", "{package}/_paging.py", python=True),
    OutputFile("runtime/filters.py", "{package}/filters.py", python=True),
    OutputFile("package/patch.py.jinja", "{package}/patch.py", python=True, when="patch"),
    OutputFile("package/models.py.jinja", "{package}/models.py", python=True),
    OutputFile("package/_endpoints.py.jinja", "{package}/_endpoints.py", python=True),
    OutputFile("package/api.py.jinja", "{package}/api.py", python=True),
    OutputFile("docs/api.md.jinja", "docs/{service}.md", python=False, per_service=True),
)


# What package/__init__.py.jinja re-exports from the runtime modules (besides the API classes).
PACKAGE_RUNTIME_EXPORTS = (
    "API_VERSION",
    "ApiConnectionError",
    "ApiError",
    "ApiTimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "CapturedResponses",
    "Client",
    "ConflictError",
    "NotFoundError",
    "NotModified",
    "PagingError",
    "PagingLimitError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "RawResponse",
    "RedirectError",
    "ResponseError",
    "RetryPolicy",
    "ScimClientError",
    "ScimErrorBody",
    "ServerError",
    "__version__",
    "capture_responses",
    "environment_urls",
)


def templates_dir() -> Path:
    """The built-in templates: the repo's `templates/`, or their copy inside an installed wheel."""
    return TEMPLATES_DIR if TEMPLATES_DIR.is_dir() else _INSTALLED_TEMPLATES


def make_environment(
    override_dir: Path | None = None, *, bytecode_cache: bool = False
) -> jinja2.Environment:
    """The one Jinja environment, used by the CLI and the tests alike. `bytecode_cache` keeps the
    compiled templates in the user's cache folder (keyed by each template's source, so an edited
    template is compiled again): it saves their compilation on every run after the first."""
    search = [str(override_dir)] if override_dir is not None else []
    search.append(str(templates_dir()))
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        bytecode_cache=_bytecode_cache() if bytecode_cache else None,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters.update(
        annotation=annotation,
        literal=literal,
        docstring=docstring,
        docstring_literal=docstring_literal,
        comment=comment,
        one_line=one_line,
        markdown=markdown,
        code=code,
        table_text=table_text,
        html_comment=html_comment,
        toml_string=toml_string,
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
    context = _Context(api)
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
        "more than black formats in a minute: select fewer operations (--tag, --operation), or "
        "shorten the spec's longest descriptions",
    )


def python_paths(package: str, environment: jinja2.Environment) -> Callable[[str], bool]:
    """Which rendered files black formats: every Python file but the built-in runtime files,
    which are black's output already (tests/runtime/test_source.py proves it). A runtime file
    from a `--templates` folder is formatted like any other."""
    built_in = templates_dir()
    to_format = {
        f.path.format(package=package, service="")
        for f in OUTPUT_FILES
        if f.python
        and not (f.copied and runtime_source(environment, f.template)[1].is_relative_to(built_in))
    }
    return lambda path: path in to_format


# -- what templates ask about the API as a whole -------------------------------------------------


@dataclass(frozen=True)
class Import:
    """One import statement of a generated module: `from module import names`, or `import
    names[0]` when `module` is empty."""

    module: str
    names: tuple[str, ...]
    exploded: bool = False
    """One name a line, with a trailing comma (black keeps it so)."""


ImportSection = Literal["standard", "third_party", "local"]


class Imports:
    """What a generated module imports, collected as data and given back grouped and sorted as
    ruff's isort rules (I001) want them: the standard library, third-party packages, the
    package's own modules."""

    _SECTIONS: tuple[ImportSection, ...] = ("standard", "third_party", "local")

    def __init__(self) -> None:
        self._names: dict[tuple[ImportSection, str], set[str]] = {}
        self._exploded: set[str] = set()

    def add(
        self, section: ImportSection, module: str, *names: str, exploded: bool = False
    ) -> Imports:
        self._names.setdefault((section, module), set()).update(names)
        if exploded:
            self._exploded.add(module)
        return self

    def add_types(self, types: Iterable[ir.TypeExpr]) -> Imports:
        """What annotations of these types need from the standard library."""
        for type_ in types:
            for name in ("date", "datetime"):
                if _uses(type_, name):
                    self.add("standard", "datetime", name)
            if _uses_any(type_):
                self.add("standard", "typing", "Any")
        return self

    def sections(self) -> tuple[tuple[Import, ...], ...]:
        """The non-empty sections, each sorted: plain imports first, then by module."""
        found = []
        for section in self._SECTIONS:
            modules = sorted(
                (module for kind, module in self._names if kind == section),
                key=lambda module: (module != "" and not module.startswith("."), module),
            )
            imports = tuple(
                Import(
                    module,
                    tuple(sorted(self._names[(section, module)], key=import_order)),
                    module in self._exploded,
                )
                for module in modules
                if self._names[(section, module)]
            )
            if imports:
                found.append(imports)
        return tuple(found)


class _Context:
    """Derived views of the IR that several templates need (computed once)."""

    def __init__(self, api: ir.Api) -> None:
        self.api = api

    @functools.cached_property
    def enum_names(self) -> frozenset[str]:
        return frozenset(e.name for e in self.api.enums)

    @functools.cached_property
    def api_imports(self) -> tuple[str, ...]:
        """Model and enum names that api.py and _endpoints.py refer to."""
        names: set[str] = set()
        for operation in self.api.operations:
            for parameter in operation.parameters:
                names.update(ir.class_names(parameter.type))
            if operation.body is not None:
                names.update(ir.class_names(operation.body.type))
            if operation.returns is not None:
                names.update(ir.class_names(operation.returns))
            if operation.paging is not None:
                names.update(ir.class_names(operation.paging.item_type))
        return tuple(sorted(names, key=import_order))

    @functools.cached_property
    def api_module_imports(self) -> tuple[tuple[Import, ...], ...]:
        """What api.py imports."""
        imports = Imports().add("standard", "collections.abc", "Sequence")
        imports.add_types(t for operation in self.api.operations for t in operation.types())
        imports.add("third_party", "", "httpx")
        imports.add("local", ".", "_endpoints")
        imports.add("local", "._client", "AsyncClient", "Client", "RetryPolicy")
        if self.has_paging:
            imports.add("standard", "collections.abc", "AsyncIterator", "Iterator")
            imports.add("local", "._paging", "iterate_pages", "iterate_pages_async")
        return imports.add("local", ".models", *self.api_imports, exploded=True).sections()

    @functools.cached_property
    def service_names(self) -> tuple[str, ...]:
        """The API classes, in the order ruff sorts `__all__`."""
        names = (n for s in self.api.services for n in (s.name, s.async_name))
        return tuple(sorted(names, key=all_order))

    @functools.cached_property
    def service_imports(self) -> tuple[str, ...]:
        """The API classes, in the order ruff sorts imports."""
        return tuple(sorted(self.service_names, key=import_order))

    @functools.cached_property
    def package_exports(self) -> tuple[str, ...]:
        """The package's `__all__`: the runtime's public names and the API classes, sorted."""
        return tuple(sorted([*PACKAGE_RUNTIME_EXPORTS, *self.service_names], key=all_order))

    @functools.cached_property
    def model_module_names(self) -> tuple[str, ...]:
        """Everything models.py exports, in the order ruff sorts `__all__`."""
        return tuple(
            sorted(
                [*(e.name for e in self.api.enums), *(m.name for m in self.api.models)],
                key=all_order,
            )
        )

    @functools.cached_property
    def typing_needs_any(self) -> bool:
        """Whether models.py uses `Any`."""
        return any(_uses_any(field.type) for model in self.api.models for field in model.fields)

    @functools.cached_property
    def models_need_datetime(self) -> bool:
        return any(
            _uses(field.type, "datetime") for model in self.api.models for field in model.fields
        )

    @functools.cached_property
    def models_need_date(self) -> bool:
        return any(_uses(field.type, "date") for model in self.api.models for field in model.fields)

    @functools.cached_property
    def endpoint_date_imports(self) -> tuple[str, ...]:
        """What _endpoints.py imports from datetime: the result and body types it names."""
        types = [
            t
            for op in self.api.operations
            for t in (op.returns, op.body.type if op.body is not None else None)
            if t is not None
        ]
        return tuple(name for name in ("date", "datetime") if any(_uses(t, name) for t in types))

    @functools.cached_property
    def needs_int_enum(self) -> bool:
        return any(e.value_type == "int" for e in self.api.enums)

    @functools.cached_property
    def needs_str_enum(self) -> bool:
        return any(e.value_type == "str" for e in self.api.enums)

    @functools.cached_property
    def has_paging(self) -> bool:
        return any(op.paging is not None for op in self.api.operations)

    def parameter_annotation(self, parameter: ir.Parameter) -> str:
        """Arrays are accepted as any sequence; optional parameters also take None."""
        base = _annotation(parameter.type, sequence=True)
        if parameter.required or parameter.default is not None:
            return base
        return f"{base} | None"

    def argument_annotation(self, argument: ir.Argument) -> str:
        """A parameter's array is accepted as any sequence; a keyword argument without a
        default also takes None."""
        base = _annotation(argument.type, sequence=isinstance(argument.passes, ir.Parameter))
        if argument.kind == "positional" or argument.default is not None:
            return base
        return f"{base} | None"

    @staticmethod
    def argument_description(argument: ir.Argument) -> str:
        passes = argument.passes
        if isinstance(passes, ir.Body):
            return passes.description or "The request body."
        return passes.description or passes.json_name

    def body_annotation(self, body: ir.Body) -> str:
        base = annotation(body.type)
        return base if body.required else f"{base} | None"

    def field_annotation(self, field: ir.Field) -> str:
        base = annotation(field.type)
        return f"{base} | None" if field.takes_none else base

    def field_statement(self, field: ir.Field) -> str:
        """A model field's line(s): name, annotation, and its default and aliases, laid out as
        black lays them out (see `black_layout`)."""
        head = f"{field.name}: {self.field_annotation(field)}"
        # validation_alias + serialization_alias rather than alias: type checkers take `alias`
        # as the constructor's keyword, and users build models with the snake_case names.
        if field.name == field.json_name:
            if field.required:
                return head
            return f"{head} = {self.default(field, field.type)}"
        arguments = [] if field.required else [f"default={self.default(field, field.type)}"]
        arguments += [
            f"validation_alias={literal(field.json_name)}",
            f"serialization_alias={literal(field.json_name)}",
        ]
        return black_layout.call(head, "Field", arguments, indent=4)

    def member_statement(self, member: ir.EnumMember) -> str:
        """An enum member's line(s), laid out as black lays them out."""
        return black_layout.value(member.name, literal(member.value), indent=4)

    def field_doc(self, field: ir.Field) -> str:
        """A field's docstring text: the spec's description, and who sets it."""
        text = field.description
        if field.read_only:
            text = (
                f"{text} Set by the server (read-only)."
                if text
                else "Set by the server (read-only)."
            )
        return text

    def returns_annotation(self, operation: ir.Operation) -> str:
        return "None" if operation.returns is None else annotation(operation.returns)

    def default(self, parameter: ir.Parameter | ir.Field | ir.Argument, type_: ir.TypeExpr) -> str:
        """The Python expression of a documented default (an enum default names its member)."""
        value = parameter.default
        if isinstance(type_, ir.EnumRef) and value is not None:
            member = self._members.get(type_.name, {}).get(value)  # type: ignore[arg-type]
            if member is not None:
                return f"{type_.name}.{member}"
        return literal(value)

    @functools.cached_property
    def _members(self) -> dict[str, dict[str | int, str]]:
        """Each enum's member names by value (one lookup per default, not one walk)."""
        return {e.name: {m.value: m.name for m in e.members} for e in self.api.enums}

    # -- the generated docs/<Api>.md -----------------------------------------------------------

    def doc_signature(self, operation: ir.Operation) -> str:
        """`name(positional, *, keyword=default) -> Return`, on one line."""
        parts = [a.name for a in operation.positional_arguments]
        keyword = [f"{a.name}={self.default(a, a.type)}" for a in operation.keyword_arguments]
        if keyword:
            parts.extend(["*", *keyword])
        return f"{operation.name}({', '.join(parts)}) -> {self.returns_annotation(operation)}"

    def doc_notes(self, parameter: ir.Parameter) -> str:
        """The Notes cell of a parameter row, in the vendor's words."""
        notes = []
        if not parameter.required:
            notes.append("[optional]")
        if parameter.default is not None:
            notes.append(f"[default to {markdown(str(parameter.default))}]")
        values = self._enum_values(parameter.type)
        if values:
            notes.append("<br />**Values**: " + markdown(", ".join(str(v) for v in values)))
        return " ".join(notes)

    def _enum_values(self, type_: ir.TypeExpr) -> tuple[str | int, ...]:
        if isinstance(type_, ir.ArrayOf):
            type_ = type_.item
        if isinstance(type_, ir.EnumRef):
            return tuple(m.value for m in self._enums[type_.name].members)
        return ()

    @functools.cached_property
    def _enums(self) -> dict[str, ir.Enum]:
        return {e.name: e for e in self.api.enums}

    @functools.cached_property
    def _models(self) -> dict[str, ir.Model]:
        return {m.name: m for m in self.api.models}

    def example_imports(self, operation: ir.Operation) -> tuple[str, ...]:
        """Models and enums the example of an operation names."""
        names: set[str] = set()
        for parameter in operation.positional:
            names.update(ir.class_names(parameter.type))
        if operation.body is not None and isinstance(operation.body.type, ir.ModelRef):
            model = self._models[operation.body.type.name]
            names.add(model.name)
            for field in model.fields:
                if field.required:
                    names.update(ir.class_names(field.type))
        return tuple(sorted(names))

    def example_arguments(self, operation: ir.Operation) -> list[tuple[str, str]]:
        """(name, Python expression) for each argument the example passes."""
        arguments = [(p.name, self._example(p.type, p.name)) for p in operation.positional]
        if operation.body is not None:
            arguments.append((operation.body.name, self._example(operation.body.type, "body")))
        return arguments

    def example_call(self, operation: ir.Operation) -> str:
        return ", ".join(name for name, _ in self.example_arguments(operation))

    def _example(self, type_: ir.TypeExpr, name: str, depth: int = 0) -> str:
        if isinstance(type_, ir.EnumRef):
            return f"{type_.name}.{self._enums[type_.name].members[0].name}"
        if isinstance(type_, ir.ArrayOf):
            return f"[{self._example(type_.item, name, depth + 1)}]"
        if isinstance(type_, ir.ModelRef):
            model = self._models[type_.name]
            required = [f for f in model.fields if f.required]
            if depth > 2:
                return f"{model.name}.model_construct()"
            inner = ", ".join(
                f"{f.name}={self._example(f.type, f.name, depth + 1)}" for f in required
            )
            return f"{model.name}({inner})"
        if isinstance(type_, ir.Primitive):
            return {
                "str": literal(f"{name}_example"),
                "int": "1",
                "float": "1.0",
                "bool": "True",
            }.get(type_.name, "None")
        return "None"

    def endpoint_params(self, operation: ir.Operation) -> str:
        """`params=(Param(...), ...)` of an endpoint, giving only what differs from the defaults."""
        params = []
        for parameter in operation.parameters:
            arguments = [literal(parameter.json_name), literal(parameter.location)]
            if not parameter.explode:
                arguments.append("explode=False")
            if self.param_enum(parameter) != "None":
                arguments.append(f"enum={self.param_enum(parameter)}")
            params.append(f"Param({', '.join(arguments)})")
        return black_layout.tuple_argument("params", params, indent=4)

    def endpoint_permissions(self, operation: ir.Operation) -> str:
        names = operation.permissions.names if operation.permissions else ()
        return black_layout.tuple_argument("permissions", [literal(n) for n in names], indent=4)

    @staticmethod
    def page_call_arguments(operation: ir.Operation) -> list[str]:
        """The arguments a paging helper passes on to its list method: its own, with the start
        index the helper is at (`_start`) in place of the caller's."""
        assert operation.paging is not None
        arguments = [a.name for a in operation.paging.arguments if a.kind == "positional"]
        for argument in operation.paging.arguments:
            if argument.kind == "keyword":
                start = argument.name == operation.paging.start_index
                arguments.append(f"{argument.name}={'_start' if start else argument.name}")
        return arguments

    @staticmethod
    def enum_base(enum: ir.Enum) -> str:
        return "IntEnum" if enum.value_type == "int" else "ScimEnum"

    def param_enum(self, parameter: ir.Parameter) -> str:
        """The enum class whose values a parameter (or its items) must take, or 'None'."""
        type_ = parameter.type
        if isinstance(type_, ir.ArrayOf):
            type_ = type_.item
        return type_.name if isinstance(type_, ir.EnumRef) else "None"

    def response_type(self, operation: ir.Operation) -> str:
        """The runtime type object the client parses a response into."""
        if operation.returns is None:
            return "None"
        return annotation(operation.returns)

    @staticmethod
    def response_options(operation: ir.Operation) -> list[str]:
        """The Endpoint arguments for a success body that is not JSON: how to read it, and the
        Accept header that asks for it."""
        if operation.response_format == "json":
            return []
        accept = ", ".join(operation.response_media_types)
        return [
            f"response_format={literal(operation.response_format)}",
            f"accept={literal(accept)}",
        ]

    def body_type(self, operation: ir.Operation) -> str:
        if operation.body is None:
            return "None"
        return annotation(operation.body.type)


# -- the orders ruff holds generated names to -------------------------------------------------
# Both sort CONSTANTS, then CamelCase classes, then other names ("isort-style", order-by-type);
# within each, numbers in names count as numbers (Item2 before Item10). Imports compare names
# case-insensitively, `__all__` does not. A plain sort differs as soon as a spec has an
# all-capitals class name (the vendor's `DID`, `IVR`) or several API classes.


def _name_kind(name: str) -> int:
    if len(name) > 1 and name.isupper():
        return 0
    return 1 if name[:1].isupper() else 2


def _natural(text: str) -> tuple[str | int, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def import_order(name: str) -> tuple[object, ...]:
    """The order ruff's isort rules (I001) give names imported from one module."""
    return (_name_kind(name), _natural(name.lower()), name)


def all_order(name: str) -> tuple[object, ...]:
    """The order ruff's RUF022 gives the names of an `__all__`."""
    return (_name_kind(name), _natural(name))


def _uses(type_: ir.TypeExpr, primitive: str) -> bool:
    if isinstance(type_, ir.Primitive):
        return type_.name == primitive
    if isinstance(type_, ir.ArrayOf):
        return _uses(type_.item, primitive)
    if isinstance(type_, ir.MapOf):
        return _uses(type_.value, primitive)
    if isinstance(type_, ir.UnionOf):
        return any(_uses(o, primitive) for o in type_.options)
    return False


def _uses_any(type_: ir.TypeExpr) -> bool:
    return _uses(type_, "any")


# -- filters: the only way IR data becomes source text -------------------------------------------

_PRIMITIVES = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "datetime": "datetime",
    "date": "date",
    "bytes": "bytes",
    "any": "Any",
}


def annotation(type_: ir.TypeExpr) -> str:
    return _annotation(type_, sequence=False)


def _annotation(type_: ir.TypeExpr, *, sequence: bool) -> str:
    if isinstance(type_, ir.Primitive):
        return _PRIMITIVES[type_.name]
    if isinstance(type_, ir.ModelRef | ir.EnumRef):
        return type_.name
    if isinstance(type_, ir.ArrayOf):
        container = "Sequence" if sequence else "list"
        return f"{container}[{_annotation(type_.item, sequence=False)}]"
    if isinstance(type_, ir.MapOf):
        return f"dict[str, {_annotation(type_.value, sequence=False)}]"
    options = [_annotation(o, sequence=sequence) for o in type_.options]
    return " | ".join(dict.fromkeys(options))


def literal(value: ir.Literal_) -> str:
    """A JSON scalar as a Python literal; `repr` escapes every quote and control character."""
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return f'float("{value}")'
        return repr(value)
    return _double_quoted(str(value))


def _double_quoted(text: str) -> str:
    """A Python string literal in double quotes (black's choice, so output is already stable)."""
    literal_ = repr(text)
    if literal_.startswith('"'):
        return literal_
    inner = literal_[1:-1].replace("\\'", "'").replace('"', '\\"')
    return f'"{inner}"'


# Dropped from prose: control characters (C0, DEL, C1, Unicode line separators), lone surrogates
# (JSON allows them; UTF-8 cannot encode them) and bidi controls, which can make code read
# differently from what it is ("Trojan Source").
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c"
    r"\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def clean_text(text: str) -> str:
    """Spec prose with control characters dropped and line endings unified."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).replace("\t", "    ")


def docstring(text: str, indent: int = 4, width: int = DOCSTRING_WIDTH) -> str:
    """Prose made safe for the inside of a triple-quoted docstring, wrapped, indented after the
    first line. Backslashes and quotes are escaped so no text can end the string early."""
    text = clean_text(text).strip().replace("\\", "\\\\")
    if text.endswith('"'):  # first: it must not join the closing quotes
        text = text[:-1] + '\\"'
    text = text.replace('"""', '\\"\\"\\"')
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    pad = " " * indent
    lines: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            lines.append("")
        wrapped = textwrap.wrap(
            " ".join(paragraph.split()),
            width=max(width - indent, 40),
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.extend(wrapped)
    return ("\n" + pad).join(lines).replace("\n" + pad + "\n", "\n\n")


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is a subset TOML reads)."""
    import json

    return json.dumps(one_line(text), ensure_ascii=False)


def docstring_literal(text: str, indent: int = 4) -> str:
    """A whole docstring: on one line when the text is one line (black puts the closing quotes
    there however long it is), else with the closing quotes on their own line (PEP 257)."""
    body = docstring(text, indent)
    if "\n" not in body:
        return f'"""{body}"""'
    return f'"""{body}\n{" " * indent}"""'


def comment(text: str) -> str:
    """Prose on one line, for a `#` comment."""
    return " ".join(clean_text(text).split())


def one_line(text: str) -> str:
    """The first sentence-ish line of prose, for tables and summaries."""
    return " ".join(clean_text(text).split())


# Markdown's inline punctuation, and `_` where it could start or end emphasis (not inside a word).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# What makes a line a heading, list item, thematic break or setext underline when it starts one
# (`*` and `_` are escaped already): the marker, and the digits of an ordered item.
_BLOCK_START = re.compile(
    r"(#{1,6}|[-+]|(?P<digits>\d{1,9})[.)])(?=\s|$)|(?=[=-]+$)|(?=(-\s*){3,}$)"
)


def markdown(text: str) -> str:
    """Spec prose for Markdown (a paragraph, a table cell, an emphasis): on one line, with HTML's
    `&<>` as entities (no tag, comment or entity of the spec's reaches the reader) and Markdown's
    punctuation backslash-escaped (no link, image, code, emphasis or table cell of its own), as
    `docstring` does for Python. What is left reads as the text the spec wrote."""
    text = one_line(text)
    text = re.sub(r"[&<>]", lambda m: _HTML_SPECIAL[m[0]], text)
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m[0], text)
    start = _BLOCK_START.match(text)
    if start is not None:
        cut = start.end("digits") if start["digits"] else 0
        text = text[:cut] + "\\" + text[cut:]
    return text


def table_text(text: str) -> str:
    """Text the generator wrote (a type annotation) for a Markdown table cell: pipes escaped.
    Spec text goes through `markdown` instead."""
    return one_line(text).replace("|", "\\|")


def code(text: str) -> str:
    """Spec text as a Markdown code span in a table cell: a fence longer than any backtick run in
    it, pipes escaped (GitHub's tables split on them even in code), on one line."""
    text = one_line(text).replace("|", "\\|")
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_comment(text: str) -> str:
    """Spec text inside an HTML comment (`<!-- ... -->`): on one line, and no `--`, which ends it."""
    return re.sub(r"-(?=-)", "- ", one_line(text))
