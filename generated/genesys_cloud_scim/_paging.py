# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""Paging over SCIM list responses (`startIndex`, `count`, `totalResults`, `Resources`).

A server's pages are checked, not trusted: a page must start where it was asked to start, and
no resource may come twice (a server that ignores `startIndex` sends the first page again and
again); either stops the helper with `PagingError` before anything of that page is yielded, so
no resource is ever yielded twice. `max_pages` and `max_items` bound a server that claims more
and more (`PagingLimitError`). Resources without an `id` cannot be told apart: for them only
the `startIndex` check and the bounds apply.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TypeVar

from ._exceptions import PagingError, PagingLimitError

P = TypeVar("P")
I = TypeVar("I")  # noqa: E741 - the item type

Reader = Callable[[P], tuple[Sequence[I | None] | None, int | None, int | None]]
"""Reads (this page's items, totalResults, startIndex) from a page."""


class _Cursor:
    """Where the next page starts, whether there is one, and what was read so far.

    Stops at an empty page; once `totalResults` items are read when the server says how many there
    are; and at a short page when it does not (a server may cap `count`, so a short page alone
    does not mean the end while `totalResults` says there is more).
    """

    def __init__(
        self, start: int, count: int, *, max_pages: int, max_items: int
    ) -> None:
        if start < 1:
            raise ValueError("start_index is 1-based: it must be 1 or more")
        if count < 1:
            raise ValueError("count must be 1 or more to page through results")
        self.next_start = start
        self.count = count
        self.done = False
        self.max_pages = max_pages
        self.max_items = max_items
        self.pages = 0
        self.items = 0
        self._seen: set[str] = set()

    def before_page(self) -> None:
        """Raises PagingLimitError if another page would pass `max_pages`."""
        if self.pages >= self.max_pages:
            raise self._error(
                PagingLimitError,
                f"stopped after {self.pages} pages (max_pages); the server still said "
                "there was more",
            )
        self.pages += 1

    def accept(
        self, items: Sequence[I | None], total: int | None, page_start: int | None
    ) -> list[I]:
        """The page's items to yield (at most up to `max_items`), after checking the page;
        raises PagingError for a page that cannot be followed."""
        if page_start is not None and page_start != self.next_start and items:
            raise self._error(
                PagingError,
                f"asked for the page at startIndex={self.next_start}, the server answered "
                f"one at startIndex={page_start}: it does not page as asked",
            )
        page = [item for item in items if item is not None]
        fresh: set[str] = set()
        for key in filter(None, map(_id, page)):
            if key in self._seen or key in fresh:
                raise self._error(
                    PagingError,
                    f"the page at startIndex={self.next_start} holds the resource with id "
                    f"{key[:100]!r} again: the server repeats resources, so its pages "
                    "cannot be followed",
                )
            fresh.add(key)
        self._seen |= fresh
        self._advance(len(items), total)
        room = self.max_items - self.items
        self.items += min(len(page), room)
        return page[:room]

    def after_page(self, yielded: int, read: int) -> None:
        """Raises PagingLimitError if the bound on items cut a page short or more is said
        to come."""
        if yielded < read or (self.items >= self.max_items and not self.done):
            raise self._error(
                PagingLimitError,
                f"stopped after {self.items} items (max_items); the server still said "
                "there was more",
            )

    def _advance(self, read: int, total: int | None) -> None:
        self.next_start += read
        if read == 0:
            self.done = True
        elif total is not None:
            self.done = self.next_start > total
        else:
            self.done = read < self.count

    def _error(self, kind: type[PagingError], message: str) -> PagingError:
        return kind(
            f"{message} ({self.pages} pages, {self.items} items read)",
            pages=self.pages,
            items=self.items,
        )


def _id(item: object) -> str | None:
    key = getattr(item, "id", None)
    return key if isinstance(key, str) else None


def iterate_pages(
    fetch: Callable[[int], P],
    read: Reader[P, I],
    *,
    start: int,
    count: int,
    max_pages: int,
    max_items: int,
) -> Iterator[I]:
    cursor = _Cursor(start, count, max_pages=max_pages, max_items=max_items)
    while not cursor.done:
        cursor.before_page()
        items, total, page_start = read(fetch(cursor.next_start))
        page = list(items or ())
        accepted = cursor.accept(page, total, page_start)
        yield from accepted
        cursor.after_page(len(accepted), sum(1 for item in page if item is not None))


async def iterate_pages_async(
    fetch: Callable[[int], Awaitable[P]],
    read: Reader[P, I],
    *,
    start: int,
    count: int,
    max_pages: int,
    max_items: int,
) -> AsyncIterator[I]:
    cursor = _Cursor(start, count, max_pages=max_pages, max_items=max_items)
    while not cursor.done:
        cursor.before_page()
        items, total, page_start = read(await fetch(cursor.next_start))
        page = list(items or ())
        accepted = cursor.accept(page, total, page_start)
        for item in accepted:
            yield item
        cursor.after_page(len(accepted), sum(1 for item in page if item is not None))
