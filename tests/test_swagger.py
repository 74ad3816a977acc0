"""Swagger 2.0 -> OpenAPI 3.0 (generator/swagger.py), and loading a Swagger document (load.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from openapi_spec_validator import validate

from generator import load
from generator.diagnostics import GeneratorError, Level
from generator.load import swagger

VENDOR = Path(__file__).parent / "fixtures" / "vendor-swagger.json"


def _doc(**extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "paths": {},
    }
    document.update(extra)
    return document


def _operation(*parameters: dict[str, Any], **extra: Any) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "operationId": "op",
        "parameters": list(parameters),
        "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Thing"}}},
    }
    operation.update(extra)
    return operation


def _convert_operation(*parameters: dict[str, Any], **extra: Any) -> swagger.Conversion:
    return swagger.convert(
        _doc(
            paths={"/things/{id}": {"post": _operation(*parameters, **extra)}},
            definitions={"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}},
        )
    )


def test_vendor_fixture_converts_to_valid_openapi_without_diagnostics() -> None:
    conversion = swagger.convert(json.loads(VENDOR.read_text(encoding="utf-8")))
    assert conversion.diagnostics == ()
    # The fixture keeps the vendor's own mistakes, which a strict validator refuses and the
    # normalizer handles (tests/test_vendor_swagger.py): a path parameter its path does not have,
    # defaults that are not among their enum's values (`download: false` of ["true", "false"],
    # `sortOrder: ASC`). Without them, the converted document is valid OpenAPI 3.0.
    document = copy.deepcopy(conversion.document)
    del document["paths"]["/api/v2/scripts/published"]
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if "default" in schema and schema["default"] not in schema.get(
                    "enum", [schema["default"]]
                ):
                    del schema["default"]
    validate(document)
    assert conversion.document["openapi"] == "3.0.3"
    assert conversion.document["servers"] == [{"url": "https://api.mypurecloud.com"}]


def test_definitions_become_component_schemas_and_refs_follow() -> None:
    converted = _convert_operation().document
    assert "Thing" in converted["components"]["schemas"]
    response = converted["paths"]["/things/{id}"]["post"]["responses"]["200"]
    assert response["content"] == {
        "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
    }


def test_body_parameter_becomes_request_body_per_consumes() -> None:
    body = {
        "in": "body",
        "name": "body",
        "required": True,
        "schema": {"$ref": "#/definitions/Thing"},
    }
    converted = _convert_operation(
        body, consumes=["application/json", "application/scim+json"]
    ).document
    operation = converted["paths"]["/things/{id}"]["post"]
    assert "parameters" not in operation
    assert operation["requestBody"] == {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}},
            "application/scim+json": {"schema": {"$ref": "#/components/schemas/Thing"}},
        },
    }


def test_form_data_parameters_become_one_form_schema() -> None:
    converted = _convert_operation(
        {"in": "formData", "name": "file", "type": "file", "required": True},
        {"in": "formData", "name": "note", "type": "string", "description": "A note"},
        consumes=["multipart/form-data"],
    ).document
    body = converted["paths"]["/things/{id}"]["post"]["requestBody"]
    assert body == {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "note": {"type": "string", "description": "A note"},
                    },
                    "required": ["file"],
                }
            }
        },
    }


@pytest.mark.parametrize(
    ("collection_format", "style", "explode"),
    [
        (None, "form", False),  # csv is Swagger 2.0's default
        ("csv", "form", False),
        ("multi", "form", True),
        ("ssv", "spaceDelimited", False),
        ("pipes", "pipeDelimited", False),
    ],
)
def test_collection_format_becomes_style_and_explode(
    collection_format: str | None, style: str, explode: bool
) -> None:
    parameter: dict[str, Any] = {
        "in": "query",
        "name": "attributes",
        "type": "array",
        "items": {"type": "string", "enum": ["id", "userName"]},
    }
    if collection_format is not None:
        parameter["collectionFormat"] = collection_format
    conversion = _convert_operation(parameter)
    converted = conversion.document["paths"]["/things/{id}"]["post"]["parameters"][0]
    assert conversion.diagnostics == ()
    assert converted == {
        "name": "attributes",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string", "enum": ["id", "userName"]}},
        "style": style,
        "explode": explode,
    }


def test_tsv_has_no_equivalent_and_is_reported() -> None:
    conversion = _convert_operation(
        {
            "in": "query",
            "name": "a",
            "type": "array",
            "items": {"type": "string"},
            "collectionFormat": "tsv",
        }
    )
    converted = conversion.document["paths"]["/things/{id}"]["post"]["parameters"][0]
    assert (converted["style"], converted["explode"]) == ("form", False)
    [diagnostic] = conversion.diagnostics
    assert diagnostic.level is Level.WARNING
    assert diagnostic.pointer == "#/paths/~1things~1{id}/post/parameters/0/collectionFormat"


def test_parameter_keeps_extensions_and_moves_type_into_schema() -> None:
    conversion = _convert_operation(
        {
            "in": "query",
            "name": "count",
            "type": "integer",
            "format": "int32",
            "default": 25,
            "minimum": 1,
            "x-python-name": "page_size",
        },
        **{"x-inin-requires-permissions": {"type": "ANY", "permissions": ["a:b:c"]}},
    )
    operation = conversion.document["paths"]["/things/{id}"]["post"]
    assert operation["parameters"][0] == {
        "name": "count",
        "in": "query",
        "schema": {"type": "integer", "format": "int32", "default": 25, "minimum": 1},
        "x-python-name": "page_size",
    }
    assert operation["x-inin-requires-permissions"]["permissions"] == ["a:b:c"]


def test_shared_parameters_and_responses_become_components() -> None:
    document = _doc(
        paths={
            "/things": {
                "post": {
                    "parameters": [{"$ref": "#/parameters/count"}, {"$ref": "#/parameters/thing"}],
                    "responses": {"404": {"$ref": "#/responses/NotFound"}},
                }
            }
        },
        parameters={
            "count": {"in": "query", "name": "count", "type": "integer"},
            "thing": {"in": "body", "name": "body", "schema": {"$ref": "#/definitions/Thing"}},
        },
        responses={"NotFound": {"description": "nope", "schema": {"$ref": "#/definitions/Thing"}}},
        definitions={"Thing": {"type": "object"}},
    )
    converted = swagger.convert(document).document
    operation = converted["paths"]["/things"]["post"]
    assert operation["parameters"] == [{"$ref": "#/components/parameters/count"}]
    assert operation["requestBody"] == {"$ref": "#/components/requestBodies/thing"}
    assert operation["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    components = converted["components"]
    assert components["parameters"]["count"]["schema"] == {"type": "integer"}
    assert components["requestBodies"]["thing"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Thing"
    }
    validate(converted)


def test_security_definitions_become_security_schemes() -> None:
    converted = swagger.convert(
        _doc(
            securityDefinitions={
                "client": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t/token"},
                "code": {
                    "type": "oauth2",
                    "flow": "accessCode",
                    "authorizationUrl": "https://t/authorize",
                    "tokenUrl": "https://t/token",
                    "scopes": {"all": "All"},
                },
                "basic": {"type": "basic"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            }
        )
    ).document
    schemes = converted["components"]["securitySchemes"]
    assert schemes["client"] == {
        "type": "oauth2",
        "flows": {"clientCredentials": {"tokenUrl": "https://t/token", "scopes": {}}},
    }
    assert (
        schemes["code"]["flows"]["authorizationCode"]["authorizationUrl"] == "https://t/authorize"
    )
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["key"] == {"type": "apiKey", "name": "X-Key", "in": "header"}


@pytest.mark.parametrize(
    ("extra", "servers"),
    [
        ({"host": "h.example", "basePath": "/v1"}, [{"url": "https://h.example/v1"}]),
        (
            {"host": "h.example", "schemes": ["http", "https"]},
            [{"url": "https://h.example"}, {"url": "http://h.example"}],
        ),
        ({"basePath": "/base"}, [{"url": "/base"}]),
        ({}, None),
    ],
)
def test_host_base_path_and_schemes_become_servers(
    extra: dict[str, Any], servers: list[dict[str, str]] | None
) -> None:
    assert swagger.convert(_doc(**extra)).document.get("servers") == servers


def test_schema_keywords_that_differ_are_converted() -> None:
    converted = swagger.convert(
        _doc(
            definitions={
                "Pet": {
                    "type": "object",
                    "discriminator": "kind",
                    "properties": {
                        "kind": {"type": "string"},
                        "born": {"type": "string", "format": "date", "x-nullable": True},
                        "photo": {"type": "file"},
                        "tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}},
                    },
                },
                "Tag": {"type": "string"},
            }
        )
    ).document
    pet = converted["components"]["schemas"]["Pet"]
    assert pet["discriminator"] == {"propertyName": "kind"}
    assert pet["properties"]["born"] == {"type": "string", "format": "date", "nullable": True}
    assert pet["properties"]["photo"] == {"type": "string", "format": "binary"}
    assert pet["properties"]["tags"]["items"] == {"$ref": "#/components/schemas/Tag"}


def test_a_path_item_ref_is_an_error_as_a_value() -> None:
    conversion = swagger.convert(_doc(paths={"/a": {"$ref": "other.yaml#/a"}}))
    assert "/a" not in conversion.document["paths"]
    [diagnostic] = conversion.diagnostics
    assert (diagnostic.level, diagnostic.pointer) == (Level.ERROR, "#/paths/~1a")


def test_original_pointer_follows_moved_nodes() -> None:
    conversion = _convert_operation(
        {"in": "body", "name": "body", "schema": {"$ref": "#/definitions/Thing"}},
        {"in": "query", "name": "q", "type": "string"},
    )
    origins = conversion.origins
    base = "#/paths/~1things~1{id}/post"
    assert swagger.original_pointer(origins, f"{base}/parameters/0/schema") == (
        f"{base}/parameters/1"
    )
    assert swagger.original_pointer(
        origins, f"{base}/requestBody/content/application~1json/schema/items"
    ) == (f"{base}/parameters/0/schema/items")
    assert swagger.original_pointer(origins, "#/components/schemas/Thing/properties/id") == (
        "#/definitions/Thing/properties/id"
    )
    assert swagger.original_pointer(origins, f"{base}/summary") == f"{base}/summary"


# -- loading a Swagger document ------------------------------------------------------------------


def test_loader_converts_swagger_and_keeps_the_source_text() -> None:
    text = VENDOR.read_text(encoding="utf-8")
    spec = load.load_text(str(VENDOR), text)
    assert spec.converted_from == "Swagger 2.0"
    assert spec.version == "3.0"
    assert spec.text == text
    assert "ScimV2User" in spec.document.components.schemas


def test_diagnostics_about_the_converted_document_point_into_the_swagger_text() -> None:
    text = json.dumps(
        _doc(
            paths={
                "/a": {
                    "get": {
                        "operationId": "a",
                        "parameters": [
                            {"in": "body", "name": "body", "schema": {"type": "object"}},
                            {"in": "query", "name": "q", "type": "string", "allowEmptyValue": 3},
                        ],
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            }
        ),
        indent=2,
    )
    (broken,) = load.load_text("bad.json", text).broken_operations
    by_pointer = {d.pointer: d for d in broken.problems}
    # In the converted document the parameter is the first one, and the value is in its schema.
    diagnostic = by_pointer["#/paths/~1a/get/parameters/1/allowEmptyValue"]
    assert diagnostic.line is not None
    assert '"allowEmptyValue": 3' in text.splitlines()[diagnostic.line - 1]


def _one_get(operation: dict[str, Any]) -> str:
    """The JSON text of a Swagger document with `operation` as `GET /a`."""
    return json.dumps(_doc(paths={"/a": {"get": {"operationId": "a", **operation}}}), indent=2)


def test_normalizer_diagnostics_on_a_swagger_document_use_swagger_pointers_and_lines() -> None:
    from generator import normalize

    text = _one_get(
        {"responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Gone"}}}}
    )
    spec = load.load_text("missing.json", text)
    with pytest.raises(GeneratorError) as raised:
        normalize.normalize(spec, normalize.Settings())
    [_nothing_left, diagnostic] = raised.value.diagnostics
    assert diagnostic.pointer == "#/paths/~1a/get/responses/200/schema"
    assert diagnostic.line is not None
    assert '"schema"' in text.splitlines()[diagnostic.line - 1]


def test_conversion_warnings_reach_the_normalizer_warnings() -> None:
    from generator import normalize

    text = _one_get(
        {
            "parameters": [
                {
                    "in": "query",
                    "name": "q",
                    "type": "array",
                    "items": {"type": "string"},
                    "collectionFormat": "tsv",
                }
            ],
            "responses": {"204": {"description": "ok"}},
        }
    )
    _api, warnings = normalize.normalize(load.load_text("w.json", text), normalize.Settings())
    assert [w.pointer for w in warnings] == ["#/paths/~1a/get/parameters/0/collectionFormat"]
    assert warnings[0].line is not None


def test_swagger_in_yaml_is_read_too() -> None:
    import yaml

    document = _doc(
        paths={"/a": {"get": _operation()}},
        definitions={"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}},
    )
    spec = load.load_text("swagger.yaml", yaml.safe_dump(document))
    assert spec.converted_from == "Swagger 2.0"
    assert "Thing" in spec.document.components.schemas
