"""A provisioning script as a user of the client writes it from its README and docs (issue 14):
users with emails and phone numbers, a group with members, lists with `attributes=`, paging with
a filter, PATCH with `If-Match`, and the errors. test_provisioning.py type-checks it with
`mypy --strict` and runs it against scim2-server.

The only narrowing is what the API's own Optional fields require: what a server returns may
leave out any attribute, so an `id` or `meta.version` is checked before it is used.
"""

from __future__ import annotations

import sys

from genesys_cloud_scim import (
    Client,
    ConflictError,
    NotFoundError,
    SCIMApi,
    VersionMismatchError,
)
from genesys_cloud_scim.filters import attr
from genesys_cloud_scim.models import (
    ScimEmail,
    ScimPhoneNumber,
    ScimV2CreateUser,
    ScimV2Group,
    ScimV2MemberReference,
    ScimV2User,
)
from genesys_cloud_scim.patch import patch_request, replace

PEOPLE = [
    ("ann.lee@example.com", "Ann Lee", "+353 1 555 0100"),
    ("bob.ray@example.com", "Bob Ray", "+353 1 555 0101"),
    ("cy.ng@example.com", "Cy Ng", "+353 1 555 0102"),
]


def ids_and_versions(user: ScimV2User) -> tuple[str, str | None]:
    """A created user's id (a server always sends it for a create) and its version, if any."""
    if user.id is None:
        raise RuntimeError("the server created a user without an id")
    return user.id, user.meta.version if user.meta is not None else None


def provision(api: SCIMApi) -> list[str]:
    report: list[str] = []
    created: list[ScimV2User] = []
    for user_name, display_name, phone in PEOPLE:
        created.append(
            api.post_scim_v2_users(
                ScimV2CreateUser(
                    user_name=user_name,
                    display_name=display_name,
                    emails=[ScimEmail(value=user_name, type="work", primary=True)],
                    phone_numbers=[ScimPhoneNumber(value=phone, type="mobile")],
                    title="Engineer",
                )
            )
        )
    report.append(f"created {len(created)} users")

    try:
        api.post_scim_v2_users(ScimV2CreateUser(user_name=PEOPLE[0][0], display_name="Again"))
    except ConflictError as error:
        report.append(f"duplicate refused: {error.status_code}")

    members = [ScimV2MemberReference(value=ids_and_versions(u)[0], type="User") for u in created]
    group = api.post_scim_v2_groups(ScimV2Group(display_name="Engineering", members=members))
    report.append(f"group {group.display_name} with {len(group.members or [])} members")

    listed = api.get_scim_v2_users(attributes=["id", "userName"], count=2)
    names = sorted(u.user_name or "?" for u in listed.resources or [])
    report.append(f"first page: {len(names)} of {listed.total_results}")

    engineers = [
        u.user_name
        for u in api.iter_scim_v2_users(filter=attr("title").eq("Engineer"), count=2)
        if u.user_name is not None
    ]
    report.append(f"engineers: {len(engineers)}")

    user_id, version = ids_and_versions(created[0])
    renamed = api.patch_scim_v2_user(
        user_id, patch_request(replace("displayName", "Ann Lee-Ray")), if_match=version
    )
    report.append(f"renamed: {renamed.display_name}")
    try:
        api.patch_scim_v2_user(
            user_id, patch_request(replace("title", "Lead")), if_match=version
        )  # stale by now
    except VersionMismatchError as error:
        report.append(f"stale version refused: {error.status_code}")

    for user in created:
        api.delete_scim_v2_user(ids_and_versions(user)[0])
    try:
        api.get_scim_v2_user(user_id)
    except NotFoundError:
        report.append("deleted")
    return report


if __name__ == "__main__":
    client_id, client_secret, base_url, login_url = sys.argv[1:5]
    with Client.from_client_credentials(
        client_id, client_secret, base_url=base_url, login_url=login_url
    ) as client:
        print("\n".join(provision(SCIMApi(client))))
