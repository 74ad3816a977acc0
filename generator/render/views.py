"""What templates ask about the API (`ctx` in every template): views of the IR computed once,
and the `Imports` collector each Python module's import block is built from.

Imports: ir, fmt (the line length), and the emitters of this package (pysource, markup,
black_layout).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .. import ir
from ..fmt import LINE_LENGTH
from . import black_layout, markup
from .markup import markdown
from .pysource import annotation, field_annotation, literal, values_alias

# The runtime's public names, by module: what the package's `__init__.py` re-exports (with the
# API classes) and lists in `__all__`. The one list of them.
RUNTIME_EXPORTS: dict[str, tuple[str, ...]] = {
    "_client": (
        "AsyncClient",
        "CapturedResponses",
        "Client",
        "RawResponse",
        "RetryPolicy",
        "capture_responses",
        "environment_urls",
    ),
    "_exceptions": (
        "ApiConnectionError",
        "ApiError",
        "ApiTimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ConflictError",
        "NotFoundError",
        "NotModified",
        "PagingError",
        "PagingLimitError",
        "PermissionDeniedError",
        "PreconditionFailedError",
        "RateLimitError",
        "RedirectError",
        "ResponseError",
        "ScimClientError",
        "ScimErrorBody",
        "ServerError",
        "VersionMismatchError",
    ),
    "_version": ("API_VERSION", "__version__"),
}


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
            self.add_dates(type_)
            self.add_tagged(type_)
            if _uses(type_, "any"):
                self.add("standard", "typing", "Any")
            if _uses(type_, "const"):
                self.add("standard", "typing", "Literal")
        return self

    def add_tagged(self, type_: ir.TypeExpr) -> Imports:
        """What an annotation of a discriminated union names (`Annotated[A | B, Tagged(...)]`)."""
        if _is_tagged(type_):
            self.add("standard", "typing", "Annotated")
            self.add("local", "._model", "Tagged")
        return self

    def add_dates(self, type_: ir.TypeExpr) -> Imports:
        """The `datetime` classes, and the runtime's `File`, an annotation of this type names."""
        for name in ("date", "datetime"):
            if _uses(type_, name):
                self.add("standard", "datetime", name)
        if _uses(type_, "file"):
            self.add("local", "._model", "File")
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


@dataclass(frozen=True)
class FieldDoc:
    """One row of a model's table in docs/models.md (Markdown-ready text)."""

    name: str
    json_name: str
    annotation: str
    building: str
    """What building the model takes of it: "required", "optional", or why it is optional."""
    reading: str
    """What reading it gives: "may be None" or "always set"."""
    description: str


@dataclass(frozen=True)
class ModelDoc:
    """A model's section of docs/models.md."""

    name: str
    description: str
    directions: str
    """Whether it is sent, returned, or both: which shape applies."""
    fields: tuple[FieldDoc, ...]


@dataclass(frozen=True)
class EnumDoc:
    """An enum's section of docs/models.md."""

    name: str
    description: str
    values_alias: str
    members: tuple[tuple[str, str], ...]
    """(member name, its value as a Markdown code span)."""


