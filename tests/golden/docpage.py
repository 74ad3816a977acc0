"""Parse the vendor's Ruby SDK doc page for ``SCIMApi`` into typed records.

The page (``SCIMApi.md``) documents every SCIM method: its heading (return
type, name, positional arguments), summary and description, the wrapped HTTP
verb and path, required permissions, a Ruby example, a parameter table, the
return type and the request/response content types.

The golden signature tests derive the expected Python signatures from these
records, so the parser is strict on purpose: anything it does not recognise
raises :class:`DocPageError` naming the method, and the sections found must
be exactly the methods listed in the table at the top of the page.  Several
facts are stated twice on the page (heading vs. parameter table vs. Ruby
example, heading vs. "Return type", table summary vs. section summary); the
parser checks that both statements agree.

Types are canonicalised to Python spellings: ``String`` -> ``str``,
``Integer`` -> ``int``, ``Boolean`` -> ``bool``, ``Float`` -> ``float``,
``Array<X>`` -> ``list[X']``, a model -> its name, ``nil`` -> ``None``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

PermissionKind = Literal["ANY", "ALL", "NO"]
DefaultValue = bool | int | float | str | None

NO_RETURN = "None"
"""Canonical return type of a method documented as ``nil (empty response body)``."""

_PRIMITIVES = {"String": "str", "Integer": "int", "Boolean": "bool", "Float": "float"}
_NOT_MODELS = frozenset({"Object", "Hash", "Date", "DateTime", "Time", "File", "Number"})

_ANCHOR = re.compile(r'^<a name="(?P<name>[^"]*)"></a>[ \t]*$', re.MULTILINE)
_TABLE_ROW = re.compile(r"^\[\*\*(?P<name>\w+)\*\*\]\(\w+\.html#(?P=name)\) \| (?P<summary>.*)$")
_TABLE_END = '{: class="table table-striped"}'
_HEADING = re.compile(
    r"^##\s+(?:(?P<ret>\[\*\*[^*]+\*\*\]\([^)\s]+\))\s+)?"
    r"(?P<name>[a-z_][a-z0-9_]*)(?:\((?P<args>[^)]*)\))?\s*$"
)
_WRAPS = re.compile(r"^Wraps (?P<verb>GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (?P<path>/\S*)\s*$")
_REQUIRES = re.compile(r"^Requires (?P<kind>ANY|ALL|NO) permissions:\s*$")
_BULLET = re.compile(r"^\* (?P<perm>\S+)\s*$")
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_BOLD_TYPE = re.compile(r"\*\*(?P<type>[^*\[\]()]+)\*\*")
_LINK_TYPE = re.compile(r"\[\*\*(?P<type>[^*\[\]()]+)\*\*\]\((?P<target>[^)\s]+)\.html\)")
_ARRAY = re.compile(r"Array<(?P<item>.+)>")
_MODEL = re.compile(r"[A-Z][A-Za-z0-9]*")
_NO_PARAMS = "This endpoint does not need any parameter."
_PARAM_HEADER = "Name | Type | Description | Notes"
_PARAM_SEPARATOR = re.compile(r"^-+(?: \| -+)+\s*$")
_PARAM_ROW = re.compile(
    r"^\s*\*\*(?P<name>[a-z_][a-z0-9_]*)\*\* \| "
    r"(?P<type>\*\*[^*]+\*\*|\[\*\*[^*]+\*\*\]\([^)\s]+\))\s*\| "
    r"(?P<rest>.*)\|\s*$"
)
_NOTES = re.compile(
    r"(?P<optional>\[optional\])?\s*"
    r"(?:\[default to (?P<default>[^\]]*)\])?\s*"
    r"(?:<br />\*\*Values\*\*: (?P<values>.+))?"
)
_EXAMPLE_FENCE = '```{"language":"ruby"}'
_EXAMPLE_CALL = re.compile(
    r"^\s*(?:result = )?api_instance\.(?P<name>\w+)(?:\((?P<args>[^)]*)\))?\s*$"
)
_EXAMPLE_OPT = re.compile(r"^\s+(?P<key>\w+): ")
_HEADER_LINE = re.compile(r"^ - \*\*(?P<key>Content-Type|Accept)\*\*: (?P<values>.+?)\s*$")


class DocPageError(ValueError):
    """The doc page contains something the parser does not understand."""


@dataclass(frozen=True)
class Permissions:
    """``Requires ANY|ALL|NO permissions:`` and the bulleted permission names."""

    kind: PermissionKind
    names: tuple[str, ...]


@dataclass(frozen=True)
class DocumentedParameter:
    """One row of a method's parameter table.

    ``default`` is the Python value of ``[default to X]`` or ``None`` when the
    page gives none; ``enum_values`` comes from ``**Values**`` (empty if none).
    """

    name: str
    type: str
    required: bool
    default: DefaultValue
    enum_values: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class DocumentedMethod:
    """Everything the page says about one ``SCIMApi`` method.

    ``positional`` lists the heading's arguments except ``opts``; ``optional``
    lists the ``[optional]`` table rows in table order.  ``return_type`` is a
    canonical type string, ``"None"`` for an empty response body.
    """

    name: str
    summary: str
    description: str
    http_method: str
    path: str
    permissions: Permissions
    positional: tuple[str, ...]
    optional: tuple[str, ...]
    parameters: tuple[DocumentedParameter, ...]
    return_type: str
    content_types: tuple[str, ...]
    accept_types: tuple[str, ...]

    def parameter(self, name: str) -> DocumentedParameter:
        """Return the parameter called ``name`` (KeyError if there is none)."""
        for param in self.parameters:
            if param.name == name:
                return param
        raise KeyError(f"{self.name} has no parameter {name!r}")


def parse_doc_page(text: str) -> list[DocumentedMethod]:
    """Parse the whole page; methods are returned in page order."""
    preamble, sections = _split_sections(text)
    listed = _parse_method_table(preamble)
    methods = [_parse_section(name, body) for name, body in sections]
    _check_against_table(methods, listed)
    return methods


def canonical_type(markup: str) -> str:
    """Canonical Python type of a type cell, e.g. ``[**Array&lt;String&gt;**](String.html)``."""
    text = markup.strip()
    bold = _BOLD_TYPE.fullmatch(text)
    if bold:
        return _ruby_to_python(html.unescape(bold["type"]))
    link = _LINK_TYPE.fullmatch(text)
    if not link:
        raise DocPageError(f"unrecognised type markup {markup!r}")
    ruby = html.unescape(link["type"])
    if _innermost(ruby) != link["target"]:
        raise DocPageError(f"type {ruby!r} links to {link['target']}.html")
    return _ruby_to_python(ruby)


def unescape_text(text: str) -> str:
    """Undo HTML entities and the Markdown ``\\"`` escape the page puts on quotes."""
    return html.unescape(text).replace('\\"', '"').strip()


