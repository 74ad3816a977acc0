"""Render SCIMApi method signatures as text, from the doc page or the generated package.

Both renderers produce the same format so the two can be compared line by
line (and diffed).  One block per method, methods sorted by name, parameters
in signature order::

    get_scim_v2_users -> ScimUserListResponse
      GET /api/v2/scim/v2/users
      keyword start_index: int = 1
      keyword attributes: list[str] = None
        values: id, userName, ...

* :func:`render_documented` renders parsed doc-page records: required
  parameters are ``positional`` (heading order), ``[optional]`` ones are
  ``keyword`` with their documented default (``None`` if none) in table order.
* :func:`render_generated` imports the generated package and introspects
  ``SCIMApi`` for every method named in ``_endpoints.ENDPOINTS``:
  ``POSITIONAL_OR_KEYWORD`` parameters are positional, ``KEYWORD_ONLY`` ones
  keyword; annotations are canonicalised (``None`` stripped from unions,
  sequences -> ``list[...]``, enums -> their value type plus ``values``,
  pydantic models -> their class name).
"""

from __future__ import annotations

import collections.abc
import difflib
import enum
import importlib
import inspect
import sys
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

import pydantic

from .docpage import DocumentedMethod, DocumentedParameter

ParamKind = Literal["positional", "keyword"]
GENERATED_PACKAGE = "genesys_cloud_scim"
_SCALARS: tuple[type, ...] = (str, int, bool, float)
_SEQUENCES: tuple[object, ...] = (list, collections.abc.Sequence)
_UNIONS: tuple[object, ...] = (typing.Union, types.UnionType)


class SignatureError(TypeError):
    """A generated method cannot be rendered (missing method, odd annotation, ...)."""


class Endpoint(Protocol):
    """What the renderer needs from an ``ENDPOINTS`` entry."""

    @property
    def method(self) -> str: ...

    @property
    def path(self) -> str: ...


@dataclass(frozen=True)
class ParamSignature:
    """One rendered parameter; ``default`` is the ``repr`` of the default, if any."""

    kind: ParamKind
    name: str
    type: str
    default: str | None
    values: tuple[str, ...]


@dataclass(frozen=True)
class MethodSignature:
    """One rendered method block."""

    name: str
    http_method: str
    path: str
    return_type: str
    params: tuple[ParamSignature, ...]


# --- text format ------------------------------------------------------------


def render_signatures(methods: Iterable[MethodSignature]) -> str:
    """Render method blocks sorted by name; the text ends with a newline."""
    ordered = sorted(methods, key=lambda method: method.name)
    names = [method.name for method in ordered]
    if len(set(names)) != len(names):
        raise SignatureError(f"duplicate method names in {names}")
    lines = [line for method in ordered for line in _method_lines(method)]
    return "\n".join(lines) + "\n"


def _method_lines(method: MethodSignature) -> list[str]:
    lines = [f"{method.name} -> {method.return_type}", f"  {method.http_method} {method.path}"]
    for param in method.params:
        default = "" if param.default is None else f" = {param.default}"
        lines.append(f"  {param.kind} {param.name}: {param.type}{default}")
        if param.values:
            lines.append(f"    values: {', '.join(param.values)}")
    return lines


def signature_diff(
    documented: str, generated: str, labels: tuple[str, str] = ("documented", "generated")
) -> str:
    """Unified diff from the documented to the generated rendering ("" if equal)."""
    return "".join(
        difflib.unified_diff(
            documented.splitlines(keepends=True),
            generated.splitlines(keepends=True),
            fromfile=labels[0],
            tofile=labels[1],
        )
    )


# --- from the doc page ------------------------------------------------------


def render_documented(methods: Iterable[DocumentedMethod]) -> str:
    """Render parsed doc-page methods."""
    return render_signatures(documented_signature(method) for method in methods)


def documented_signature(method: DocumentedMethod) -> MethodSignature:
    """The signature the doc page prescribes for ``method``."""
    positional = [_documented_param("positional", method.parameter(n)) for n in method.positional]
    keyword = [_documented_param("keyword", method.parameter(n)) for n in method.optional]
    return MethodSignature(
        name=method.name,
        http_method=method.http_method,
        path=method.path,
        return_type=method.return_type,
        params=(*positional, *keyword),
    )


def _documented_param(kind: ParamKind, param: DocumentedParameter) -> ParamSignature:
    if kind == "positional" and param.default is not None:
        raise SignatureError(f"required parameter {param.name} has a default {param.default!r}")
    return ParamSignature(
        kind=kind,
        name=param.name,
        type=param.type,
        default=None if kind == "positional" else repr(param.default),
        values=param.enum_values,
    )


# --- from the generated package ---------------------------------------------


