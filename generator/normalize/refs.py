"""Resolve a `$ref`, or report why it cannot be: the one way every pass follows references.

Imports: load (for `ref_of`), normalize.context.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, TypeVar, cast

from ..load import ref_of
from .context import Context

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Reference

Section = Literal["schemas", "parameters", "requestBodies", "responses"]
Node = TypeVar("Node")


def resolved(
    context: Context, node: Node | Reference, section: Section, where: str | None
) -> Node | None:
    """`node`, or what its `$ref` names in `section` (followed to the end of a chain); None when
    the reference cannot be resolved, reported as an error at `where` (not reported when `where`
    is None: another pass reports it)."""
    ref = ref_of(node)
    if ref is None:
        return cast("Node", node)
    return cast("Node | None", resolved_ref(context, ref, section, where))


def resolved_ref(context: Context, ref: str, section: Section, where: str | None) -> object:
    """What `ref` names in `section`, or None (reported at `where`, as in `resolved`)."""
    try:
        found = context.resolver.resolve(ref, section)
    except KeyError as reason:
        if where is not None:
            context.error(where, str(reason.args[0]))
        return None
    crossed = context.resolver.crossed.get(ref)
    if crossed is not None and where is not None:
        context.warning(where, crossed)
    return found
