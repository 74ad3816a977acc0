"""Whose problem a problem is: a broken operation, or a broken schema, costs only the operations
that need it; the rest of the document is generated.

A problem belongs to the operation or the shared part (a component schema, a shared parameter
enum) where it was found. An operation is generated if neither it nor anything it uses, directly
or through other shared parts, has an error; else it is left out with a warning that names it and
says why. Problems of operations that are not selected, or of parts that only such operations
use, are never reported. What is wrong with the document as a whole (not YAML, not OpenAPI, no
paths, nothing selected) still stops the run.

Two users: the loader sorts what the Swagger conversion and the OpenAPI validation report by the
operation or component it is in (`owner_of`), and the normalizer keeps one `Scope` per operation
and per shared part while it builds them (`Scopes`).

Imports: diagnostics only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from .diagnostics import Diagnostic, Level, unescape_pointer_token

# The operations a path item may hold in OpenAPI 3 (Swagger 2.0 has no `trace`: swagger.py has
# its own SWAGGER_METHODS).
OPENAPI_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
COMPONENT_SECTIONS = ("schemas", "parameters", "requestBodies", "responses", "headers")


@dataclass(frozen=True)
class Owner:
    """The part of a document a JSON pointer is in."""

    kind: Literal["operation", "path", "component"]
    path: str = ""
    """`operation` and `path`: the path (unescaped), e.g. '/api/v2/users/{userId}'."""
    verb: str = ""
    """`operation`: the lower-case HTTP method."""
    ref: str = ""
    """`component`: the `$ref` that names it, e.g. '#/components/schemas/User'."""


def owner_of(json_pointer: str) -> Owner | None:
    """The operation (`#/paths/<path>/<verb>/...`), path item (`#/paths/<path>/parameters/...`)
    or component (`#/components/<section>/<name>/...`) a pointer is in; None for anything else,
    which is the document's own problem."""
    tokens = json_pointer.split("/")
    if len(tokens) >= 4 and tokens[:2] == ["#", "paths"]:
        if tokens[3] in OPENAPI_METHODS:
            return Owner("operation", path=unescape_pointer_token(tokens[2]), verb=tokens[3])
        if tokens[3] == "parameters":
            return Owner("path", path=unescape_pointer_token(tokens[2]))
        return None
    if len(tokens) >= 4 and tokens[:2] == ["#", "components"] and tokens[2] in COMPONENT_SECTIONS:
        return Owner("component", ref="/".join(tokens[:4]))
    return None


@dataclass
class Scope:
    """What building one operation or one shared part found."""

    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)
    """Keys of the shared parts it uses directly."""


class Scopes:
    """The scopes open while the normalizer builds (innermost last), and every shared part's."""

    def __init__(self) -> None:
        self._open: list[Scope] = []
        self._shared: dict[str, Scope] = {}

    def report(self, diagnostic: Diagnostic) -> bool:
        """File a problem under the innermost open scope; False if none is open (then it is the
        document's own)."""
        if not self._open:
            return False
        scope = self._open[-1]
        (scope.errors if diagnostic.level is Level.ERROR else scope.warnings).append(diagnostic)
        return True

    def use(self, key: str) -> None:
        """The innermost open scope uses the shared part `key`."""
        if self._open:
            self._open[-1].uses.add(key)

    @contextmanager
    def opened(self, key: str | None = None) -> Iterator[Scope]:
        """A scope for an operation (`key` None) or for the shared part `key` (used by the
        scope around it), open while the body of the `with` runs."""
        scope = Scope()
        if key is not None:
            self.use(key)
            self._shared[key] = scope
        self._open.append(scope)
        try:
            yield scope
        finally:
            self._open.pop()

    def reached(self, scope: Scope) -> list[str]:
        """The keys of every shared part `scope` uses, directly or through others, sorted."""
        seen: set[str] = set()
        stack = list(scope.uses)
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            stack.extend(self._shared[key].uses if key in self._shared else ())
        return sorted(seen)

    def errors(self, scope: Scope) -> list[Diagnostic]:
        """The errors of `scope` and of every shared part it reaches."""
        found = list(scope.errors)
        for key in self.reached(scope):
            found.extend(self._shared[key].errors if key in self._shared else ())
        return found

    def warnings_of(self, keys: set[str]) -> list[Diagnostic]:
        return [
            w for key in sorted(keys) if key in self._shared for w in self._shared[key].warnings
        ]


