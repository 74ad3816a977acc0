"""Request and response shapes: which fields a caller must give, and which a reader may miss.

One model class serves both directions (the vendor's SDK, and its documented signatures, use
`ScimV2Group` for the body of a POST and for what a GET returns), so the rule is written once
here, from OpenAPI's own meaning of `required` and `readOnly` (a readOnly property is "sent in
responses only"; a required readOnly property is required in responses only):

- **Building a model** (what you send): a field is required iff the schema lists it in
  `required` and it is not `readOnly`, and the model is sent in some request body. A model only
  ever returned requires nothing: you build one only for tests.
- **Reading a model** (what the client returns): every field of a model the client may return,
  directly or nested, is typed `X | None`, `id` included, required or not: SCIM's
  `attributes=` / `excludedAttributes=` let a caller (and a server's defaults) leave out any
  attribute, and the client parses such answers rather than fail on them.
- A model only ever sent (`ScimV2CreateUser`, the PatchOp request) keeps `X` for a required
  field: nothing the client returns is of that type, so its annotation cannot lie.

A model that is both sent and returned and has a required field reads that field as `X | None`
but must be built with an `X`: its constructor is spelled out for type checkers
(`ir.Model.typed_init`), so `ScimV2Group()` and `ScimV2Group(display_name=None)` are refused by
mypy while `group.display_name` reads as `str | None`. docs/decisions.md ("Request and response
shapes") records the choice; the generated docs/models.md tells users.

Imports: ir.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from .. import ir


def directions(
    models: Mapping[str, ir.Model],
    operations: Iterable[ir.Operation],
    aliases: Mapping[str, ir.Alias] | None = None,
) -> tuple[set[str], set[str]]:
    """The classes sent in some request body, and those in what some operation returns
    (through fields and recursive-union aliases)."""
    operations = list(operations)
    sent = ir.reachable(
        models,
        (n for op in operations if op.body is not None for n in ir.class_names(op.body.type)),
        aliases,
    )
    returned = ir.reachable(
        models,
        (n for op in operations if op.returns is not None for n in ir.class_names(op.returns)),
        aliases,
    )
    return sent, returned


def shaped(
    models: Mapping[str, ir.Model],
    operations: Iterable[ir.Operation],
    aliases: Mapping[str, ir.Alias] | None = None,
) -> dict[str, ir.Model]:
    """The models with each field's `required` and `returned` set by the rule above (the
    normalizer builds fields with `required` as the schema lists it)."""
    sent, returned = directions(models, operations, aliases)
    return {
        name: dataclasses.replace(
            model,
            fields=tuple(
                _shaped_field(field, sent=name in sent, returned=name in returned)
                for field in model.fields
            ),
        )
        for name, model in models.items()
    }


def _shaped_field(field: ir.Field, *, sent: bool, returned: bool) -> ir.Field:
    return dataclasses.replace(
        field,
        required=field.required and not field.read_only and sent,
        returned=returned,
        listed_required=field.required,
    )
