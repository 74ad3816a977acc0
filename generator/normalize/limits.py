"""How deep and how big a spec may be, and room to walk the deep ones.

A deep spec is valid: the normalizer recurses per level of schema nesting, in a thread with a
large stack (`with_room`). What no generated client could use (models nested past what pydantic
builds, types nested past MAX_TYPE_NESTING) is measured here.

Imports: ir.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from .. import ir

# Schemas nested through $ref, allOf, properties and items: 200 models each holding the next are
# 200 levels, a 1,200-level allOf chain 1,200. The normalizer recurses per level, in a thread
# with room for it (`with_room`).
MAX_SCHEMA_DEPTH = 5_000
# Models holding models: the generated client's models (pydantic, which builds a model's schema
# on first use by recursion through the models it holds) work to about 50 levels under Python's
# default recursion limit; 200 fail. An operation that uses deeper ones is left out (with a
# warning) rather than generated as a method that fails on first use.
MAX_MODEL_NESTING = 32
# Types inside types (arrays of arrays, maps, unions, aliases inlined): each level is a `[...]`
# in an annotation.
MAX_TYPE_NESTING = 32
# Model fields and enum members in all: allOf copies each part's fields into every model that
# uses it, so a long allOf chain whose every level is used grows quadratically.
MAX_ITEMS = 300_000
_STACK_BYTES = 256 * 1024 * 1024
_RECURSION_LIMIT = 200_000
T = TypeVar("T")


class Refused(Exception):
    """The spec is too deep or too big to go on with (a diagnostic at `where`)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def with_room(run: Callable[[], T]) -> T:
    """`run()` with room to recurse as deep as MAX_SCHEMA_DEPTH allows: in a thread with a large
    stack and a recursion limit to match (restored after; the thread touches only the stack it
    uses). Deep specs are valid: the normalizer walks them as they nest."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((True, run()))
        except BaseException as error:  # handed to the caller as it is
            outcome.append((False, error))

    with _ROOM:
        limit = sys.getrecursionlimit()
        size = threading.stack_size(_STACK_BYTES)
        sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
        try:
            worker = threading.Thread(target=target, name="scimgen-normalize", daemon=True)
            worker.start()
            worker.join()
        finally:
            threading.stack_size(size)
            sys.setrecursionlimit(limit)
    ok, value = outcome[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


_ROOM = threading.Lock()


@contextlib.contextmanager
def document_frozen() -> Iterator[None]:
    """The cyclic garbage collector leaves alone every object that exists now (the parsed
    document: millions of objects on a large spec, none of them garbage, walked again at each
    full collection) until the block ends; nothing else changes. If a caller froze objects
    already, its freeze is left as it is."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class ModelDepths:
    """How many models deep each model's deepest chain of models holding models is (a model
    that holds itself, directly or through others, counts once), found as they are asked for and
    kept. Iterative: a chain may be thousands long. `models` may grow between questions; a model
    is never changed once it is in it."""

    def __init__(self, models: Mapping[str, ir.Model]) -> None:
        self.models = models
        self.depth: dict[str, int] = {}
        self.below: dict[str, str] = {}
        """The model under each one on its deepest chain."""

    def _held(self, name: str) -> list[str]:
        found = {n for field in self.models[name].fields for n in ir.class_names(field.type)}
        return sorted(found & self.models.keys())

    def of(self, root: str) -> int:
        depth, below = self.depth, self.below
        if root in depth:
            return depth[root]
        open_: set[str] = {root}
        stack = [(root, iter(self._held(root)))]
        while stack:
            name, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                open_.discard(name)
                finished = [c for c in self._held(name) if c in depth]
                deepest = max(finished, key=lambda c: (depth[c], c), default=None)
                depth[name] = 1 + (depth[deepest] if deepest is not None else 0)
                if deepest is not None:
                    below[name] = deepest
            elif child not in depth and child not in open_:
                open_.add(child)
                stack.append((child, iter(self._held(child))))
        return depth[root]

    def chain(self, root: str) -> list[str]:
        """The deepest chain from `root` (after `of(root)`)."""
        chain = [root]
        while chain[-1] in self.below:
            chain.append(self.below[chain[-1]])
        return chain


def model_nesting(models: dict[str, ir.Model]) -> tuple[int, list[str]]:
    """How many models deep the deepest chain of models holding models is, and that chain."""
    depths = ModelDepths(models)
    for root in sorted(models):
        depths.of(root)
    if not depths.depth:
        return 0, []
    top = max(sorted(depths.depth), key=lambda n: depths.depth[n])
    return depths.depth[top], depths.chain(top)


def nesting(type_: ir.TypeExpr) -> int:
    """How many types deep `type_` is (a primitive, model or enum: 1). Its parts were checked
    when built, so this recursion is as shallow as MAX_TYPE_NESTING."""
    if isinstance(type_, ir.ArrayOf):
        return 1 + nesting(type_.item)
    if isinstance(type_, ir.MapOf):
        return 1 + nesting(type_.value)
    if isinstance(type_, ir.UnionOf):
        return 1 + max(nesting(option) for option in type_.options)
    return 1
