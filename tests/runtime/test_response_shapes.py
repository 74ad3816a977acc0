"""No type lies (issue 14, point 1): every model the client parses from a response, with any one
field left out (as `attributes=` / `excludedAttributes=` answers do), holds values of the types
its annotations declare. The check is driven by the annotations themselves (`typing`), so a
field typed `str` that a response can leave out fails it."""

from __future__ import annotations

import datetime
import enum
import json
import types
import typing
from typing import Any

import pytest
from genesys_cloud_scim import _endpoints as endpoints
from genesys_cloud_scim import models
from genesys_cloud_scim._endpoint import Endpoint
from genesys_cloud_scim._model import ScimModel, parse_json

ALL_MODELS = {
    cls for name in models.__all__
    if isinstance(cls := getattr(models, name), type) and issubclass(cls, ScimModel)
}  # fmt: skip


def _hints(cls: type[ScimModel]) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(models))


def _models_in(annotation: Any) -> set[type[ScimModel]]:
    if isinstance(annotation, type) and issubclass(annotation, ScimModel):
        return {annotation}
    return {m for arg in typing.get_args(annotation) for m in _models_in(arg)}


def _returned() -> list[type[ScimModel]]:
    """Every model some operation returns, and every model those hold: what the client parses."""
    found: set[type[ScimModel]] = set()
    stack = [m for e in vars(endpoints).values() if isinstance(e, Endpoint)
             for m in _models_in(e.response)]  # fmt: skip
    while stack:
        cls = stack.pop()
        if cls not in found:
            found.add(cls)
            stack.extend(m for hint in _hints(cls).values() for m in _models_in(hint))
    return sorted(found, key=lambda cls: cls.__name__)


MODELS = _returned()


def _sample(annotation: Any, depth: int = 0) -> Any:
    """A JSON value of the annotation's type, every field of a model present."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return _sample(next(a for a in args if a is not type(None)), depth)
    if origin is typing.Literal:
        return args[0]
    if origin is list:
        return [_sample(args[0], depth)]
    if origin is dict:
        return {"key": _sample(args[1], depth)}
    if isinstance(annotation, type) and issubclass(annotation, ScimModel):
        return _full(annotation, depth + 1) if depth < 3 else {}
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation)).value
    return {
        str: "text", bool: True, int: 7, float: 1.5,
        datetime.datetime: "2024-05-06T07:08:09Z", datetime.date: "2024-05-06",
    }.get(annotation, "anything")  # fmt: skip


def _full(cls: type[ScimModel], depth: int = 0) -> dict[str, Any]:
    hints = _hints(cls)
    return {
        info.serialization_alias or name: _sample(hints[name], depth)
        for name, info in cls.model_fields.items()
    }


def _mismatches(value: Any, annotation: Any, where: str) -> list[str]:
    """Where `value` is not of the type `annotation` declares, recursively."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is Any:
        return []
    if origin in (typing.Union, types.UnionType):
        options = [_mismatches(value, option, where) for option in args]
        return [] if any(not found for found in options) else min(options, key=len)
    if origin is typing.Literal:
        return [] if value in args else [f"{where}: {value!r} is not one of {args}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: {value!r} is not a list"]
        return [
            m for i, item in enumerate(value) for m in _mismatches(item, args[0], f"{where}[{i}]")
        ]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not a dict"]
        return [m for k, item in value.items() for m in _mismatches(item, args[1], f"{where}[{k}]")]
    if annotation is type(None):
        return [] if value is None else [f"{where}: {value!r} is not None"]
    if isinstance(annotation, type) and issubclass(annotation, ScimModel):
        if not isinstance(value, annotation):
            return [f"{where}: {value!r} is not a {annotation.__name__}"]
        return _model_mismatches(value, where)
    if annotation is float and isinstance(value, int) and not isinstance(value, bool):
        return []
    if isinstance(value, annotation) and not (annotation is int and isinstance(value, bool)):
        return []
    return [f"{where}: {value!r} is not a {getattr(annotation, '__name__', annotation)}"]


def _model_mismatches(model: ScimModel, where: str) -> list[str]:
    hints = _hints(type(model))
    return [
        problem
        for name in type(model).model_fields
        for problem in _mismatches(getattr(model, name), hints[name], f"{where}.{name}")
    ]


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_a_response_leaving_out_any_one_field_satisfies_the_annotations(
    cls: type[ScimModel],
) -> None:
    full = _full(cls)
    parsed = parse_json(cls, json.dumps(full).encode())
    assert _model_mismatches(parsed, cls.__name__) == []
    for json_name in full:
        answer = {k: v for k, v in full.items() if k != json_name}
        parsed = parse_json(cls, json.dumps(answer).encode())
        assert _model_mismatches(parsed, f"{cls.__name__} without {json_name}") == []


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_an_empty_or_all_null_response_satisfies_the_annotations(cls: type[ScimModel]) -> None:
    for answer in ({}, {key: None for key in _full(cls)}):
        parsed = parse_json(cls, json.dumps(answer).encode())
        assert _model_mismatches(parsed, cls.__name__) == []


def test_the_check_fails_on_a_field_typed_without_none() -> None:
    # What the test above would say of the old `display_name: str` of ScimV2Group.
    group = parse_json(models.ScimV2Group, b'{"id": "g1"}')
    assert group.display_name is None
    assert _mismatches(group.display_name, str, "ScimV2Group.display_name") == [
        "ScimV2Group.display_name: None is not a str"
    ]


def test_models_the_client_only_sends_keep_their_required_fields_strict() -> None:
    # Only these are never returned (directly or nested), so only they may type a field `X`.
    assert {cls.__name__ for cls in ALL_MODELS - set(MODELS)} == {
        "ScimV2CreateUser", "ScimV2PatchOperation", "ScimV2PatchRequest"
    }  # fmt: skip
    assert _hints(models.ScimV2CreateUser)["user_name"] is str
    with pytest.raises(ValueError, match="userName"):
        models.ScimV2CreateUser(display_name="Ann")  # type: ignore[call-arg]
