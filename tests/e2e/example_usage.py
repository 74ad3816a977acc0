"""The generated README's examples, written as a user would: `mypy --strict` checks this file
(test_typing.py), and test_typing.py also runs it against the loopback servers."""

from __future__ import annotations

import asyncio
import sys

from genesys_cloud_scim import (
    ApiError,
    AsyncClient,
    AsyncSCIMApi,
    Client,
    SCIMApi,
    VersionMismatchError,
    capture_responses,
)
from genesys_cloud_scim.filters import attr
from genesys_cloud_scim.models import ScimV2CreateUser, ScimV2Group
from genesys_cloud_scim.patch import add, patch_request, remove, replace


def quick_start(client_id: str, client_secret: str, base_url: str, login_url: str) -> str:
    client = Client.from_client_credentials(
        client_id, client_secret, base_url=base_url, login_url=login_url
    )
    api = SCIMApi(client)

    user = api.post_scim_v2_users(ScimV2CreateUser(user_name="ann@example.com", display_name="Ann"))
    for u in api.iter_scim_v2_users(filter=attr("userName").eq("ann@example.com")):
        print(u.id, u.display_name)

    patch = patch_request(replace("displayName", "Ann Lee"))
    assert user.id is not None and user.meta is not None
    updated = api.patch_scim_v2_user(user.id, patch, if_match=user.meta.version)

    try:
        api.patch_scim_v2_user(user.id, patch, if_match=user.meta.version)  # stale by now
    except VersionMismatchError as error:
        print(error.status_code, error.scim_type, error.detail)

    with capture_responses() as captured:
        api.get_scim_v2_user(user.id)
    print(captured.last.status_code, captured.last.etag, captured.last.correlation_id)

    body = patch_request(
        replace("displayName", "Ann Lee"),
        add("phoneNumbers", [{"value": "+353 1 555 0100", "type": "work"}]),
        remove(attr("emails").where(attr("type").eq("other"))),
    )
    api.with_options(timeout=2.0).patch_scim_v2_user(user.id, body)
    client.close()
    return updated.display_name or ""


async def async_usage(client_id: str, client_secret: str, base_url: str, login_url: str) -> int:
    async with AsyncClient.from_client_credentials(
        client_id, client_secret, base_url=base_url, login_url=login_url
    ) as client:
        api = AsyncSCIMApi(client)
        group = await api.post_scim_v2_groups(ScimV2Group(display_name="Engineering"))
        found = 0
        async for g in api.iter_scim_v2_groups(attr("displayName").sw("Eng")):
            found += g.id == group.id
        users = await api.get_scim_v2_users(filter=attr("userName").eq("ann@example.com"))
        for user in users.resources or []:
            if user.id is not None:
                await api.get_scim_v2_user(user.id)
        return found


def fixed_token(base_url: str, access_token: str) -> int:
    with Client(base_url=base_url, access_token=access_token) as client:
        try:
            return SCIMApi(client).get_scim_v2_users(count=1).total_results or 0
        except ApiError as error:
            return error.status_code


if __name__ == "__main__":
    print("renamed:", quick_start(*sys.argv[1:5]))
    print("groups found:", asyncio.run(async_usage(*sys.argv[1:5])))
