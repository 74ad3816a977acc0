"""A synthetic OpenAPI 3.0 spec of any size: `python benchmarks/synthetic.py 1000 > spec.json`.

Per resource (one in five operations): list (paged, with filter), get, create, replace, delete;
three models (the resource, its list response, its create body) with a dozen fields of every
kind the generator handles (strings, integers, numbers, booleans, date-times, an enum, a nested
object, arrays of objects and of strings, a free map); resources are grouped by ten into tags. So
models grow with operations: 1,000 operations give 600 models and 200 enums.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def resource(index: int) -> dict[str, Any]:
    name = f"Resource{index:05d}"
    return {
        name: {
            "type": "object",
            "description": f"Resource number {index}, with a field of every kind.",
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "string", "readOnly": True, "description": "The id."},
                "name": {"type": "string", "description": "The name of the resource."},
                "displayName": {"type": "string"},
                "count": {"type": "integer", "format": "int32", "default": 0},
                "ratio": {"type": "number"},
                "active": {"type": "boolean", "default": True},
                "created": {"type": "string", "format": "date-time", "readOnly": True},
                "state": {
                    "type": "string",
                    "enum": ["pending", "active", "suspended", f"state{index}"],
                    "description": "Where the resource is in its life.",
                },
                "owner": {"$ref": f"#/components/schemas/{name}Create"},
                "children": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
                "tags": {"type": "array", "items": {"type": "string"}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "urn:example:params:scim:schemas:extension:custom:2.0:Thing": {
                    "type": "object",
                    "properties": {"code": {"type": "string"}, "level": {"type": "integer"}},
                },
            },
        },
        f"{name}Create": {
            "type": "object",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "description": "The name to give it."},
                "displayName": {"type": "string"},
                "count": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
        },
        f"{name}List": {
            "type": "object",
            "properties": {
                "totalResults": {"type": "integer"},
                "startIndex": {"type": "integer"},
                "itemsPerPage": {"type": "integer"},
                "Resources": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
            },
        },
    }


def operations(index: int) -> dict[str, Any]:
    name = f"Resource{index:05d}"
    ref = {"$ref": f"#/components/schemas/{name}"}
    tag = f"Group{index // 10:04d}"
    ok = {"description": "OK", "content": {"application/json": {"schema": ref}}}
    error = {
        "description": "Error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    item_id = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    body = {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}Create"}}},
    }
    return {
        f"/resources{index}": {
            "get": {
                "operationId": f"list{name}",
                "summary": f"List resources of kind {index}",
                "description": "Pages through them, optionally filtered.",
                "tags": [tag],
                "parameters": [
                    {
                        "name": "startIndex",
                        "in": "query",
                        "schema": {"type": "integer", "default": 1},
                    },
                    {"name": "count", "in": "query", "schema": {"type": "integer", "default": 25}},
                    {
                        "name": "filter",
                        "in": "query",
                        "description": "A SCIM filter.",
                        "schema": {"type": "string"},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{name}List"}
                            }
                        },
                    },
                    "default": error,
                },
            },
            "post": {
                "operationId": f"create{name}",
                "summary": f"Create a resource of kind {index}",
                "tags": [tag],
                "requestBody": body,
                "responses": {"201": ok, "default": error},
            },
        },
        f"/resources{index}/{{id}}": {
            "get": {
                "operationId": f"get{name}",
                "summary": "Get one",
                "tags": [tag],
                "parameters": [
                    item_id,
                    {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"200": ok, "default": error},
            },
            "put": {
                "operationId": f"replace{name}",
                "summary": "Replace one",
                "tags": [tag],
                "parameters": [item_id],
                "requestBody": body,
                "responses": {"200": ok, "default": error},
            },
            "delete": {
                "operationId": f"delete{name}",
                "summary": "Delete one",
                "tags": [tag],
                "parameters": [item_id],
                "responses": {"204": {"description": "Deleted"}, "default": error},
            },
        },
    }


def spec(operation_count: int) -> dict[str, Any]:
    resources = max(1, operation_count // 5)
    schemas: dict[str, Any] = {
        "Error": {
            "type": "object",
            "properties": {"status": {"type": "string"}, "detail": {"type": "string"}},
        }
    }
    paths: dict[str, Any] = {}
    for index in range(resources):
        schemas.update(resource(index))
        paths.update(operations(index))
    return {
        "openapi": "3.0.3",
        "info": {"title": "Synthetic API", "version": "1.0.0", "description": "For benchmarks."},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


if __name__ == "__main__":
    json.dump(spec(int(sys.argv[1])), sys.stdout, indent=1)
