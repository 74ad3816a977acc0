"""What SCIM and the vendor add to plain OpenAPI, recognized by shape: paging, PatchOp and the
permissions an operation needs.

Paging and PatchOp read only the IR built so far (IR -> IR); permissions read one vendor
extension of the operation.

Imports: ir, naming, normalize.nodes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, get_args

from .. import ir, naming
from .nodes import extension

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Operation

PAGING_START, PAGING_COUNT = "startIndex", "count"
PAGING_ITEMS, PAGING_TOTAL = "Resources", "totalResults"
FIRST_INDEX = 1
"""Where a page starts when the spec documents no default: SCIM's `startIndex` is 1-based and
defaults to 1 (RFC 7644, section 3.4.2.4)."""
DEFAULT_PAGE_SIZE = 100
"""How many items a page asks for when the spec documents no default `count`: the helper must
ask for a number, to tell a short page from a capped one (docs/decisions.md)."""
PERMISSIONS_EXTENSION = "x-inin-requires-permissions"
PERMISSION_KINDS: tuple[ir.PermissionKind, ...] = get_args(ir.PermissionKind)


def paging(
    name: str,
    arguments: Sequence[ir.Argument],
    returns: ir.TypeExpr | None,
    models: Mapping[str, ir.Model],
) -> ir.Paging | None:
    """A `get_*` list operation paged by SCIM's startIndex/count (both optional query
    parameters) whose response holds `totalResults` and a `Resources` array."""
    paged_by = _paged_by(arguments)
    model = models.get(returns.name) if isinstance(returns, ir.ModelRef) else None
    if paged_by is None or model is None or not name.startswith("get_"):
        return None
    fields = {f.json_name: f for f in model.fields}
    items, total = fields.get(PAGING_ITEMS), fields.get(PAGING_TOTAL)
    if items is None or total is None or not isinstance(items.type, ir.ArrayOf):
        return None
    start, count = paged_by
    start_field = fields.get(PAGING_START)
    return ir.Paging(
        iterator_name=naming.iterator_name(name),
        start_index=start.name,
        count=count.name,
        item_type=items.type.item,
        items_field=items.name,
        total_field=total.name,
        start_field=start_field.name if start_field is not None else None,
        arguments=tuple(_helper_argument(a, start, count) for a in arguments),
    )


def _paged_by(arguments: Sequence[ir.Argument]) -> tuple[ir.Parameter, ir.Parameter] | None:
    """The optional startIndex and count query parameters, if the operation has both."""
    by_json = {
        a.passes.json_name: a.passes
        for a in arguments
        if isinstance(a.passes, ir.Parameter) and a.passes.location == "query"
    }
    start, count = by_json.get(PAGING_START), by_json.get(PAGING_COUNT)
    if start is None or count is None or start.required or count.required:
        return None
    return start, count


def _helper_argument(
    argument: ir.Argument, start: ir.Parameter, count: ir.Parameter
) -> ir.Argument:
    if argument.passes is start:
        return _numbered(argument, FIRST_INDEX)
    if argument.passes is count:
        return _numbered(argument, DEFAULT_PAGE_SIZE)
    return argument


def _numbered(argument: ir.Argument, otherwise: int) -> ir.Argument:
    """The helper's start index or count: always a number, the documented default if there is
    one (the paging runtime counts with it)."""
    if isinstance(argument.default, int) and not isinstance(argument.default, bool):
        return argument
    return dataclasses.replace(argument, type=ir.Primitive("int"), default=otherwise)


def patch_support(
    models: Mapping[str, ir.Model], enums: Mapping[str, ir.Enum]
) -> ir.PatchSupport | None:
    """Find the PatchOp request model by shape: `schemas` and an `Operations` array of
    objects with an `op` enum of add/replace/remove, a `path` and a `value`."""
    for model in sorted(models.values(), key=lambda m: m.name):
        fields = {f.json_name: f for f in model.fields}
        operations = fields.get("Operations")
        if "schemas" not in fields or operations is None:
            continue
        if not isinstance(operations.type, ir.ArrayOf):
            continue
        item = operations.type.item
        if not isinstance(item, ir.ModelRef) or item.name not in models:
            continue
        op_fields = {f.json_name: f for f in models[item.name].fields}
        op = op_fields.get("op")
        if (
            op is None
            or not isinstance(op.type, ir.EnumRef)
            or not {"path", "value"} <= set(op_fields)
        ):
            continue
        # patch.py passes these by name: they must have kept their JSON names.
        named = [fields["schemas"], *(op_fields[n] for n in ("op", "path", "value"))]
        if any(f.name != f.json_name for f in named):
            continue
        members = {str(m.value).lower(): m.name for m in enums[op.type.name].members}
        if not {"add", "replace", "remove"} <= set(members):
            continue
        return ir.PatchSupport(
            request_model=model.name,
            operations_field=operations.name,
            operation_model=item.name,
            op_enum=op.type.name,
            add=members["add"],
            replace=members["replace"],
            remove=members["remove"],
        )
    return None


def permissions(
    operation: Operation, where: str, warning: Callable[[str, str], None]
) -> ir.Permissions | None:
    """The vendor's `x-inin-requires-permissions` of an operation, if it has one."""
    value = extension(operation, PERMISSIONS_EXTENSION)
    if not isinstance(value, dict):
        return None
    kind = str(value.get("type", "ANY")).upper()
    if kind not in PERMISSION_KINDS:
        warning(
            f"{where}/{PERMISSIONS_EXTENSION}/type",
            f"permission type {value.get('type')!r} is not one of {', '.join(PERMISSION_KINDS)}; "
            "read as ANY",
        )
        kind = "ANY"
    names = value.get("permissions")
    return ir.Permissions(
        kind=kind,  # type: ignore[arg-type]  # checked against PERMISSION_KINDS above
        names=tuple(n for n in names if isinstance(n, str)) if isinstance(names, list) else (),
    )
