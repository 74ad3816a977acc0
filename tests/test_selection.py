"""Which operations are generated, under which names, and into which API classes (normalize.py):
method names from the vendor's method-name extension, selection by tag and operation both ways,
operations with several tags."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator import ir, load, normalize
from generator.diagnostics import GeneratorError

OK = {"200": {"description": "ok"}}


def spec(paths: dict[str, Any]) -> Any:
    document = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths}
    return load.load_text("spec.json", json.dumps(document))


def run(document: Any, **settings: Any) -> tuple[ir.Api, list[str]]:
    api, warnings = normalize.normalize(document, normalize.Settings(**settings))
    return api, [f"{d.pointer}: {d.message}" for d in warnings]


def methods(api: ir.Api) -> dict[str, list[str]]:
    return {s.name: [op.name for op in s.operations] for s in api.services}


def operation(**fields: Any) -> dict[str, Any]:
    return {"responses": OK, **fields}


VENDOR_STYLE = spec(
    {
        "/api/v2/users/{userId}/roles": {
            "get": operation(
                tags=["Authorization", "Users"],
                operationId="getUsersUserIdRoles",
                parameters=[
                    {"name": "userId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                **{"x-purecloud-method-name": "getUserRoles"},
            )
        },
        "/api/v2/users/{userId}": {
            "get": operation(
                tags=["Users"],
                operationId="getUsersUserId",
                parameters=[
                    {"name": "userId", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                **{"x-purecloud-method-name": "getUser", "x-acme-method-name": "fetchUser"},
            )
        },
        "/api/v2/fax/documents": {
            "get": operation(
                tags=["Fax"],
                operationId="getFaxDocuments",
                **{"x-purecloud-method-name": "getFaxDocuments"},
            )
        },
    }
)


def test_method_names_come_from_the_method_name_extension_not_the_path_built_operation_id() -> None:
    api, warnings = run(VENDOR_STYLE, tags=("Users",))
    assert methods(api) == {"UsersApi": ["get_user", "get_user_roles"]}
    assert warnings == []


def test_the_extension_is_a_setting_and_can_be_turned_off() -> None:
    api, _ = run(VENDOR_STYLE, tags=("Users",), method_name_extension="x-acme-method-name")
    assert methods(api) == {"UsersApi": ["fetch_user", "get_users_user_id_roles"]}
    api, _ = run(VENDOR_STYLE, tags=("Users",), method_name_extension="")
    assert methods(api) == {"UsersApi": ["get_users_user_id", "get_users_user_id_roles"]}


def test_x_python_name_on_an_operation_wins_over_the_extension() -> None:
    document = spec(
        {
            "/a": {
                "get": operation(
                    operationId="getA",
                    **{"x-purecloud-method-name": "getThing", "x-python-name": "thing"},
                )
            },
            "/b": {
                "get": operation(
                    operationId="getB",
                    **{"x-purecloud-method-name": 42, "x-python-name": "not a name"},
                )
            },
        }
    )
    api, warnings = run(document)
    assert methods(api) == {"DefaultApi": ["get_b", "thing"]}
    assert sorted(warnings) == [
        "#/paths/~1b/get/x-purecloud-method-name: x-purecloud-method-name 42 has no ASCII letter "
        "or digit to make a method name of; it is ignored",
        "#/paths/~1b/get/x-python-name: x-python-name 'not a name' is not a plain Python name "
        "(ASCII letters, digits and '_', starting with a letter, not a keyword); it is ignored",
    ]


@pytest.mark.parametrize("name", ["getUsersUserId", "getUser", "get_user"])
def test_an_operation_is_selected_by_its_operation_id_sdk_name_or_python_name(name: str) -> None:
    api, _ = run(VENDOR_STYLE, operation_ids=(name,))
    assert methods(api) == {"UsersApi": ["get_user"]}


def test_an_operation_with_several_tags_is_a_method_of_each_tag_s_class() -> None:
    api, _ = run(VENDOR_STYLE)
    assert methods(api) == {
        "AuthorizationApi": ["get_user_roles"],
        "FaxApi": ["get_fax_documents"],
        "UsersApi": ["get_user", "get_user_roles"],
    }
    # ... and is one endpoint.
    assert [op.name for op in api.operations] == ["get_fax_documents", "get_user", "get_user_roles"]


def test_a_tag_of_any_of_its_tags_selects_it_into_that_tag_s_class_only() -> None:
    api, _ = run(VENDOR_STYLE, tags=("Authorization",))
    assert methods(api) == {"AuthorizationApi": ["get_user_roles"]}
    # Selected by name, an operation is a method of all its classes.
    api, _ = run(VENDOR_STYLE, tags=("Fax",), operation_ids=("getUserRoles",))
    assert methods(api) == {
        "AuthorizationApi": ["get_user_roles"],
        "FaxApi": ["get_fax_documents"],
        "UsersApi": ["get_user_roles"],
    }


def test_excluded_tags_and_operations_are_left_out() -> None:
    api, _ = run(VENDOR_STYLE, exclude_tags=("Authorization",))
    assert methods(api) == {
        "FaxApi": ["get_fax_documents"],
        "UsersApi": ["get_user", "get_user_roles"],
    }
    api, _ = run(VENDOR_STYLE, exclude_tags=("Authorization", "Users"))
    assert methods(api) == {"FaxApi": ["get_fax_documents"]}
    api, _ = run(VENDOR_STYLE, exclude_operations=("getUserRoles", "get_fax_documents"))
    assert methods(api) == {"UsersApi": ["get_user"]}
    # Exclusion wins over inclusion.
    api, _ = run(VENDOR_STYLE, tags=("Users",), exclude_operations=("getUsersUserId",))
    assert methods(api) == {"UsersApi": ["get_user_roles"]}


def test_excluding_everything_is_an_error() -> None:
    with pytest.raises(GeneratorError, match="no operation matches the selection"):
        run(VENDOR_STYLE, exclude_tags=("Authorization", "Users", "Fax"))
