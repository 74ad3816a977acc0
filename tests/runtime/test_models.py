"""Strict models for requests, tolerant parsing for responses (genesys_cloud_scim._model)."""

from __future__ import annotations

import json
import subprocess
import sys
import typing
import warnings

import pydantic
import pytest
from genesys_cloud_scim._model import ResponseShapeError, parse_json
from genesys_cloud_scim.models import (
    ScimEmailType,
    ScimUserListResponse,
    ScimV2CreateUser,
    ScimV2Group,
    ScimV2SchemaAttributeType,
    ScimV2SchemaDefinition,
    ScimV2User,
)


def test_tolerance_holds_after_the_class_was_used_strictly() -> None:
    # pydantic-core reuses a built model class's strict validator; building a model first used to
    # make every later response missing a required field fail.
    ScimV2Group(display_name="built strictly first")
    ScimV2CreateUser(user_name="a", display_name="b")
    group: ScimV2Group = parse_json(ScimV2Group, b'{"id": "g1"}')
    assert type(group) is ScimV2Group and group.display_name is None
    page = parse_json(
        ScimUserListResponse, b'{"Resources": [{"id": "u1", "emails": [{"type": "x"}]}]}'
    )
    assert page.resources is not None and page.resources[0] is not None
    assert page.resources[0].emails is not None and page.resources[0].emails[0].type == "x"


def test_tolerance_in_a_fresh_interpreter_in_either_order() -> None:
    code = (
        "from genesys_cloud_scim.models import ScimV2Group\n"
        "from genesys_cloud_scim._model import parse_json\n"
        "assert parse_json(ScimV2Group, b'{}').display_name is None\n"
        "ScimV2Group(display_name='x')\n"
        'assert parse_json(ScimV2Group, b\'{"id": "1"}\').display_name is None\n'
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_parsed_models_are_real_instances_with_extras_and_fields_set() -> None:
    user: ScimV2User = parse_json(
        ScimV2User,
        json.dumps(
            {
                "id": "u1",
                "userName": "ann",
                "nickName": "annie",
                "emails": [{"value": "a", "type": "Work"}],
            }
        ).encode(),
    )
    assert type(user) is ScimV2User
    assert user.model_extra == {"nickName": "annie"}
    assert {"id", "user_name", "emails"} <= user.model_fields_set
    assert user.emails is not None and user.emails[0].type is ScimEmailType.WORK  # any case
    assert user == ScimV2User.model_validate(
        {
            "id": "u1",
            "userName": "ann",
            "nickName": "annie",
            "emails": [{"value": "a", "type": "work"}],
        }
    )


def test_a_parsed_model_goes_back_out_unchanged_and_without_warnings() -> None:
    body = {"userName": "ann", "emails": [{"value": "a", "type": "pager"}], "x-extra": {"k": 1}}
    user: ScimV2User = parse_json(ScimV2User, json.dumps(body).encode())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert user.to_dict() == body
        assert json.loads(user.to_json()) == body


def test_recursive_models_are_tolerant_at_every_depth() -> None:
    schema: ScimV2SchemaDefinition = parse_json(
        ScimV2SchemaDefinition,
        b'{"attributes": [{"name": "a", "type": "COMPLEX", "subAttributes": '
        b'[{"type": "binaryish", "subAttributes": [{"name": "c", "required": null}]}]}]}',
    )
    assert schema.attributes is not None and schema.attributes[0] is not None
    top = schema.attributes[0]
    assert top.type is ScimV2SchemaAttributeType.COMPLEX
    assert top.sub_attributes is not None and top.sub_attributes[0] is not None
    middle = top.sub_attributes[0]
    assert middle.name is None and middle.type == "binaryish"
    assert middle.sub_attributes is not None and middle.sub_attributes[0] is not None
    assert middle.sub_attributes[0].required is None


@pytest.mark.parametrize(
    "body",
    [b"[]", b'"text"', b'{"id": []}', b'{"emails": {"value": "x"}}', b'{"active": "perhaps"}'],
)
def test_the_wrong_shape_is_a_response_shape_error(body: bytes) -> None:
    with pytest.raises(ResponseShapeError):
        parse_json(ScimV2User, body)


def test_not_json_is_a_value_error_saying_so() -> None:
    with pytest.raises(ValueError, match="not valid JSON") as caught:
        parse_json(ScimV2User, b"{nope")
    assert not isinstance(caught.value, ResponseShapeError)


def test_requests_are_strict_and_sent_by_alias_without_unset_fields() -> None:
    with pytest.raises(pydantic.ValidationError):
        ScimV2CreateUser(user_name="a")  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError):
        ScimV2CreateUser(user_name="a", display_name=None)  # type: ignore[arg-type]
    user = ScimV2CreateUser(user_name="a", display_name="A", active=None)
    assert user.to_dict() == {"userName": "a", "displayName": "A", "active": None}
    by_alias = ScimV2CreateUser.model_validate({"userName": "a", "displayName": "A"})
    assert by_alias.to_dict() == {"userName": "a", "displayName": "A"}


def test_an_enum_field_takes_its_documented_strings_and_holds_the_member() -> None:
    from genesys_cloud_scim.models import ScimEmail, ScimEmailTypeValue

    assert ScimEmail(type="work").type is ScimEmailType.WORK
    assert ScimEmail(type="OTHER").type is ScimEmailType.OTHER  # any letter case, as before
    assert ScimEmail(type="work").to_dict() == {"type": "work"}
    with pytest.raises(pydantic.ValidationError, match="'work' or 'other'"):
        ScimEmail(type="wrok")  # type: ignore[arg-type]
    # A server may still send a value this client does not know: kept as the string.
    assert parse_json(ScimEmail, b'{"type": "home"}').type == "home"
    assert parse_json(ScimEmail, b'{"type": "work"}').type is ScimEmailType.WORK
    assert typing.get_args(typing.get_args(ScimEmailTypeValue)[0]) == ("work", "other")
