"""Every request the 34 generated methods build matches the spec.

Driven by the spec file itself (not by the generator's IR): for each operation, call the generated
method with awkward values, capture the request with httpx.MockTransport, and check verb, path
(with escaped path parameters), query string, headers and JSON body.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import yaml
from genesys_cloud_scim import Client, SCIMApi, models
from genesys_cloud_scim._endpoints import ENDPOINTS
from golden.names import documented_python_name

SPEC: dict[str, Any] = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "specs" / "genesys-cloud-scim.yaml").read_text()
)
# A path value that would change the path if it were not escaped.
HOSTILE_ID = "../a/b c?d#e%2F"
BODIES: dict[str, Any] = {
    "ScimV2CreateUser": lambda: models.ScimV2CreateUser(
        user_name="ann@example.com",
        display_name="Ann",
        enterprise_user=models.ScimV2EnterpriseUser(department="R&D"),
    ),
    "ScimV2User": lambda: models.ScimV2User(user_name="ann@example.com", active=False),
    "ScimV2Group": lambda: models.ScimV2Group(display_name="Engineers", external_id="x-1"),
    "ScimV2PatchRequest": lambda: models.ScimV2PatchRequest(
        schemas=["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        operations=[
            models.ScimV2PatchOperation(
                op=models.ScimV2PatchOperationOp.REPLACE, path="displayName", value="Ann Lee"
            )
        ],
    ),
}


def _operations() -> list[tuple[str, str, str, dict[str, Any]]]:
    found = []
    for path, item in SPEC["paths"].items():
        for verb, operation in item.items():
            found.append((operation["operationId"], verb.upper(), path, operation))
    return sorted(found)


def _schema(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SPEC["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _value(parameter: dict[str, Any]) -> tuple[Any, str | None]:
    """(Python argument, expected wire value) for one parameter."""
    schema = _schema(parameter["schema"])
    name = parameter["name"]
    if schema["type"] == "array":
        values = _schema(schema["items"])["enum"][-2:]
        return list(values), ",".join(values)
    if "enum" in schema:
        value = schema["enum"][-1]
        return value, value
    if schema["type"] == "integer":
        number = {"startIndex": 3, "count": 7}[name]
        return number, str(number)
    if parameter["in"] == "path":
        return HOSTILE_ID, None
    if parameter["in"] == "header":
        return '"42"', '"42"'
    value = 'userName eq "a&b c"'
    return value, value


class Recorder:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={})


@pytest.mark.parametrize(
    ("name", "verb", "path", "operation"),
    _operations(),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_request_matches_spec(name: str, verb: str, path: str, operation: dict[str, Any]) -> None:
    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    client = Client(base_url="https://api.example.test", access_token="t0ken", http_client=http)
    method = getattr(SCIMApi(client), name)

    positional: list[Any] = []
    keyword: dict[str, Any] = {}
    expected_path = path
    expected_query: list[tuple[str, str]] = []
    expected_headers: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        argument, wire = _value(parameter)
        python_name = documented_python_name(parameter["name"])
        if parameter["required"]:
            positional.append(argument)
        else:
            keyword[python_name] = argument
        if parameter["in"] == "path":
            encoded = quote(str(argument), safe="")
            expected_path = expected_path.replace("{" + parameter["name"] + "}", encoded)
        elif parameter["in"] == "query":
            expected_query.append((parameter["name"], str(wire)))
        else:
            expected_headers[parameter["name"]] = str(wire)
    body = None
    if "requestBody" in operation:
        content = operation["requestBody"]["content"]["application/scim+json"]
        body = BODIES[content["schema"]["$ref"].rsplit("/", 1)[1]]()
        positional.append(body)

    method(*positional, **keyword)

    (request,) = recorder.requests
    assert request.method == verb
    assert request.url.host == "api.example.test"
    assert request.url.raw_path.split(b"?")[0].decode() == expected_path
    assert sorted(httpx.QueryParams(request.url.query).multi_items()) == sorted(expected_query)
    for header, value in expected_headers.items():
        assert request.headers[header] == value
    assert request.headers["Authorization"] == "Bearer t0ken"
    assert "application/scim+json" in request.headers["Accept"]
    assert "application/json" in request.headers["Accept"]
    if body is None:
        assert request.content == b""
        assert "Content-Type" not in request.headers
    else:
        assert request.headers["Content-Type"] == "application/scim+json"
        assert json.loads(request.content) == body.to_dict()


def test_bodies_use_json_names_and_leave_out_unset_fields() -> None:
    body = BODIES["ScimV2CreateUser"]()
    assert body.to_dict() == {
        "userName": "ann@example.com",
        "displayName": "Ann",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"department": "R&D"},
    }
    patch = BODIES["ScimV2PatchRequest"]()
    assert patch.to_dict() == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "replace", "path": "displayName", "value": "Ann Lee"}],
    }


def test_every_endpoint_is_exercised() -> None:
    assert sorted(ENDPOINTS) == sorted(name for name, *_ in _operations())
