"""An OpenAPI 3.0 document in OpenAPI 3.1 shapes, so the normalizer reads one family of classes.

Only what differs between the two versions' Schema Objects is rewritten, and only where a schema
can be (the walk follows the document's structure, so an `example` that happens to hold a
`nullable` key is left alone):

- `nullable: true` on a typed schema -> `"null"` added to `type` (`type: [string, "null"]`);
  `nullable: false` is dropped. An untyped schema (or one whose type is not a JSON type) keeps its
  `nullable` as an extension: 3.1 has no type to add "null" to, and the normalizer reads it as it
  reads a 3.1 document's.
- a boolean `exclusiveMinimum`/`exclusiveMaximum` -> the number it qualifies (`minimum: 1,
  exclusiveMinimum: true` -> `exclusiveMinimum: 1`), or nothing when it is false.

Nothing moves: every rewritten key stays where it was, so a diagnostic's pointer into the upgraded
document is a pointer into the text the user wrote (a node the upgrade adds, `type/1`, takes its
parent's line). What is not changed is shared with the input, not copied: a 13 MB document costs
no second copy.

Imports: nothing of the generator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Node = Any
Rewrite = Callable[[Node], Node]

OPENAPI_31 = "3.1.0"
_VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object"})
_BOUNDS = (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum"))


def to_31(document: dict[str, Any]) -> dict[str, Any]:
    """The 3.0 `document` with its schemas in 3.1 shapes (the input is not changed)."""
    upgraded = {**document, "openapi": OPENAPI_31}
    upgraded = _with(upgraded, "paths", _each(_path_item))
    components: dict[str, Any] = _with(
        upgraded,
        "components",
        _fields(
            schemas=_each(_schema),
            parameters=_each(_parameter),
            headers=_each(_parameter),
            requestBodies=_each(_content_holder),
            responses=_each(_response),
            callbacks=_each(_each(_path_item)),
        ),
    )
    return components


def _with(node: Node, key: str, rewrite: Rewrite) -> Node:
    """`node` with `node[key]` rewritten; `node` itself if that changes nothing."""
    if not isinstance(node, dict) or key not in node:
        return node
    value = node[key]
    new = rewrite(value)
    if new is value:
        return node
    return {**node, key: new}


def _fields(**rewrites: Rewrite) -> Rewrite:
    def rewrite(node: Node) -> Node:
        for key, each in rewrites.items():
            node = _with(node, key, each)
        return node

    return rewrite


def _each(rewrite: Rewrite) -> Rewrite:
    """Rewrite every value of a mapping, or every item of a list."""

    def rewrite_all(node: Node) -> Node:
        if isinstance(node, dict):
            new = {key: rewrite(value) for key, value in node.items()}
            return node if all(new[k] is node[k] for k in node) else new
        if isinstance(node, list):
            items = [rewrite(item) for item in node]
            return node if all(a is b for a, b in zip(items, node, strict=True)) else items
        return node

    return rewrite_all


def _path_item(item: Node) -> Node:
    item = _with(item, "parameters", _each(_parameter))
    for verb in _VERBS:
        item = _with(item, verb, _operation)
    return item


def _operation(operation: Node) -> Node:
    return _fields(
        parameters=_each(_parameter),
        requestBody=_content_holder,
        responses=_each(_response),
        callbacks=_each(_each(_path_item)),
    )(operation)


def _parameter(parameter: Node) -> Node:
    return _fields(schema=_schema, content=_each(_media_type))(parameter)


def _content_holder(node: Node) -> Node:
    return _with(node, "content", _each(_media_type))


def _response(response: Node) -> Node:
    return _fields(content=_each(_media_type), headers=_each(_parameter))(response)


def _media_type(media_type: Node) -> Node:
    return _with(media_type, "schema", _schema)


def _schema(schema: Node) -> Node:
    if not isinstance(schema, dict) or "$ref" in schema:
        return schema
    upgraded = _fields(
        properties=_each(_schema),
        items=_schema,
        additionalProperties=_schema,
        allOf=_each(_schema),
        oneOf=_each(_schema),
        anyOf=_each(_schema),
        **{"not": _schema},
    )(schema)
    return _bounds(_nullable(upgraded))


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    nullable = schema.get("nullable")
    declared = schema.get("type")
    if not isinstance(nullable, bool) or declared not in _JSON_TYPES:
        return schema  # not a type 3.1 could add "null" to: reported as it is written
    upgraded = {key: value for key, value in schema.items() if key != "nullable"}
    if nullable:
        upgraded["type"] = [declared, "null"]
    return upgraded


def _bounds(schema: dict[str, Any]) -> dict[str, Any]:
    for exclusive, inclusive in _BOUNDS:
        flag = schema.get(exclusive)
        if not isinstance(flag, bool):
            continue
        limit = schema.get(inclusive)
        upgraded = {key: value for key, value in schema.items() if key != exclusive}
        if flag and isinstance(limit, int | float) and not isinstance(limit, bool):
            # The same place in the mapping: the number takes the flag's key.
            upgraded = {
                (exclusive if key == inclusive else key): value
                for key, value in schema.items()
                if key != exclusive
            }
        schema = upgraded
    return schema
