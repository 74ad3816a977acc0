"""Request and response shapes (generator/normalize/shapes.py): a field is required to build a
model iff the schema requires it, it is not readOnly and the model is sent; every field of a
model the client returns reads as `X | None`."""

from __future__ import annotations

from typing import Any

from test_normalize import returning, run, spec

from generator import ir

MODEL = {
    "type": "object",
    "required": ["name", "id"],
    "properties": {
        "id": {"type": "string", "readOnly": True},
        "name": {"type": "string"},
        "note": {"type": "string"},
    },
}


def _with_body(verb: str, **operation: Any) -> dict[str, Any]:
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/M"}}}}
    return {verb: {"requestBody": body, "responses": {"204": {"description": "done"}}, **operation}}


def _fields(paths: dict[str, Any]) -> dict[str, ir.Field]:
    api, _ = run(spec(paths, {"M": MODEL}))
    (model,) = [m for m in api.models if m.name == "M"]
    return {f.name: f for f in model.fields}


def _returns_m(**operation: Any) -> dict[str, Any]:
    return {"get": returning({"$ref": "#/components/schemas/M"}, **operation)}


def test_a_model_only_sent_requires_its_required_fields_but_not_readonly_ones() -> None:
    fields = _fields({"/m": _with_body("post", operationId="send")})
    assert (fields["name"].required, fields["name"].takes_none) == (True, False)
    assert (fields["id"].required, fields["id"].takes_none) == (False, True)
    assert not any(f.returned for f in fields.values())


def test_a_model_only_returned_requires_nothing_and_reads_every_field_as_optional() -> None:
    fields = _fields({"/m": _returns_m(operationId="read")})
    assert all(not f.required and f.takes_none and f.returned for f in fields.values())


def test_a_model_sent_and_returned_requires_a_field_it_reads_as_optional() -> None:
    fields = _fields(
        {"/m": {**_returns_m(operationId="read"), **_with_body("put", operationId="w")}}
    )
    assert fields["name"].required and fields["name"].takes_none
    assert fields["name"].required_on_read_only
    assert not fields["id"].required and fields["id"].takes_none


def test_nested_models_take_the_direction_of_what_holds_them() -> None:
    holder = {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/M"}}}
    document = spec({"/h": {"get": returning({"$ref": "#/components/schemas/H"}, operationId="h")}},
                    {"M": MODEL, "H": holder})  # fmt: skip
    api, _ = run(document)
    (inner,) = [m for m in api.models if m.name == "M"]
    assert all(f.returned and not f.required for f in inner.fields)
    assert not inner.typed_init
