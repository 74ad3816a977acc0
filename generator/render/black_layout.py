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
    own if it fits, else one union member a line."""
    pad = " " * indent
    if indent + 4 + len(annotation) <= LINE_LENGTH:
        return f"(\n{pad}    {annotation}\n{pad})"
    first, *rest = annotation.split(" | ")
    lines = "".join(f"\n{pad}    | {member}" for member in rest)
    return f"(\n{pad}    {first}{lines}\n{pad})"


def annotated(name: str, annotation: str, default: str, *, indent: int) -> str:
    """`name: annotation = default`: on one line if it fits; else black splits the right-hand
    side, the default in parentheses on a line of its own, when `name: annotation = (` fits;
    else the annotation in parentheses (`annotation_block`)."""
    line = f"{name}: {annotation} = {default}"
    if indent + len(line) <= LINE_LENGTH:
        return line
    head = f"{name}: {annotation} = ("
    if indent + len(head) <= LINE_LENGTH and indent + 4 + len(default) <= LINE_LENGTH:
        pad = " " * indent
        return f"{head}\n{pad}    {default}\n{pad})"
    return f"{name}: {annotation_block(annotation, indent=indent)} = {default}"


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