class Views:
    """Derived views of the IR that several templates need (computed once)."""

    def __init__(self, api: ir.Api) -> None:
        self.api = api

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
        imports = Imports()
        arguments = [
            argument
            for operation in self.api.operations
            for argument in (
                *operation.arguments,
                *(operation.paging.arguments if operation.paging else ()),
            )
        ]
        if any("Sequence[" in self.argument_annotation(a) for a in arguments):
            imports.add("standard", "collections.abc", "Sequence")
        imports.add_types(t for operation in self.api.operations for t in operation.types())
        imports.add("standard", "typing", "TYPE_CHECKING")
        imports.add("third_party", "", "httpx")
        imports.add("local", "._client", "AsyncClient", "Client", "RetryPolicy")
        imports.add("local", "._lazy", "lazy_module")
        if self.has_paging:
            imports.add("standard", "collections.abc", "AsyncIterator", "Iterator")
            imports.add("local", "._paging", "iterate_pages", "iterate_pages_async")
        if self._default_enums:
            imports.add("local", ".models", *self._default_enums)
        return imports.sections()

    @property
    def api_model_names(self) -> tuple[str, ...]:
        """The model classes and value aliases api.py names in annotations only: imported for
        type checkers (the models are built by the first call), unless a default names one."""
        names = {*self.api_imports, *self.parameter_value_aliases} - set(self._default_enums)
        return tuple(sorted(names, key=import_order))

    @functools.cached_property
    def _default_enums(self) -> tuple[str, ...]:
        """The enums whose members are defaults in api.py's signatures: evaluated when the
        module is, so imported at once (with the models: a spec without such defaults keeps
        them for the first call)."""
        names = set()
        for operation in self.api.operations:
            paging = operation.paging.arguments if operation.paging else ()
            for argument in (*operation.arguments, *paging):
                if argument.kind != "positional":
                    member = self._default_member(argument, argument.type)
                    if member is not None:
                        names.add(member[0])
        return tuple(sorted(names, key=import_order))

    @functools.cached_property
    def parameter_value_aliases(self) -> tuple[str, ...]:
        """The `Literal` aliases of the enums api.py's arguments (parameters and bodies) take."""
        names = {
            values_alias(name)
            for operation in self.api.operations
            for argument in operation.arguments
            for name in ir.class_names(argument.type)
            if name in self._enums
        }
        return tuple(sorted(names))

    def values_alias_statement(self, enum: ir.Enum) -> str:
        """`<Enum>Value: TypeAlias = ...`: the enum's values as a `Literal`, which type checkers
        accept where the enum is taken, and which pydantic turns into the enum's member."""
        values = [literal(m.value) for m in enum.members]
        name = values_alias(enum.name)
        head = f"{name}: TypeAlias = "
        one_line = f"{head}Annotated[Literal[{', '.join(values)}], AfterValidator({enum.name})]"
        if len(one_line) <= LINE_LENGTH:
            return one_line
        # As black lays it out: split at `Annotated[` if that fits; else the value in
        # parentheses of its own, one level in; else the annotation split.
        if len(f"{head}Annotated[") <= LINE_LENGTH:
            return head + black_layout.annotated_values(values, enum.name, indent=0, split=True)
        split_head = black_layout.type_alias_head(name, "Annotated[")
        if split_head is None:
            inner = black_layout.annotated_values(values, enum.name, indent=4)
            return f"{head}(\n    {inner}\n)"
        return split_head.removesuffix("Annotated[") + black_layout.annotated_values(
            values, enum.name, indent=0, split=True
        )

    @functools.cached_property
    def models_module_imports(self) -> tuple[tuple[Import, ...], ...]:
        """What models.py imports."""
        imports = Imports().add_types(f.type for m in self.api.models for f in m.fields)
        imports.add_types(alias.type for alias in self.api.aliases)
        if self.api.aliases:
            imports.add("standard", "typing", "TypeAlias")
        if any(e.value_type == "int" for e in self.api.enums):
            imports.add("standard", "enum", "IntEnum")
        if any(m.typed_init for m in self.api.models):
            imports.add("standard", "typing", "TYPE_CHECKING")
        fields = [f for m in self.api.models for f in m.fields]
        if any(f.name != f.json_name for f in fields):
            imports.add("third_party", "pydantic", "Field")
        if self.api.enums:
            imports.add("standard", "typing", "Annotated", "Literal", "TypeAlias")
            imports.add("third_party", "pydantic", "AfterValidator")
        if self.api.models:
            imports.add("local", "._model", "ScimModel")
        if any(e.value_type == "str" for e in self.api.enums):
            imports.add("local", "._model", "ScimEnum")
        return imports.sections()

    @functools.cached_property
    def endpoints_module_imports(self) -> tuple[tuple[Import, ...], ...]:
        """What _endpoints.py imports: its result and body types are named, its parameter
        types are not (only the enums the parameters take)."""
        imports = Imports().add("standard", "collections.abc", "Mapping")
        imports.add("standard", "types", "MappingProxyType")
        imports.add("standard", "typing", "Any", "Final")
        for operation in self.api.operations:
            for type_ in (operation.returns, operation.body.type if operation.body else None):
                if type_ is not None:
                    imports.add_types([type_])
        imports.add("local", "._endpoint", "Endpoint")
        if any(operation.parameters for operation in self.api.operations):
            imports.add("local", "._endpoint", "Param")
        names: set[str] = set()
        for operation in self.api.operations:
            for type_ in (operation.returns, operation.body.type if operation.body else None):
                names.update(ir.class_names(type_) if type_ is not None else ())
            names.update(self.param_enum(p) for p in operation.parameters)
        names.discard("None")
        ordered = sorted(names, key=import_order)
        return imports.add("local", ".models", *ordered, exploded=True).sections()

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
        runtime = [name for names in RUNTIME_EXPORTS.values() for name in names]
        return tuple(sorted([*runtime, *self.service_names], key=all_order))

    @functools.cached_property
    def runtime_exports(self) -> tuple[tuple[str, str], ...]:
        """(module, name) of each runtime name the package re-exports, in the order ruff sorts
        their imports."""
        return tuple(
            (module, name)
            for module in sorted(RUNTIME_EXPORTS)
            for name in sorted(RUNTIME_EXPORTS[module], key=import_order)
        )

    @functools.cached_property
    def model_module_names(self) -> tuple[str, ...]:
        """Everything models.py exports, in the order ruff sorts `__all__`."""
        return tuple(
            sorted(
                [
                    *(e.name for e in self.api.enums),
                    *(values_alias(e.name) for e in self.api.enums),
                    *(m.name for m in self.api.models),
                    *(a.name for a in self.api.aliases),
                ],
                key=all_order,
            )
        )

    @functools.cached_property
    def has_paging(self) -> bool:
        return any(op.paging is not None for op in self.api.operations)

    def parameter_annotation(self, parameter: ir.Parameter) -> str:
        """Arrays are accepted as any sequence; optional parameters also take None."""
        base = annotation(parameter.type, sequence=True)
        if parameter.required or parameter.default is not None:
            return base
        return f"{base} | None"

    def argument_annotation(self, argument: ir.Argument) -> str:
        """A parameter's array is accepted as any sequence; a keyword argument without a
        default also takes None."""
        base = annotation(argument.type, sequence=isinstance(argument.passes, ir.Parameter))
        if argument.kind == "positional" or argument.default is not None:
            return base
        return f"{base} | None"

    def argument_line(self, argument: ir.Argument) -> str:
        """A parameter's line in a method signature (indented 8), laid out as black lays it
        out (`black_layout.bare_annotation`)."""
        annotation_ = self.argument_annotation(argument)
        default = (
            "" if argument.kind == "positional" else f" = {self.default(argument, argument.type)}"
        )
        after = f"{default},"
        return (
            black_layout.bare_annotation(argument.name, annotation_, indent=8, after=after) + after
        )

    @classmethod
    def argument_description(cls, argument: ir.Argument) -> str:
        passes = argument.passes
        if isinstance(passes, ir.Body):
            text = passes.description or "The request body."
            sent_as = cls.body_media_note(passes)
            return f"{text} {sent_as}" if sent_as else text
        return passes.description or passes.json_name

    @staticmethod
    def body_media_note(body: ir.Body) -> str:
        """Which media type a body is sent as, where that is not plain JSON or was a choice."""
        if body.format == "json" and not body.not_chosen:
            return ""
        how = {
            "json": "as JSON",
            "form": "as form fields",
            "multipart": "as form fields and file parts",
            "text": "as text",
            "bytes": "as bytes",
        }[body.format]
        note = f"Sent {how} ({', '.join(body.media_types)})."
        if body.not_chosen:
            note += f" The API also takes {', '.join(body.not_chosen)}: not sent by this client."
        return note

    @staticmethod
    def content_types(body: ir.Body) -> str:
        """The Content-Type line of the docs: what is sent, and what the API also takes."""
        sent = ", ".join(body.media_types)
        if not body.not_chosen:
            return sent
        return f"{sent} (the API also takes {', '.join(body.not_chosen)}; this client sends {sent})"

    @staticmethod
    def fixed_query(operation: ir.Operation) -> str:
        """The Endpoint argument for the query pairs a path key holds."""
        pairs = [f"({literal(k)}, {literal(v)})" for k, v in operation.fixed_query]
        # A one-item tuple keeps its comma, which black does not take for a magic one.
        return (
            f"fixed_query=({pairs[0]},)" if len(pairs) == 1 else f"fixed_query=({', '.join(pairs)})"
        )

    @staticmethod
    def body_options(operation: ir.Operation) -> list[str]:
        """The Endpoint arguments for a request body that is not JSON: how to send it, as
        which media type."""
        body = operation.body
        if body is None or body.format == "json":
            return []
        return [
            f"body_format={literal(body.format)}",
            f"content_type={literal(body.media_types[0])}",
        ]

    def body_annotation(self, body: ir.Body) -> str:
        base = annotation(body.type)
        return base if body.required else f"{base} | None"

    def field_statement(self, field: ir.Field) -> str:
        """A model field's line(s): name, annotation, and its default and aliases, laid out as
        black lays them out (see `black_layout`)."""
        head = f"{field.name}: {field_annotation(field)}"
        # validation_alias + serialization_alias rather than alias: type checkers take `alias`
        # as the constructor's keyword, and users build models with the snake_case names.
        if field.name == field.json_name:
            if field.required:
                return black_layout.bare_annotation(field.name, field_annotation(field), indent=4)
            return black_layout.annotated(
                field.name, field_annotation(field), self.default(field, field.type), indent=4
            )
        arguments = [] if field.required else [f"default={self.default(field, field.type)}"]
        arguments += [
            f"validation_alias={literal(field.json_name)}",
            f"serialization_alias={literal(field.json_name)}",
        ]
        return black_layout.call(head, "Field", arguments, indent=4)

    @staticmethod
    def init_self(model: ir.Model) -> str:
        """The name of the typed constructor's first parameter: `self`, unless a field (a
        keyword parameter) takes that name: a spec may name a property `self`."""
        taken = {field.name for field in model.fields}
        name = "self"
        while name in taken:
            name += "_"
        return name

    def init_parameters(self, model: ir.Model) -> list[str]:
        """The keyword parameters of a model's constructor as type checkers are to see it
        (`ir.Model.typed_init`): the request shape, where a required field takes no None."""
        parameters = []
        for field in model.fields:
            if field.required:
                base = annotation(field.type)
                parameters.append(
                    black_layout.bare_annotation(
                        field.name,
                        f"{base} | None" if field.nullable else base,
                        indent=12,
                        after=",",
                    )
                )
            else:
                parameters.append(
                    f"{field.name}: {field_annotation(field)} = {self.default(field, field.type)}"
                )
        return parameters

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
        """An operation's return annotation, which is also the runtime type object the client
        parses its response into."""
        return "None" if operation.returns is None else annotation(operation.returns, values=False)

    def default(self, parameter: ir.Parameter | ir.Field | ir.Argument, type_: ir.TypeExpr) -> str:
        """The Python expression of a documented default (an enum default names its member)."""
        member = self._default_member(parameter, type_)
        return literal(parameter.default) if member is None else ".".join(member)

    def _default_member(
        self, parameter: ir.Parameter | ir.Field | ir.Argument, type_: ir.TypeExpr
    ) -> tuple[str, str] | None:
        """(enum, member) of a default that is an enum's value: an enum of the type (or of one
        of its union's options) names the value's member, since a plain string is not an enum
        to mypy."""
        value = parameter.default
        if value is None or isinstance(value, bool | float):
            return None
        options = type_.options if isinstance(type_, ir.UnionOf) else (type_,)
        for option in options:
            if isinstance(option, ir.EnumRef):
                member = self._members.get(option.name, {}).get(value)
                if member is not None:
                    return option.name, member
        return None

    @functools.cached_property
    def _members(self) -> dict[str, dict[str | int, str]]:
        """Each enum's member names by value (one lookup per default, not one walk)."""
        return {e.name: {m.value: m.name for m in e.members} for e in self.api.enums}

    # -- the generated docs/models.md ----------------------------------------------------------

    @functools.cached_property
    def _directions(self) -> tuple[set[str], set[str]]:
        """The classes sent in some request body, and those some operation returns."""
        operations = self.api.operations
        aliases = {a.name: a for a in self.api.aliases}
        bodies = (n for op in operations if op.body for n in ir.class_names(op.body.type))
        results = (n for op in operations if op.returns for n in ir.class_names(op.returns))
        return (
            ir.reachable(self._models, bodies, aliases),
            ir.reachable(self._models, results, aliases),
        )

    @functools.cached_property
    def model_docs(self) -> tuple[ModelDoc, ...]:
        sent, returned = self._directions
        return tuple(
            ModelDoc(
                model.name,
                markdown(model.description or model.schema_name),
                _DIRECTIONS[(model.name in sent, model.name in returned)],
                tuple(self._field_doc(field, sent=model.name in sent) for field in model.fields),
            )
            for model in self.api.models
        )

    def _field_doc(self, field: ir.Field, *, sent: bool) -> FieldDoc:
        description = self.field_doc(field)
        if field.required:
            building = "required"
        elif field.listed_required and sent:
            building = "optional (read-only, yet the API requires it: give it)"
            description = field.description  # not "set by the server": the column says why
        elif field.read_only:
            building = "optional (set by the server)"
        else:
            building = "optional"
        return FieldDoc(
            field.name,
            markup.code(field.json_name),
            markup.table_text(field_annotation(field)),
            building,
            "may be None" if field.takes_none else "always set",
            markdown(description),
        )

    @functools.cached_property
    def enum_docs(self) -> tuple[EnumDoc, ...]:
        return tuple(
            EnumDoc(
                enum.name,
                markdown(enum.description or enum.name),
                values_alias(enum.name),
                tuple((m.name, markup.code(literal(m.value))) for m in enum.members),
            )
            for enum in self.api.enums
        )

    @staticmethod
    def links(items: Iterable[ir.Model | ir.Enum | str]) -> tuple[str, ...]:
        """Links to the sections of docs/models.md of these models and enums (or names)."""
        names = (item if isinstance(item, str) else item.name for item in items)
        return tuple(f"[{name}](#{name})" for name in names)

    @functools.cached_property
    def methods_links(self) -> tuple[str, ...]:
        """Links from docs/ to each API class's page of methods."""
        return tuple(f"[the methods of {s.name}]({s.name}.md)" for s in self.api.services)

    @functools.cached_property
    def methods_pages(self) -> tuple[str, ...]:
        """Links from the README to each API class's page of methods."""
        return tuple(f"[{s.name}](docs/{s.name}.md)" for s in self.api.services)

    @functools.cached_property
    def typed_init_models(self) -> tuple[str, ...]:
        """Models built with a field that reading gives as `X | None`."""
        return tuple(m.name for m in self.api.models if m.typed_init)

    @functools.cached_property
    def sent_only_models(self) -> tuple[str, ...]:
        """Models only ever sent: their required fields read as `X`."""
        sent, returned = self._directions
        return tuple(m.name for m in self.api.models if m.name in sent and m.name not in returned)

    @functools.cached_property
    def model_example(self) -> ir.Operation | None:
        """The operation docs/models.md's example calls: one that sends a model built from its
        fields, so that the example builds one and reads one. A POST is preferred, then one whose
        body model is also returned (it shows both shapes), then the last by name, as the newer
        of versioned paths sorts after the older (`post_scim_v2_groups`, `post_scim_groups`)."""
        candidates = [
            op
            for op in self.api.operations
            if op.body is not None
            and isinstance(op.body.type, ir.ModelRef)
            and not self.example_patches(op)
            and op.returns is not None
        ]
        sent, returned = self._directions

        def preference(operation: ir.Operation) -> tuple[bool, bool, str]:
            assert operation.body is not None
            names = ir.class_names(operation.body.type)
            both = any(name in sent and name in returned for name in names)
            return operation.method == "POST", both, operation.name

        return max(candidates, key=preference, default=None)

    @functools.cached_property
    def model_example_service(self) -> str:
        operation = self.model_example
        return next(
            (s.name for s in self.api.services if operation in s.operations),
            self.api.services[0].name if self.api.services else "",
        )

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
        body = operation.body
        if (
            body is not None
            and isinstance(body.type, ir.ModelRef)
            and not self.example_patches(operation)
        ):
            model = self._models[body.type.name]
            names.add(model.name)
            for field in self.example_fields(model):
                names.update(ir.class_names(field.type))
        return tuple(sorted(names))

    @staticmethod
    def example_fields(model: ir.Model) -> list[ir.Field]:
        """The fields an example gives when it builds a model: those building requires, and
        those the schema lists as required though `readOnly` makes them optional to build (a
        server refuses a group without its `displayName`)."""
        return [f for f in model.fields if f.required or f.listed_required]

    def example_patches(self, operation: ir.Operation) -> bool:
        """Whether the example's body is a SCIM PatchOp request, built with the patch helpers (a
        body of the model's required fields alone holds no operation, which servers refuse)."""
        patch = self.api.patch
        return (
            patch is not None
            and operation.body is not None
            and operation.body.type == ir.ModelRef(patch.request_model)
        )

    def example_arguments(self, operation: ir.Operation) -> list[tuple[str, str]]:
        """(name, Python expression) for each argument the example passes."""
        arguments = [
            (p.name, _EXAMPLE_FILTER if _is_filter(p) else self._example(p.type, p.name))
            for p in operation.positional
        ]
        if operation.body is not None:
            value = (
                'patch_request(replace("displayName", "New Name"))'
                if self.example_patches(operation)
                else self._example(operation.body.type, "body")
            )
            arguments.append((operation.body.name, value))
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
            required = self.example_fields(model)
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
    def class_line(name: str, base: str) -> str:
        return black_layout.class_line(name, base)

    @staticmethod
    def enum_base(enum: ir.Enum) -> str:
        return "IntEnum" if enum.value_type == "int" else "ScimEnum"

    def param_enum(self, parameter: ir.Parameter) -> str:
        """The enum class whose values a parameter (or its items) must take, or 'None'."""
        type_ = parameter.type
        if isinstance(type_, ir.ArrayOf):
            type_ = type_.item
        return type_.name if isinstance(type_, ir.EnumRef) else "None"

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
        return annotation(operation.body.type, values=False)


