"""The generated client at run time, against the floor and the vendor's SDK.

Run by benchmarks/run.py in a venv holding the generated package, orjson and
purecloudplatformclientv2; prints JSON ({"lines": [...markdown...], "figures": {...}}).
Can also be run alone in such a venv: `python benchmarks/runtime.py --text`.

* parsing a ScimUserListResponse of 1,000 fully populated users (emails, phone numbers, groups,
  roles, the enterprise and Genesys extensions, meta) from bytes:
  - `orjson.loads` of the same bytes: the floor (a dict, no model);
  - the generated client's own response path, `_model.parse_json(ScimUserListResponse, body)`
    (what `SCIMApi.get_scim_v2_users` does with a body);
  - plain pydantic `ScimUserListResponse.model_validate_json(body)` (strict, for reference);
  - the vendor SDK: `ApiClient().deserialize(response, "ScimUserListResponse")`, its own path from
    a response body (json.loads, then a reflective walk over `swagger_types`);
* serialising one ScimV2User 10,000 times (`to_json()`; the SDK: `sanitize_for_serialization`
  then `json.dumps`, what its ApiClient does with a body).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

USERS = 1000
SERIALISE = 10_000


def user(index: int) -> dict[str, Any]:
    uid = f"{index:08d}-1111-2222-3333-444455556666"
    return {
        "id": uid,
        "schemas": [
            "urn:ietf:params:scim:schemas:core:2.0:User",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User",
        ],
        "active": index % 7 != 0,
        "userName": f"user{index}@example.com",
        "displayName": f"User Number {index}",
        "password": None,
        "title": "Agent",
        "externalId": f"ext-{index}",
        "phoneNumbers": [
            {"value": f"tel:+1-317-555-{index % 10000:04d}", "type": "work", "primary": True},
            {"value": f"tel:+1-317-555-{(index + 1) % 10000:04d}", "type": "mobile"},
            {"value": f"tel:+1-317-555-{(index + 2) % 10000:04d}", "type": "work2"},
        ],
        "emails": [
            {"value": f"user{index}@example.com", "type": "work", "primary": True},
            {"value": f"user{index}@home.example.com", "type": "other"},
        ],
        "groups": [
            {
                "value": f"group-{g}",
                "$ref": f"https://api.mypurecloud.com/api/v2/scim/v2/groups/group-{g}",
                "type": "Group",
            }
            for g in range(3)
        ],
        "roles": [{"value": "employee"}, {"value": "agent"}, {"value": f"role-{index % 5}"}],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "division": "Home",
            "department": "Support",
            "employeeNumber": str(index),
            "manager": {
                "value": f"manager-{index % 10}",
                "$ref": f"https://api.mypurecloud.com/api/v2/scim/v2/users/manager-{index % 10}",
            },
        },
        "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User": {
            "routingSkills": [
                {"name": "Skill A", "proficiency": 3.5},
                {"name": "Skill B", "proficiency": 1.0},
            ],
            "routingLanguages": [{"name": "English", "proficiency": 5.0}],
        },
        "meta": {
            "resourceType": "User",
            "lastModified": "2024-05-06T07:08:09.123Z",
            "location": f"https://api.mypurecloud.com/api/v2/scim/v2/users/{uid}",
            "version": f'W/"{index}"',
        },
    }


def body() -> bytes:
    document = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": USERS,
        "itemsPerPage": USERS,
        "startIndex": 1,
        "Resources": [user(i) for i in range(USERS)],
    }
    return json.dumps(document).encode()


def best_of(function: Callable[[], object], repeat: int = 15, number: int = 1) -> float:
    """The median of `repeat` timings of `number` calls, per call, in seconds."""
    function()  # warm: build validators, fill caches
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            function()
        times.append((time.perf_counter() - started) / number)
    return statistics.median(times)


class _Response:
    """What the vendor's ApiClient.deserialize reads from a response."""

    def __init__(self, data: bytes) -> None:
        self.data = data.decode()

    def getheader(self, name: str, default: object = None) -> object:
        return "application/scim+json" if name.lower() == "content-type" else default


