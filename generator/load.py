"""Stage 1: spec bytes -> an openapi-pydantic document.

Reads YAML or JSON, checks that it is an OpenAPI 3.0/3.1 document, and parses it with openapi-pydantic.
A Swagger 2.0 document is converted to OpenAPI 3.0 first (`swagger.py`); its diagnostics still
point into the original text. Problems come back as diagnostics with the JSON pointer and, where the
text allows, the line number.
`$ref`s stay as they are in the document; `Resolver` looks them up (once each) for the normalizer.

An operation, or a component, that is not valid is taken out of the document before it is parsed
(`scope.Pruned`), with its problems kept: they are reported only if the operation is selected, or
when a selected one uses the component (normalize.py). Only the document's own problems stop
the load.

Imports: diagnostics, scope, swagger.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import yaml

from . import scope, swagger
from .diagnostics import Diagnostic, GeneratorError, Level, pointer

try:  # The C loader is ten times faster on large specs; fall back where libyaml is missing.
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment,unused-ignore]

SUPPORTED_VERSIONS = ("3.0", "3.1")
# Far beyond any real spec (the committed one has about 7,000 nodes, nested 14 deep; GitHub's
# 13 MB description, which benchmarks/run.py generates, fits in both), well within what the later
# stages walk in a minute and 2 GB (benchmarks/hostile.py measures it).
MAX_DEPTH = 128
MAX_NODES = 1_000_000
MAX_CHARACTERS = 32 * 1024 * 1024
"""Of every key and string, counted each time a YAML alias repeats it."""
MAX_SPEC_BYTES = 64 * 1024 * 1024
# Python refuses to turn an integer of more than 4,300 digits into text (or back); a spec's
# integers become literals in the generated code.
MAX_INTEGER_DIGITS = 4_300


@dataclass(frozen=True)
class LoadedSpec:
    """A parsed spec and what is needed to point at places in it."""

    source: str
    text: str
    raw: Mapping[str, Any]
    document: Any
    """An openapi_pydantic OpenAPI object (v3_0 or v3_1)."""
    version: str
    _lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    origins: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    """For a converted Swagger 2.0 document: where its nodes came from (`swagger.Conversion`)."""
    warnings: tuple[Diagnostic, ...] = ()
    """What loading found worth saying without stopping (e.g. what Swagger conversion approximated)."""
    converted_from: str = ""
    """'Swagger 2.0' if the text was converted, else ''."""
    broken_operations: tuple[scope.BrokenOperation, ...] = ()
    """Operations taken out of `document` because they are not valid."""
    broken_components: Mapping[str, tuple[Diagnostic, ...]] = field(default_factory=dict)
    """Components taken out of `document` because they are not valid, by their `$ref`."""
    operation_warnings: Mapping[tuple[str, str], tuple[Diagnostic, ...]] = field(
        default_factory=dict
    )
    """What loading found worth saying about one operation, by (path, verb): said only if the
    operation is generated."""

    def original_pointer(self, json_pointer: str) -> str:
        """The pointer into the text the user wrote (differs only for a converted document)."""
        return (
            swagger.original_pointer(self.origins, json_pointer) if self.origins else json_pointer
        )

    def line_of(self, json_pointer: str) -> int | None:
        """The 1-based line where the node at `json_pointer` starts, if the text tells."""
        pointer_ = self.original_pointer(json_pointer)
        if _is_json_text(self.text):
            lines = json_lines(self.text, _ancestors(pointer_))
            return _nearest(lines, pointer_)
        if not self.origins:
            return _line_index(self.text).get(pointer_)
        return _nearest_line(self.text, pointer_)

    def diagnostic(self, level: Level, json_pointer: str, message: str) -> Diagnostic:
        # A JSON spec's lines are found later, all in one pass (`with_lines`): indexing every node
        # of a 13 MB JSON spec as YAML takes 5 s and 250 MB.
        line = None if _is_json_text(self.text) else self.line_of(json_pointer)
        return Diagnostic(self.original_pointer(json_pointer), level, message, line)

    def with_lines(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        """`diagnostics` with the line (and, where the line alone does not locate the node, the
        column) of each one that has none yet, if the text tells.

        Their pointers already point into the original text (see `original_pointer`); a node the
        text does not have (one made by the Swagger conversion) gets its nearest ancestor's line.
        """
        found = tuple(diagnostics)
        if not _is_json_text(self.text):
            return found
        return located(self.text, found)


def read_source(path: str) -> tuple[str, str]:
    """(display name, text) of a spec path, or of standard input for '-'."""
    if path == "-":
        import sys

        text = sys.stdin.read(MAX_SPEC_BYTES + 1)
        if len(text) > MAX_SPEC_BYTES:
            raise GeneratorError([_too_big("standard input", len(text), more=True)])
        return "<stdin>", text
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SPEC_BYTES + 1)
    except OSError as error:
        raise GeneratorError(
            [Diagnostic("#", Level.ERROR, f"cannot read {path}: {error.strerror or error}")]
        ) from None
    if len(data) > MAX_SPEC_BYTES:
        raise GeneratorError([_too_big(path, len(data), more=True)])
    try:
        return path, data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GeneratorError(
            [Diagnostic("#", Level.ERROR, f"{path} is not UTF-8 text (byte {error.start})")]
        ) from None


def _too_big(what: str, size: int, *, more: bool = False) -> Diagnostic:
    shown = f"more than {MAX_SPEC_BYTES // 2**20} MB" if more else f"{size / 2**20:.0f} MB"
    return Diagnostic(
        "#",
        Level.ERROR,
        f"{what} is {shown}, more than the {MAX_SPEC_BYTES // 2**20} MB scimgen reads; no API "
        "description is that big (select operations from a smaller one)",
    )


def _long_integer(text: str) -> Diagnostic:
    found = re.search(rf"\d{{{MAX_INTEGER_DIGITS + 1},}}", text)
    line = text.count("\n", 0, found.start()) + 1 if found else None
    return Diagnostic(
        "#",
        Level.ERROR,
        f"an integer of more than {MAX_INTEGER_DIGITS:,} digits cannot become Python code",
        line,
    )


def parse_text(source: str, text: str) -> Any:
    """YAML or JSON text -> Python data; a syntax error becomes a diagnostic with its line."""
    if source.endswith(".json") or text.lstrip().startswith(("{", "[")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise GeneratorError(
                [
                    Diagnostic(
                        "#",
                        Level.ERROR,
                        f"not valid JSON: {error.msg}",
                        error.lineno,
                        _column(text, error.pos),
                    )
                ]
            ) from None
        except RecursionError:
            raise GeneratorError([_too_deep()]) from None
        except ValueError:  # Python's limit on the digits of an integer
            raise GeneratorError([_long_integer(text)]) from None
    try:
        return yaml.load(text, Loader=_YamlLoader)
    except RecursionError:
        raise GeneratorError([_too_deep()]) from None
    except ValueError:  # an integer of more digits than Python converts
        raise GeneratorError([_long_integer(text)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise GeneratorError(
            [Diagnostic("#", Level.ERROR, f"not valid YAML: {problem}", line)]
        ) from None


def _column(text: str, offset: int) -> int | None:
    """The 1-based column of `offset`, or None if only blanks come before it on its line."""
    line_start = text.rfind("\n", 0, offset) + 1
    if _NOT_SPACE.search(text, line_start, offset) is None:
        return None
    return offset - line_start + 1


def load(path: str) -> LoadedSpec:
    source, text = read_source(path)
    return load_text(source, text)


def load_text(source: str, text: str) -> LoadedSpec:
    raw = parse_text(source, text)
    if not isinstance(raw, dict):
        raise GeneratorError(
            [
                Diagnostic(
                    "#", Level.ERROR, "not an OpenAPI document: the top level is not a mapping"
                )
            ]
        )
    check_shape(raw, len(text))
    _check_encodable(raw, text)
    if swagger.is_swagger(raw):
        return _load_swagger(source, text, raw)
    version = _openapi_version(raw, text)
    try:
        document, pruned = _parse_pruned(source, raw, version)
    except GeneratorError as error:
        raise GeneratorError(_placed(text, error.diagnostics)) from None
    return LoadedSpec(
        source=source,
        text=text,
        raw=raw,
        document=document,
        version=version,
        **_broken(pruned, lambda found: _placed(text, found)),
    )


def _load_swagger(source: str, text: str, raw: dict[str, Any]) -> LoadedSpec:
    """Convert a Swagger 2.0 document and parse the result; every diagnostic, of the conversion
    or of the converted document, points into the Swagger text."""
    conversion = swagger.convert(raw)

    def placed(found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        """Positions in the Swagger text. The validator's diagnostics point into the converted
        document and have no line yet; the conversion's already point into the Swagger text."""
        original = conversion.origins
        return located(
            text,
            (
                d
                if d.line is not None
                else replace(d, pointer=swagger.original_pointer(original, d.pointer))
                for d in found
            ),
        )

    found = located(text, conversion.diagnostics)
    own, per_operation = scope.by_operation(found, conversion.document)
    if any(d.level is Level.ERROR for d in own):
        raise GeneratorError(own)
    pruned = scope.Pruned(conversion.document)
    pruned.take_out(d for d in found if d.level is Level.ERROR)
    try:
        document, pruned = _parse_pruned(source, conversion.document, "3.0", pruned)
    except GeneratorError as error:
        raise GeneratorError(placed(error.diagnostics) + own) from None
    warnings = {
        key: tuple(d for d in problems if d.level is Level.WARNING)
        for key, problems in per_operation.items()
    }
    return LoadedSpec(
        source=source,
        text=text,
        raw=conversion.document,
        document=document,
        version="3.0",
        origins=conversion.origins,
        warnings=own,
        converted_from="Swagger 2.0",
        operation_warnings={key: found for key, found in warnings.items() if found},
        **_broken(pruned, placed),
    )