_EXAMPLE_FILTER = literal("id pr")
"""The example of a SCIM `filter` parameter: one every resource matches (`id` is always set),
where `"filter_example"` would be refused by a server as a filter."""


def _is_filter(parameter: ir.Parameter) -> bool:
    """A SCIM filter (RFC 7644 section 3.4.2.2): the `filter` query parameter, a string."""
    return (
        parameter.json_name == "filter"
        and parameter.location == "query"
        and parameter.type == ir.Primitive("str")
    )


_DIRECTIONS = {
    (True, True): "Sent in request bodies and returned: built with the request shape, read with "
    "the response shape.",
    (True, False): "Only sent: built with the request shape; nothing returned has this type.",
    (False, True): "Only returned: read with the response shape (build one only for tests).",
    (False, False): "Neither sent nor returned by an operation of this package.",
}


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
    """Whether a type names the primitive (or, for 'const', holds a `Literal`)."""
    if isinstance(type_, ir.Primitive):
        return type_.name == primitive
    if isinstance(type_, ir.Const):
        return primitive == "const"
    if isinstance(type_, ir.ArrayOf):
        return _uses(type_.item, primitive)
    if isinstance(type_, ir.MapOf):
        return _uses(type_.value, primitive)
    if isinstance(type_, ir.UnionOf):
        return any(_uses(o, primitive) for o in type_.options)
    return False


def _is_tagged(type_: ir.TypeExpr) -> bool:
    """Whether a type holds a discriminated union."""
    if isinstance(type_, ir.ArrayOf):
        return _is_tagged(type_.item)
    if isinstance(type_, ir.MapOf):
        return _is_tagged(type_.value)
    if isinstance(type_, ir.UnionOf):
        return bool(type_.discriminator) or any(_is_tagged(o) for o in type_.options)
    return False