def render_generated(package: str = GENERATED_PACKAGE, api_class: str = "SCIMApi") -> str:
    """Import ``package`` and render the methods of its ``api_class`` (``SCIMApi``, or its
    twin ``AsyncSCIMApi``) named in ``ENDPOINTS``."""
    api: type = getattr(importlib.import_module(package), api_class)
    endpoints: Mapping[str, Endpoint] = importlib.import_module(f"{package}._endpoints").ENDPOINTS
    # The API module names its models for type checkers only (they are imported by the first
    # call): the annotations are evaluated with the models module's names.
    models = sys.modules.get(f"{package}.models")
    return render_signatures(introspect_api(api, endpoints, vars(models) if models else None))


def introspect_api(
    api: type, endpoints: Mapping[str, Endpoint], names: Mapping[str, object] | None = None
) -> list[MethodSignature]:
    """Signatures of the methods of ``api`` named in ``endpoints`` (all must exist); `names`
    are what the annotations may name besides the method's module globals."""
    missing = sorted(name for name in endpoints if not callable(getattr(api, name, None)))
    if missing:
        raise SignatureError(f"{api.__name__} lacks endpoint method(s) {missing}")
    return [
        _introspect_method(name, getattr(api, name), endpoints[name], names or {})
        for name in endpoints
    ]


def _introspect_method(
    name: str, func: Callable[..., object], endpoint: Endpoint, names: Mapping[str, object]
) -> MethodSignature:
    try:
        signature = inspect.signature(func)
        hints = typing.get_type_hints(func, globalns={**names, **getattr(func, "__globals__", {})})
        parameters = list(signature.parameters.values())
        if parameters and parameters[0].name == "self":
            parameters = parameters[1:]
        return MethodSignature(
            name=name,
            http_method=endpoint.method,
            path=endpoint.path,
            return_type=canonical_annotation(_hint(hints, "return"))[0],
            params=tuple(_introspect_param(p, _hint(hints, p.name)) for p in parameters),
        )
    except (SignatureError, NameError, TypeError, ValueError) as exc:
        raise SignatureError(f"{name}: {exc}") from exc


def _hint(hints: Mapping[str, object], name: str) -> object:
    if name not in hints:
        raise SignatureError(f"no type annotation for {name!r}")
    return hints[name]


def _introspect_param(param: inspect.Parameter, annotation: object) -> ParamSignature:
    type_name, values = canonical_annotation(annotation)
    return ParamSignature(
        kind=_param_kind(param),
        name=param.name,
        type=type_name,
        default=_default_text(param.default),
        values=values,
    )


def _param_kind(param: inspect.Parameter) -> ParamKind:
    if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
        return "positional"
    if param.kind is param.KEYWORD_ONLY:
        return "keyword"
    raise SignatureError(f"unsupported parameter kind {param.kind.description} for {param.name}")


def _default_text(default: object) -> str | None:
    if default is inspect.Parameter.empty:
        return None
    if isinstance(default, enum.Enum):
        return repr(default.value)
    return repr(default)


def canonical_annotation(annotation: object) -> tuple[str, tuple[str, ...]]:
    """Canonical type name of a resolved annotation, plus enum values if it is an enum."""
    annotation = _strip_none(annotation)
    if annotation is type(None):
        return "None", ()
    origin = typing.get_origin(annotation)
    if origin is not None:
        return _canonical_generic(annotation, origin)
    if isinstance(annotation, type):
        return _canonical_class(annotation)
    raise SignatureError(f"unsupported annotation {annotation!r}")


def _values_of(annotation: object) -> tuple[object, ...]:
    """The values of an enum, or of a Literal (through Annotated), else ()."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(m.value for m in annotation)
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    return ()


def _strip_none(annotation: object) -> object:
    if typing.get_origin(annotation) not in _UNIONS:
        return annotation
    members = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    # `Enum | EnumValue`: the Literal of the enum's values (what type checkers take as plain
    # strings) is the enum itself.
    enums = [m for m in members if isinstance(m, type) and issubclass(m, enum.Enum)]
    members = [
        m
        for m in members
        if not (enums and m is not enums[0] and _values_of(m) == _values_of(enums[0]))
    ]
    if len(members) != 1:
        raise SignatureError(f"unsupported union {annotation!r}")
    return members[0]


def _canonical_generic(annotation: object, origin: object) -> tuple[str, tuple[str, ...]]:
    args = typing.get_args(annotation)
    if origin not in _SEQUENCES or len(args) != 1:
        raise SignatureError(f"unsupported generic annotation {annotation!r}")
    item, values = canonical_annotation(args[0])
    return f"list[{item}]", values


def _canonical_class(cls: type) -> tuple[str, tuple[str, ...]]:
    if issubclass(cls, enum.Enum):
        return _canonical_enum(cls)
    if cls in _SCALARS:
        return cls.__name__, ()
    if issubclass(cls, pydantic.BaseModel):
        return cls.__name__, ()
    raise SignatureError(f"unsupported annotation class {cls.__qualname__}")


def _canonical_enum(cls: type[enum.Enum]) -> tuple[str, tuple[str, ...]]:
    values = [member.value for member in cls]
    for scalar in (str, int):
        if values and all(type(value) is scalar for value in values):
            return scalar.__name__, tuple(str(value) for value in values)
    raise SignatureError(f"enum {cls.__qualname__} values are not all str or all int: {values}")
