"""The intermediate representation: what the templates render, decided once by the normalizer.

A tree of small frozen dataclasses, built bottom-up and never mutated:

    Api
    ├── enums:      Enum (members: EnumMember)
    ├── models:     Model (fields: Field)
    └── services:   Service, one API class per tag (operations: Operation)
                    └── Operation (arguments: Argument -> Parameter | Body; returns: TypeExpr | None)

Every name here is already a valid, unique Python identifier; every type is data (`TypeExpr`),
turned into an annotation by `render.annotation`. Nothing links back to the spec: no openapi-pydantic
type appears in this module, and the IR holds only str, int, float, bool, None and tuples, so it can
be compared, hashed and printed.

This module imports nothing from the rest of the generator.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

# -- types --------------------------------------------------------------------------------------

PrimitiveName = Literal["str", "int", "float", "bool", "datetime", "date", "bytes", "file", "any"]
"""`file`: a binary string (`format: binary`), the runtime's `File` (a file part of a multipart
body)."""


@dataclass(frozen=True)
class Primitive:
    name: PrimitiveName


@dataclass(frozen=True)
class ArrayOf:
    item: TypeExpr


@dataclass(frozen=True)
class MapOf:
    """A JSON object with free keys (`additionalProperties`)."""

    value: TypeExpr


@dataclass(frozen=True)
class ModelRef:
    name: str


@dataclass(frozen=True)
class EnumRef:
    name: str


@dataclass(frozen=True)
class UnionOf:
    """`oneOf` / `anyOf`: any one of the options."""

    options: tuple[TypeExpr, ...]
    discriminator: str = ""
    """For a union of models with a `discriminator`: the JSON property that tells them apart
    ('' for a plain union)."""
    tags: tuple[tuple[str, str], ...] = ()
    """(value of the property, class name of the option it picks), in the spec's order."""


@dataclass(frozen=True)
class Const:
    """A schema that allows one value (`const`, OpenAPI 3.1): `Literal["user"]`."""

    value: str | int | bool


@dataclass(frozen=True)
class AliasRef:
    """A component schema that is not a model (a union, an array) and that the models it holds
    refer back to: a named alias in models.py (`Node: TypeAlias = Frame | Text`)."""

    name: str


TypeExpr = Primitive | ArrayOf | MapOf | ModelRef | EnumRef | UnionOf | Const | AliasRef


def class_names(type_: TypeExpr) -> Iterator[str]:
    """The models and enums a type names."""
    if isinstance(type_, ModelRef | EnumRef | AliasRef):
        yield type_.name
    elif isinstance(type_, ArrayOf):
        yield from class_names(type_.item)
    elif isinstance(type_, MapOf):
        yield from class_names(type_.value)
    elif isinstance(type_, UnionOf):
        for option in type_.options:
            yield from class_names(option)


def reachable(
    models: Mapping[str, Model],
    roots: Iterable[str],
    aliases: Mapping[str, Alias] | None = None,
) -> set[str]:
    """The models, enums and aliases the named ones lead to through their fields (and the
    aliases' types), themselves included."""
    aliases = aliases or {}
    reached: set[str] = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in reached:
            continue
        reached.add(name)
        model = models.get(name)
        for field in model.fields if model is not None else ():
            stack.extend(class_names(field.type))
        if name in aliases:
            stack.extend(class_names(aliases[name].type))
    return reached


# JSON literal values (defaults, enum values) as the IR keeps them.
Literal_ = str | int | float | bool | None

# -- models and enums ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: str | int


@dataclass(frozen=True)
class Enum:
    name: str
    description: str
    value_type: Literal["str", "int"]
    members: tuple[EnumMember, ...]


@dataclass(frozen=True)
class Field:
    name: str
    json_name: str
    type: TypeExpr
    description: str
    required: bool
    """The caller must give it when building the model: see `normalize.shapes` for the rule."""
    nullable: bool
    read_only: bool
    default: Literal_
    """A documented default; None when there is none (the field then defaults to None)."""
    returned: bool = False
    """Its model may be in what the client returns, where any field may be left out
    (`attributes=`, `excludedAttributes=`): its attribute then admits None."""
    listed_required: bool = False
    """The schema lists it in `required`, whatever building requires (`required`): a required
    `readOnly` field (`ScimV2Group.displayName`) is one a server wants, yet not enforced."""

    @property
    def takes_none(self) -> bool:
        """Whether the field's annotation (what reading it gives) admits None: it may be left
        out, or be null."""
        return not self.required or self.nullable or self.returned

    @property
    def required_on_read_only(self) -> bool:
        """Required to build the model, yet typed `| None` when read: the model's constructor
        is then spelled out for type checkers (`Model.typed_init`)."""
        return self.required and self.returned and not self.nullable


@dataclass(frozen=True)
class Model:
    name: str
    schema_name: str
    description: str
    fields: tuple[Field, ...]

    @property
    def typed_init(self) -> bool:
        """Whether the constructor type checkers see must be spelled out: it requires a field
        that reading gives as `X | None` (a model both sent and returned)."""
        return any(f.required_on_read_only for f in self.fields)


@dataclass(frozen=True)
class Alias:
    """A named type that is not a class (see `AliasRef`)."""

    name: str
    schema_name: str
    description: str
    type: TypeExpr


# -- operations ---------------------------------------------------------------------------------

