"""`$ref`s: the one spelling of a local reference, and the `Resolver` that looks them up.

Imports: diagnostics, scope (for `COMPONENT_SECTIONS`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from ..diagnostics import Diagnostic, pointer, unescape_pointer_token
from ..scope import COMPONENT_SECTIONS

_SECTION_CLASSES = {
    "parameters": "Parameter",
    "requestBodies": "RequestBody",
    "responses": "Response",
    "headers": "Header",
}
_POINTER_TOKEN = re.compile(r"(?:[^~]|~[01])*")
_URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
# How many members of a $ref cycle a message names.
_CYCLE_SHOWN = 6


def ref_of(node: object) -> str | None:
    """The `$ref` of a node, if it is one: a `Reference`'s `ref`, or a 3.1 Schema's `$ref` (kept
    among its extra keys, since a 3.1 schema may have other keys beside it)."""
    if _is_plain_model(type(node)):
        # What `getattr(node, "ref", None)` gives on such a model, without pydantic's
        # `__getattr__` (slow, and met by every schema, which has no `ref` field): a field
        # first, else an extra key of that name.
        fields = node.__dict__
        extra = node.__pydantic_extra__  # type: ignore[attr-defined]
        ref = fields["ref"] if "ref" in fields else extra.get("ref") if extra else None
    else:
        ref = getattr(node, "ref", None)
        extra = getattr(node, "model_extra", None)
    if isinstance(ref, str):
        return ref
    value = extra.get("$ref") if extra else None
    return value if isinstance(value, str) else None


def extra_keys(node: object) -> dict[str, Any] | None:
    """`node.model_extra` (the keys openapi-pydantic does not model), None if it has none."""
    if _is_plain_model(type(node)):
        return node.__pydantic_extra__  # type: ignore[attr-defined, no-any-return]
    return getattr(node, "model_extra", None)


_PLAIN_MODELS: dict[type, bool] = {}
"""Per node type: `_is_plain_model`."""


def _is_plain_model(kind: type) -> bool:
    """Whether `kind` is a pydantic model on which a missing attribute is only ever an extra key
    (no private attributes, no class attribute `ref`, pydantic's own `model_extra`), as every
    openapi-pydantic node is: then its fields and extra keys may be read directly."""
    plain = _PLAIN_MODELS.get(kind)
    if plain is None:
        plain = _PLAIN_MODELS[kind] = _plain_model(kind)
    return plain


def _plain_model(kind: type) -> bool:
    if not isinstance(getattr(kind, "__pydantic_fields__", None), dict):
        return False
    from pydantic import BaseModel

    return (
        issubclass(kind, BaseModel)
        and not kind.__private_attributes__
        and not hasattr(kind, "ref")
        and getattr(kind, "model_extra", None) is BaseModel.__dict__["model_extra"]
    )


@functools.lru_cache(maxsize=1 << 16)  # a spec names each of its targets many times
def parse_ref(ref: str) -> tuple[str, str]:
    """(section, name) of a local `#/components/<section>/<name>` reference; raises KeyError with
    the reason otherwise. The reference is a URI fragment (RFC 6901 section 6): percent-escapes
    are decoded first (`A%20B` is `A B`), then `~1` and `~0`."""
    if _URL_SCHEME.match(ref):
        raise KeyError(
            f"$ref {ref!r} is a URL: scimgen reads no URL; download the file into the spec's "
            "folder and refer to it by its relative path"
        )
    if not ref.startswith("#"):
        raise KeyError(
            f"$ref {ref!r} is not supported: only '#/components/<section>/<name>' references are"
        )
    try:
        fragment = unquote(ref[1:], errors="strict")
    except UnicodeDecodeError:
        raise KeyError(f"$ref {ref!r} is not a valid URI fragment (bad %-escape)") from None
    parts = fragment.split("/")
    if len(parts) != 4 or parts[0] != "" or parts[1] != "components":
        raise KeyError(
            f"$ref {ref!r} is not supported: only '#/components/<section>/<name>' references are"
        )
    if not all(_POINTER_TOKEN.fullmatch(token) for token in parts):
        raise KeyError(f"$ref {ref!r} is not a valid JSON pointer ('~' must be '~0' or '~1')")
    section, name = (unescape_pointer_token(t) for t in parts[2:])
    return section, name


class Resolver:
    """Looks up local `$ref`s (`#/components/<section>/<name>`) in the parsed document.

    A `$ref` to a `$ref` is followed, and a cycle of them is reported instead of looping. Every
    reference on a followed chain remembers where the chain ends (or why it fails), so resolving
    all of a 200,000-long chain is linear, not quadratic.
    """

    def __init__(
        self,
        document: Any,
        broken: Mapping[str, tuple[Diagnostic, ...]] | None = None,
        problems: Mapping[str, str] | None = None,
    ) -> None:
        self._components = document.components
        self._ends: dict[str, Any] = {}
        self._failures: dict[str, str] = {}
        self._broken = broken or {}
        """Components taken out of the document because they are not valid (`LoadedSpec`), by
        their canonical `$ref`."""
        self._problems = problems or {}
        """Why `bundle` could not follow a reference (a file outside the spec's folder, a URL)."""
        self.crossed: dict[str, str] = {}
        """References into another section whose target has the shape wanted, followed: the
        warning to give where each is used."""

    @staticmethod
    def canonical(ref: str) -> str:
        """The one spelling of a reference (`#/components/schemas/A%20B` -> `.../A B`), as a JSON
        pointer in the form diagnostics use; raises KeyError if it is not a local one."""
        return _canonical(ref)

    def resolve(self, ref: str, section: str) -> Any:
        """The openapi-pydantic object a `$ref` names; raises KeyError with a reason if none.

        `section` is the components section the reference must point into (`schemas` for a
        schema, `parameters` for a parameter, ...): a parameter that refers to a schema is an error,
        not a crash further on."""
        chain: list[str] = []
        on_chain: set[str] = set()
        current = ref
        try:
            while True:
                if current in self._problems:
                    raise KeyError(self._problems[current])
                key = f"{section}\0{self.canonical(current)}"
                if key in self._ends:
                    node = self._ends[key]
                    break
                if key in self._failures:
                    raise KeyError(self._failures[key])
                if key in on_chain:
                    raise KeyError(_cycle_message(chain, chain.index(key)))
                chain.append(key)
                on_chain.add(key)
                node = self._lookup(current, section)
                next_ref = ref_of(node)
                if not isinstance(next_ref, str):
                    break
                current = next_ref
        except KeyError as reason:
            for key in chain:
                self._failures[key] = str(reason.args[0])
            raise
        for key in chain:
            self._ends[key] = node
        return node

    def _lookup(self, ref: str, section: str) -> Any:
        found, name = parse_ref(ref)
        if found != section:
            return self._across(ref, found, name, section)
        broken = self._broken.get(pointer("components", section, name))
        if broken:
            first = broken[0]
            raise KeyError(
                f"$ref {ref!r} points to a component that is not valid "
                f"({first.pointer}{first.where()}: {first.message})"
            )
        table = getattr(self._components, section, None) if section in COMPONENT_SECTIONS else None
        if not table or name not in table:
            raise KeyError(f"$ref {ref!r} points to nothing")
        return table[name]

    def _across(self, ref: str, found: str, name: str, section: str) -> Any:
        """The target of a reference into the wrong section, as the object `section` holds, if
        it has that shape (a request body used as a response); else KeyError."""
        wrong = KeyError(f"$ref {ref!r} must point into '#/components/{section}/'")
        table = getattr(self._components, found, None) if found in COMPONENT_SECTIONS else None
        kind = _SECTION_CLASSES.get(section)
        if (
            not table
            or name not in table
            or kind is None
            or "schemas" in (found, section)  # a schema validates as anything, and is not one
            or ref_of(table[name]) is not None
        ):
            raise wrong
        from pydantic import ValidationError

        try:
            import openapi_pydantic.v3.v3_1 as v31

            data = table[name].model_dump(by_alias=True, exclude_unset=True)
            converted = getattr(v31, kind).model_validate(data)
        except ValidationError:
            raise wrong from None
        self.crossed[ref] = (
            f"$ref {ref!r} should point into '#/components/{section}/'; its target is a valid "
            f"{kind} object, so it is used as one"
        )
        return converted

    def alias_cycles(self) -> list[tuple[str, str]]:
        """(pointer, message) of every cycle of components that are nothing but a `$ref` to the
        next (`A: {$ref: B}`, `B: {$ref: A}`), used or not: the document is broken. One entry per
        cycle, at its first member in sorted order. Linear: each component is visited once."""
        found: list[tuple[str, str]] = []
        for section in COMPONENT_SECTIONS:
            table = getattr(self._components, section, None) or {}
            state: dict[str, int] = {}  # 1: on the walk now, 2: done
            for start in sorted(table):
                walk: list[str] = []
                name: str | None = start
                while name is not None and name not in state:
                    state[name] = 1
                    walk.append(name)
                    name = self._alias_target(table, section, name)
                if name is not None and state[name] == 1:
                    cycle = walk[walk.index(name) :]
                    first = min(cycle)
                    ordered = [*cycle[cycle.index(first) :], *cycle[: cycle.index(first)]]
                    members = [pointer("components", section, n) for n in ordered]
                    what = (
                        "a component that is only a reference to itself"
                        if len(members) == 1
                        else "components that are only references to each other"
                    )
                    found.append(
                        (
                            members[0],
                            f"{_cycle_message(members, 0)} ({what}: the document is broken)",
                        )
                    )
                for visited in walk:
                    state[visited] = 2
        return found

    @staticmethod
    def _alias_target(table: Mapping[str, Any], section: str, name: str) -> str | None:
        """The component of the same section that `name` is nothing but a `$ref` to, if any."""
        ref = ref_of(table[name])
        if not isinstance(ref, str):
            return None
        try:
            target_section, target = parse_ref(ref)
        except KeyError:
            return None
        return target if target_section == section and target in table else None


@functools.lru_cache(maxsize=1 << 16)
def _canonical(ref: str) -> str:
    section, name = parse_ref(ref)
    return pointer("components", section, name)


def _cycle_message(chain: list[str], start: int) -> str:
    """'$ref cycle: A -> B -> A' from the keys or pointers of a chain, the cycle from `start`."""
    cycle = [key.rsplit("\0", 1)[-1] for key in chain[start:]]
    if len(cycle) > _CYCLE_SHOWN:
        shown = [*cycle[: _CYCLE_SHOWN - 1], f"... ({len(cycle) - _CYCLE_SHOWN} more)", cycle[-1]]
    else:
        shown = cycle
    return f"$ref cycle: {' -> '.join([*shown, cycle[0]])}"
