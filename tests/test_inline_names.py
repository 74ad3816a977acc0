"""Names of inline enums and models (normalize.py, naming.assign_names) depend on where they are
declared and on who else wants the name, never on the order in which they are met."""

from __future__ import annotations

import copy
import json
from typing import Any

from generator import changes, ir, load, naming, normalize


def _state(values: list[str]) -> dict[str, Any]:
    return {"name": "state", "in": "query", "schema": {"type": "string", "enum": values}}


def _get(operation_id: str, *parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": list(parameters),
        "responses": {"200": {"description": "ok"}},
    }


BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/users": {"get": _get("getUsers", _state(["active", "inactive"]))},
        "/users/{id}": {
            "get": _get(
                "getUser",
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                _state(["active", "deleted"]),
            )
        },
    },
}


def _api(document: dict[str, Any]) -> ir.Api:
    spec = load.load_text("spec.json", json.dumps(document))
    return normalize.normalize(spec, normalize.Settings())[0]


def _enum_of(api: ir.Api, method: str) -> str:
    (operation,) = [op for op in api.operations if op.name == method]
    (parameter,) = [p for p in operation.parameters if p.json_name == "state"]
    assert isinstance(parameter.type, ir.EnumRef)
    return parameter.type.name


def test_two_enums_that_want_one_name_are_named_after_their_methods() -> None:
    api = _api(BASE)
    assert (_enum_of(api, "get_users"), _enum_of(api, "get_user")) == (
        "GetUsersState",
        "GetUserState",
    )


def test_meeting_order_does_not_matter() -> None:
    """The same two enums, met the other way round: their paths now sort the other way (a
    version segment names nothing, so both still want UserState)."""
    swapped = copy.deepcopy(BASE)
    swapped["paths"] = {
        "/v2/users": BASE["paths"]["/users"],
        "/v1/users/{id}": BASE["paths"]["/users/{id}"],
    }
    api = _api(swapped)
    assert (_enum_of(api, "get_users"), _enum_of(api, "get_user")) == (
        "GetUsersState",
        "GetUserState",
    )


def test_an_unrelated_enum_renames_nothing() -> None:
    before = _api(BASE)
    grown = copy.deepcopy(BASE)
    # Met first (its path sorts first), with another name and other values.
    grown["paths"]["/a/queues"] = {"get": _get("getQueues", _state(["open", "closed"]))}
    after = _api(grown)
    assert _enum_of(after, "get_queues") == "AQueueState"
    report = changes.compare(before, after)
    assert report.breaking == ()
    assert {c.where for c in report.changes} == {"DefaultApi.get_queues", "AQueueState"}


def test_a_lone_enum_keeps_its_own_name() -> None:
    document = copy.deepcopy(BASE)
    del document["paths"]["/users/{id}"]
    assert _enum_of(_api(document), "get_users") == "UserState"


def test_assign_names() -> None:
    assert naming.assign_names({"a": ["X", "AX"], "b": ["X", "BX"], "c": ["Y"]}, frozenset()) == {
        "a": "AX",
        "b": "BX",
        "c": "Y",
    }
    # A taken name moves its one claimant on; with nothing left, names are numbered by key.
    assert naming.assign_names({"a": ["X"]}, frozenset({"X"})) == {"a": "X_2"}
    assert naming.assign_names({"b": ["X"], "a": ["X"]}, frozenset()) == {"a": "X", "b": "X_2"}
    assert naming.assign_names({"a": ["X", "Z"], "b": ["X"]}, frozenset()) == {"a": "Z", "b": "X"}