def _ruby_to_python(ruby: str) -> str:
    array = _ARRAY.fullmatch(ruby)
    if array:
        return f"list[{_ruby_to_python(array['item'])}]"
    if ruby in _PRIMITIVES:
        return _PRIMITIVES[ruby]
    if ruby in _NOT_MODELS or not _MODEL.fullmatch(ruby):
        raise DocPageError(f"unsupported type {ruby!r}")
    return ruby


def _innermost(ruby: str) -> str:
    array = _ARRAY.fullmatch(ruby)
    return _innermost(array["item"]) if array else ruby


# --- page structure ---------------------------------------------------------


def _split_sections(text: str) -> tuple[str, list[tuple[str, list[str]]]]:
    anchors = list(_ANCHOR.finditer(text))
    if not anchors:
        raise DocPageError("no method sections (<a name=...></a>) found")
    ends = [a.start() for a in anchors[1:]] + [len(text)]
    sections = [
        (anchor["name"], text[anchor.end() : end].splitlines())
        for anchor, end in zip(anchors, ends, strict=True)
    ]
    return text[: anchors[0].start()], sections


def _parse_method_table(preamble: str) -> dict[str, str]:
    lines = preamble.splitlines()
    try:
        start = [line.split("|")[0].strip() for line in lines].index("Method") + 2
        end = lines.index(_TABLE_END, start)
    except ValueError as exc:
        raise DocPageError("method table not found at the top of the page") from exc
    listed: dict[str, str] = {}
    for line in lines[start:end]:
        row = _TABLE_ROW.fullmatch(line.strip())
        if not row or row["name"] in listed:
            raise DocPageError(f"bad or duplicate method table row {line!r}")
        listed[row["name"]] = unescape_text(row["summary"])
    if not listed:
        raise DocPageError("method table is empty")
    return listed


