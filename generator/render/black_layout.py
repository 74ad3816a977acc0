"""Lay out the few statement shapes the templates build from spec data as black would.

Templates emit black's format already, so black (which the pipeline still runs over every
spec-dependent module) makes one pass over them instead of two: black formats a text twice unless
the first pass changes nothing. Most lines are fixed by the templates; these are the ones whose
layout depends on the length of names and values from the spec. For `call` and `value` a wrong
guess costs time, never correctness: black still has the last word. `tuple_argument` does more:
the trailing comma it writes after each item of a split tuple is one black keeps (its "magic
trailing comma"), so it decides that layout; tests/test_manifest.py checks that black leaves every
generated module as rendered.

Imports: fmt (for the line length black formats to).
"""

from __future__ import annotations

import re

from ..fmt import LINE_LENGTH


def call(head: str, function: str, arguments: list[str], *, indent: int) -> str:
    """`head = function(arguments)`: on one line if it fits; else the arguments on one line of
    their own; else one argument a line, with a trailing comma. Lines after the first carry their
    indentation; the first does not (the template gives it)."""
    pad = " " * indent
    joined = ", ".join(arguments)
    one_line = f"{head} = {function}({joined})"
    if indent + len(one_line) <= LINE_LENGTH:
        return one_line
    opening = f"{head} = {function}("
    if indent + len(opening) > LINE_LENGTH and indent + len(f"{head} = (") <= LINE_LENGTH:
        # The call's opening does not fit but `head = (` does: black wraps the call in
        # parentheses of its own.
        inner = call("", function, arguments, indent=indent + 4).removeprefix(" = ")
        return f"{head} = (\n{pad}    {inner}\n{pad})"
    if indent + len(opening) > LINE_LENGTH and ": " in head:
        # Even `head = (` does not fit: black puts the annotation in parentheses of its own.
        name, annotation = head.split(": ", 1)
        opening = f"{name}: {annotation_block(annotation, indent=indent)} = {function}("
    opening_width = len(opening.rsplit("\n", 1)[-1]) + (0 if "\n" in opening else indent)
    if indent + 4 + len(joined) <= LINE_LENGTH and opening_width <= LINE_LENGTH:
        return f"{opening}\n{pad}    {joined}\n{pad})"
    lines = "".join(f"\n{pad}    {argument}," for argument in arguments)
    return f"{opening}{lines}\n{pad})"


def annotation_block(annotation: str, *, indent: int) -> str:
    """An annotation in the parentheses black gives one too long for its line: on a line of its
    own if it fits, else one union member a line (its top-level `|`s; a name too long for its
    line stays as it is there). If a member with brackets does not fit its line, the annotation
    as it is: black has the last word on it."""
    pad = " " * indent
    if indent + 4 + len(annotation) <= LINE_LENGTH:
        return f"(\n{pad}    {annotation}\n{pad})"
    first, *rest = union_members(annotation)
    too_long = [m for m in (first, *rest) if indent + 6 + len(m) > LINE_LENGTH]
    if not rest or any("[" in member or "(" in member for member in too_long):
        return annotation  # black splits a member's brackets: its call
    lines = "".join(f"\n{pad}    | {member}" for member in rest)
    return f"(\n{pad}    {first}{lines}\n{pad})"


def union_members(annotation: str) -> list[str]:
    """The members of a union annotation, split at its top-level ` | ` only."""
    members, depth, start = [], 0, 0
    for index, character in enumerate(annotation):
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth -= 1
        elif depth == 0 and annotation.startswith(" | ", index):
            members.append(annotation[start:index])
            start = index + 3
    members.append(annotation[start:])
    return members


def annotated(name: str, annotation: str, default: str, *, indent: int) -> str:
    """`name: annotation = default`: on one line if it fits; else black splits the right-hand
    side, the default in parentheses on a line of its own, when `name: annotation = (` fits
    (and the default there, unless it is an `Enum.MEMBER`, which black puts there all the same);
    else the annotation in parentheses (`annotation_block`)."""
    line = f"{name}: {annotation} = {default}"
    if indent + len(line) <= LINE_LENGTH:
        return line
    head = f"{name}: {annotation} = ("
    fits = indent + 4 + len(default) <= LINE_LENGTH
    if indent + len(head) <= LINE_LENGTH and (fits or _DOTTED.fullmatch(default)):
        pad = " " * indent
        return f"{head}\n{pad}    {default}\n{pad})"
    block = annotation_block(annotation, indent=indent)
    too_long = indent + len(f") = {default}") > LINE_LENGTH
    if block != annotation and too_long and _DOTTED.fullmatch(default):
        # `) = Enum.MEMBER` too long: black puts the member in parentheses of its own (a string
        # it leaves as it is).
        pad = " " * indent
        return f"{name}: {block} = (\n{pad}    {default}\n{pad})"
    return f"{name}: {block} = {default}"


_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def value(head: str, expression: str, *, indent: int) -> str:
    """`head = expression`: on one line if it fits; else the expression in parentheses on a line
    of its own, if that fits; else on one line all the same (nothing black could split)."""
    pad = " " * indent
    one_line = f"{head} = {expression}"
    if indent + len(one_line) <= LINE_LENGTH or indent + 4 + len(expression) > LINE_LENGTH:
        return one_line
    return f"{head} = (\n{pad}    {expression}\n{pad})"


