"""One document out of many: every `$ref` the resolver cannot look up by name is brought into
`components`, and what real descriptions write that OpenAPI does not allow is read as they mean it.

References the normalizer reads by name are `#/components/<section>/<name>`. Any other one is
followed here, as plain data, before the document is validated:

- a JSON pointer anywhere in the document (`#/components/schemas/Tag/allOf/0`,
  `#/paths/~1users/get/responses/200/content/application~1json/schema`; `~0`, `~1` and %-escapes
  decoded as RFC 6901 says for a URI fragment); a `#/$defs/X` that the document's root does not
  have is looked up in the `$defs` of the schemas around the reference, as JSON Schema tools write
  it;
- a relative file reference (`other.yaml#/components/schemas/X`, `./schemas/x.json`), read from the
  spec's own folder or a folder below it, never above it (symlinks are resolved first), never from a
  URL, within the spec's own size bounds (`read.check_shape`). A reference inside such a file is
  relative to that file.

The target is copied into `components/<section>/<name>` (its name made from where it is: `Tag_allOf_0`,
the file's stem `x`, or the component name of the other file) and the reference rewritten to it,
so a target used twice is built once, and a cycle of references stays a cycle of names. Where a
reference cannot be followed, it stays as written, and `problems` says why: the resolver reports it
where it is used, so it costs only the operations that use it. `origins` maps each copied
component back to where it was written (`#/components/schemas/Tag/allOf/0`,
`schemas/x.json#/properties/a`), for diagnostics.

Tolerated, each with a note (said by the normalizer only where the schema is used):
`enum: []` (no value is allowed: the enum is ignored) and `items` given as a list (Swagger 2.0
and draft-4 habits: read as `anyOf`).

Imports: diagnostics, load.read (for the size bounds and parsing).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..diagnostics import (
    Diagnostic,
    GeneratorError,
    Level,
    escape_pointer_token,
    pointer,
    unescape_pointer_token,
)

Node = Any
MAX_FILES = 1_000
"""Files one description may refer to, all together."""
MAX_FOLLOWING = 64
"""Targets walked each inside the one before (a chain of pointers, each into the next target):
far beyond real specs, well within Python's recursion limit."""

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SECTIONS = ("schemas", "parameters", "requestBodies", "responses", "headers")
_VERBS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_ONE = (
    "items",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "additionalItems",
    "unevaluatedItems",
    "unevaluatedProperties",
)
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Bundled:
    document: dict[str, Any]
    origins: dict[str, str] = field(default_factory=dict)
    """Pointer of each copied component -> where it was written."""
    problems: dict[str, str] = field(default_factory=dict)
    """`$ref` -> why it cannot be followed (the reference stays as written)."""
    files: tuple[tuple[str, bytes | None], ...] = ()
    """(path relative to the spec's folder, bytes; None if it could not be read) of every other
    file the spec refers to, sorted: inputs of the output, like the spec itself."""
    notes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Pointer in `document` -> what was read differently from how it is written there."""


@dataclass(frozen=True)
class _Base:
    """The file a node is in ('' for the spec itself) and the `$defs` around it."""

    file: str
    defs: tuple[Mapping[str, Any], ...] = ()


class _Bundler:
    def __init__(
        self,
        document: dict[str, Any],
        folder: Path | None,
        convert_schema: Callable[[Node], Node] | None,
    ) -> None:
        self.document = document
        self.folder = folder.resolve() if folder is not None else None
        self.convert_schema = convert_schema
        self.files: dict[str, tuple[bytes, Any]] = {}
        self.unread: set[str] = set()
        self.bytes_read = 0
        self.following = 0
        """How many targets are being walked, each inside the one before."""
        """Of every file read: together they have the bound of one spec."""
        self.hoisted: dict[str, dict[str, Any]] = {}
        self.targets: dict[tuple[str, str, str], str] = {}
        self.origins: dict[str, str] = {}
        self.problems: dict[str, str] = {}
        self.notes: dict[str, list[str]] = {}
        existing = document.get("components") or {}
        self.taken = {
            section: set((existing.get(section) or {}) if isinstance(existing, Mapping) else ())
            for section in _SECTIONS
        }

    # -- the walk -------------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        main = _Base("")
        document = dict(self.document)
        components = document.get("components")
        # A component that is only a reference to another file (`Agent: {$ref: agent.json}`)
        # becomes what it refers to, under its own name: the file's one class is `Agent`.
        for section in _SECTIONS:
            table = components.get(section) if isinstance(components, Mapping) else None
            for name, value in (table or {}).items() if isinstance(table, Mapping) else ():
                ref = value.get("$ref") if isinstance(value, Mapping) else None
                if isinstance(ref, str) and len(value) == 1 and not _is_named(ref):
                    self.follow(section, ref, main, into=name)
        if isinstance(document.get("paths"), Mapping):
            document["paths"] = {
                path: self.path_item(item, pointer("paths", path), main)
                for path, item in document["paths"].items()
            }
        components = document.get("components")
        if isinstance(components, Mapping):
            components = dict(components)
            for section in _SECTIONS:
                table = components.get(section)
                if isinstance(table, Mapping):
                    components[section] = {
                        name: self.node(section, value, pointer("components", section, name), main)
                        for name, value in table.items()
                        if name not in self.hoisted.get(section, {})
                    }
            document["components"] = components
        if self.hoisted:
            components = dict(document.get("components") or {})
            for section, table in self.hoisted.items():
                components[section] = {**(components.get(section) or {}), **table}
            document["components"] = components
        return document

    def node(self, kind: str, node: Node, where: str, base: _Base) -> Node:
        if not isinstance(node, Mapping):
            return node
        if isinstance(node.get("$ref"), str):
            node = self.reference(kind, node, where, base)
            if kind != "schemas":
                return node
        walk = {
            "schemas": self.schema,
            "parameters": self.parameter,
            "headers": self.parameter,
            "requestBodies": self.content_holder,
            "responses": self.response,
        }[kind]
        return walk(node, where, base)

    def path_item(self, item: Node, where: str, base: _Base) -> Node:
        if not isinstance(item, Mapping) or isinstance(item.get("$ref"), str):
            return item
        new = dict(item)
        if isinstance(item.get("parameters"), list):
            new["parameters"] = self.each(
                "parameters", item["parameters"], f"{where}/parameters", base
            )
        for verb in _VERBS:
            operation = item.get(verb)
            if isinstance(operation, Mapping):
                new[verb] = self.operation(operation, f"{where}/{verb}", base)
        return _shared(new, item)

    def operation(self, operation: Mapping[str, Any], where: str, base: _Base) -> Node:
        new = dict(operation)
        if isinstance(operation.get("parameters"), list):
            new["parameters"] = self.each(
                "parameters", operation["parameters"], f"{where}/parameters", base
            )
        if "requestBody" in operation:
            new["requestBody"] = self.node(
                "requestBodies", operation["requestBody"], f"{where}/requestBody", base
            )
        if isinstance(operation.get("responses"), Mapping):
            new["responses"] = self.each(
                "responses", operation["responses"], f"{where}/responses", base
            )
        return _shared(new, operation)

    def each(self, kind: str, nodes: Any, where: str, base: _Base) -> Any:
        if isinstance(nodes, list):
            items = [self.node(kind, n, f"{where}/{i}", base) for i, n in enumerate(nodes)]
            return nodes if all(a is b for a, b in zip(items, nodes, strict=True)) else items
        if isinstance(nodes, Mapping):
            new = {
                key: self.node(kind, value, f"{where}/{escape_pointer_token(str(key))}", base)
                for key, value in nodes.items()
            }
            return _shared(new, nodes)
        return nodes

    def parameter(self, node: Mapping[str, Any], where: str, base: _Base) -> Node:
        if "schema" in node:
            schema = self.node("schemas", node["schema"], f"{where}/schema", base)
            node = _shared({**node, "schema": schema}, node)
        return self.content_holder(node, where, base)

    def content_holder(self, node: Mapping[str, Any], where: str, base: _Base) -> Node:
        content = node.get("content")
        if not isinstance(content, Mapping):
            return node
        media_types = {}
        for media, value in content.items():
            media_where = f"{where}/content/{escape_pointer_token(str(media))}"
            if isinstance(value, Mapping) and "schema" in value:
                schema = self.node("schemas", value["schema"], f"{media_where}/schema", base)
                value = _shared({**value, "schema": schema}, value)
            media_types[media] = value
        return _shared({**node, "content": _shared(media_types, content)}, node)

    def response(self, node: Mapping[str, Any], where: str, base: _Base) -> Node:
        node = self.content_holder(node, where, base)
        if isinstance(node.get("headers"), Mapping):
            headers = self.each("headers", node["headers"], f"{where}/headers", base)
            node = _shared({**node, "headers": headers}, node)
        return node

    def schema(self, original: Mapping[str, Any], where: str, base: _Base) -> Node:
        node = self.tolerated(dict(original), where)
        defs = node.get("$defs")
        if isinstance(defs, Mapping):
            base = _Base(base.file, (*base.defs, defs))
        for key in _SCHEMA_MAPS:
            if isinstance(node.get(key), Mapping):
                node[key] = self.each("schemas", node[key], f"{where}/{key}", base)
        for key in _SCHEMA_ONE:
            if isinstance(node.get(key), Mapping):
                node[key] = self.node("schemas", node[key], f"{where}/{key}", base)
        for key in _SCHEMA_LISTS:
            if isinstance(node.get(key), list):
                node[key] = self.each("schemas", node[key], f"{where}/{key}", base)
        discriminator = node.get("discriminator")
        if isinstance(discriminator, Mapping) and isinstance(discriminator.get("mapping"), Mapping):
            mapping = {
                value: self.mapped(target, f"{where}/discriminator/mapping", base)
                for value, target in discriminator["mapping"].items()
            }
            node["discriminator"] = _shared(
                {**discriminator, "mapping": _shared(mapping, discriminator["mapping"])},
                discriminator,
            )
        return _shared(node, original)

    def tolerated(self, node: dict[str, Any], where: str) -> dict[str, Any]:
        """What real descriptions write that OpenAPI does not allow, read as they mean it."""
        if node.get("enum") == []:
            del node["enum"]
            self.note(where, "'enum: []' allows no value at all; the enum is ignored")
        items = node.get("items")
        if isinstance(items, list):
            declared = node.get("type")
            is_array = declared == "array" or (isinstance(declared, list) and "array" in declared)
            del node["items"]
            options = items
            if is_array:
                node["items"] = options[0] if len(options) == 1 else {"anyOf": options}
                self.note(where, "'items' is a list (tuple validation): read as an array of anyOf")
            elif not (node.get("anyOf") or node.get("oneOf")):
                node["anyOf"] = options
                self.note(
                    where, "'items' is a list on a schema that is not an array: read as anyOf"
                )
            else:
                self.note(
                    where, "'items' is a list on a schema that is not an array: it is ignored"
                )
        return node

    def note(self, where: str, message: str) -> None:
        self.notes.setdefault(where, []).append(message)

    # -- references -----------------------------------------------------------------------------

    def reference(self, kind: str, node: Mapping[str, Any], where: str, base: _Base) -> Node:
        ref = node["$ref"]
        if base.file == "" and _is_named(ref):
            return node
        rewritten = self.follow(kind, ref, base)
        return {**node, "$ref": rewritten} if rewritten is not None else node

    def mapped(self, target: Any, where: str, base: _Base) -> Any:
        """A discriminator mapping value: a schema name, or a reference like any other."""
        if not isinstance(target, str) or (
            "#" not in target and "/" not in target and "." not in target
        ):
            return target
        if base.file == "" and _is_named(target):
            return target
        return self.follow("schemas", target, base) or target

    def follow(self, kind: str, ref: str, base: _Base, into: str | None = None) -> str | None:
        """The `#/components/...` reference `ref` is brought in as (under the name `into`, if
        given); None (and a problem) if it cannot be."""
        try:
            file, fragment = self.locate(ref, base)
            tokens = _tokens(ref, fragment)
            key = (file, "/".join(tokens), kind)
            if key in self.targets:
                return self.targets[key]
            data = self.files[file][1] if file else self.document
            target = _lookup(data, tokens)
            if target is _MISSING and tokens[:1] == ["$defs"] and len(tokens) == 2:
                # JSON Schema tools write `#/$defs/X` for the `$defs` of the schema around it.
                target = next(
                    (d[tokens[1]] for d in reversed(base.defs) if tokens[1] in d), _MISSING
                )
            if target is _MISSING and file and tokens[:2] == ["components", "schemas"]:
                # A Swagger 2.0 file's `#/definitions/X`, as the conversion rewrote it.
                target = _lookup(data, ["definitions", *tokens[2:]])
            if target is _MISSING:
                raise _Unfollowed(f"$ref {ref!r} points to nothing")
        except _Unfollowed as problem:
            self.problems.setdefault(ref, str(problem))
            return None
        if self.following >= MAX_FOLLOWING:
            self.problems.setdefault(
                ref,
                f"$ref {ref!r} is at the end of a chain of more than {MAX_FOLLOWING} references "
                "into schemas, paths or files, each inside the target of the one before; "
                "scimgen follows no longer chains",
            )
            return None
        name = into if into is not None else self.claim(kind, _name_of(file, tokens))
        canonical = pointer("components", kind, name)
        self.targets[key] = canonical
        origin = (file if file else "") + pointer(*tokens)
        self.origins[canonical] = origin
        if file and kind == "schemas" and self.convert_schema is not None:
            target = self.convert_schema(target)
        self.hoisted.setdefault(kind, {})[name] = None
        self.following += 1
        try:
            self.hoisted[kind][name] = self.node(kind, target, canonical, _Base(file))
        finally:
            self.following -= 1
        return canonical

    def claim(self, section: str, wanted: str) -> str:
        taken = self.taken.setdefault(section, set())
        name, number = wanted, 1
        while name in taken:
            number += 1
            name = f"{wanted}_{number}"
        taken.add(name)
        return name

    def locate(self, ref: str, base: _Base) -> tuple[str, str]:
        """(file relative to the spec's folder, '' for the spec; the fragment) of a reference,
        the file read; raises _Unfollowed."""
        if _URL.match(ref):
            raise _Unfollowed(
                f"$ref {ref!r} is a URL: scimgen reads no URL; download the file into the spec's "
                "folder and refer to it by its relative path"
            )
        path, _hash, fragment = ref.partition("#")
        if not path:
            return base.file, fragment
        if self.folder is None:
            raise _Unfollowed(
                f"$ref {ref!r} refers to another file, and a spec read from standard input has "
                "no folder to read it from (give the spec's path with --spec)"
            )
        relative = unquote(path)
        if os.path.isabs(relative) or relative.startswith("\\"):
            raise _Unfollowed(
                f"$ref {ref!r} is an absolute path: a reference to another file must be relative "
                "to the spec, in its folder or below"
            )
        referring = (self.folder / base.file).parent if base.file else self.folder
        resolved = Path(os.path.realpath(referring / relative))
        if resolved != self.folder and self.folder not in resolved.parents:
            raise _Unfollowed(
                f"$ref {ref!r} is outside the spec's folder: scimgen reads "
                "other files only from the spec's folder and the folders below it"
            )
        name = resolved.relative_to(self.folder).as_posix()
        if name not in self.files:
            try:
                self.files[name] = self.read(ref, resolved, name)
            except _Unfollowed:
                self.unread.add(name)  # still an input: the output changes when it appears
                raise
        return name, fragment

    def read(self, ref: str, path: Path, name: str) -> tuple[bytes, Any]:
        from . import read

        if len(self.files) >= MAX_FILES:
            raise _Unfollowed(f"$ref {ref!r}: the spec refers to more than {MAX_FILES:,} files")
        try:
            with open(path, "rb") as handle:
                data = handle.read(read.MAX_SPEC_BYTES + 1)
        except OSError as error:
            raise _Unfollowed(
                f"$ref {ref!r}: cannot read {name}: {error.strerror or error}"
            ) from None
        self.bytes_read += len(data)
        if self.bytes_read > read.MAX_SPEC_BYTES:
            raise _Unfollowed(
                f"$ref {ref!r}: {name} would make the files the spec refers to more than "
                f"{read.MAX_SPEC_BYTES // 2**20} MB together, more than scimgen reads"
            )
        try:
            text = data.decode("utf-8-sig")
            parsed = read.parse_text(name, text)
            read.check_shape(parsed, len(text))
        except UnicodeDecodeError as error:
            raise _Unfollowed(
                f"$ref {ref!r}: {name} is not UTF-8 text (byte {error.start})"
            ) from None
        except GeneratorError as error:
            first = error.diagnostics[0]
            raise _Unfollowed(f"$ref {ref!r}: {name}{first.where()}: {first.message}") from None
        return data, parsed


def _shared(new: dict[Any, Any], old: Mapping[Any, Any]) -> Any:
    """`old` itself where the walk changed nothing in it: a big document costs no second copy."""
    if len(new) == len(old) and all(k in old and new[k] is old[k] for k in new):
        return old
    return new


class _Unfollowed(Exception):
    pass


_MISSING = object()


def _is_named(ref: str) -> bool:
    """`#/components/<section>/<name>`: what the resolver looks up by name itself."""
    parts = ref.split("/")
    return len(parts) == 4 and parts[0] == "#" and parts[1] == "components"


def _tokens(ref: str, fragment: str) -> list[str]:
    try:
        decoded = unquote(fragment, errors="strict")
    except UnicodeDecodeError:
        raise _Unfollowed(f"$ref {ref!r} is not a valid URI fragment (bad %-escape)") from None
    if decoded in ("", "/"):
        return []
    if not decoded.startswith("/"):
        raise _Unfollowed(f"$ref {ref!r}: the part after '#' must be a JSON pointer ('#/...')")
    parts = decoded[1:].split("/")
    if any(re.search(r"~(?![01])", part) for part in parts):
        raise _Unfollowed(f"$ref {ref!r} is not a valid JSON pointer ('~' must be '~0' or '~1')")
    return [unescape_pointer_token(part) for part in parts]


def _lookup(data: Any, tokens: list[str]) -> Any:
    node = data
    for token in tokens:
        if isinstance(node, Mapping):
            if token in node:
                node = node[token]
                continue
            key = next((k for k in node if str(k) == token), _MISSING)
            if key is _MISSING:
                return _MISSING
            node = node[key]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return _MISSING
    return node


def _name_of(file: str, tokens: list[str]) -> str:
    """The component name a target is brought in as: the component or definition it is (or is
    in), else the file's stem, else where it is (`Tag_allOf_0`, `users_get_responses_200`)."""
    stem = Path(file).name.split(".")[0] if file else ""
    if not tokens:
        parts = [stem]
    elif tokens[0] == "components" and len(tokens) >= 3:
        parts = tokens[2:]
    elif tokens[0] in ("definitions", "$defs") and len(tokens) >= 2:
        parts = tokens[1:]
    elif tokens[0] == "paths":
        # `/users/get/responses/200/content/application~1json/schema` -> users_get_responses_200
        parts = [
            token
            for index, token in enumerate(tokens[1:], 1)
            if token not in ("content", "schema") and tokens[index - 1] != "content"
        ]
    elif len(tokens) == 1:
        parts = tokens
    else:
        parts = [stem, *tokens] if stem else tokens
    return _NAME.sub("_", "_".join(parts)).strip("_") or "Schema"


def bundle(
    document: dict[str, Any],
    folder: Path | None,
    convert_schema: Callable[[Node], Node] | None = None,
) -> Bundled:
    """`document` with every reference it can follow brought into its components (see the
    module's docstring); `folder` is the spec's (None for standard input)."""
    bundler = _Bundler(document, folder, convert_schema)
    try:
        bundled = bundler.run()
    except RecursionError:
        raise GeneratorError(
            [
                Diagnostic(
                    "#",
                    Level.ERROR,
                    "$refs into schemas, paths and other files lead into each other too deep "
                    "to follow (a chain of such references, each inside the one before)",
                )
            ]
        ) from None
    return Bundled(
        document=bundled,
        origins=bundler.origins,
        problems=bundler.problems,
        files=tuple(
            sorted(
                [(name, data) for name, (data, _parsed) in bundler.files.items()]
                + [(name, None) for name in bundler.unread - set(bundler.files)]
            )
        ),
        notes={where: tuple(found) for where, found in bundler.notes.items()},
    )