def _check_against_table(methods: list[DocumentedMethod], listed: dict[str, str]) -> None:
    names = [method.name for method in methods]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    missing = sorted(set(listed) - set(names))
    extra = sorted(set(names) - set(listed))
    if duplicates or missing or extra:
        raise DocPageError(
            f"sections do not match the method table: missing {missing}, "
            f"unlisted {extra}, duplicated {duplicates}"
        )
    for method in methods:
        if method.summary != listed[method.name]:
            raise DocPageError(
                f"{method.name}: summary {method.summary!r} differs from the "
                f"method table's {listed[method.name]!r}"
            )


class _Cursor:
    """Walks the lines of one method section."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines
        self._pos = 0

    def expect(self, pattern: re.Pattern[str], what: str) -> re.Match[str]:
        """Skip blank lines, then require the next line to match ``pattern``."""
        self._skip_blank()
        if self._pos >= len(self._lines):
            raise DocPageError(f"expected {what}, found end of section")
        match = pattern.fullmatch(self._lines[self._pos])
        if not match:
            raise DocPageError(f"expected {what}, found {self._lines[self._pos]!r}")
        self._pos += 1
        return match

    def expect_line(self, literal: str) -> None:
        """Skip blank lines, then require the next line to be ``literal``."""
        self.expect(_literal(literal), repr(literal))

    def take_until(self, pattern: re.Pattern[str], what: str) -> list[str]:
        """Return the lines before the next line matching ``pattern`` (not consumed)."""
        for index in range(self._pos, len(self._lines)):
            if pattern.fullmatch(self._lines[index]):
                taken = self._lines[self._pos : index]
                self._pos = index
                return taken
        raise DocPageError(f"{what} not found")

    def rest(self) -> list[str]:
        """Return (and consume) every remaining line."""
        taken = self._lines[self._pos :]
        self._pos = len(self._lines)
        return taken

    def _skip_blank(self) -> None:
        while self._pos < len(self._lines) and not self._lines[self._pos].strip():
            self._pos += 1


def _literal(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text) + r"\s*")


# --- one method section -----------------------------------------------------


def _parse_section(anchor: str, lines: list[str]) -> DocumentedMethod:
    try:
        return _parse_section_body(anchor, _Cursor(lines))
    except DocPageError as exc:
        raise DocPageError(f"method {anchor!r}: {exc}") from exc


def _parse_section_body(anchor: str, cursor: _Cursor) -> DocumentedMethod:
    heading = cursor.expect(_HEADING, "method heading")
    if heading["name"] != anchor:
        raise DocPageError(f"heading names {heading['name']!r}")
    args = _heading_args(heading["args"])
    summary, description = _summary_and_description(cursor.take_until(_WRAPS, "'Wraps' line"))
    wraps = cursor.expect(_WRAPS, "'Wraps VERB /path'")
    permissions = _permissions(cursor)
    example_call, example_opts = _example(cursor)
    parameters = _parameter_section(cursor)
    return_type = _return_section(cursor, heading["ret"])
    cursor.expect_line("### HTTP request headers")
    content_types, accept_types = _headers_section(cursor.rest())
    positional = tuple(arg for arg in args if arg != "opts")
    optional = tuple(p.name for p in parameters if not p.required)
    _check_arguments(anchor, args, parameters, example_call, example_opts)
    return DocumentedMethod(
        name=anchor,
        summary=summary,
        description=description,
        http_method=wraps["verb"],
        path=wraps["path"],
        permissions=permissions,
        positional=positional,
        optional=optional,
        parameters=parameters,
        return_type=return_type,
        content_types=content_types,
        accept_types=accept_types,
    )


def _heading_args(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    args = tuple(arg.strip() for arg in raw.split(","))
    if not all(_IDENTIFIER.fullmatch(arg) for arg in args) or len(set(args)) != len(args):
        raise DocPageError(f"bad heading arguments {raw!r}")
    if "opts" in args[:-1]:
        raise DocPageError("'opts' is not the last heading argument")
    return args


def _summary_and_description(lines: list[str]) -> tuple[str, str]:
    paragraphs = list(_paragraphs(lines))
    if not paragraphs:
        raise DocPageError("no summary before the 'Wraps' line")
    summary = unescape_text(paragraphs[0])
    description = "\n\n".join(unescape_text(p) for p in paragraphs[1:])
    return summary, description


def _paragraphs(lines: list[str]) -> Iterator[str]:
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line.strip())
        elif current:
            yield "\n".join(current)
            current = []


def _permissions(cursor: _Cursor) -> Permissions:
    kind = cursor.expect(_REQUIRES, "'Requires ... permissions:'")["kind"]
    names: list[str] = []
    for line in cursor.take_until(_literal("### Example"), "'### Example'"):
        if line.strip():
            bullet = _BULLET.fullmatch(line)
            if not bullet:
                raise DocPageError(f"bad permission line {line!r}")
            names.append(bullet["perm"])
    if (kind == "NO") != (not names):
        raise DocPageError(f"'Requires {kind} permissions' with {len(names)} permission(s)")
    return Permissions(kind=_permission_kind(kind), names=tuple(names))


def _permission_kind(kind: str) -> PermissionKind:
    if kind == "ANY":
        return "ANY"
    if kind == "ALL":
        return "ALL"
    if kind == "NO":
        return "NO"
    raise DocPageError(f"unknown permission kind {kind!r}")


def _example(cursor: _Cursor) -> tuple[re.Match[str], tuple[str, ...]]:
    """Return the example's ``api_instance.<method>(...)`` call and its ``opts`` keys."""
    cursor.expect_line("### Example")
    cursor.expect_line(_EXAMPLE_FENCE)
    lines = cursor.take_until(re.compile(r"```\s*"), "end of the Ruby example")
    cursor.expect_line("```")
    calls = [m for m in map(_EXAMPLE_CALL.fullmatch, lines) if m]
    if len(calls) != 1:
        raise DocPageError(f"expected one api_instance call in the example, found {len(calls)}")
    return calls[0], _example_opts(lines)


