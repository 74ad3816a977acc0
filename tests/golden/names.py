"""The documented Python names of the spec's parameters whose JSON names differ from them, as the
vendor's page writes them (the page's `opts` keys and positional arguments)."""

from __future__ import annotations

DOCUMENTED_PYTHON_NAMES = {
    "startIndex": "start_index",
    "excludedAttributes": "excluded_attributes",
    "If-Match": "if_match",
    "If-None-Match": "if_none_match",
    "groupId": "group_id",
    "userId": "user_id",
    "resourceType": "resource_type",
    "schemaId": "schema_id",
}


def documented_python_name(json_name: str) -> str:
    return DOCUMENTED_PYTHON_NAMES.get(json_name, json_name)
