"""What changes for users of the generated client between two specs: `scimgen changes OLD NEW`.

Both specs are normalized with the same settings, and the two IRs are compared, not the raw
documents: a change counts only if it changes the Python API a user writes against (method
names and signatures, model fields, enum members, types as annotated). Each change is marked
breaking or not:

- breaking: a removed API class, method, parameter, body, field, model, enum or enum value; a new
  required parameter, body or model field; a parameter moved between positional and keyword-only,
  or positional parameters reordered; a changed type (of a parameter, body, return value or
  field); a renamed attribute; an optional body or field that became required.
- not breaking: anything added that callers need not pass (methods, optional parameters and
  fields, models, enums, enum values), a changed default, path, HTTP method or body media type
  (the client sends them: a JSON body that becomes a form is still built from the same model), a
  newly deprecated operation, a new API version.

The suggested version bump follows semantic versioning: major if anything breaks, minor if
something was added, patch if only something else changed, none if nothing did.

Imports: ir, render (for `annotation` and `field_annotation`, so types read as the generated code
spells them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Literal, TypeVar

from . import ir
from .render import annotation, field_annotation

Kind = Literal["added", "removed", "changed"]
Bump = Literal["major", "minor", "patch", "none"]


@dataclass(frozen=True, order=True)
class Change:
    where: str
    """What changed, as a user names it: `SCIMApi.get_scim_users`, `ScimV2User.user_name`."""
    kind: Kind
    breaking: bool
    detail: str
    """One line for a reader: 'parameter `count` removed'."""


@dataclass(frozen=True)
class Report:
    old_version: str
    new_version: str
    """The specs' `info.version`."""
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.breaking)

    @property
    def bump(self) -> Bump:
        if self.breaking:
            return "major"
        if any(c.kind == "added" for c in self.changes):
            return "minor"
        return "patch" if self.changes else "none"

    def next_version(self, current: str) -> str:
        """`current` bumped as suggested (semantic versioning; a 0.x version bumps its minor
        for a breaking change, as 0.x promises no stability)."""
        parts = current.split(".")
        if len(parts) < 3 or not all(p.isdigit() for p in parts[:3]):
            return current
        major, minor, patch = (int(p) for p in parts[:3])
        bump = self.bump
        if bump == "major" and major == 0:
            bump = "minor"
        if bump == "major":
            return f"{major + 1}.0.0"
        if bump == "minor":
            return f"{major}.{minor + 1}.0"
        if bump == "patch":
            return f"{major}.{minor}.{patch + 1}"
        return current


def compare(old: ir.Api, new: ir.Api) -> Report:
    changes: list[Change] = []
    if old.spec_version != new.spec_version:
        changes.append(
            Change(
                "API",
                "changed",
                False,
                f"API version {old.spec_version or '?'} -> {new.spec_version or '?'}",
            )
        )
    changes.extend(_services(old.services, new.services))
    changes.extend(_models(old.models, new.models))
    changes.extend(_enums(old.enums, new.enums))
    return Report(old.spec_version, new.spec_version, tuple(sorted(set(changes))))


T = TypeVar("T")


def _by(items: Iterable[T], key: str) -> dict[str, T]:
    return {getattr(item, key): item for item in items}


def _added_removed(
    old: Mapping[str, T], new: Mapping[str, T]
) -> tuple[list[str], list[str], list[str]]:
    """(added, removed, in both), each sorted."""
    return (
        sorted(set(new) - set(old)),
        sorted(set(old) - set(new)),
        sorted(set(old) & set(new)),
    )


def _top_level(
    old: Mapping[str, T], new: Mapping[str, T], noun: str
) -> tuple[list[Change], list[str]]:
    """Added (not breaking) and removed (breaking) classes, and the names in both."""
    added, removed, kept = _added_removed(old, new)
    changes = [Change(name, "added", False, f"{noun} added") for name in added]
    changes += [Change(name, "removed", True, f"{noun} removed") for name in removed]
    return changes, kept


# -- API classes and their methods ---------------------------------------------------------------


def _services(old: Sequence[ir.Service], new: Sequence[ir.Service]) -> list[Change]:
    old_by, new_by = _by(old, "name"), _by(new, "name")
    changes, kept = _top_level(old_by, new_by, "API class")
    for name in kept:
        changes.extend(_operations(name, old_by[name].operations, new_by[name].operations))
    # A class that comes or goes brings or takes all its methods: each is listed, so that a new
    # document that lacks a tag reads as what it is for callers, every method removed.
    for name in sorted(set(new_by) - set(old_by)):
        changes.extend(_operations(name, (), new_by[name].operations))
    for name in sorted(set(old_by) - set(new_by)):
        changes.extend(_operations(name, old_by[name].operations, ()))
    return changes