# A document whose operations or components are not valid is parsed again without them; each
# pass takes out everything pydantic reported, so a second one is all a document ever needs.
_MAX_PASSES = 4


def _parse_pruned(
    source: str, raw: dict[str, Any], version: str, pruned: scope.Pruned | None = None
) -> tuple[Any, scope.Pruned]:
    """The parsed document, without the operations and components that are not valid (see
    `scope.Pruned`); raises GeneratorError (pointers without lines) for the document's own
    problems."""
    pruned = pruned if pruned is not None else scope.Pruned(raw)
    for _attempt in range(_MAX_PASSES):
        try:
            return _parse_document(source, "", pruned.document, version), pruned
        except GeneratorError as error:
            if not pruned.take_out(error.diagnostics):
                raise
    return _parse_document(source, "", pruned.document, version), pruned


def _broken(
    pruned: scope.Pruned, placed: Callable[[Iterable[Diagnostic]], tuple[Diagnostic, ...]]
) -> dict[str, Any]:
    """The LoadedSpec fields that say what was taken out of the document, with positions."""
    return {
        "broken_operations": tuple(
            replace(broken, problems=placed(broken.problems))
            for broken in pruned.broken_operations()
        ),
        "broken_components": {
            ref: placed(found) for ref, found in sorted(pruned.components.items())
        },
    }