# -- the loader's side: taking broken parts out of a document before it is parsed ---------------


@dataclass(frozen=True)
class BrokenOperation:
    """An operation taken out of the document because it is not valid: enough of it to know
    whether it is selected, and why it was taken out."""

    path: str
    verb: str
    operation: Mapping[str, Any]
    """Its mapping as the document has it (for its tags, operationId and extensions)."""
    problems: tuple[Diagnostic, ...]


class Pruned:
    """A document (plain data) with its broken operations and components taken out; the
    original is never changed (only the containers on the way to what is removed are copied)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.original = document
        self.document: dict[str, Any] = dict(document)
        self.operations: dict[tuple[str, str], list[Diagnostic]] = {}
        self.components: dict[str, list[Diagnostic]] = {}

    def take_out(self, problems: Iterable[Diagnostic]) -> bool:
        """Take out the operations and components these problems are in. False, and nothing is
        taken out, if one of them is the document's own."""
        owners = [(owner_of(problem.pointer), problem) for problem in problems]
        if any(owner is None for owner, _problem in owners):
            return False
        for owner, problem in owners:
            assert owner is not None
            if owner.kind == "component":
                self._remove_component(owner.ref)
                self.components.setdefault(owner.ref, []).append(problem)
                continue
            verbs = [owner.verb] if owner.kind == "operation" else self._verbs(owner.path)
            for verb in verbs:
                self.operations.setdefault((owner.path, verb), []).append(problem)
            self._remove_operations(owner.path, verbs, whole=owner.kind == "path")
        return True

    def _verbs(self, path: str) -> list[str]:
        item = (self.original.get("paths") or {}).get(path)
        return [verb for verb in OPENAPI_METHODS if isinstance(item, Mapping) and verb in item]

    def _remove_operations(self, path: str, verbs: list[str], *, whole: bool) -> None:
        paths = self.document["paths"] = dict(self.document.get("paths") or {})
        item = paths.get(path)
        if not isinstance(item, Mapping) or whole:
            paths.pop(path, None)
            return
        paths[path] = {key: value for key, value in item.items() if key not in verbs}

    def _remove_component(self, ref: str) -> None:
        _hash, _components, section, name = ref.split("/")
        components = self.document["components"] = dict(self.document.get("components") or {})
        table = components[section] = dict(components.get(section) or {})
        table.pop(unescape_pointer_token(name), None)

    def broken_operations(self) -> tuple[BrokenOperation, ...]:
        paths = self.original.get("paths") or {}
        return tuple(
            BrokenOperation(path, verb, _mapping(paths.get(path, {}).get(verb)), tuple(found))
            for (path, verb), found in sorted(self.operations.items())
        )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def by_operation(
    diagnostics: Iterable[Diagnostic], document: Mapping[str, Any]
) -> tuple[tuple[Diagnostic, ...], dict[tuple[str, str], tuple[Diagnostic, ...]]]:
    """(the document's own, those of each operation): a problem of a path item's shared
    parameters is a problem of each of its operations."""
    own: list[Diagnostic] = []
    found: dict[tuple[str, str], list[Diagnostic]] = {}
    paths = document.get("paths") or {}
    for diagnostic in diagnostics:
        owner = owner_of(diagnostic.pointer)
        if owner is None or owner.kind == "component":
            own.append(diagnostic)
            continue
        item = paths.get(owner.path)
        verbs = [owner.verb] if owner.kind == "operation" else list(OPENAPI_METHODS)
        for verb in verbs:
            if isinstance(item, Mapping) and verb in item:
                found.setdefault((owner.path, verb), []).append(diagnostic)
    return tuple(own), {key: tuple(value) for key, value in sorted(found.items())}