def _example_opts(lines: list[str]) -> tuple[str, ...]:
    starts = [i for i, line in enumerate(lines) if line.strip() == "opts = {"]
    if not starts:
        return ()
    keys: list[str] = []
    for line in lines[starts[0] + 1 :]:
        if line.strip() == "}":
            return tuple(keys)
        key = _EXAMPLE_OPT.match(line)
        if not key:
            raise DocPageError(f"bad line in the example's opts: {line!r}")
        keys.append(key["key"])
    raise DocPageError("unterminated opts hash in the example")


def _parameter_section(cursor: _Cursor) -> tuple[DocumentedParameter, ...]:
    cursor.expect_line("### Parameters")
    section = cursor.take_until(_literal("### Return type"), "'### Return type'")
    lines = [line for line in section if line.strip()]
    if not lines or lines[-1].strip() != _TABLE_END:
        raise DocPageError("parameter section does not end with the table footer")
    body = lines[:-1]
    if [line.strip() for line in body] == [_NO_PARAMS]:
        return ()
    if len(body) < 3 or " ".join(body[0].split()) != _PARAM_HEADER:
        raise DocPageError(f"unrecognised parameter section starting {body[:1]!r}")
    if not _PARAM_SEPARATOR.fullmatch(body[1].strip()):
        raise DocPageError(f"bad parameter table separator {body[1]!r}")
    parameters = tuple(_parameter_row(line) for line in body[2:])
    names = [p.name for p in parameters]
    if len(set(names)) != len(names):
        raise DocPageError(f"duplicate parameter names {names}")
    return parameters


