# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""The base classes of every model and enum, and how responses are parsed.

Strict where you send, tolerant where you receive:

* Building a model yourself validates it: required fields must be given, enum fields only take the
  documented values (in any letter case), and types are checked.
* Parsing a server response never fails on what real SCIM servers do: a required field left out
  (as `attributes=`/`excludedAttributes=` answers do) reads as None, a JSON `null` is kept as None,
  an enum value this client does not know is kept as the plain string the server sent, a
  discriminator value it does not know is kept as the first option that fits (`Tagged`), and
  fields this client does not know are kept (see `model_extra`).
"""

from __future__ import annotations

import enum
import gc
import threading
import typing
from collections.abc import Callable, Iterator
from typing import IO, Annotated, Any, TypeVar

import pydantic
import pydantic_core
from pydantic import BaseModel, ConfigDict, PlainValidator

T = TypeVar("T")


class ScimModel(BaseModel):
    """Base of every SCIM model: attributes in snake_case, JSON names as aliases."""

    model_config = ConfigDict(
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        extra="allow",
        protected_namespaces=(),
        validate_assignment=False,
        coerce_numbers_to_str=False,
        defer_build=True,
    )

    def to_dict(self) -> dict[str, Any]:
        """The JSON object this model sends: JSON names, and only the fields that were set."""
        # warnings=False: a model read from a response may hold values this client does not know
        # (an enum value as a plain string), which are sent back as they came.
        return self.model_dump(
            mode="json", by_alias=True, exclude_unset=True, warnings=False
        )

    def to_json(self) -> str:
        """`to_dict()` as a JSON string."""
        return self.model_dump_json(by_alias=True, exclude_unset=True, warnings=False)


def is_file(value: object) -> bool:
    """Whether a value is a `File`: bytes, text, a binary file object (anything with `read`),
    or a (filename, content[, content_type]) tuple, as httpx takes a file."""
    if isinstance(value, tuple):
        return (
            len(value) in (2, 3)
            and is_file(value[1])
            and not isinstance(value[1], tuple)
        )
    return isinstance(value, bytes | str) or callable(getattr(value, "read", None))


def _checked_file(value: object) -> object:
    if not is_file(value):
        raise ValueError(
            "a file is bytes, a binary file object or a (filename, content, content_type) "
            f"tuple, not {type(value).__name__}"
        )
    return value


FileContent = bytes | str | IO[bytes]
File = Annotated[
    FileContent
    | tuple[str | None, FileContent]
    | tuple[str | None, FileContent, str | None],
    PlainValidator(_checked_file),
]
"""A binary string of the API (`format: binary`): in a multipart body, a file part. Give bytes,
a binary file object (`open(path, "rb")`) or a `(filename, content, content_type)` tuple, as
httpx takes one; bytes or a file without a filename go as `upload`."""


class ScimEnum(str, enum.Enum):
    """Base of every string enum: compares equal to its value, matches values in any case."""

    @classmethod
    def _missing_(cls, value: object) -> ScimEnum | None:
        if isinstance(value, str):
            folded = value.casefold()
            for member in cls:
                if member.value.casefold() == folded:
                    return member
        return None

    def __str__(self) -> str:
        return str(self.value)


class Tagged:
    """How a `oneOf`/`anyOf` of models with a `discriminator` is read: `Annotated[Cat | Dog,
    Tagged("kind", {"cat": "Cat", "dog": "Dog"})]` picks the option whose class the value of
    `kind` names (the spec's `mapping`, and each option's schema name), instead of trying each
    option in turn and keeping whichever fits first.

    Strict where you send: a value of `kind` the spec does not list is an error. Tolerant where
    you receive: such a response is still kept, as the first option it fits (a newer server's
    variant, its fields in `model_extra`), not refused.
    """

    def __init__(self, property_name: str, tags: dict[str, str]) -> None:
        self.property_name = property_name
        self.tags = tags

    def __get_pydantic_core_schema__(
        self, source: Any, handler: pydantic.GetCoreSchemaHandler
    ) -> pydantic_core.CoreSchema:
        options = [o for o in typing.get_args(source) if isinstance(o, type)]
        choices: dict[Any, pydantic_core.CoreSchema] = {
            option.__name__: handler.generate_schema(option) for option in options
        }
        names = frozenset(choices)
        property_name, tags = self.property_name, self.tags

        def tag_of(value: Any) -> str | None:
            if isinstance(value, dict):
                found = value.get(property_name)
                return tags.get(found) if isinstance(found, str) else None
            name = type(value).__name__
            return name if name in names else None

        known = ", ".join(repr(value) for value in tags)
        return pydantic_core.core_schema.tagged_union_schema(
            choices,
            tag_of,
            custom_error_type="discriminator_unknown",
            custom_error_message=f"{property_name!r} must be one of {known}",
        )


class ResponseShapeError(ValueError):
    """A response body is JSON but not of the documented shape."""


_TOLERANT: dict[Any, pydantic_core.SchemaValidator] = {}


def tolerant_validator(type_: Any) -> pydantic_core.SchemaValidator:
    """A validator for `type_` that accepts what real servers send (see the module docstring).

    Built once per type from pydantic's own core schema: every field becomes optional and
    nullable, every enum also accepts any string, every list item may be null.
    """
    validator = _TOLERANT.get(type_)
    if validator is None:
        if isinstance(type_, type) and issubclass(type_, BaseModel):
            type_.model_rebuild()  # models defer building their schema until first use
            schema = type_.__pydantic_core_schema__
        else:
            schema = pydantic.TypeAdapter(type_).core_schema
        validator = _build_without_prebuilt(_tolerant(schema))
        _TOLERANT[type_] = validator
    return validator


_BUILD_LOCK = threading.Lock()


def _build_without_prebuilt(schema: Any) -> pydantic_core.SchemaValidator:
    """Build a validator from `schema` itself.

    pydantic-core reuses a model class's own (strict) validator wherever that class appears in a
    schema once the class is complete; mark the classes incomplete while building so the tolerant
    schema is what gets compiled.
    """
    classes = set(_model_classes(schema))
    with _BUILD_LOCK:
        saved = {
            cls: cls.__dict__.get("__pydantic_complete__", False) for cls in classes
        }
        try:
            for cls in classes:
                type.__setattr__(cls, "__pydantic_complete__", False)
            return pydantic_core.SchemaValidator(schema)
        finally:
            for cls, complete in saved.items():
                type.__setattr__(cls, "__pydantic_complete__", complete)


def _model_classes(node: Any) -> Iterator[type]:
    if isinstance(node, list):
        for item in node:
            yield from _model_classes(item)
    elif isinstance(node, dict):
        if node.get("type") == "model" and isinstance(node.get("cls"), type):
            yield node["cls"]
        for value in node.values():
            yield from _model_classes(value)


GC_PAUSE_MIN_BYTES = 64 * 1024
"""Bodies at least this big are parsed with the cyclic garbage collector paused (see below)."""


def parse_json(type_: Callable[..., T] | type[T] | Any, content: bytes) -> T:
    """Parse a response body into `type_`, tolerantly; raises ResponseShapeError with the places
    that do not fit, or ValueError for a body that is not JSON.

    A page of users is thousands of small objects, and every few hundred new ones Python's cyclic
    collector walks all live objects again: half the time of parsing a 1,000-user page. A JSON
    document cannot hold a cycle, so for big bodies the collector waits until the parse is done
    (if it was on; it is never turned on by this function otherwise).
    """
    pause = len(content) >= GC_PAUSE_MIN_BYTES and gc.isenabled()
    if pause:
        gc.disable()
    try:
        return tolerant_validator(type_).validate_json(content)  # type: ignore[no-any-return]
    except pydantic_core.ValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise ValueError(
                f"the body is not valid JSON: {error.errors()[0]['msg']}"
            ) from None
        raise ResponseShapeError(_describe(error)) from None
    finally:
        if pause:
            gc.enable()


def _describe(error: pydantic_core.ValidationError) -> str:
    problems = []
    for item in error.errors()[:5]:
        where = "/".join(str(step) for step in item["loc"]) or "(top level)"
        problems.append(f"{where}: {item['msg']}")
    more = error.error_count() - len(problems)
    suffix = f" (and {more} more)" if more > 0 else ""
    return "; ".join(problems) + suffix


def _tolerant(node: Any) -> Any:
    if isinstance(node, list):
        return [_tolerant(item) for item in node]
    if not isinstance(node, dict):
        return node
    kind = node.get("type")
    if kind == "enum" and node.get("sub_type") == "str":
        return {
            "type": "union",
            "choices": [dict(node), {"type": "str"}],
            "mode": "left_to_right",
        }
    result = {key: _tolerant(value) for key, value in node.items()}
    if kind == "literal":
        # A value the spec's `const` does not name: kept, as an unknown enum value is.
        bases = {type(value) for value in node.get("expected", ())}
        if bases <= {str}:
            return {
                "type": "union",
                "choices": [result, {"type": "str"}],
                "mode": "left_to_right",
            }
        return result
    if kind == "tagged-union":
        # An unknown discriminator value: kept as the first option it fits.
        return {
            "type": "union",
            "choices": [
                result,
                {"type": "union", "choices": list(result["choices"].values())},
            ],
            "mode": "left_to_right",
        }
    if kind == "model-field":
        inner = result["schema"]
        if inner.get("type") == "default":
            inner = inner["schema"]
        result["schema"] = {
            "type": "default",
            "schema": _nullable(inner),
            "default": None,
        }
    elif kind == "list":
        items = result.get("items_schema")
        if items is not None:
            result["items_schema"] = _nullable(items)
    return result


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if schema.get("type") == "nullable":
        return schema
    return {"type": "nullable", "schema": schema}