def _operations(
    service: str, old: Sequence[ir.Operation], new: Sequence[ir.Operation]
) -> list[Change]:
    old_by, new_by = _by(old, "name"), _by(new, "name")
    added, removed, kept = _added_removed(old_by, new_by)
    changes = [
        Change(f"{service}.{name}", "added", False, f"method added ({_http(new_by[name])})")
        for name in added
    ]
    changes += [
        Change(f"{service}.{name}", "removed", True, f"method removed ({_http(old_by[name])})")
        for name in removed
    ]
    for name in kept:
        changes.extend(_operation(f"{service}.{name}", old_by[name], new_by[name]))
    return changes


def _http(operation: ir.Operation) -> str:
    return f"{operation.method} {operation.path}"


def _operation(where: str, old: ir.Operation, new: ir.Operation) -> list[Change]:
    changes: list[Change] = []

    def change(kind: Kind, breaking: bool, detail: str) -> None:
        changes.append(Change(where, kind, breaking, detail))

    if _http(old) != _http(new):
        change("changed", False, f"request {_http(old)} -> {_http(new)}")
    if new.deprecated and not old.deprecated:
        change("changed", False, "deprecated")
    changes.extend(_parameters(where, old, new))
    changes.extend(_body(where, old.body, new.body))
    if old.returns != new.returns:
        change("changed", True, f"returns {_type(old.returns)} -> {_type(new.returns)}")
    if old.paging is not None and new.paging is None:
        change("removed", True, f"paging helper {old.paging.iterator_name}() removed")
    elif new.paging is not None and old.paging is None:
        change("added", False, f"paging helper {new.paging.iterator_name}() added")
    return changes


def _parameters(where: str, old: ir.Operation, new: ir.Operation) -> list[Change]:
    changes: list[Change] = []
    old_by, new_by = _by(old.parameters, "name"), _by(new.parameters, "name")
    old_kind, new_kind = _kinds(old), _kinds(new)
    added, removed, kept = _added_removed(old_by, new_by)
    for name in added:
        parameter = new_by[name]
        if parameter.required:
            changes.append(Change(where, "added", True, f"required parameter `{name}` added"))
        else:
            changes.append(Change(where, "added", False, f"optional parameter `{name}` added"))
    for name in removed:
        changes.append(Change(where, "removed", True, f"parameter `{name}` removed"))
    for name in kept:
        before, after = old_by[name], new_by[name]
        if old_kind[name] != new_kind[name]:
            moved = (
                "keyword-only to positional"
                if new_kind[name] == "positional"
                else "positional to keyword-only"
            )
            changes.append(Change(where, "changed", True, f"parameter `{name}` moved {moved}"))
        if before.type != after.type:
            changes.append(
                Change(
                    where,
                    "changed",
                    True,
                    f"parameter `{name}`: type {_type(before.type)} -> {_type(after.type)}",
                )
            )
        if before.default != after.default and not after.required:
            changes.append(
                Change(
                    where,
                    "changed",
                    False,
                    f"parameter `{name}`: default {before.default!r} -> {after.default!r}",
                )
            )
        if (before.json_name, before.location) != (after.json_name, after.location):
            changes.append(
                Change(
                    where,
                    "changed",
                    False,
                    f"parameter `{name}` sent as {before.location} `{before.json_name}` -> "
                    f"{after.location} `{after.json_name}`",
                )
            )
    old_order = [a.name for a in old.positional_arguments if a.name in new_by]
    new_order = [a.name for a in new.positional_arguments if a.name in old_by]
    if old_order != new_order and sorted(old_order) == sorted(new_order):
        changes.append(
            Change(
                where,
                "changed",
                True,
                f"positional parameters reordered: ({', '.join(old_order)}) -> "
                f"({', '.join(new_order)})",
            )
        )
    return changes


def _kinds(operation: ir.Operation) -> dict[str, ir.ArgumentKind]:
    """How each argument is passed, by name: the signature as the IR decided it."""
    return {argument.name: argument.kind for argument in operation.arguments}


def _body(where: str, old: ir.Body | None, new: ir.Body | None) -> list[Change]:
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        required = "required" if new.required else "optional"
        return [Change(where, "added", new.required, f"{required} body `{new.name}` added")]
    if new is None:
        return [Change(where, "removed", True, f"body `{old.name}` removed")]
    changes = []
    if old.type != new.type:
        changes.append(
            Change(where, "changed", True, f"body: type {_type(old.type)} -> {_type(new.type)}")
        )
    if new.required and not old.required:
        changes.append(Change(where, "changed", True, "body is now required"))
    elif old.required and not new.required:
        changes.append(Change(where, "changed", False, "body is now optional"))
    if old.name != new.name:
        changes.append(Change(where, "changed", True, f"body renamed `{old.name}` -> `{new.name}`"))
    if (old.format, old.media_types) != (new.format, new.media_types):
        changes.append(
            Change(where, "changed", False, f"body sent as {_sent_as(old)} -> {_sent_as(new)}")
        )
    return changes


