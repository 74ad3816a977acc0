"""The async twins, against the same real loopback servers (each test runs its own event loop)."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from genesys_cloud_scim import (
    ApiConnectionError,
    ApiTimeoutError,
    AsyncClient,
    AsyncSCIMApi,
    NotFoundError,
    NotModified,
    PreconditionFailedError,
    ServerError,
    capture_responses,
)
from genesys_cloud_scim.filters import attr
from genesys_cloud_scim.models import Empty, ScimV2CreateUser, ScimV2Group
from genesys_cloud_scim.patch import patch_request, replace

from .conftest import FAST_RETRIES, FIXED_TOKEN, ScimStack
from .servers import FaultServer, Reply

USER = {"id": "u1", "userName": "ann@example.com", "displayName": "Ann"}


def test_the_readme_flow(scim: ScimStack) -> None:
    async def main() -> None:
        async with scim.async_client() as client:
            api = AsyncSCIMApi(client)
            user = await api.post_scim_v2_users(
                ScimV2CreateUser(user_name="ann@example.com", display_name="Ann")
            )
            assert user.id is not None and user.meta is not None
            found = [
                u.id
                async for u in api.iter_scim_v2_users(filter=attr("userName").eq("ann@example.com"))
            ]
            assert found == [user.id]
            patched = await api.patch_scim_v2_user(
                user.id,
                patch_request(replace("displayName", "Ann Lee")),
                if_match=user.meta.version,
            )
            assert patched.display_name == "Ann Lee"
            with pytest.raises(PreconditionFailedError):
                await api.patch_scim_v2_user(
                    user.id, patch_request(replace("title", "x")), if_match=user.meta.version
                )
            assert patched.meta is not None
            with pytest.raises(NotModified):
                await api.get_scim_v2_user(user.id, if_none_match=patched.meta.version)
            group = await api.post_scim_v2_groups(ScimV2Group(display_name="Eng"))
            assert group.id is not None
            groups = [g.id async for g in api.iter_scim_v2_groups(attr("displayName").sw("E"))]
            assert groups == [group.id]
            assert await api.delete_scim_v2_group(group.id) is None  # type: ignore[func-returns-value]
            assert isinstance(await api.delete_scim_v2_user(user.id), Empty)
            with pytest.raises(NotFoundError):
                await api.get_scim_v2_user(user.id)
            config = await api.get_scim_v2_serviceproviderconfig()
            assert config.etag is not None and config.etag.supported
            http = client._http
        assert http.is_closed

    asyncio.run(main())
    assert scim.tokens.fetches == 1


def test_200_concurrent_calls_share_one_client_and_one_token(scim: ScimStack) -> None:
    scim.tokens.delay = 0.1  # every call is waiting while the one token fetch runs

    async def main() -> list[str | None]:
        async with scim.async_client() as client:
            api = AsyncSCIMApi(client)
            user = await api.post_scim_v2_users(
                ScimV2CreateUser(user_name="many@example.com", display_name="Many")
            )
            assert user.id is not None
            results = await asyncio.gather(
                *(api.get_scim_v2_user(user.id) for _ in range(200)), return_exceptions=True
            )
            failures = [r for r in results if isinstance(r, BaseException)]
            assert failures == []
            return [r.user_name for r in results if not isinstance(r, BaseException)]

    started = time.monotonic()
    names = asyncio.run(main())
    assert names == ["many@example.com"] * 200
    assert scim.tokens.fetches == 1
    assert scim.log.count("GET") == 200 and scim.log.count("POST") == 1
    assert time.monotonic() - started < 20


def test_concurrent_calls_after_a_revocation_fetch_one_new_token(scim: ScimStack) -> None:
    async def main() -> None:
        async with scim.async_client() as client:
            api = AsyncSCIMApi(client)
            await api.get_scim_v2_users()
            scim.revoke_all()
            scim.tokens.delay = 0.05
            pages = await asyncio.gather(*(api.get_scim_v2_users() for _ in range(30)))
            assert all(p.total_results == 0 for p in pages)

    asyncio.run(main())
    assert scim.tokens.fetches == 2


def test_async_paging_goes_on_past_a_capped_page(capped_scim: ScimStack) -> None:
    async def main() -> None:
        async with capped_scim.async_client() as client:
            api = AsyncSCIMApi(client)
            ids = set()
            for i in range(5):
                user = await api.post_scim_v2_users(
                    ScimV2CreateUser(user_name=f"a{i}@example.com", display_name=f"A{i}")
                )
                ids.add(user.id)
            capped_scim.log.clear()
            seen = [u.id async for u in api.iter_scim_v2_users(count=4)]
            assert sorted(seen, key=str) == sorted(ids, key=str)
            assert capped_scim.log.count("GET") == 3

    asyncio.run(main())


def test_async_retries_and_no_duplicate_post(faults: FaultServer) -> None:
    async def main() -> None:
        async with AsyncClient(
            base_url=faults.url, access_token=FIXED_TOKEN, max_retries=FAST_RETRIES
        ) as client:
            api = AsyncSCIMApi(client)
            faults.script(Reply(503, {"status": "503"}), Reply(drop=True), Reply(200, USER))
            with capture_responses() as captured:
                assert (await api.get_scim_v2_user("u1")).id == "u1"
            assert faults.log.count("GET") == 3 and captured.last.retries == 2

            faults.script(Reply(503), Reply(201, USER))
            with pytest.raises(ServerError):
                await api.post_scim_v2_users(ScimV2CreateUser(user_name="x", display_name="x"))
            assert faults.log.count("POST") == 1

            faults.script(Reply(drop=True), Reply(201, USER))
            with pytest.raises(ApiConnectionError):
                await api.post_scim_v2_users(ScimV2CreateUser(user_name="x", display_name="x"))
            assert faults.log.count("POST") == 1

            faults.script(Reply(429, b"", {"Retry-After": "0"}), Reply(201, USER))
            await api.post_scim_v2_users(ScimV2CreateUser(user_name="x", display_name="x"))
            assert faults.log.count("POST") == 2

    asyncio.run(main())


def test_async_timeouts_client_wide_and_per_call(faults: FaultServer) -> None:
    async def main() -> None:
        faults.script(Reply(200, USER, delay=0.4))
        async with AsyncClient(
            base_url=faults.url, access_token=FIXED_TOKEN, timeout=0.1, max_retries=0
        ) as client:
            api = AsyncSCIMApi(client)
            started = time.monotonic()
            with pytest.raises(ApiTimeoutError):
                await api.get_scim_v2_user("u1")
            assert time.monotonic() - started < 0.35
            assert (await api.with_options(timeout=2.0).get_scim_v2_user("u1")).id == "u1"
        async with AsyncClient(base_url=faults.url, access_token=FIXED_TOKEN) as client:
            with pytest.raises(ApiTimeoutError):
                await (
                    AsyncSCIMApi(client)
                    .with_options(timeout=0.1, max_retries=0)
                    .get_scim_v2_user("u1")
                )

    asyncio.run(main())


def test_an_async_client_of_your_own_is_left_open(scim: ScimStack) -> None:
    async def main() -> None:
        async with httpx.AsyncClient() as http:
            async with scim.async_client(http_client=http, headers={"X-Trace": "t1"}) as client:
                await AsyncSCIMApi(client).get_scim_v2_users()
            assert not http.is_closed
        assert scim.log.requests[-1].headers["x-trace"] == "t1"

    asyncio.run(main())
