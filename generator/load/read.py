"""Reading a spec: bytes -> a validated openapi-pydantic document (`LoadedSpec`).

Reads YAML or JSON, checks that it is an OpenAPI 3.0/3.1 document, and parses it with openapi-pydantic.
A Swagger 2.0 document is converted to OpenAPI 3.0 first (`swagger.py`), and a 3.0 one is
upgraded to 3.1 shapes (`upgrade.py`): the document is parsed with openapi-pydantic's 3.1 classes
only. Diagnostics still point into the original text. Problems come back as diagnostics with the JSON pointer and, where the
text allows, the line number.
`$ref`s stay as they are in the document; `Resolver` looks them up (once each) for the normalizer.

An operation, or a component, that is not valid is taken out of the document before it is parsed
(`scope.Pruned`), with its problems kept: they are reported only if the operation is selected, or
when a selected one uses the component (normalize.py). Only the document's own problems stop
the load.

Imports: diagnostics, scope, load.positions, load.swagger, load.upgrade.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .. import scope
from ..diagnostics import Diagnostic, GeneratorError, Level, pointer
from . import bundle, swagger, upgrade
from .positions import (
    YamlLoader,
    ancestors,
    column_of,
    is_json_text,
    json_lines,
    line_index,
    located,
    nearest,
    nearest_line,
    placed,
)

if TYPE_CHECKING:  # imported when parsing: openapi-pydantic is slow to import
    from openapi_pydantic.v3.v3_1 import OpenAPI

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
    document: OpenAPI
    """The document in OpenAPI 3.1 classes, whatever version it was written in (`upgrade`)."""
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
    bundled: bundle.Bundled | None = field(default=None, compare=False, repr=False)
    """What `bundle` brought into the document: the components it copied (and where from), the
    references it could not follow, the other files it read, the notes on tolerated schemas."""

    @property
    def files(self) -> tuple[tuple[str, bytes | None], ...]:
        """(path relative to the spec's folder, bytes) of every other file the spec refers to."""
        return self.bundled.files if self.bundled is not None else ()

    def notes_at(self, json_pointer: str) -> tuple[str, ...]:
        """What the loader read differently from how it is written at this schema."""
        return self.bundled.notes.get(json_pointer, ()) if self.bundled is not None else ()

    def original_pointer(self, json_pointer: str) -> str:
        """The pointer into the text the user wrote (differs for a node `bundle` copied, which
        may be in another file: `schemas/x.json#/properties/a`, and for a converted document)."""
        if self.bundled is not None and self.bundled.origins:
            json_pointer = swagger.original_pointer(self.bundled.origins, json_pointer)
        return (
            swagger.original_pointer(self.origins, json_pointer)
            if self.origins and json_pointer.startswith("#")
            else json_pointer
        )

    def line_of(self, json_pointer: str) -> int | None:
        """The 1-based line where the node at `json_pointer` starts, if the text tells."""
        pointer_ = self.original_pointer(json_pointer)
        if not pointer_.startswith("#"):
            return None  # in another file
        if is_json_text(self.text):
            lines = json_lines(self.text, ancestors(pointer_))
            return nearest(lines, pointer_)
        if not self.origins and pointer_ == json_pointer:
            return line_index(self.text).get(pointer_)
        return nearest_line(self.text, pointer_)

    def diagnostic(self, level: Level, json_pointer: str, message: str) -> Diagnostic:
        # A JSON spec's lines are found later, all in one pass (`with_lines`): indexing every node
        # of a 13 MB JSON spec as YAML takes 5 s and 250 MB.
        line = None if is_json_text(self.text) else self.line_of(json_pointer)
        return Diagnostic(self.original_pointer(json_pointer), level, message, line)

    def with_lines(self, diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        """`diagnostics` with the line (and, where the line alone does not locate the node, the
        column) of each one that has none yet, if the text tells.

        Their pointers already point into the original text (see `original_pointer`); a node the
        text does not have (one made by the Swagger conversion) gets its nearest ancestor's line.
        """
        found = tuple(diagnostics)
        if not is_json_text(self.text):
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
    if source.endswith(".json") or is_json_text(text):
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
                        column_of(text, error.pos),
                    )
                ]
            ) from None
        except RecursionError:
            raise GeneratorError([_too_deep()]) from None
        except ValueError:  # Python's limit on the digits of an integer
            raise GeneratorError([_long_integer(text)]) from None
    try:
        return yaml.load(text, Loader=YamlLoader)
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
    folder = None if source == "<stdin>" else Path(source).parent
    if swagger.is_swagger(raw):
        return _load_swagger(source, text, raw, folder)
    version = _openapi_version(raw, text)
    bundled = bundle.bundle(raw, folder)
    check_shape(bundled.document)

    def in_text(found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        return placed(text, _translated(bundled, found))

    try:
        document, pruned = _parse_pruned(source, _in_31_shapes(bundled.document, version), version)
    except GeneratorError as error:
        raise GeneratorError(in_text(error.diagnostics)) from None
    return LoadedSpec(
        source=source,
        text=text,
        raw=raw,
        document=document,
        version=version,
        bundled=bundled,
        **_broken(pruned, in_text),
    )


def _translated(bundled: bundle.Bundled, found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics about the bundled document, pointing where their nodes were written."""
    if not bundled.origins:
        return list(found)
    return [replace(d, pointer=swagger.original_pointer(bundled.origins, d.pointer)) for d in found]


def _load_swagger(source: str, text: str, raw: dict[str, Any], folder: Path | None) -> LoadedSpec:
    """Convert a Swagger 2.0 document and parse the result; every diagnostic, of the conversion
    or of the converted document, points into the Swagger text."""
    conversion = swagger.convert(raw)
    bundled = bundle.bundle(conversion.document, folder, swagger.convert_schema)
    check_shape(bundled.document)

    def placed(found: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
        """Positions in the Swagger text. The validator's diagnostics point into the converted
        document and have no line yet; the conversion's already point into the Swagger text."""
        original = conversion.origins
        return located(
            text,
            (
                d
                if d.line is not None or not d.pointer.startswith("#")
                else replace(d, pointer=swagger.original_pointer(original, d.pointer))
                for d in _translated(bundled, found)
            ),
        )

    found = located(text, conversion.diagnostics)
    own, per_operation = scope.by_operation(found, conversion.document)
    if any(d.level is Level.ERROR for d in own):
        raise GeneratorError(own)
    pruned = scope.Pruned(upgrade.to_31(bundled.document))
    pruned.take_out(d for d in found if d.level is Level.ERROR)
    try:
        document, pruned = _parse_pruned(source, pruned.document, "3.0", pruned)
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
        bundled=bundled,
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
        placed(
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
        raise _version_error(
            text,
            f"the version must be a string such as '3.0.3' (found {declared!r}; quote it in YAML)",
        )
    major_minor = ".".join(declared.split(".")[:2])
    if major_minor not in SUPPORTED_VERSIONS:
        raise _version_error(
            text, f"OpenAPI {declared!r} is not supported (supported: 3.0.x, 3.1.x)"
        )
    return major_minor


def _version_error(text: str, message: str) -> GeneratorError:
    return GeneratorError(placed(text, [Diagnostic(pointer("openapi"), Level.ERROR, message)]))


def _in_31_shapes(raw: dict[str, Any], version: str) -> dict[str, Any]:
    """The document as the normalizer reads it: a 3.0 one upgraded to 3.1 shapes."""
    if version == "3.0":
        return upgrade.to_31(raw)
    # openapi-pydantic knows 3.1.0 and 3.1.1; every 3.1.x has the same shapes (patch releases
    # only clarify the text).
    return (
        {**raw, "openapi": upgrade.OPENAPI_31} if raw.get("openapi") != upgrade.OPENAPI_31 else raw
    )


def _parse_document(source: str, text: str, raw: dict[str, Any], version: str) -> OpenAPI:
    """An OpenAPI 3.1 document (`raw` in 3.1 shapes: see `upgrade`)."""
    _import_openapi_31()
    from openapi_pydantic.v3.v3_1 import OpenAPI
    from pydantic import ValidationError

    try:
        return OpenAPI.model_validate(raw)
    except ValidationError as error:
        diagnostics = []
        seen = set()
        errors = error.errors()
        for item in errors:
            if _is_other_branch(item["loc"], item["type"], errors) or _is_list_branch(item, errors):
                continue
            where = _pointer_of_loc(raw, item["loc"])
            message = f"invalid OpenAPI: {_validation_message(item)}"
            if (where, message) in seen:
                continue
            seen.add((where, message))
            diagnostics.append(Diagnostic(where, Level.ERROR, message))
        raise GeneratorError(placed(text, diagnostics)) from None


def _import_openapi_31() -> None:
    """Import openapi-pydantic's 3.1 models without running its package's `__init__` first:
    that imports the 3.0 models too and builds a parser over both (about a third of the
    package's import time), and scimgen reads every document as 3.1. The two packages above
    the models are put in `sys.modules` unexecuted, each running its own `__init__` the first
    time a name of it is asked for (`from openapi_pydantic import OpenAPI` still works, and
    gives the same classes)."""
    import importlib.util

    if "openapi_pydantic.v3.v3_1" in sys.modules:
        return
    for name in ("openapi_pydantic", "openapi_pydantic.v3"):
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:  # pragma: no cover - a dependency of scimgen
            return
        package = importlib.util.module_from_spec(spec)
        package.__getattr__ = _run_init(package, spec)  # type: ignore[method-assign]
        sys.modules[name] = package
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, package)
    import openapi_pydantic.v3.v3_1  # noqa: F401


def _run_init(package: Any, spec: Any) -> Any:
    """A module `__getattr__` for `_import_openapi_31`'s packages: runs the package's own
    `__init__` in it (as an import would have), then answers from it."""

    def attribute(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        del package.__getattr__
        spec.loader.exec_module(package)
        return getattr(package, name)

    return attribute


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


def _is_list_branch(item: Any, errors: list[Any]) -> bool:
    """A 3.1 `type` is one name or a list of names: for a value that is not a list, "should be a
    valid list" only hides the real problem, reported on the one-name branch."""
    loc = item["loc"]
    if item["type"] != "list_type" or not loc or not str(loc[-1]).startswith("list["):
        return False
    prefix = loc[:-1]
    return any(other is not item and other["loc"][:-1] == prefix for other in errors)


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
