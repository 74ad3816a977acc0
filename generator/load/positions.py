"""Where a node of the spec text is: JSON pointer -> line (and column).

A YAML text is indexed once by composing it (`line_index`); a JSON text is scanned for only the
pointers asked for (`json_positions`), which is linear and cheap even for a 13 MB document. A node
the text does not have (one made by the Swagger conversion or the 3.0 -> 3.1 upgrade) gets its
nearest ancestor's position.

Imports: diagnostics.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import yaml

from ..diagnostics import Diagnostic, escape_pointer_token, pointer

try:  # The C loader is ten times faster on large specs; fall back where libyaml is missing.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment,unused-ignore]
YamlLoader = _Loader


def ancestors(json_pointer: str) -> set[str]:
    """The pointer and every pointer above it: '#/a/b' -> {'#', '#/a', '#/a/b'}."""
    parts = json_pointer.split("/")
    return {"/".join(parts[:end]) for end in range(1, len(parts) + 1)}


def nearest(lines: dict[str, int], json_pointer: str) -> int | None:
    """The line of the node at `json_pointer`, or of its nearest ancestor that `lines` has."""
    candidate = json_pointer
    while candidate not in lines and "/" in candidate:
        candidate = candidate.rsplit("/", 1)[0]
    return lines.get(candidate)


def nearest_line(text: str, json_pointer: str) -> int | None:
    """The line of the node at `json_pointer`, or of its nearest ancestor that the text has."""
    return nearest(line_index(text), json_pointer)


def placed(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Positions for diagnostics about the text as written (not converted): a JSON text's by
    `located`; a YAML text's from the YAML index (a node the 3.0 -> 3.1 upgrade added, such as
    `type/1`, takes its nearest ancestor's line). Built only for an error: indexing a large spec
    is not free."""
    if is_json_text(text):
        return located(text, diagnostics)
    index = line_index(text)
    return tuple(
        replace(d, line=nearest(index, d.pointer)) if d.line is None else d for d in diagnostics
    )


def column_of(text: str, offset: int) -> int | None:
    """The 1-based column of `offset`, or None if only blanks come before it on its line."""
    line_start = text.rfind("\n", 0, offset) + 1
    if _NOT_SPACE.search(text, line_start, offset) is None:
        return None
    return offset - line_start + 1


@functools.lru_cache(maxsize=4)
def line_index(text: str) -> dict[str, int]:
    """JSON pointer -> 1-based line of every node in a YAML/JSON text (built only when needed)."""
    try:
        root = yaml.compose(text, Loader=YamlLoader)
    except yaml.YAMLError:
        return {}
    index: dict[str, int] = {}
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is None or id(node) in seen:
            continue  # an alias: its anchor has the line
        seen.add(id(node))
        index[pointer(*path)] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((value, (*path, str(key.value))))
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                stack.append((item, (*path, position)))
    return index


def is_json_text(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


# A JSON string (a key when a colon follows) or a structural character.
_JSON_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?|([][{},])')
_NOT_SPACE = re.compile(r"\S")


Position = tuple[int, int | None]
"""(1-based line, 1-based column), the column None when nothing but blanks comes before the
node on its line, so that the line alone locates it (see `Diagnostic.column`)."""


def json_lines(text: str, wanted: set[str]) -> dict[str, int]:
    """The 1-based line of each JSON pointer in `wanted` (see `json_positions`)."""
    return {found: line for found, (line, column_of) in json_positions(text, wanted).items()}


def json_positions(text: str, wanted: set[str]) -> dict[str, Position]:
    """The position of each JSON pointer in `wanted`, in one pass over a JSON text: only the
    subtrees on the way to a wanted node are named; the rest is skipped token by token."""
    on_the_way = {"#"}
    for wanted_pointer in wanted:
        parts = wanted_pointer.split("/")
        on_the_way.update("/".join(parts[:end]) for end in range(1, len(parts) + 1))
    found: dict[str, Position] = {}
    # The line and the offset where it starts, counted up to `counted`: every search below only
    # reads the text between the last position and this one, so the pass stays linear even when
    # the whole document is one line.
    line, line_start, counted = 1, 0, 0

    def position_at(position: int) -> Position:
        nonlocal line, line_start, counted
        newlines = text.count("\n", counted, position)
        if newlines:
            line += newlines
            line_start = text.rindex("\n", counted, position) + 1
        counted = position
        after_blanks = _NOT_SPACE.search(text, line_start, position) is None
        return line, None if after_blanks else position - line_start + 1

    def item_start(after: int) -> int:
        match = _NOT_SPACE.search(text, after)
        return match.start() if match else after

    # Each open container: [its pointer or None when off the way, is_array, item index].
    stack: list[list[Any]] = []
    pending: str | None = "#"
    if "#" in wanted:
        found["#"] = position_at(item_start(0))
    for match in _JSON_TOKEN.finditer(text):
        symbol = match.group(3)
        if symbol is None:
            if match.group(2) is None or not stack:
                continue  # a string value
            container = stack[-1][0]
            if container is None:
                pending = None
                continue
            key = match.group(1)
            if "\\" in key:
                key = json.loads(f'"{key}"')
            pending = container + "/" + escape_pointer_token(key)
            if pending not in on_the_way:
                pending = None
            elif pending in wanted:
                found[pending] = position_at(match.start())
        elif symbol in "{[":
            is_array = symbol == "["
            stack.append([pending, is_array, 0])
            if is_array and pending is not None:
                item = pending + "/0"
                if item in wanted:
                    found[item] = position_at(item_start(match.end()))
                pending = item if item in on_the_way else None
        elif symbol in "}]":
            if stack:
                stack.pop()
            pending = None
        elif stack and stack[-1][1]:  # a comma in an array
            top = stack[-1]
            top[2] += 1
            if top[0] is not None:
                item = f"{top[0]}/{top[2]}"
                if item in wanted:
                    found[item] = position_at(item_start(match.end()))
                pending = item if item in on_the_way else None
        if len(found) == len(wanted):
            break
    return found


def locate(text: str, pointers: Iterable[str]) -> dict[str, Position]:
    """The position of each pointer's node, or of its nearest ancestor that the text has: for a
    JSON text by one pass of `json_positions`, for YAML from the YAML index (lines only)."""
    asked = set(pointers)
    if not asked:
        return {}
    known: Mapping[str, Position]
    if is_json_text(text):
        wanted: set[str] = set()
        for asked_pointer in asked:
            wanted |= ancestors(asked_pointer)
        known = json_positions(text, wanted)
    else:
        known = {p: (line, None) for p, line in line_index(text).items()}
    located: dict[str, Position] = {}
    for asked_pointer in asked:
        candidate = asked_pointer
        while candidate not in known and "/" in candidate:
            candidate = candidate.rsplit("/", 1)[0]
        if candidate in known:
            located[asked_pointer] = known[candidate]
    return located


def located(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """`diagnostics` with the position (`locate`) of each one that has no line yet."""
    found = tuple(diagnostics)
    positions = locate(text, (d.pointer for d in found if d.line is None))
    return tuple(
        replace(d, line=positions[d.pointer][0], column=positions[d.pointer][1])
        if d.line is None and d.pointer in positions
        else d
        for d in found
    )
