"""The committed spec: valid OpenAPI, and faithful to the vendor's documented SCIMApi page.

The page (tests/golden/SCIMApi.md) is parsed by tests/golden/docpage.py; every documented
operation, parameter, default, enum value and return type must be in the spec as documented.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from golden.docpage import DocumentedMethod, parse_doc_page
from golden.names import documented_python_name
from openapi_spec_validator import validate

GOLDEN = Path(__file__).resolve().parent / "golden" / "SCIMApi.md"
MEDIA_TYPES = {"application/json", "application/scim+json"}


@pytest.fixture(scope="module")
def spec(spec_path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def operations(spec: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    found = {}
    for path, item in spec["paths"].items():
        for verb, operation in item.items():
            found[operation["operationId"]] = (verb.upper(), path, operation)
    return found


DOCUMENTED = {m.name: m for m in parse_doc_page(GOLDEN.read_text(encoding="utf-8"))}


def test_spec_is_valid_openapi(spec: dict[str, Any]) -> None:
    validate(spec)


def test_spec_has_exactly_the_documented_operations(operations: dict[str, Any]) -> None:
    assert sorted(operations) == sorted(DOCUMENTED)


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        _, _, section, name = node["$ref"].split("/")
        node = spec["components"][section][name]
    return node


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_operation_matches_documentation(
    name: str, spec: dict[str, Any], operations: dict[str, Any]
) -> None:
    documented: DocumentedMethod = DOCUMENTED[name]
    verb, path, operation = operations[name]
    assert (verb, path) == (documented.http_method, documented.path)
    assert operation["tags"] == ["SCIM"]
    assert operation["summary"] == documented.summary
    assert operation.get("description", "") == documented.description
    permissions = operation["x-inin-requires-permissions"]
    assert permissions["type"] == documented.permissions.kind
    assert tuple(permissions["permissions"]) == documented.permissions.names
    assert operation["security"] == [{"PureCloud OAuth": []}]

    params = {p["name"]: p for p in operation.get("parameters", [])}
    documented_params = [p for p in documented.parameters if p.name != "body"]
    assert len(params) == len(documented_params)
    by_python = {documented_python_name(p["name"]): p for p in params.values()}
    for doc in documented_params:
        param = by_python[doc.name]
        schema = _resolve(spec, param["schema"])
        assert param["required"] is doc.required, doc.name
        if doc.type == "list[str]":
            assert schema["type"] == "array"
            items = _resolve(spec, schema["items"])
            assert tuple(items.get("enum", ())) == doc.enum_values
            assert (param["style"], param["explode"]) == ("form", False)
        else:
            assert schema["type"] == {"str": "string", "int": "integer"}[doc.type]
            assert tuple(schema.get("enum", ())) == doc.enum_values
        assert schema.get("default") == doc.default

    body = next((p for p in documented.parameters if p.name == "body"), None)
    if body is None:
        assert "requestBody" not in operation
    else:
        content = operation["requestBody"]["content"]
        assert set(content) == MEDIA_TYPES
        refs = {c["schema"]["$ref"].rsplit("/", 1)[1] for c in content.values()}
        assert refs == {body.type}

    responses = operation["responses"]
    if documented.return_type == "None":
        assert set(responses) == {"204", "default"}
        assert "content" not in responses["204"]
    else:
        content = responses["200"]["content"]
        assert set(content) == MEDIA_TYPES
        refs = {c["schema"]["$ref"].rsplit("/", 1)[1] for c in content.values()}
        assert refs == {documented.return_type}


def test_models_carry_the_reference_facts(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    user = schemas["ScimV2User"]["properties"]
    assert "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" in user
    assert "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User" in user
    assert schemas["ScimMetadata"]["properties"]["lastModified"]["format"] == "date-time"
    skill = schemas["ScimUserRoutingSkill"]["properties"]["proficiency"]
    assert (skill["type"], skill["format"]) == ("number", "double")
    group = schemas["ScimV2Group"]
    assert "displayName" in group["required"]
    assert group["properties"]["displayName"]["readOnly"] is True
    assert schemas["ScimV2PatchOperation"]["properties"]["value"].keys() == {"description"}
    assert schemas["Empty"] == {
        "type": "object",
        "properties": {},
        "description": "An empty JSON object.",
    }
    assert "Resources" in schemas["ScimUserListResponse"]["properties"]
    assert "Operations" in schemas["ScimV2PatchRequest"]["properties"]
    assert "$ref" in schemas["ScimV2MemberReference"]["properties"]


def test_security_scheme_and_server(spec: dict[str, Any]) -> None:
    assert spec["servers"] == [{"url": "https://api.mypurecloud.com"}]
    scheme = spec["components"]["securitySchemes"]["PureCloud OAuth"]
    assert scheme["type"] == "oauth2"
    assert "clientCredentials" in scheme["flows"]