Location = Literal["path", "query", "header"]
HttpMethod = Literal["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
PermissionKind = Literal["ANY", "ALL", "NO"]
ResponseFormat = Literal["json", "text", "bytes"]


@dataclass(frozen=True)
class Parameter:
    name: str
    json_name: str
    location: Location
    type: TypeExpr
    description: str
    required: bool
    default: Literal_
    explode: bool
    """Arrays: one `name=v` pair per item (True) or one comma-joined value (False)."""


BodyFormat = Literal["json", "form", "multipart", "text", "bytes"]


@dataclass(frozen=True)
class Body:
    name: str
    type: TypeExpr
    description: str
    required: bool
    media_types: tuple[str, ...]
    """The media types it is sent as: the JSON ones of a JSON body, else the one chosen."""
    format: BodyFormat = "json"
    """How it is sent: JSON; form fields (`application/x-www-form-urlencoded`); form fields and
    file parts (`multipart/form-data`); a str (`text/*`) or bytes (any other type) as it is."""
    not_chosen: tuple[str, ...] = ()
    """Media types the spec also gives, in order of preference, that the client does not send:
    JSON is preferred, then a form, then multipart, then text, then bytes."""


ArgumentKind = Literal["positional", "keyword"]


@dataclass(frozen=True)
class Argument:
    """One argument of a generated method, in the order the signature takes it."""

    name: str
    type: TypeExpr
    kind: ArgumentKind
    """Positional (required, in the documented order) or keyword-only."""
    default: Literal_
    """A keyword argument's default (None: `= None`); a positional one has none."""
    passes: Parameter | Body
    """What the argument is sent as."""


@dataclass(frozen=True)
class Permissions:
    kind: PermissionKind
    """As the vendor documents them."""
    names: tuple[str, ...]


@dataclass(frozen=True)
class Paging:
    """A list operation paged by SCIM's startIndex/count: gets an `iter_*` helper."""

    iterator_name: str
    start_index: str
    """Python name of the start-index parameter."""
    count: str
    item_type: TypeExpr
    items_field: str
    """Python name of the response field that holds the page's resources."""
    total_field: str
    start_field: str | None
    """Python name of the response's `startIndex` field, if it has one: the helper checks that
    each page starts where it asked."""
    arguments: tuple[Argument, ...]
    """The helper's signature: the list method's, but that the start index and the count are
    always numbers (the documented defaults, else SCIM's first index and a page size)."""


@dataclass(frozen=True)
class Operation:
    name: str
    constant: str
    """Name of the module-level endpoint description, e.g. GET_SCIM_V2_USERS."""
    method: HttpMethod
    path: str
    summary: str
    description: str
    deprecated: bool
    permissions: Permissions | None
    arguments: tuple[Argument, ...]
    """The signature, decided once (`normalize.operations.signature`): required parameters
    positional in spec order, then a required body; then keyword-only an optional body and the
    optional parameters, in spec order. The API template, the docs, `changes` and the paging
    helper all read it."""
    body: Body | None
    returns: TypeExpr | None
    """None: the operation answers with no body (the documentation's 'nil')."""
    response_media_types: tuple[str, ...]
    paging: Paging | None
    response_format: ResponseFormat = "json"
    """How a success body is read: parsed as JSON into `returns`, or returned as it comes, as
    text (`str`, a text/* media type) or as bytes (any other media type)."""
    request_path: str = ""
    """The path a request goes to: `path` (the spec's key, which names the operation) without
    the fixed query or the fragment some specs write into it (`/token#refresh`)."""
    fixed_query: tuple[tuple[str, str], ...] = ()
    """Query pairs the path key holds (`/responses?beta=true`), sent with every request."""

    @property
    def positional_arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.kind == "positional")

    @property
    def keyword_arguments(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.kind == "keyword")

    @property
    def positional(self) -> tuple[Parameter, ...]:
        """The parameters passed positionally, in signature order."""
        return _parameters(self.positional_arguments)

    @property
    def keyword(self) -> tuple[Parameter, ...]:
        """The parameters passed by keyword, in signature order."""
        return _parameters(self.keyword_arguments)

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        """Every parameter, in signature order."""
        return _parameters(self.arguments)

    def types(self) -> Iterator[TypeExpr]:
        """The types of its parameters, body and result."""
        for parameter in self.parameters:
            yield parameter.type
        if self.body is not None:
            yield self.body.type
        if self.returns is not None:
            yield self.returns


def _parameters(arguments: tuple[Argument, ...]) -> tuple[Parameter, ...]:
    return tuple(a.passes for a in arguments if isinstance(a.passes, Parameter))


@dataclass(frozen=True)
class Service:
    """One API class: the operations of one tag (an operation may be in several)."""

    name: str
    async_name: str
    tag: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class PatchSupport:
    """The spec's SCIM PatchOp models, found by shape, for the `patch` helpers."""

    request_model: str
    operations_field: str
    operation_model: str
    op_enum: str
    add: str
    """Member names of the op enum."""
    replace: str
    remove: str


@dataclass(frozen=True)
class Api:
    title: str
    description: str
    spec_version: str
    """The spec's info.version."""
    package: str
    distribution: str
    package_version: str
    server_url: str | None
    """The default base URL (`servers[0]`); None when the spec gives no usable one."""
    enums: tuple[Enum, ...]
    models: tuple[Model, ...]
    services: tuple[Service, ...]
    patch: PatchSupport | None
    aliases: tuple[Alias, ...] = ()
    """Component schemas that are recursive unions or arrays, named (models.py defines them
    after the classes they name)."""
    skipped_operations: tuple[str, ...] = ()
    """Method names of operations left out (with a warning) because the client cannot express
    them, e.g. a request body that is not JSON."""

    @property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation once, by name (an operation with several tags is a method of several
        API classes)."""
        unique = {op.name: op for service in self.services for op in service.operations}
        return tuple(unique[name] for name in sorted(unique))
