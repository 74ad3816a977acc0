"""Issue 11, paging: the `iter_*` helpers against real loopback SCIM list servers that page the
way broken ones do (ignoring startIndex/count as the SCIMMY library does, leaving out
totalResults, claiming a billion results, repeating a page). Each server computes its answer
from the request; each test asserts what was yielded (never a resource twice) and how many
requests the server saw."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import pytest
from genesys_cloud_scim import (
    AsyncClient,
    AsyncSCIMApi,
    Client,
    PagingError,
    PagingLimitError,
    SCIMApi,
)

from .conftest import FAST_RETRIES, FIXED_TOKEN
from .servers import FaultServer, Reply, Seen

USERS = [{"id": f"u{n:02}", "userName": f"user{n}@example.com"} for n in range(1, 51)]


def page(resources: list[dict[str, Any]], *, total: int | None, start: int | None) -> Reply:
    body: dict[str, Any] = {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "Resources": resources,
        "itemsPerPage": len(resources),
    }
    if total is not None:
        body["totalResults"] = total
    if start is not None:
        body["startIndex"] = start
    return Reply(200, body)


def asked(seen: Seen) -> tuple[int, int]:
    """(startIndex, count) of a list request."""
    query = parse_qs(seen.query)
    return int(query["startIndex"][0]), int(query["count"][0])


def serve(faults: FaultServer, answer: Callable[[int, int], Reply]) -> SCIMApi:
    faults.answer_with(lambda seen: answer(*asked(seen)))
    return SCIMApi(Client(base_url=faults.url, access_token=FIXED_TOKEN, max_retries=FAST_RETRIES))


def drain(api: SCIMApi, **arguments: Any) -> tuple[list[str], Exception | None]:
    """The ids an iterator yielded, and the error that stopped it (if one did)."""
    ids: list[str] = []
    try:
        for user in api.iter_scim_v2_users(**arguments):
            assert user.id is not None
            ids.append(user.id)
    except PagingError as error:
        return ids, error
    return ids, None


def honest(start: int, count: int) -> Reply:
    return page(USERS[start - 1 : start - 1 + count], total=len(USERS), start=start)


def test_an_honest_server_is_read_to_the_end(faults: FaultServer) -> None:
    ids, error = drain(serve(faults, honest), count=20)
    assert error is None and ids == [u["id"] for u in USERS]
    assert faults.log.count("GET") == 3


def test_a_server_ignoring_start_index_and_count_is_stopped_after_its_first_page(
    faults: FaultServer,
) -> None:
    # SCIMMY answers its own first 20 of 50, whatever startIndex and count ask for: the helper
    # used to yield 60 items of which 20 were unique.
    ids, error = drain(serve(faults, lambda start, count: page(USERS[:20], total=50, start=1)))
    assert ids == [u["id"] for u in USERS[:20]]
    assert isinstance(error, PagingError) and not isinstance(error, PagingLimitError)
    assert "asked for the page at startIndex=21" in str(error)
    assert "startIndex=1: it does not page as asked" in str(error)
    assert (error.pages, error.items) == (2, 20)
    assert faults.log.count("GET") == 2


def test_a_server_repeating_a_page_without_saying_where_it_starts_is_stopped(
    faults: FaultServer,
) -> None:
    ids, error = drain(serve(faults, lambda start, count: page(USERS[:20], total=50, start=None)))
    assert ids == [u["id"] for u in USERS[:20]]
    assert isinstance(error, PagingError)
    assert "holds the resource with id 'u01' again" in str(error)
    assert faults.log.count("GET") == 2


def test_a_server_omitting_total_results_and_ignoring_start_index_ends(
    faults: FaultServer,
) -> None:
    # Full pages and no totalResults: the helper used to ask for the next page forever.
    ids, error = drain(
        serve(faults, lambda start, count: page(USERS[:count], total=None, start=None)), count=10
    )
    assert ids == [u["id"] for u in USERS[:10]]
    assert isinstance(error, PagingError) and "again" in str(error)
    assert faults.log.count("GET") == 2


def test_a_server_omitting_total_results_but_paging_right_is_read_to_the_end(
    faults: FaultServer,
) -> None:
    def answer(start: int, count: int) -> Reply:
        return page(USERS[start - 1 : start - 1 + count], total=None, start=start)

    ids, error = drain(serve(faults, answer), count=25)
    assert error is None and ids == [u["id"] for u in USERS]
    assert faults.log.count("GET") == 3  # 25, 25, then an empty page


def test_a_server_claiming_a_billion_results_and_repeating_a_page_is_stopped_at_once(
    faults: FaultServer,
) -> None:
    # It even echoes the startIndex asked for; the repeated ids give it away (it made 200
    # requests before).
    ids, error = drain(
        serve(faults, lambda start, count: page(USERS[:count], total=10**9, start=start)), count=25
    )
    assert ids == [u["id"] for u in USERS[:25]]
    assert isinstance(error, PagingError) and "again" in str(error)
    assert faults.log.count("GET") == 2


def test_a_server_inventing_resources_forever_stops_at_max_pages(faults: FaultServer) -> None:
    def answer(start: int, count: int) -> Reply:
        fresh = [{"id": f"x{n}", "userName": f"x{n}"} for n in range(start, start + count)]
        return page(fresh, total=10**9, start=start)

    api = serve(faults, answer).with_options(max_pages=4)
    ids, error = drain(api, count=10)
    assert len(ids) == 40 and len(set(ids)) == 40
    assert isinstance(error, PagingLimitError)
    assert "stopped after 4 pages (max_pages)" in str(error)
    assert faults.log.count("GET") == 4


def test_max_items_bounds_what_is_yielded(faults: FaultServer) -> None:
    api = serve(faults, honest).with_options(max_items=30)
    ids, error = drain(api, count=20)
    assert ids == [u["id"] for u in USERS[:30]]
    assert isinstance(error, PagingLimitError) and "30 items (max_items)" in str(error)
    assert faults.log.count("GET") == 2
    # Exactly as many as the bound is no error.
    ids, error = drain(serve(faults, honest).with_options(max_items=50), count=25)
    assert error is None and len(ids) == 50


def test_resources_without_ids_are_still_bounded(faults: FaultServer) -> None:
    # Nothing tells such resources apart; a server that lies about startIndex is then held by
    # the bounds alone.
    def answer(start: int, count: int) -> Reply:
        return page([{"userName": "anonymous"}] * count, total=10**9, start=start)

    ids: list[str | None] = []
    api = serve(faults, answer).with_options(max_pages=3)
    with pytest.raises(PagingLimitError):
        ids.extend(u.id for u in api.iter_scim_v2_users(count=5))
    assert ids == [None] * 15
    assert faults.log.count("GET") == 3


def test_the_bounds_default_to_generous_and_refuse_nonsense() -> None:
    client = Client(access_token="t")
    assert (client.max_pages, client.max_items) == (100_000, 1_000_000)
    for bad in (0, -1, 1.5, True, None):
        with pytest.raises(ValueError, match="max_pages must be a whole number"):
            Client(access_token="t", max_pages=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_items"):
        SCIMApi(client).with_options(max_items=0)


def test_the_async_helper_checks_pages_the_same_way(faults: FaultServer) -> None:
    faults.answer_with(lambda seen: page(USERS[:20], total=50, start=1))

    async def main() -> tuple[list[str | None], Exception | None]:
        ids: list[str | None] = []
        async with AsyncClient(base_url=faults.url, access_token=FIXED_TOKEN) as client:
            try:
                async for user in AsyncSCIMApi(client).iter_scim_v2_users():
                    ids.append(user.id)
            except PagingError as error:
                return ids, error
        return ids, None

    ids, error = asyncio.run(main())
    assert ids == [u["id"] for u in USERS[:20]]
    assert isinstance(error, PagingError) and "startIndex=21" in str(error)
    assert faults.log.count("GET") == 2
