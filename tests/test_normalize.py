"""normalize.py: the rules that turn a document into the IR."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator import ir, load, normalize
from generator.diagnostics import GeneratorError


def spec(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None, version: str = "3.0.3"
) -> Any:
    document = {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": paths}
    if schemas:
        document["components"] = {"schemas": schemas}
    return load.load_text("spec.json", json.dumps(document))


def returning(schema: dict[str, Any], **operation: Any) -> dict[str, Any]:
    content = {"application/json": {"schema": schema}}
    return {"responses": {"200": {"description": "ok", "content": content}}, **operation}


def run(document: Any, **settings: Any) -> tuple[ir.Api, list[str]]:
    api, warnings = normalize.normalize(document, normalize.Settings(**settings))
    return api, [d.message for d in warnings]


def test_fields_are_sorted_and_parameters_keep_spec_order() -> None:
    schemas = {"M": {"type": "object", "properties": {"zeta": {}, "alpha": {}, "mid": {}}}}
    parameters = [
        {"name": n, "in": "query", "schema": {"type": "string"}} for n in ("zeta", "alpha", "mid")
    ]
    document = spec(
        {
            "/m": {
                "get": returning(
                    {"$ref": "#/components/schemas/M"}, operationId="getM", parameters=parameters
                )
            }
        },
        schemas,
    )
    api, _ = run(document)
    assert [f.name for f in api.models[0].fields] == ["alpha", "mid", "zeta"]
    assert [p.name for p in api.operations[0].keyword] == ["zeta", "alpha", "mid"]


def test_required_parameters_are_positional() -> None:
    parameters = [
        {"name": "q", "in": "query", "schema": {"type": "string"}},
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    api, _ = run(
        spec({"/u/{id}": {"get": returning({}, operationId="getU", parameters=parameters)}})
    )
    operation = api.operations[0]
    assert [p.name for p in operation.positional] == ["id"]
    assert [p.name for p in operation.keyword] == ["q"]


def test_recursive_model_refers_to_itself() -> None:
    group = {
        "type": "object",
        "properties": {"members": {"type": "array", "items": {"$ref": "#/components/schemas/G"}}},
    }
    api, _ = run(
        spec(
            {"/g": {"get": returning({"$ref": "#/components/schemas/G"}, operationId="g")}},
            {"G": group},
        )
    )
    assert api.models[0].fields[0].type == ir.ArrayOf(ir.ModelRef("G"))


def test_nullable_in_30_and_31() -> None:
    for version, schema in (
        ("3.0.3", {"type": "string", "nullable": True}),
        ("3.1.0", {"type": ["string", "null"]}),
    ):
        model = {"type": "object", "required": ["x"], "properties": {"x": schema}}
        document = spec(
            {"/m": {"get": returning({"$ref": "#/components/schemas/M"}, operationId="m")}},
            {"M": model},
            version,
        )
        field = run(document)[0].models[0].fields[0]
        assert (field.type, field.nullable, field.takes_none) == (ir.Primitive("str"), True, True)


def test_unions_and_additional_properties() -> None:
    schema = {
        "type": "object",
        "properties": {
            "u": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "string"}]},
            "m": {"type": "object", "additionalProperties": {"type": "integer"}},
            "free": {"type": "object"},
            "empty": {},
        },
    }
    api, _ = run(spec({"/m": {"get": returning(schema, operationId="m")}}))
    types = {f.name: f.type for f in api.models[0].fields}
    assert types == {
        "empty": ir.Primitive("any"),
        "free": ir.MapOf(ir.Primitive("any")),
        "m": ir.MapOf(ir.Primitive("int")),
        "u": ir.UnionOf((ir.Primitive("str"), ir.Primitive("int"))),
    }


def test_inline_enums_are_one_class_per_place_they_are_declared() -> None:
    """Sharing one class among enums with the same values would name it after whichever was met
    first; adding another would rename it."""
    enum = {"type": "string", "enum": ["a", "b"]}
    schema = {"type": "object", "properties": {"x": enum, "y": dict(enum)}}
    api, _ = run(spec({"/m": {"get": returning(schema, operationId="m")}}))
    assert [e.name for e in api.enums] == ["MResponseX", "MResponseY"]


def test_defaults_must_fit_their_type() -> None:
    parameters = [
        {"name": "a", "in": "query", "schema": {"type": "integer", "default": "x"}},
        {"name": "b", "in": "query", "schema": {"type": "integer", "default": 3}},
        {"name": "c", "in": "query", "schema": {"type": "boolean", "default": 0}},
        {"name": "d", "in": "query", "schema": {"type": "number", "default": 2}},
    ]
    api, warnings = run(
        spec({"/m": {"get": returning({}, operationId="m", parameters=parameters)}})
    )
    assert [p.default for p in api.operations[0].keyword] == [None, 3, None, 2]
    assert len(warnings) == 2


def test_endpoint_constants_do_not_take_class_names() -> None:
    document = spec(
        {
            "/a": {"get": returning({"$ref": "#/components/schemas/GET"}, operationId="get")},
            "/b": {"get": returning({}, operationId="endpoints")},
        },
        {"GET": {"type": "object", "properties": {"x": {}}}},
    )
    api, _ = run(document)
    assert sorted(op.constant for op in api.operations) == ["ENDPOINTS_ENDPOINT", "GET_ENDPOINT"]


def test_errors_are_collected_not_raised_one_by_one() -> None:
    document = spec(
        {
            "/a": {"get": returning({"$ref": "#/components/schemas/Nope"}, operationId="x")},
            "/b": {"get": returning({"$ref": "#/components/schemas/Gone"}, operationId="x")},
            "/c/{id}": {"get": returning({}, operationId="c")},
        }
    )
    with pytest.raises(GeneratorError) as caught:
        run(document)
    messages = [d.message for d in caught.value.diagnostics]
    assert messages[0] == "no operation can be generated: every one is left out (see warnings)"
    assert sorted(messages[1:]) == [
        "$ref '#/components/schemas/Gone' points to nothing; x() (GET /b) is left out",
        "$ref '#/components/schemas/Nope' points to nothing; x() (GET /a) is left out",
        "path parameter 'id' is not declared; c() (GET /c/{id}) is left out",
    ]


def test_duplicate_operation_ids_get_distinct_names_whatever_the_key_order() -> None:
    paths = {p: {"get": returning({}, operationId="list")} for p in ("/c", "/a", "/b")}
    results = []
    for order in (("/c", "/a", "/b"), ("/b", "/c", "/a")):
        api, diagnostics = run(spec({p: paths[p] for p in order}))
        results.append(
            (
                sorted((op.name, op.path) for op in api.operations),
                sorted(diagnostics),
            )
        )
    assert results[0] == results[1]
    names, messages = results[0]
    assert names == [("list", "/a"), ("list_2", "/b"), ("list_3", "/c")]
    assert (
        messages.count(
            "operationId 'list' is already used by #/paths/~1a/get (operationIds must be unique); "
            "this operation gets a method name of its own"
        )
        == 2
    )


def test_a_document_without_operations_says_so_not_that_the_selection_is_wrong() -> None:
    with pytest.raises(GeneratorError) as caught:
        run(spec({"/a": {}, "/b": {"parameters": []}}))
    assert [d.message for d in caught.value.diagnostics] == [
        "the spec's paths have no operations (no get, put, post, delete, options, head, patch "
        "or trace): there is nothing to generate"
    ]
    with pytest.raises(GeneratorError, match="no operation matches the selection"):
        run(spec({"/a": {"get": returning({}, operationId="a", tags=["A"])}}), tags=("B",))


def test_selection_by_tag() -> None:
    document = spec(
        {
            "/a": {"get": returning({}, operationId="a", tags=["A"])},
            "/b": {"get": returning({}, operationId="b", tags=["B"])},
        }
    )
    api, _ = run(document, tags=("B",))
    assert [op.name for op in api.operations] == ["b"]
    with pytest.raises(GeneratorError, match="no operation matches"):
        run(document, tags=("C",))


def test_a_body_is_sent_as_the_preferred_media_type_and_says_what_else_is_taken() -> None:
    def body(*media: str) -> ir.Body:
        content = {m: {"schema": {"type": "object", "properties": {"a": {}}}} for m in media}
        operation = {"operationId": "put", "requestBody": {"content": content}}
        document = spec({"/x": {"put": {**operation, "responses": {"204": {"description": "ok"}}}}})
        api, _ = run(document)
        found = api.operations[0].body
        assert found is not None
        return found

    chosen = body("text/csv", "multipart/form-data", "application/x-www-form-urlencoded")
    assert (chosen.format, chosen.media_types, chosen.not_chosen) == (
        "form",
        ("application/x-www-form-urlencoded",),
        ("multipart/form-data", "text/csv"),
    )
    chosen = body("application/pdf", "text/csv", "multipart/form-data")
    assert (chosen.format, chosen.not_chosen) == ("multipart", ("text/csv", "application/pdf"))
    assert body("application/pdf", "text/csv").format == "text"
    octets = body("application/pdf")
    assert (octets.format, octets.type) == ("bytes", ir.Primitive("bytes"))
    json_too = body("application/x-www-form-urlencoded", "application/json")
    assert (json_too.format, json_too.not_chosen) == (
        "json",
        ("application/x-www-form-urlencoded",),
    )