def _sent_as(body: ir.Body) -> str:
    """How a body goes on the wire: its encoding and media types (`form: application/x-...`)."""
    return f"{body.format} ({', '.join(body.media_types)})"


# -- models and enums ----------------------------------------------------------------------------


def _models(old: Sequence[ir.Model], new: Sequence[ir.Model]) -> list[Change]:
    old_by, new_by = _by(old, "name"), _by(new, "name")
    changes, kept = _top_level(old_by, new_by, "model")
    for name in kept:
        changes.extend(_fields(name, old_by[name].fields, new_by[name].fields))
    return changes


def _fields(model: str, old: Sequence[ir.Field], new: Sequence[ir.Field]) -> list[Change]:
    old_by, new_by = _by(old, "json_name"), _by(new, "json_name")
    added, removed, kept = _added_removed(old_by, new_by)
    changes = []
    for json_name in added:
        field = new_by[json_name]
        required = "required" if field.required else "optional"
        changes.append(
            Change(f"{model}.{field.name}", "added", field.required, f"{required} field added")
        )
    for json_name in removed:
        changes.append(
            Change(f"{model}.{old_by[json_name].name}", "removed", True, "field removed")
        )
    for json_name in kept:
        before, after = old_by[json_name], new_by[json_name]
        where = f"{model}.{after.name}"
        if before.name != after.name:
            changes.append(
                Change(where, "changed", True, f"attribute renamed {before.name} -> {after.name}")
            )
        if field_annotation(before) != field_annotation(after):
            changes.append(
                Change(
                    where,
                    "changed",
                    True,
                    f"type {field_annotation(before)} -> {field_annotation(after)}",
                )
            )
        if after.required and not before.required:
            changes.append(Change(where, "changed", True, "now required"))
    return changes


def _enums(old: Sequence[ir.Enum], new: Sequence[ir.Enum]) -> list[Change]:
    old_by, new_by = _by(old, "name"), _by(new, "name")
    changes, kept = _top_level(old_by, new_by, "enum")
    for name in kept:
        old_members = {m.value: m.name for m in old_by[name].members}
        new_members = {m.value: m.name for m in new_by[name].members}
        for value in [v for v in new_members if v not in old_members]:
            changes.append(
                Change(f"{name}.{new_members[value]}", "added", False, f"value {value!r} added")
            )
        for value in [v for v in old_members if v not in new_members]:
            changes.append(
                Change(f"{name}.{old_members[value]}", "removed", True, f"value {value!r} removed")
            )
        for value in [v for v in old_members if v in new_members]:
            if old_members[value] != new_members[value]:
                changes.append(
                    Change(
                        f"{name}.{new_members[value]}",
                        "changed",
                        True,
                        f"member for {value!r} renamed {old_members[value]} -> "
                        f"{new_members[value]}",
                    )
                )
    return changes


def _type(type_: ir.TypeExpr | None) -> str:
    return "None" if type_ is None else annotation(type_)


# -- output --------------------------------------------------------------------------------------


def as_text(report: Report, old_source: str, new_source: str, current_version: str) -> str:
    lines = [f"Changes from {old_source} to {new_source}"]
    if report.old_version != report.new_version:
        lines[0] += f" (API {report.old_version} -> {report.new_version})"
    if not report.changes:
        lines.append("No change to the generated client.")
    for title, breaking in (("Breaking", True), ("Not breaking", False)):
        group = [c for c in report.changes if c.breaking is breaking]
        if not group:
            continue
        lines.append("")
        lines.append(f"{title} ({len(group)}):")
        marks = {"added": "+", "removed": "-", "changed": "~"}
        lines.extend(f"  {marks[c.kind]} {c.where}: {c.detail}" for c in group)
    lines.append("")
    lines.append(
        f"Suggested version bump: {report.bump}"
        + (
            f" ({current_version} -> {report.next_version(current_version)})"
            if report.bump != "none"
            else ""
        )
    )
    return "\n".join(lines) + "\n"


def as_json(report: Report, old_source: str, new_source: str, current_version: str) -> str:
    document = {
        "old": {"spec": old_source, "api_version": report.old_version},
        "new": {"spec": new_source, "api_version": report.new_version},
        "breaking": bool(report.breaking),
        "bump": report.bump,
        "current_version": current_version,
        "next_version": report.next_version(current_version),
        "changes": [asdict(c) for c in report.changes],
    }
    return json.dumps(document, indent=2) + "\n"