def _parameter_row(line: str) -> DocumentedParameter:
    row = _PARAM_ROW.fullmatch(line)
    if not row or "|" not in row["rest"]:
        raise DocPageError(f"unrecognised parameter row {line!r}")
    description, notes = row["rest"].rsplit("|", 1)
    note = _NOTES.fullmatch(notes.strip())
    if not note:
        raise DocPageError(f"unrecognised notes {notes.strip()!r} for {row['name']}")
    try:
        return DocumentedParameter(
            name=row["name"],
            type=canonical_type(row["type"]),
            required=note["optional"] is None,
            default=None if note["default"] is None else _parse_default(note["default"]),
            enum_values=_enum_values(note["values"]),
            description=unescape_text(description),
        )
    except DocPageError as exc:
        raise DocPageError(f"parameter {row['name']!r}: {exc}") from exc


def _parse_default(raw: str) -> DefaultValue:
    text = html.unescape(raw).strip()
    parsers: list[tuple[str, Callable[[str], DefaultValue]]] = [
        (r"true|false", lambda t: t == "true"),
        (r"-?\d+", int),
        (r"-?\d+\.\d+", float),
        (r"'[^']*'|\"[^\"]*\"", lambda t: t[1:-1]),
    ]
    for pattern, parse in parsers:
        if re.fullmatch(pattern, text):
            return parse(text)
    raise DocPageError(f"unrecognised default {raw!r}")


def _enum_values(raw: str | None) -> tuple[str, ...]:
    if raw is None:
        return ()
    values = tuple(value.strip() for value in html.unescape(raw).split(","))
    if not all(values) or len(set(values)) != len(values):
        raise DocPageError(f"empty or duplicate enum values in {raw!r}")
    return values


def _return_section(cursor: _Cursor, heading_markup: str | None) -> str:
    cursor.expect_line("### Return type")
    lines = cursor.take_until(_literal("### HTTP request headers"), "'### HTTP request headers'")
    content = [line.strip() for line in lines if line.strip()]
    if len(content) != 1:
        raise DocPageError(f"expected one return type line, found {content}")
    if content[0] == "nil (empty response body)":
        declared = NO_RETURN
    else:
        declared = canonical_type(content[0])
    in_heading = NO_RETURN if heading_markup is None else canonical_type(heading_markup)
    if declared != in_heading:
        raise DocPageError(f"return type {declared!r} differs from the heading's {in_heading!r}")
    return declared


def _headers_section(lines: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    headers: dict[str, tuple[str, ...]] = {}
    for line in lines:
        if not line.strip():
            continue
        header = _HEADER_LINE.fullmatch(line)
        if not header or header["key"] in headers:
            raise DocPageError(f"unrecognised or repeated header line {line!r}")
        headers[header["key"]] = _media_types(header["values"])
    if set(headers) != {"Content-Type", "Accept"}:
        raise DocPageError(f"expected Content-Type and Accept, found {sorted(headers)}")
    return headers["Content-Type"], headers["Accept"]


def _media_types(raw: str) -> tuple[str, ...]:
    if raw.strip() == "Not defined":
        return ()
    types = tuple(value.strip() for value in raw.split(","))
    if not all(re.fullmatch(r"[\w.+-]+/[\w.+*-]+", t) for t in types):
        raise DocPageError(f"bad media type list {raw!r}")
    return types


def _check_arguments(
    name: str,
    args: tuple[str, ...],
    parameters: tuple[DocumentedParameter, ...],
    call: re.Match[str],
    example_opts: tuple[str, ...],
) -> None:
    """Cross-check heading arguments, the parameter table and the Ruby example."""
    required = tuple(p.name for p in parameters if p.required)
    optional = tuple(p.name for p in parameters if not p.required)
    positional = tuple(arg for arg in args if arg != "opts")
    if positional != required:
        raise DocPageError(f"heading arguments {positional} but required parameters {required}")
    if ("opts" in args) != bool(optional):
        raise DocPageError(f"heading arguments {args} but optional parameters {optional}")
    if call["name"] != name or _heading_args(call["args"]) != args:
        raise DocPageError(f"example calls {call.group(0).strip()!r}")
    if example_opts != optional:
        raise DocPageError(f"example opts {example_opts} but optional parameters {optional}")