def tuple_argument(name: str, items: list[str], *, indent: int) -> str:
    """`name=(items)` as a keyword argument: `()` when empty; one item on the line if it fits
    (black does not keep a 1-tuple's comma as a reason to split); else one item a line, with a
    trailing comma, which black keeps as it is."""
    pad = " " * indent
    if not items:
        return f"{name}=()"
    if len(items) == 1 and indent + len(f"{name}=({items[0]},),") <= LINE_LENGTH:
        return f"{name}=({items[0]},)"
    lines = "".join(f"\n{pad}    {item}," for item in items)
    return f"{name}=({lines}\n{pad})"


_ANNOTATED_CALL = re.compile(
    r"(?P<name>\w+): (?P<generic>\w+)\[(?P<argument>.+)\] = (?P<call>\w+)\("
)


def annotated_call(statement: str) -> str:
    """`NAME: Generic[Argument] = call(` / one argument a line / `)`, a module-level statement,
    as black lays it out when its first line is too long: the call in parentheses of its own when
    `NAME: Generic[Argument] = (` fits; else the subscript split, `NAME: Generic[` / `Argument` /
    `] = call(`. Any other case (a line that would not fit either way) is left as it is, to
    black. `statement` ends with a newline, as the template writes it."""
    lines = statement.removesuffix("\n").split("\n")
    first = _ANNOTATED_CALL.fullmatch(lines[0])
    if len(lines[0]) <= LINE_LENGTH or first is None or lines[-1] != ")":
        return statement
    name, generic, argument, call = first.group("name", "generic", "argument", "call")
    body = lines[1:-1]
    head = f"{name}: {generic}[{argument}] = ("
    if len(head) <= LINE_LENGTH:
        if all(4 + len(line) <= LINE_LENGTH for line in body):
            inner = "".join(f"\n    {line}" for line in body)
            return f"{head}\n    {call}({inner}\n    )\n)\n"
        return statement
    opening = f"{name}: {generic}["
    if len(opening) > LINE_LENGTH or 4 + len(argument) > LINE_LENGTH:
        return statement
    if any(len(line) > LINE_LENGTH for line in body):
        return statement
    return "\n".join([opening, f"    {argument}", f"] = {call}(", *body, ")"]) + "\n"


def class_line(name: str, base: str) -> str:
    """`class Name(Base):`, or, when that is too long, the base on a line of its own (black
    splits the one bracket of the line, even when `class Name(` is too long itself)."""
    line = f"class {name}({base}):"
    if len(line) <= LINE_LENGTH or 4 + len(base) > LINE_LENGTH:
        return line
    return f"class {name}(\n    {base}\n):"


def left_to_black(annotation: str) -> bool:
    """An annotation that is one member (a subscript, or a name), not a union: too long for its
    line, black does not wrap it in parentheses of its own but splits its brackets (or leaves a
    name as it is), so the templates write it on one line and leave the split to black."""
    return len(union_members(annotation)) == 1


def bare_annotation(name: str, annotation: str, *, indent: int, after: str = "") -> str:
    """`name: annotation` with no value of its own (a required field; or a parameter, `after`
    what follows it on its line: its comma, or ` = default,`): when too long, the annotation in
    the parentheses black gives it (`annotation_block`)."""
    line = f"{name}: {annotation}"
    if indent + len(line) + len(after) <= LINE_LENGTH or left_to_black(annotation):
        return line  # fits; or one member, which black splits at its own brackets
    if indent + len(f"{name}: (") > LINE_LENGTH:
        return line
    return f"{name}: {annotation_block(annotation, indent=indent)}"


def type_alias_head(name: str, opener: str) -> str | None:
    """The head of `name: TypeAlias = opener...`, a long alias of a subscript (`Annotated[`),
    where `name: TypeAlias = opener` does not fit: None when `name: TypeAlias = (` fits (black
    puts the value in parentheses of its own: the caller indents it), else
    `name: (\n    TypeAlias\n) = opener` (black's split of the annotation)."""
    if len(f"{name}: TypeAlias = (") <= LINE_LENGTH:
        return None
    return f"{name}: (\n    TypeAlias\n) = {opener}"


def annotated_values(values: list[str], enum: str, *, indent: int, split: bool = False) -> str:
    """`Annotated[Literal[values], AfterValidator(enum)]` starting at column `indent` (its first
    line carries no indentation): on one line if it fits (and not `split`); else its two items
    on a line of their own; else one a line, the Literal's values on one line or one a line, the
    validator's argument on a line of its own if the validator does not fit."""
    pad = " " * indent
    literal_, validator = f"Literal[{', '.join(values)}]", f"AfterValidator({enum})"
    one_line = f"Annotated[{literal_}, {validator}]"
    if not split and indent + len(one_line) <= LINE_LENGTH:
        return one_line
    if indent + 4 + len(f"{literal_}, {validator}") <= LINE_LENGTH:
        return f"Annotated[\n{pad}    {literal_}, {validator}\n{pad}]"
    if indent + 4 + len(f"{literal_},") > LINE_LENGTH:
        literal_ = "Literal[" + "".join(f"\n{pad}        {v}," for v in values) + f"\n{pad}    ]"
    if indent + 4 + len(f"{validator},") > LINE_LENGTH:
        validator = f"AfterValidator(\n{pad}        {enum}\n{pad}    )"
    return f"Annotated[\n{pad}    {literal_},\n{pad}    {validator},\n{pad}]"