def _ancestors(json_pointer: str) -> set[str]:
    """The pointer and every pointer above it: '#/a/b' -> {'#', '#/a', '#/a/b'}."""
    parts = json_pointer.split("/")
    return {"/".join(parts[:end]) for end in range(1, len(parts) + 1)}


def _nearest(lines: dict[str, int], json_pointer: str) -> int | None:
    """The line of the node at `json_pointer`, or of its nearest ancestor that `lines` has."""
    candidate = json_pointer
    while candidate not in lines and "/" in candidate:
        candidate = candidate.rsplit("/", 1)[0]
    return lines.get(candidate)


def _nearest_line(text: str, json_pointer: str) -> int | None:
    """The line of the node at `json_pointer`, or of its nearest ancestor that the text has."""
    return _nearest(_line_index(text), json_pointer)


def _placed(text: str, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Positions for diagnostics about the text as written (not converted): a JSON text's by
    `located`; a YAML text's from the YAML index, the node's own line only. Built only for an
    error: indexing a large spec is not free."""
    if _is_json_text(text):
        return located(text, diagnostics)
    index = _line_index(text)
    return tuple(
        replace(d, line=index.get(d.pointer)) if d.line is None else d for d in diagnostics
    )


def _too_deep() -> Diagnostic:
    return Diagnostic("#", Level.ERROR, f"the spec is nested more than {MAX_DEPTH} levels deep")


class _Refused(Exception):
    pass


def check_shape(data: Any, text_length: int | None = None) -> None:
    """Refuse data no real spec has and that would make the later stages loop or blow up: YAML
    aliases that contain themselves (a cyclic document), a document that expands to more than
    MAX_NODES nodes or MAX_CHARACTERS characters of text (a "billion laughs", or one string
    aliased many times), nesting deeper than MAX_DEPTH, integers that Python cannot write.

    Each node is sized once (an alias repeats its anchor's size), so this is linear in the text.
    `text_length`, the length of the text parsed, tells a document that aliases blew up from
    one that is just big."""
    sizes: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()
    limit = 10**MAX_INTEGER_DIGITS  # the first integer of one digit more

    def scalar(node: Any) -> int:
        if isinstance(node, str):
            return len(node)
        if isinstance(node, int) and not -limit < node < limit:
            raise _Refused(
                f"an integer of more than {MAX_INTEGER_DIGITS:,} digits cannot become Python code"
            )
        return 0

    def size(node: Any, depth: int) -> tuple[int, int]:
        """(nodes, characters) of `node`."""
        if not isinstance(node, dict | list):
            return 1, scalar(node)
        if depth > MAX_DEPTH:
            raise _Refused(_too_deep().message)
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in open_nodes:
            raise _Refused("the spec contains itself (a YAML alias inside its own anchor)")
        open_nodes.add(key)
        nodes, characters = 1, 0
        children = node.items() if isinstance(node, dict) else ((None, c) for c in node)
        for name, child in children:
            child_nodes, child_characters = size(child, depth + 1)
            nodes += child_nodes
            characters += child_characters + scalar(name)
            if nodes > MAX_NODES:
                raise _Refused(_too_much(f"{MAX_NODES:,} nodes", nodes))
            if characters > MAX_CHARACTERS:
                raise _Refused(_too_much(f"{MAX_CHARACTERS // 2**20} MB of text", characters))
        open_nodes.discard(key)
        sizes[key] = nodes, characters
        return nodes, characters

    def _too_much(what: str, count: int) -> str:
        # A text holds at most one node or character per character of its own, but for aliases.
        if text_length is None or count > text_length:
            return (
                f"the spec expands to more than {what} (a YAML alias repeats its anchor each time)"
            )
        return f"the spec holds more than {what}; no API description is that big"

    try:
        size(data, 0)
    except _Refused as refused:
        raise GeneratorError([Diagnostic("#", Level.ERROR, str(refused))]) from None


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _check_encodable(raw: Any, text: str) -> None:
    """JSON text may spell lone surrogates (`"\\ud800"`); no UTF-8 file, request or identifier
    can hold one, so a spec that has them is refused, pointing at each."""
    if not _SURROGATE.search(json.dumps(raw, ensure_ascii=False, default=str)):
        return
    found: list[Diagnostic] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(raw, ())]
    while stack:
        node, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            where = (*path, key if isinstance(key, int) else str(key))
            if any(isinstance(t, str) and _SURROGATE.search(t) for t in (key, value)):
                found.append(Diagnostic(pointer(*where), Level.ERROR, "", None))
            if isinstance(value, dict | list):
                stack.append((value, where))
    raise GeneratorError(
        _placed(
            text,
            (
                replace(
                    d,
                    message="a lone surrogate (\\ud800-\\udfff) cannot be written as UTF-8: use "
                    "the pair of surrogates of a real character, or remove it",
                )
                for d in found
            ),
        )
    )


def _openapi_version(raw: Mapping[str, Any], text: str) -> str:
    declared = raw.get("openapi")
    if declared is None:
        if "swagger" in raw:
            message = (
                f"Swagger {raw['swagger']} is not supported "
                "(supported: Swagger 2.0, OpenAPI 3.0.x, 3.1.x)"
            )
        else:
            message = "not an OpenAPI document: no 'openapi' version field"
        raise GeneratorError([Diagnostic("#", Level.ERROR, message)])

    if not isinstance(declared, str):
        raise GeneratorError(
            _placed(
                text,
                [
                    Diagnostic(
                        pointer("openapi"),
                        Level.ERROR,
                        f"the version must be a string such as '3.0.3' (found {declared!r}; "
                        "quote it in YAML)",
                    )
                ],
            )
        )
    version = declared
    major_minor = ".".join(version.split(".")[:2])
    if major_minor not in SUPPORTED_VERSIONS:
        raise GeneratorError(
            _placed(
                text,
                [
                    Diagnostic(
                        pointer("openapi"),
                        Level.ERROR,
                        f"OpenAPI {version!r} is not supported (supported: 3.0.x, 3.1.x)",
                    )
                ],
            )
        )
    return major_minor


def _parse_document(source: str, text: str, raw: dict[str, Any], version: str) -> Any:
    from pydantic import ValidationError

    if version == "3.0":
        from openapi_pydantic.v3.v3_0 import OpenAPI
    else:
        from openapi_pydantic.v3.v3_1 import OpenAPI  # type: ignore[assignment]
    try:
        return OpenAPI.model_validate(raw)
    except ValidationError as error:
        diagnostics = []
        seen = set()
        errors = error.errors()
        for item in errors:
            if _is_other_branch(item["loc"], item["type"], errors):
                continue
            where = _pointer_of_loc(raw, item["loc"])
            message = f"invalid OpenAPI: {_validation_message(item)}"
            if (where, message) in seen:
                continue
            seen.add((where, message))
            diagnostics.append(Diagnostic(where, Level.ERROR, message))
        raise GeneratorError(_placed(text, diagnostics)) from None


def _is_other_branch(loc: tuple[Any, ...], kind: str, errors: list[Any]) -> bool:
    """pydantic tries `Reference` for every node that may be a `$ref`; when the node is not one,
    its "`$ref` missing" error only hides the real problem, reported on the other branch."""
    if kind != "missing" or "Reference" not in loc or loc[-1] != "$ref":
        return False
    prefix = loc[: loc.index("Reference")]
    return any(
        other["loc"][: len(prefix)] == prefix and "Reference" not in other["loc"][len(prefix) :]
        for other in errors
    )


def _validation_message(item: Any) -> str:
    loc, found = item["loc"], item.get("input")
    name = next((step for step in reversed(loc) if isinstance(step, str)), "")
    name = _FIELD_ALIASES.get(name, name)
    if item["type"] == "missing":
        return f"missing required field {name!r}"
    if name == "[key]":
        return f"key {found!r} must be a string (quote it)"
    shown = repr(found) if not isinstance(found, dict | list) else type(found).__name__
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"{name!r}: {item['msg']} (found {shown})"


# openapi-pydantic's attribute names for spec keys that are Python keywords or clash.
_FIELD_ALIASES = {"param_in": "in", "param_schema": "schema", "schema_format": "format"}


def _pointer_of_loc(raw: Any, loc: tuple[Any, ...]) -> str:
    """Turn a pydantic error location into a JSON pointer into the raw document.

    pydantic adds union-branch names (`Reference`, `Schema`, ...) to locations; keep only the
    steps that exist in the document.
    """
    tokens: list[str | int] = []
    node = raw
    for step in loc:
        if isinstance(node, dict) and isinstance(step, str | int):
            key = next((k for k in node if str(k) == str(step)), _FIELD_ALIASES.get(str(step)))
            if key is not None and key in node:
                node = node[key]
                tokens.append(str(key))
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
            tokens.append(step)
    return pointer(*tokens)


@functools.lru_cache(maxsize=4)
def _line_index(text: str) -> dict[str, int]:
    """JSON pointer -> 1-based line of every node in a YAML/JSON text (built only when needed)."""
    try:
        root = yaml.compose(text, Loader=_YamlLoader)
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


def _is_json_text(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


# A JSON string (a key when a colon follows) or a structural character.
_JSON_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?|([][{},])')
_NOT_SPACE = re.compile(r"\S")


Position = tuple[int, int | None]
"""(1-based line, 1-based column), the column None when nothing but blanks comes before the
node on its line, so that the line alone locates it (see `Diagnostic.column`)."""


def json_lines(text: str, wanted: set[str]) -> dict[str, int]:
    """The 1-based line of each JSON pointer in `wanted` (see `json_positions`)."""
    return {found: line for found, (line, _column) in json_positions(text, wanted).items()}


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
            pending = container + "/" + key.replace("~", "~0").replace("/", "~1")
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
    if _is_json_text(text):
        wanted: set[str] = set()
        for asked_pointer in asked:
            wanted |= _ancestors(asked_pointer)
        known = json_positions(text, wanted)
    else:
        known = {p: (line, None) for p, line in _line_index(text).items()}
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


_COMPONENT_SECTIONS = {
    "schemas": "schemas",
    "parameters": "parameters",
    "requestBodies": "requestBodies",
    "responses": "responses",
    "headers": "headers",
}
_POINTER_TOKEN = re.compile(r"(?:[^~]|~[01])*")
# How many members of a $ref cycle a message names.
_CYCLE_SHOWN = 6


def parse_ref(ref: str) -> tuple[str, str]:
    """(section, name) of a local `#/components/<section>/<name>` reference; raises KeyError with
    the reason otherwise. The reference is a URI fragment (RFC 6901 section 6): percent-escapes
    are decoded first (`A%20B` is `A B`), then `~1` and `~0`."""
    from urllib.parse import unquote

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
    section, name = (t.replace("~1", "/").replace("~0", "~") for t in parts[2:])
    return section, name


class Resolver:
    """Looks up local `$ref`s (`#/components/<section>/<name>`) in the parsed document.

    A `$ref` to a `$ref` is followed, and a cycle of them is reported instead of looping. Every
    reference on a followed chain remembers where the chain ends (or why it fails), so resolving
    all of a 200,000-long chain is linear, not quadratic.
    """

    def __init__(
        self, document: Any, broken: Mapping[str, tuple[Diagnostic, ...]] | None = None
    ) -> None:
        self._components = document.components
        self._ends: dict[str, Any] = {}
        self._failures: dict[str, str] = {}
        self._broken = broken or {}
        """Components taken out of the document because they are not valid (`LoadedSpec`), by
        their canonical `$ref`."""

    @staticmethod
    def canonical(ref: str) -> str:
        """The one spelling of a reference (`#/components/schemas/A%20B` -> `.../A B`), as a JSON
        pointer in the form diagnostics use; raises KeyError if it is not a local one."""
        section, name = parse_ref(ref)
        return pointer("components", section, name)

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
                next_ref = getattr(node, "ref", None)
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
            raise KeyError(f"$ref {ref!r} must point into '#/components/{section}/'")
        broken = self._broken.get(pointer("components", section, name))
        if broken:
            first = broken[0]
            raise KeyError(
                f"$ref {ref!r} points to a component that is not valid "
                f"({first.pointer}{first.where()}: {first.message})"
            )
        attribute = _COMPONENT_SECTIONS.get(section)
        table = getattr(self._components, attribute, None) if attribute else None
        if not table or name not in table:
            raise KeyError(f"$ref {ref!r} points to nothing")
        return table[name]

    def alias_cycles(self) -> list[tuple[str, str]]:
        """(pointer, message) of every cycle of components that are nothing but a `$ref` to the
        next (`A: {$ref: B}`, `B: {$ref: A}`), used or not: the document is broken. One entry per
        cycle, at its first member in sorted order. Linear: each component is visited once."""
        found: list[tuple[str, str]] = []
        for section, attribute in _COMPONENT_SECTIONS.items():
            table = getattr(self._components, attribute, None) or {}
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
        ref = getattr(table[name], "ref", None)
        if not isinstance(ref, str):
            return None
        try:
            target_section, target = parse_ref(ref)
        except KeyError:
            return None
        return target if target_section == section and target in table else None


def _cycle_message(chain: list[str], start: int) -> str:
    """'$ref cycle: A -> B -> A' from the keys or pointers of a chain, the cycle from `start`."""
    cycle = [key.rsplit("\0", 1)[-1] for key in chain[start:]]
    if len(cycle) > _CYCLE_SHOWN:
        shown = [*cycle[: _CYCLE_SHOWN - 1], f"... ({len(cycle) - _CYCLE_SHOWN} more)", cycle[-1]]
    else:
        shown = cycle
    return f"$ref cycle: {' -> '.join([*shown, cycle[0]])}"
