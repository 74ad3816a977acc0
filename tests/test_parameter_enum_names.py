"""How enums declared inline in parameters are named (naming.parameter_enum_name and the plan).

The vendor's Swagger declares parameter enums inline; these rules give them the names our spec's
package has always used, whichever input it comes from (docs/decisions.md, "Names").
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator import load, naming, normalize


@pytest.mark.parametrize(
    ("path", "parameter", "array", "expected"),
    [
        ("/api/v2/scim/v2/users", "attributes", True, "ScimUserAttribute"),
        ("/api/v2/scim/users/{userId}", "excludedAttributes", True, "ScimUserExcludedAttribute"),
        ("/api/v2/scim/v2/groups/{groupId}", "attributes", True, "ScimGroupAttribute"),
        ("/api/v2/scim/resourcetypes/{resourceType}", "resourceType", False, "ScimResourceType"),
        ("/api/v2/scim/v2/schemas/{schemaId}", "schemaId", False, "ScimSchemaId"),
        (
            "/api/v2/routing/queues/{queueId}/members",
            "sortOrder",
            False,
            "RoutingQueueMemberSortOrder",
        ),
        ("/api/v2/analytics/categories", "status", False, "AnalyticsCategoryStatus"),
        ("/{id}", "kind", False, ""),
    ],
)
def test_name_from_path_nouns_and_parameter(
    path: str, parameter: str, array: bool, expected: str
) -> None:
    assert naming.parameter_enum_name(path, parameter, array=array) == expected


VALUES = ["id", "userName", "displayName"]


def _spec(*operations: tuple[str, str, list[dict[str, Any]]]) -> Any:
    paths: dict[str, Any] = {}
    for path, operation_id, parameters in operations:
        paths.setdefault(path, {})["get"] = {
            "operationId": operation_id,
            "parameters": parameters,
            "responses": {"204": {"description": "ok"}},
        }
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths}
    return load.load_text("spec.json", json.dumps(document))


def _array(name: str, values: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string", "enum": values}},
    }


def test_parameters_with_the_same_values_share_the_shortest_name_whatever_the_order() -> None:
    # excludedAttributes comes first in both the paths and the parameters.
    spec = _spec(
        (
            "/scim/a/users",
            "a",
            [_array("excludedAttributes", VALUES), _array("attributes", VALUES)],
        ),
        ("/scim/users", "b", [_array("attributes", VALUES)]),
    )
    api, warnings = normalize.normalize(spec, normalize.Settings())
    assert warnings == ()
    [enum] = api.enums
    assert enum.name == "ScimUserAttribute"
    assert enum.description == "Values of the `attributes` and `excludedAttributes` parameters."
    types = {p.name: p.type for op in api.operations for p in op.parameters}
    assert {str(t) for t in types.values()} == {"ArrayOf(item=EnumRef(name='ScimUserAttribute'))"}


def test_a_parameter_enum_is_not_merged_with_a_property_enum_of_the_same_values() -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/scim/users": {
                "get": {
                    "operationId": "list",
                    "parameters": [_array("attributes", VALUES)],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "sortBy": {"type": "string", "enum": VALUES}
                                        },
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    }
    api, _ = normalize.normalize(
        load.load_text("spec.json", json.dumps(document)), normalize.Settings()
    )
    assert sorted(e.name for e in api.enums) == ["ListResponseSortBy", "ScimUserAttribute"]