def main() -> None:
    import orjson
    from genesys_cloud_scim import _model
    from genesys_cloud_scim.models import ScimUserListResponse, ScimV2User

    payload = body()
    figures: dict[str, float] = {}
    figures["orjson"] = best_of(lambda: orjson.loads(payload))
    parsed = _model.parse_json(ScimUserListResponse, payload)
    assert parsed.resources is not None and len(parsed.resources) == USERS
    first = parsed.resources[0]
    assert first.enterprise_user is not None and first.enterprise_user.manager is not None
    assert first.meta is not None and first.meta.last_modified is not None
    figures["client"] = best_of(lambda: _model.parse_json(ScimUserListResponse, payload))
    figures["pydantic"] = best_of(lambda: ScimUserListResponse.model_validate_json(payload))

    sdk_version = ""
    try:
        import PureCloudPlatformClientV2
        from PureCloudPlatformClientV2.api_client import ApiClient

        sdk_version = getattr(PureCloudPlatformClientV2, "__version__", "") or _dist_version()
        client = ApiClient()
        response = _Response(payload)
        result = client.deserialize(response, "ScimUserListResponse")
        assert len(result.resources) == USERS
        figures["sdk"] = best_of(
            lambda: client.deserialize(response, "ScimUserListResponse"), repeat=5
        )
        sdk_user = result.resources[0]
        figures["sdk_serialise"] = best_of(
            lambda: json.dumps(client.sanitize_for_serialization(sdk_user)),
            repeat=5,
            number=1000,
        )
    except ImportError:
        pass

    one = ScimV2User.model_validate_json(json.dumps(user(1)))
    figures["serialise"] = best_of(one.to_json, repeat=5, number=SERIALISE)
    figures["serialise_dict"] = best_of(one.to_dict, repeat=5, number=SERIALISE)

    lines = [
        f"Body: {len(payload) / 1024:.0f} KiB of JSON, {USERS:,} users. Medians of 15 timings "
        "(the SDK: 5), after one warm-up call; in process.",
        "",
        "| parse 1,000-user ScimUserListResponse from bytes | ms | x orjson floor | x faster than the SDK |",
        "| --- | ---: | ---: | ---: |",
    ]
    sdk = figures.get("sdk")

    def row(label: str, seconds: float) -> str:
        versus = f"{sdk / seconds:.1f}" if sdk else "n/a"
        return f"| {label} | {seconds * 1000:.2f} | {seconds / figures['orjson']:.2f} | {versus} |"

    lines.append(row("orjson.loads (floor: dicts, no models)", figures["orjson"]))
    lines.append(
        row(
            "generated client: `_model.parse_json` (tolerant, the client's path)", figures["client"]
        )
    )
    lines.append(row("plain pydantic `model_validate_json` (strict)", figures["pydantic"]))
    if sdk:
        lines.append(
            row(f"vendor SDK purecloudplatformclientv2 {sdk_version}: `ApiClient.deserialize`", sdk)
        )
    lines += [
        "",
        "| serialise one ScimV2User | µs per call | calls |",
        "| --- | ---: | ---: |",
        f"| generated client `to_json()` | {figures['serialise'] * 1e6:.1f} | {SERIALISE:,} x 5 |",
        f"| generated client `to_dict()` | {figures['serialise_dict'] * 1e6:.1f} | {SERIALISE:,} x 5 |",
    ]
    if "sdk_serialise" in figures:
        lines.append(
            "| vendor SDK `json.dumps(sanitize_for_serialization(user))` | "
            f"{figures['sdk_serialise'] * 1e6:.1f} | 1,000 x 5 |"
        )
    if sdk:
        lines += [
            "",
            f"Ratios: the client parses {sdk / figures['client']:.1f}x faster than the SDK "
            f"(target >= 15) and takes {figures['client'] / figures['orjson']:.2f}x the orjson "
            "floor (target <= 2.5).",
        ]
    result_json = {"lines": lines, "figures": figures}
    if "--text" in sys.argv:
        print("\n".join(lines))
    else:
        print(json.dumps(result_json))


def _dist_version() -> str:
    from importlib.metadata import version

    return version("purecloudplatformclientv2")


if __name__ == "__main__":
    main()
