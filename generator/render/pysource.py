"""The only emitters of Python text: `annotation` turns an IR type into an annotation, `literal` a
JSON value into a Python literal, `docstring`/`one_line` make spec prose safe to embed in a
docstring or a `#` comment. Spec text reaches generated code through these alone.

Imports: ir, fmt (the line length docstrings wrap to).
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

from .. import ir
from ..fmt import LINE_LENGTH

_PRIMITIVES = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "datetime": "datetime",
    "date": "date",
    "bytes": "bytes",
    "file": "File",
    "any": "Any",
}


def values_alias(enum_name: str) -> str:
    """The name of the `Literal` alias of an enum's values, defined beside it in models.py."""
    return f"{enum_name}Value"


def annotation(type_: ir.TypeExpr, *, sequence: bool = False, values: bool = True) -> str:
    """A type as an annotation; with `sequence`, its outer arrays as `Sequence` (what an argument
    accepts) rather than `list`. An enum also takes its values as plain strings (its
    `values_alias`), unless `values` is false: for a type the client parses a response into."""
    if isinstance(type_, ir.Primitive):
        return _PRIMITIVES[type_.name]
    if isinstance(type_, ir.EnumRef):
        return f"{type_.name} | {values_alias(type_.name)}" if values else type_.name
    if isinstance(type_, ir.ModelRef | ir.AliasRef):
        return type_.name
    if isinstance(type_, ir.ArrayOf):
        container = "Sequence" if sequence else "list"
        return f"{container}[{annotation(type_.item, sequence=False, values=values)}]"
    if isinstance(type_, ir.MapOf):
        return f"dict[str, {annotation(type_.value, sequence=False, values=values)}]"
    if isinstance(type_, ir.Const):
        return f"Literal[{literal(type_.value)}]"
    options = [annotation(o, sequence=sequence, values=values) for o in type_.options]
    union = " | ".join(dict.fromkeys(options))
    if not type_.discriminator:
        return union
    tags = ", ".join(f"{literal(value)}: {literal(name)}" for value, name in type_.tags)
    return f"Annotated[{union}, Tagged({literal(type_.discriminator)}, {{{tags}}})]"


def field_annotation(field: ir.Field) -> str:
    """A model field's annotation as models.py spells it: `| None` when it may be missing or
    null (`changes` compares fields by it too)."""
    base = annotation(field.type)
    return f"{base} | None" if field.takes_none else base


def literal(value: ir.Literal_) -> str:
    """A JSON scalar as a Python literal; `repr` escapes every quote and control character."""
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return f'float("{value}")'
        return repr(value)
    return _double_quoted(str(value))


def _double_quoted(text: str) -> str:
    """A Python string literal in double quotes (black's choice, so output is already stable)."""
    literal_ = repr(text)
    if literal_.startswith('"'):
        return literal_
    inner = literal_[1:-1].replace("\\'", "'").replace('"', '\\"')
    return f'"{inner}"'


# Dropped from prose: control characters (C0, DEL, C1, Unicode line separators), lone surrogates
# (JSON allows them; UTF-8 cannot encode them) and bidi controls, which can make code read
# differently from what it is ("Trojan Source").
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c"
    r"\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def clean_text(text: str) -> str:
    """Spec prose with control characters dropped and line endings unified."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).replace("\t", "    ")


def docstring(text: str, indent: int = 4, width: int = LINE_LENGTH) -> str:
    """Prose made safe for the inside of a triple-quoted docstring, wrapped, indented after the
    first line. Backslashes and quotes are escaped so no text can end the string early."""
    text = clean_text(text).strip().replace("\\", "\\\\")
    if text.endswith('"'):  # first: it must not join the closing quotes
        text = text[:-1] + '\\"'
    text = text.replace('"""', '\\"\\"\\"')
    if text.startswith('"'):  # nor the opening ones (black would put a space between)
        text = '\\"' + text[1:]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    pad = " " * indent
    lines: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index:
            lines.append("")
        wrapped = textwrap.wrap(
            " ".join(paragraph.split()),
            width=max(width - indent, 40),
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines.extend(wrapped)
    return ("\n" + pad).join(lines).replace("\n" + pad + "\n", "\n\n")


def docstring_literal(text: str, indent: int = 4) -> str:
    """A whole docstring: on one line when the text is one line (black puts the closing quotes
    there however long it is), else with the closing quotes on their own line (PEP 257)."""
    body = docstring(text, indent)
    if "\n" not in body:
        # A closing quote of the text is kept apart from the closing quotes, as black does.
        return f'"""{body} """' if body.endswith('"') else f'"""{body}"""'
    return f'"""{body}\n{" " * indent}"""'


def one_line(text: str) -> str:
    """Prose on one line: for a `#` comment, a table cell, a summary."""
    return " ".join(clean_text(text).split())
