# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""What one operation is (`Endpoint`), and the pure parts of calling it.

`build_request` turns an endpoint and the arguments of a call into an HTTP request;
`read_response` turns the answer into the documented return value or the right exception.
Both are plain functions with no I/O, shared by the sync and the async client.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar
from urllib.parse import quote, urlencode

import httpx
import pydantic
import pydantic_core

from ._exceptions import NotModified, ResponseError, error_for
from ._lazy import lazy_module

if TYPE_CHECKING:
    from . import _model
else:  # the models' base and parsing: imported by the first request that needs them
    _model = lazy_module("._model", __package__)

T = TypeVar("T")

JSON_MEDIA_TYPE = "application/scim+json"
ACCEPT = "application/scim+json, application/json"
_UNSAFE_HEADER = re.compile(r"[\r\n\x00]")


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of an operation, by its JSON name."""

    name: str
    location: Literal["path", "query", "header"]
    explode: bool = True
    """Arrays: repeat `name=v` per item (True) or send one comma-joined value (False)."""
    enum: type[enum.Enum] | None = None
    """Values (or items) must be members of this enum, or strings equal to one of its values."""


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[T]):
    """One operation: verb, path template, parameters, and what a success returns."""

    name: str
    method: str
    path: str
    params: tuple[Param, ...]
    response: Any
    """The type a successful body is parsed into; None when the operation returns nothing."""
    body: Any = None
    """The model class of the request body, if the operation takes one."""
    body_format: Literal["json", "form", "multipart", "text", "bytes"] = "json"
    """How the body is sent: JSON; form fields (`application/x-www-form-urlencoded`); form
    fields and file parts (`multipart/form-data`); text or bytes as they are."""
    content_type: str | None = None
    """The media type a body that is not JSON is sent as."""
    permissions: tuple[str, ...] = ()
    response_format: Literal["json", "text", "bytes"] = "json"
    """How a success body is read: as JSON into `response`, or as it comes (str or bytes)."""
    accept: str | None = None
    """The Accept header of an operation that does not answer JSON."""
    fixed_query: tuple[tuple[str, str], ...] = ()
    """Query pairs sent with every request (the spec's path key holds them)."""

    @property
    def idempotent(self) -> bool:
        """Whether repeating the request cannot change the outcome (RFC 9110 section 9.2.2)."""
        return self.method in ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    content: bytes | None


def build_request(
    endpoint: Endpoint[Any], arguments: Mapping[str, object], body: object = None
) -> Request:
    """The HTTP request for a call; raises TypeError/ValueError for arguments that cannot be sent."""
    path = endpoint.path
    query: list[tuple[str, str]] = list(endpoint.fixed_query)
    headers: dict[str, str] = {}
    for param in endpoint.params:
        value = arguments.get(param.name)
        if value is None:
            if param.location == "path":
                raise TypeError(
                    f"{endpoint.name}(): path parameter {param.name!r} is required"
                )
            continue
        if param.location == "path":
            path = path.replace("{" + param.name + "}", _path_segment(param, value))
        elif param.location == "query":
            query.extend(_query_pairs(param, value))
        else:
            headers[param.name] = _header_value(endpoint, param, value)
    if endpoint.accept is not None:
        headers["Accept"] = endpoint.accept
    content = None
    if endpoint.body is not None and endpoint.body_format == "json":
        content = _body_bytes(endpoint, body)
        headers["Content-Type"] = JSON_MEDIA_TYPE
    elif endpoint.body is not None and body is not None:
        content, headers["Content-Type"] = _other_body(endpoint, body)
    return Request(endpoint.method, path, tuple(query), headers, content)


def _text(param: Param, value: object) -> str:
    if param.enum is not None and not isinstance(value, param.enum):
        try:
            value = param.enum(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in param.enum)
            raise ValueError(
                f"{param.name}: {value!r} is not one of the documented values: {allowed}"
            ) from None
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TypeError(f"{param.name}: cannot send a {type(value).__name__} value")


def _path_segment(param: Param, value: object) -> str:
    text = _text(param, value)
    if text == "":
        raise ValueError(f"path parameter {param.name!r} is empty")
    # Every reserved character is escaped, so no value can add a segment or climb out of the
    # path; '.' and '..' alone are escaped too, since URL normalization would remove them.
    segment = quote(text, safe="")
    if segment in (".", ".."):
        segment = segment.replace(".", "%2E")
    return segment


def _query_pairs(param: Param, value: object) -> list[tuple[str, str]]:
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        items = [_text(param, item) for item in value]
        if param.explode:
            return [(param.name, item) for item in items]
        return [(param.name, ",".join(items))] if items else []
    return [(param.name, _text(param, value))]


def _header_value(endpoint: Endpoint[Any], param: Param, value: object) -> str:
    text = _text(param, value)
    if _UNSAFE_HEADER.search(text):
        raise ValueError(
            f"{endpoint.name}(): header {param.name} contains a line break or NUL, "
            "which could inject another header; refusing to send it"
        )
    return text


def checked_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """A copy of `headers`, refusing names or values that could inject another header."""
    for name, value in headers.items():
        if not isinstance(name, str) or not isinstance(value, str):
            raise TypeError(f"header {name!r}: names and values must be strings")
        if _UNSAFE_HEADER.search(name) or _UNSAFE_HEADER.search(value):
            raise ValueError(
                f"header {name!r} contains a line break or NUL, which could inject another "
                "header; refusing to send it"
            )
    return dict(headers)


def _checked_body(endpoint: Endpoint[Any], body: object) -> object:
    """The body as its model (a dict of its fields is validated into one)."""
    model = endpoint.body
    if isinstance(model, type) and issubclass(model, _model.ScimModel):
        if isinstance(body, Mapping):
            body = model.model_validate(body)
        if not isinstance(body, model):
            raise TypeError(
                f"{endpoint.name}(): body must be a {model.__name__} (or a dict of its fields), "
                f"not {type(body).__name__}"
            )
    elif isinstance(body, Mapping) and _is_tagged(model):
        # A discriminated union: a dict is checked as strictly as a model built by hand.
        body = _adapter(model).validate_python(body)
    return body


def _body_bytes(endpoint: Endpoint[Any], body: object) -> bytes:
    body = _checked_body(endpoint, body)
    if isinstance(body, _model.ScimModel):
        return body.to_json().encode()
    return json.dumps(body, separators=(",", ":")).encode()


def _other_body(endpoint: Endpoint[Any], body: object) -> tuple[bytes, str]:
    """The content and Content-Type of a body that is not JSON."""
    media_type = endpoint.content_type or "application/octet-stream"
    if endpoint.body_format == "text":
        if not isinstance(body, str):
            raise TypeError(
                f"{endpoint.name}(): body must be a str, not {type(body).__name__}"
            )
        return body.encode(), media_type
    if endpoint.body_format == "bytes":
        if not isinstance(body, bytes | bytearray | memoryview):
            raise TypeError(
                f"{endpoint.name}(): body must be bytes, not {type(body).__name__}"
            )
        return bytes(body), media_type
    fields = _form_fields(endpoint, _checked_body(endpoint, body))
    if endpoint.body_format == "form":
        pairs = [
            (name, _form_text(value)) for name, value in fields if not _is_part(value)
        ]
        parts = [name for name, value in fields if _is_part(value)]
        if parts:
            raise TypeError(
                f"{endpoint.name}(): {', '.join(parts)}: a form body cannot carry a file"
            )
        return urlencode(pairs).encode("ascii"), media_type
    # httpx encodes multipart bodies (boundary, filenames, each part's content type).
    data: list[tuple[str, str]] = []
    files: list[tuple[str, Any]] = []
    for name, value in fields:
        if _is_part(value):
            files.append((name, value))
        else:
            data.append((name, _form_text(value)))
    encoded = httpx.Request(
        "POST", "http://multipart.invalid/", data=_grouped(data), files=files
    )
    return encoded.read(), encoded.headers["Content-Type"]


def _form_fields(endpoint: Endpoint[Any], body: object) -> list[tuple[str, object]]:
    """(JSON name, value) of each field given, an array's items one by one, files as they are
    and anything else as its JSON value."""
    if isinstance(body, _model.ScimModel):
        given = [
            ((info.serialization_alias or name), getattr(body, name))
            for name, info in type(body).model_fields.items()
            if name in body.model_fields_set
        ]
        given += list((body.model_extra or {}).items())
    elif isinstance(body, Mapping):
        given = [(str(name), value) for name, value in body.items()]
    else:
        raise TypeError(
            f"{endpoint.name}(): a form body must be a model or a dict of its fields, "
            f"not {type(body).__name__}"
        )
    fields: list[tuple[str, object]] = []
    for name, value in given:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if item is None:
                continue
            fields.append((name, item if _is_part(item) else _jsonable(item)))
    return fields


def _is_part(value: object) -> bool:
    """Whether a field's value goes as a file part (text goes as a field)."""
    return _model.is_file(value) and not isinstance(value, str)


def _jsonable(value: object) -> object:
    if isinstance(value, _model.ScimModel):
        return value.to_dict()
    return pydantic_core.to_jsonable_python(value, by_alias=True)


def _form_text(value: object) -> str:
    """A form field's text: a string as it is, a number or boolean as JSON writes it, an object
    or array as its JSON text."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return json.dumps(value, separators=(",", ":"))


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def _is_tagged(type_: Any) -> bool:
    """Whether a body type is a discriminated union (`Annotated[A | B, Tagged(...)]`)."""
    return typing.get_origin(type_) is typing.Annotated and any(
        isinstance(item, _model.Tagged) for item in type_.__metadata__
    )


@functools.lru_cache(maxsize=256)
def _adapter(type_: Any) -> pydantic.TypeAdapter[Any]:
    return pydantic.TypeAdapter(type_)


_NO_CONTENT_METHODS = frozenset({"PATCH", "PUT", "DELETE"})
"""Methods RFC 7644 lets answer 204 No Content (PUT: as the client's refetch allows)."""


def read_response(endpoint: Endpoint[T], response: httpx.Response) -> T:
    """The documented return value of a final answer, or the exception for it.

    A redirect is an error (the client follows none), and so is an empty body where a resource
    is documented, except a 204 to a PATCH, PUT or DELETE, which RFC 7644 allows.
    """
    status = response.status_code
    if status == 304:
        raise NotModified(response)
    if status >= 300 or status < 200:
        raise error_for(response)
    if endpoint.response is None:
        return None  # type: ignore[return-value]
    if endpoint.response_format == "text":
        return response.text  # type: ignore[return-value]
    if endpoint.response_format == "bytes":
        return response.content  # type: ignore[return-value]
    content = response.content
    if not content.strip():
        if _has_fields(endpoint.response) and not (
            status == 204 and endpoint.method in _NO_CONTENT_METHODS
        ):
            raise ResponseError(
                response,
                f"the body is empty, but a {_type_name(endpoint.response)} is documented",
            )
        # `Empty` and friends (and a 204 resource, see above) parse from `{}`.
        content = b"{}"
    try:
        return _model.parse_json(endpoint.response, content)  # type: ignore[no-any-return]
    except _model.ResponseShapeError as error:
        raise ResponseError(
            response, f"not a {_type_name(endpoint.response)}: {error}"
        ) from None
    except ValueError as error:
        raise ResponseError(response, str(error)) from None


def _has_fields(type_: Any) -> bool:
    """Whether an empty body cannot stand for `type_`: anything but a model without fields."""
    return not (
        isinstance(type_, type)
        and issubclass(type_, _model.ScimModel)
        and not type_.model_fields
    )


def _type_name(type_: Any) -> str:
    return getattr(type_, "__name__", str(type_))
