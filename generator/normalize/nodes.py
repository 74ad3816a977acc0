"""Typed accessors on openapi-pydantic's 3.1 nodes: the only place their shape is known.

The loader gives every document in 3.1 shapes (`load.upgrade`), so a schema's nullability is in
its type list; a 3.1 document may still carry a stray `nullable` (or a Swagger `x-nullable`), which
is read the same way.

Imports: ir, load (for `ref_of`, `extra_keys`), scope (for `OPENAPI_METHODS`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeGuard

from .. import ir
from ..load import extra_keys, ref_of
from ..scope import OPENAPI_METHODS

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import (
        MediaType,
        Operation,
        Parameter,
        PathItem,
        Reference,
        Schema,
    )

    SchemaNode = Reference | Schema
    """Where a schema may be: a schema, or a `$ref` to one."""

JSON_MEDIA_TYPES = ("application/scim+json", "application/json")

__all__ = [
    "FORM_MEDIA_TYPE",
    "JSON_MEDIA_TYPES",
    "MULTIPART_MEDIA_TYPE",
    "body_format",
    "default_explode",
    "enum_key",
    "enum_values",
    "extension",
    "http_method",
    "inline_parameter_enum",
    "is_json",
    "is_literal",
    "is_null",
    "is_object",
    "json_media_type",
    "location",
    "operations_of",
    "primitive",
    "ref_of",
    "request_media_types",
    "text",
    "types_of",
]


def extension(node: object, name: str) -> Any:
    """The value of a key openapi-pydantic does not model (an `x-` extension), if any."""
    extra = extra_keys(node)
    return extra.get(name) if extra else None


def types_of(schema: Schema) -> tuple[list[str], bool]:
    """(JSON types without 'null', nullable)."""
    declared = schema.type
    if declared is None:
        names = []
    elif isinstance(declared, list):
        names = [t._value_ for t in declared]
    else:
        names = [declared._value_]  # `_value_`: what `.value` reads, through a slow descriptor
    nullable = "null" in names or bool(extension(schema, "nullable"))
    return [n for n in names if n != "null"], nullable


def is_null(node: object) -> bool:
    """Whether a schema (not a `$ref`) allows only null: `{type: "null"}`."""
    if not _is_schema(node) or ref_of(node) is not None:
        return False
    types, nullable = types_of(node)
    return not types and nullable and node.type is not None


def text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def is_literal(value: object) -> TypeGuard[ir.Literal_]:
    return value is None or isinstance(value, str | int | float | bool)


_BOOLEAN_SPELLINGS = frozenset({True, False, "true", "false"})


def enum_values(schema: Schema) -> list[Any] | None:
    """The values of a schema's enum; None if it has none, or if it is a boolean whose enum only
    spells out true and false (the vendor writes `enum: ["true", "false"]` on its booleans):
    that is a `bool`, not an enum."""
    values = schema.enum
    if values is None:
        return None
    types, _nullable = types_of(schema)
    if types == ["boolean"] and all(
        isinstance(v, bool) or (isinstance(v, str) and v.lower() in _BOOLEAN_SPELLINGS)
        for v in values
        if v is not None
    ):
        return None
    return list(values)


def enum_key(schema: Schema) -> tuple[tuple[str, object], ...]:
    """The values of an enum as a hashable key (objects and arrays, which enums leave out with a
    warning, by their repr)."""
    return tuple(
        (type(v).__name__, v if isinstance(v, str | int | float | bool) else repr(v))
        for v in schema.enum or ()
        if v is not None
    )


def inline_parameter_enum(schema: SchemaNode | None) -> tuple[Schema, bool] | None:
    """(the enum schema, whether the parameter is an array of it) if a parameter's schema
    declares its enum inline, as the vendor's Swagger does; None for a `$ref` or no enum."""
    if schema is None or ref_of(schema) is not None or not _is_schema(schema):
        return None
    if enum_values(schema) is not None:
        return schema, False
    items = schema.items
    if items is not None and ref_of(items) is None and _is_schema(items):
        return (items, True) if enum_values(items) is not None else None
    return None


def _is_schema(node: object) -> TypeGuard[Schema]:
    from openapi_pydantic.v3.v3_1 import Schema

    return isinstance(node, Schema)


def is_object(schema: Schema) -> bool:
    types, _ = types_of(schema)
    if schema.properties:
        return True
    if schema.allOf and (len(schema.allOf) > 1 or schema.properties):
        return True
    if "object" in types and not schema.additionalProperties and enum_values(schema) is None:
        # `type: object` with nothing else: an object with no known fields (e.g. `Empty`).
        return not (schema.oneOf or schema.anyOf)
    return False


_FORMATS: dict[tuple[str, str], ir.PrimitiveName] = {
    ("string", "date-time"): "datetime",
    ("string", "date"): "date",
}
_TYPES: dict[str, ir.PrimitiveName] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


def primitive(json_type: str, schema: Schema) -> ir.Primitive:
    fmt = schema.schema_format
    if json_type == "string" and "binary" in (fmt, getattr(schema, "contentEncoding", None)):
        return ir.Primitive("file")
    if isinstance(fmt, str) and (json_type, fmt) in _FORMATS:
        return ir.Primitive(_FORMATS[(json_type, fmt)])
    return ir.Primitive(_TYPES.get(json_type, "any"))


def default_explode(node: Parameter) -> bool:
    return node.style in (None, "form")


def is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base in JSON_MEDIA_TYPES or base.endswith("+json") or base == "*/*"


FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
MULTIPART_MEDIA_TYPE = "multipart/form-data"


def body_format(media_type: str) -> ir.BodyFormat:
    """How a request body of this media type is sent."""
    base = media_type.split(";")[0].strip().lower()
    if is_json(base):
        return "json"
    if base == FORM_MEDIA_TYPE:
        return "form"
    if base == MULTIPART_MEDIA_TYPE:
        return "multipart"
    return "text" if base.startswith("text/") else "bytes"


_BODY_PREFERENCE: tuple[ir.BodyFormat, ...] = ("json", "form", "multipart", "text", "bytes")


def request_media_types(content: dict[str, MediaType]) -> list[str]:
    """A request body's media types, the one to send first: JSON (`json_media_type`'s pick),
    then a form, then multipart, then text, then any other; sorted within each."""
    chosen = json_media_type(content)
    rest = sorted(
        (m for m in content if m != chosen),
        key=lambda m: (_BODY_PREFERENCE.index(body_format(m)), m),
    )
    return [chosen, *rest] if chosen is not None else rest


def json_media_type(content: dict[str, MediaType]) -> str | None:
    for preferred in JSON_MEDIA_TYPES:
        if preferred in content:
            return preferred
    for media in sorted(content):
        if is_json(media):
            return media
    return None


def operations_of(item: PathItem) -> Iterator[tuple[str, Operation]]:
    """(verb, operation) of each operation of a path item, in `OPENAPI_METHODS` order."""
    for verb in OPENAPI_METHODS:
        operation: Operation | None = getattr(item, verb)
        if operation is not None:
            yield verb, operation


_UPPER_METHODS: dict[str, ir.HttpMethod] = {verb: verb.upper() for verb in OPENAPI_METHODS}  # type: ignore[misc]


def http_method(verb: str) -> ir.HttpMethod:
    return _UPPER_METHODS[verb]


def location(parameter: Parameter) -> ir.Location | None:
    """Where a parameter is sent; None for a cookie, which the client does not send."""
    value = parameter.param_in.value
    return None if value == "cookie" else value  # type: ignore[return-value]
