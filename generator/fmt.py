"""black, fast: one fixed mode, modules cut into top-level chunks, chunks formatted in parallel.

black's output for a module is the output for each top-level statement, joined by the blank lines
its rules put between them. `split` cuts a rendered module only where those rules do not depend on
what is inside the chunks: before a top-level `class`/`def`/decorator (black always puts exactly two
blank lines there) and between two top-level simple statements of the `NAME: ... = ...` kind (black
keeps the blank lines the source has, at most two). A top-level class is cut further (`members`):
its head, then each method after the one blank line black puts before a method in a class body;
black formats a method alone, in a class body of its own. `join` puts them back that way. The
result is byte-identical to `black.format_str` on the whole module; tests/test_manifest.py
checks it on every generated module, and benchmarks/run.py on the large spec.

Chunks are what the cache (`manifest.py`) keys on, and what the process pool shares out: a spec with
a thousand operations gives a few thousand chunks, which both cores format. Small outputs are
formatted in process: forking a pool costs more than it saves below `PARALLEL_MIN_LINES`.

`plan` decides which chunks black must see at all. Most of what the templates emit is black's
layout already (render.black_layout lays out the spec-dependent shapes), and black leaves such a
chunk as it is; `can_differ` is a conservative test, on the chunk's tokens, for every way black
could change it (a long line, a bracket black could join or split differently, a quote, a number,
a comment, a docstring or a blank line black writes otherwise). Chunks it clears are trusted as
they are; black formats the rest. The tests prove the result equals black's on the committed
package, every corpus package and a synthetic spec; `scimgen generate --verify` runs black over
every chunk (and says if a trusted one would have differed). `plan_files` asks `can_differ` once
per `shape` (the chunk with the names it does not read by value as placeholders of the same
length): a spec's operations and models repeat a few patterns (synthetic-10000's 41,605 chunks
have 90 shapes), and the test costs ~0.4 ms a chunk.

Imports: diagnostics (tokenize for `plan`). black is imported only when something is formatted.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, GeneratorError, Level

LINE_LENGTH = 88
"""black's line length, and so the width every emitter lays out to (render.black_layout,
render.pysource's docstrings): the one definition."""
TARGET_VERSION = "PY310"
MODE_DESCRIPTION = f"line_length={LINE_LENGTH},target={TARGET_VERSION},magic_trailing_comma,stable"
"""What the manifest records of the mode: a different mode gives different output."""
PARALLEL_MIN_LINES = 2_000
"""Below this many lines to format, a process pool costs more than it saves (measured: ~0.1 s to
fork and hand out work vs ~3,000-7,000 lines/s per core)."""

# A split point: one or more blank lines, then a line at column 0 that starts a chunk.
_BOUNDARY = re.compile(r"\n((?:[ \t]*\n)+)(?=class |def |async def |@|[A-Za-z_][A-Za-z0-9_]*: )")
_DEF = ("class ", "def ", "async def ", "@")
_SIMPLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:: [^=]*)? = ")
_CLOSING = (")", "]", "}")


@dataclass(frozen=True)
class Chunk:
    text: str
    blank_lines_before: int
    """Blank lines to put between the previous chunk and this one (0 for the first)."""


def black_version() -> str:
    """black's version without importing black (its import costs ~0.1 s)."""
    try:
        from _black_version import version  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # pragma: no cover - an unusual install of black
        from importlib.metadata import version as dist_version

        return dist_version("black")
    return str(version)


def black_mode() -> Any:
    import black
    from black.mode import TargetVersion

    return black.Mode(
        target_versions={getattr(TargetVersion, TARGET_VERSION)},
        line_length=LINE_LENGTH,
        string_normalization=True,
        magic_trailing_comma=True,
        preview=False,
    )


def _last_statement(text: str) -> str:
    """The first line of the last top-level statement of a chunk."""
    for line in reversed(text.splitlines()):
        if line and not line[0].isspace() and not line.startswith(("#", *_CLOSING)):
            return line
    return ""


def split(source: str) -> list[Chunk]:
    """Cut a module into chunks that black formats the same alone as in the whole module."""
    pieces = _BOUNDARY.split(source)
    chunks = [Chunk(pieces[0] + "\n", 0)]
    for index in range(1, len(pieces), 2):
        blanks = pieces[index].count("\n")
        text = pieces[index + 1]
        previous = _last_statement(chunks[-1].text)
        if text.startswith(_DEF):
            chunks.append(Chunk(text, 2))
        elif _SIMPLE.match(text) and _SIMPLE.match(previous) and not previous.startswith(_DEF):
            chunks.append(Chunk(text, min(blanks, 2)))
        else:  # not a safe place to cut: keep the text together
            last = chunks.pop()
            # The blank lines, and the newline that ends the chunk's last line (the first chunk
            # has it already).
            joined = last.text.removesuffix("\n") + "\n" * (blanks + 1) + text
            chunks.append(Chunk(joined, last.blank_lines_before))
    if not source.endswith("\n"):
        last = chunks.pop()
        chunks.append(Chunk(last.text.removesuffix("\n"), last.blank_lines_before))
    return [member for chunk in chunks for member in members(chunk)]


# A member split point in a class: one empty line, then a method or decorator at depth one.
_MEMBER = re.compile(r"\n\n(?=    (?:def |async def |@)\S)")
MEMBER_PREFIX = "class _:\n"
"""What a class member is formatted under: black lays out a member the same in any class body,
and puts exactly one empty line before a method that follows another statement of the body."""


def members(chunk: Chunk) -> list[Chunk]:
    """A top-level class cut into its head (the class line and what precedes the first method)
    and its methods, each after the one empty line black puts before it: so black formats only
    the methods that can differ, and the cache keeps each. Cut only outside strings (an even
    number of triple quotes before the cut: the generator escapes them in every string it
    writes), and never in a class with a comment that holds triple quotes or a `'''` string."""
    text = chunk.text
    if not text.startswith("class ") or "'''" in text:
        return [chunk]
    if "#" in text and any("#" in line and '"""' in line for line in text.split("\n")):
        return [chunk]
    pieces: list[Chunk] = []
    start = piece_start = quotes = 0
    for found in _MEMBER.finditer(text):
        cut = found.start() + 1
        quotes += text.count('"""', start, cut)
        start = cut
        if quotes % 2 or text.count("\n", piece_start, cut) < 2:
            continue  # inside a string, or a head that is only the class line (no body)
        pieces.append(Chunk(text[piece_start:cut], 1 if pieces else chunk.blank_lines_before))
        piece_start = cut + 1
    if not pieces:
        return [chunk]
    pieces.append(Chunk(text[piece_start:], 1))
    return pieces


_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_OPENERS.values())
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_COMMENT = re.compile(r"#(?: \S.*)?")
_DOTTED = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
_STRING_START = re.compile(r'(?:[fbr]|rb|br|fr|rf)?"')


def can_differ(text: str) -> bool:
    """Whether black could format this chunk other than it is. False only for text whose every
    line fits, whose brackets are either on one line or split one item a line with black's magic
    trailing comma, whose strings and numbers are in black's spelling, whose comments are spaced as
    black spaces them and whose blank lines black keeps; for anything else, True."""
    import io
    import tokenize

    lines = text.rstrip("\n").split("\n")
    after_opener: list[int] = []
    if _lines_can_differ(lines, after_opener):
        return True
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    except (tokenize.TokenError, SyntaxError):
        return True
    if after_opener and not _inside_strings(after_opener, tokens):
        return True
    return _Brackets(lines).can_differ(tokens) or _long_lines_can_differ(lines, tokens)


def _inside_strings(rows: list[int], tokens: list[Any]) -> bool:
    """Whether every one of `rows` is a line inside a multi-line string (a docstring's blank
    line after a paragraph that ends with a colon: text, which black leaves as it is)."""
    import token as kinds

    inside: set[int] = set()
    for item in tokens:
        if item.type == kinds.STRING and item.end[0] > item.start[0] + 1:
            inside.update(range(item.start[0] + 1, item.end[0]))
    return all(row in inside for row in rows)


def _long_lines_can_differ(lines: list[str], tokens: list[Any]) -> bool:
    """A line longer than black's limit is black's too when black cannot split it: a line inside
    a string (not the closing line of a multi-line one), a one-line docstring, an item of a split
    bracket that is one string (`name="..."`), or `name = "..."` whose string would not fit in
    parentheses on a line of its own either."""
    import token as kinds

    long_rows = {n for n, line in enumerate(lines, 1) if len(line) > LINE_LENGTH}
    if not long_rows:
        return False
    starting: dict[int, list[Any]] = {}
    inside_string: set[int] = set()
    for item in tokens:
        if item.type in (kinds.NL, kinds.NEWLINE, kinds.INDENT, kinds.DEDENT, kinds.COMMENT):
            continue
        starting.setdefault(item.start[0], []).append(item)
        if item.type == kinds.STRING and item.end[0] > item.start[0]:
            inside_string.update(range(item.start[0] + 1, item.end[0]))
            if item.end[0] in long_rows:
                return True  # black puts the closing quotes on a line of their own
    for row in long_rows:
        if row in inside_string:
            continue
        found = starting.get(row, [])
        shape = ['"' if t.type == kinds.STRING else t.string for t in found]
        line = lines[row - 1]
        indent = len(line) - len(line.lstrip())
        if not shape:
            if line.lstrip().startswith("#"):
                continue  # a comment line (spaced as black spaces it): black never wraps one
            return True
        if shape in (['"'], ['"', ","], [shape[0], "=", '"', ","]):
            continue  # one string, alone or as a keyword argument: nothing black can split
        if _one_attribute(found):
            continue  # `name.attribute` (an item of a split bracket): black splits no single dot
        if [t.type for t in found] in ([kinds.NAME], [kinds.OP, kinds.NAME]) and shape[0] in (
            "|",
            found[0].string,
        ):
            continue  # one name, or `| name` (a union split one member a line): nothing to split
        # `name = "..."` / `name: annotation = "..."`: black puts the string in parentheses on a
        # line of its own when that makes it fit.
        assignment = (
            len(shape) >= 3
            and shape[-1] == '"'
            and shape[-2] == "="
            and (len(shape) == 3 or shape[1] == ":")
            and line.endswith(found[-1].string)
        )
        if not assignment or indent + 4 + len(found[-1].string) <= LINE_LENGTH:
            return True
    return False


def _one_attribute(found: list[Any]) -> bool:
    """`name.attribute` or `name.attribute,`: black does not split a single attribute from its
    parent ("looks wrong", its delimiter split says), and there is nothing else to split."""
    import token as kinds

    names = [t for t in found if t.type == kinds.NAME]
    shape = ["name" if t.type == kinds.NAME else t.string for t in found]
    return shape in (["name", ".", "name"], ["name", ".", "name", ","]) and not any(
        keyword_before_bracket(t.string) or t.string in ("None", "True", "False") for t in names
    )


def _lines_can_differ(lines: list[str], after_opener: list[int]) -> bool:
    """Line by line: trailing white space, a tab, a backslash continuation, a blank line that
    opens the chunk, two in a row inside a block or three anywhere. A blank line after a line
    that ends as a block or bracket opens is noted in `after_opener` (1-based rows): black
    removes it, unless it is text inside a string (`can_differ` tells which)."""
    blanks = 0
    previous = ""
    for number, line in enumerate(lines):
        if not line:
            if number == 0 or blanks == 2:
                return True
            if previous.endswith((":", "(", "[", "{")):
                after_opener.append(number + 1)
            blanks += 1
            continue
        if line[-1] in " \\" or "\t" in line or "\r" in line:
            return True
        if blanks > 1 and line[0] == " ":
            return True
        blanks = 0
        previous = line
    return False


@dataclass
class _Open:
    closer: str
    split: bool
    """Opened at the end of its line (black's split, if the bracket keeps it)."""
    row: int
    commas: int = 0
    inline_commas: int = 0
    """Commas not at the end of a line: two items on one line."""
    breaks: int = 0
    """Line breaks directly inside it."""
    concatenated: bool = False
    """Its body is strings joined by implicit concatenation, one a line."""
    bare: bool = False
    """Split without a trailing comma: the body on lines of its own (black's right-hand split)."""
    subscript: bool = False
    call: bool = False
    union_lines: int = 0
    """Lines of its body that go on with `| member` (black's split of a long annotation)."""


class _Brackets:
    """The token walk of `can_differ`."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.stack: list[_Open] = []
        self.last: Any = None
        """The last token that is not a line break, an indent or a comment."""
        self.line_start: list[Any] = []
        """The significant tokens of the current line so far."""

    def can_differ(self, tokens: list[Any]) -> bool:
        import token as kinds

        for index, item in enumerate(tokens):
            kind, string = item.type, item.string
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if kind == kinds.COMMENT:
                if self.stack or not self._comment_as_black(item):
                    return True
                continue
            if kind in (kinds.NL, kinds.NEWLINE):
                if self.stack and not self._break_as_black(following):
                    return True
                if kind == kinds.NEWLINE and self._compound_on_one_line():
                    return True
                self.line_start = []
                continue
            if kind in (kinds.INDENT, kinds.DEDENT, kinds.ENDMARKER):
                continue
            if kind == kinds.ERRORTOKEN:
                return True
            if self._spaced_differently(item):
                return True
            if kind == kinds.OP and string in _OPENERS:
                if self._opens_differently(item, following):
                    return True
            elif kind == kinds.OP and string in _CLOSERS:
                if self._closes_differently(item, following):
                    return True
            elif kind == kinds.OP and string == ",":
                if self.stack:
                    self.stack[-1].commas += 1
                    if following is None or following.type != kinds.NL:
                        self.stack[-1].inline_commas += 1
            elif kind == kinds.OP and string in ("**", ";"):
                return True  # black hugs a power's simple operands
            elif kind == kinds.STRING:
                prefix = _STRING_START.match(string)
                if not prefix or _string_can_differ(string[prefix.end() - 1 :]):
                    return True
            elif kind == kinds.NUMBER and not _NUMBER.fullmatch(string):
                return True
            self.last = item
            self.line_start.append(item)
        return bool(self.stack)

    def _spaced_differently(self, item: Any) -> bool:
        """The gap between a token and the one before it on its line, where black's spacing is
        plain: one space at most, none inside brackets, before a comma or around a dot (but in
        `from . import`), one after a comma, none before a call's or subscript's bracket."""
        import token as kinds

        previous = self.last
        if previous is None or previous.end[0] != item.start[0] or not self.line_start:
            return False
        gap = item.start[1] - previous.end[1]
        before, string = previous.string, item.string
        if gap > 1:
            return True
        if gap and (before in _OPENERS or string in _CLOSERS or string == ","):
            return True
        if before == "," and not gap and string not in _CLOSERS:
            return True
        if gap and string == "." and before != "from":
            return True
        if gap and before == "." and string != "import":
            return True
        return bool(
            gap
            and string in ("(", "[")
            and previous.type == kinds.NAME
            and not keyword_before_bracket(before)
        )

    def _compound_on_one_line(self) -> bool:
        """`if x: return`, `def f(): ...`: a block on its header's line (black moves it)."""
        words = [t.string for t in self.line_start if t.type == 1]
        first = self.line_start[0].string if self.line_start else ""
        if first == "async" and len(words) > 1:
            first = words[1]
        return first in _COMPOUND and self.line_start[-1].string != ":"

    def _comment_as_black(self, item: Any) -> bool:
        row, column = item.start
        before = self.lines[row - 1][:column]
        spaced = not before.strip() or (before.endswith("  ") and before[-3:-2] != " ")
        return bool(_COMMENT.fullmatch(item.string)) and spaced

    def _break_as_black(self, following: Any) -> bool:
        """A line break inside brackets: only after a split bracket's opener or one of its
        items' commas, or before its closer when its body has no trailing comma."""
        inner = self.stack[-1]
        last = self.last.string if self.last is not None else ""
        if not inner.split or not self.line_start:
            return False
        inner.breaks += 1
        if last == "," or last in _OPENERS:
            return True
        if following is not None and following.string == inner.closer:
            inner.bare = True
            return True
        if following is not None and following.string == "|" and inner.closer == ")":
            if inner.call or inner.subscript:
                return False
            inner.breaks -= 1
            inner.union_lines += 1  # one union member a line, `| B` (an annotation's split)
            return True
        if self.last.type == 3 and following is not None and following.type == 3:  # STRING
            inner.breaks -= 1
            inner.concatenated = True  # implicit concatenation, one string a line
            return True
        return False

    def _opens_differently(self, item: Any, following: Any) -> bool:
        import token as kinds

        split = following is not None and following.type == kinds.NL
        previous = self.last
        after_value = previous is not None and (
            previous.string in _CLOSERS
            or previous.type == kinds.STRING
            or (previous.type == kinds.NAME and not keyword_before_bracket(previous.string))
        )
        opened = _Open(
            _OPENERS[item.string],
            split,
            item.start[0],
            subscript=item.string == "[" and after_value,
            call=item.string == "(" and after_value,
        )
        if split and not self._head_as_black():
            return True
        self.stack.append(opened)
        return False

    def _bare_as_black(self, opened: _Open, closing_row: int) -> bool:
        """`head(` / body / `)` without a trailing comma: black's right-hand split, when the
        statement does not fit on one line, the body is one (a line, or one split bracket), and
        the statement is no def or import (black adds a comma to those) nor a class with more
        than one base."""
        if not opened.bare or opened.breaks != 2:
            return False
        if not (opened.call or opened.subscript or opened.closer == ")"):
            return False
        statement = self.lines[opened.row - 1].lstrip()
        if statement.startswith(("def ", "async def ", "import ", "from ")):
            return False
        if statement.startswith("class ") and opened.commas:
            return False
        body = self.lines[opened.row : closing_row - 1]
        if opened.union_lines and not self._union_as_black(opened, body, closing_row):
            return False
        joined = len(self.lines[opened.row - 1]) + sum(
            len(line.strip()) for line in self.lines[opened.row : closing_row]
        )
        atom = not (opened.call or opened.subscript or opened.union_lines or opened.concatenated)
        if atom and _omits_parentheses(
            self.lines[opened.row - 1][:-1],
            "\n".join([body[0].lstrip(), *body[1:]]),
            opens_after=self.lines[closing_row - 1].endswith(("(", "[", "{")),
        ):
            return False
        if opened.concatenated:
            # Black splits the strings apart only if they do not fit on one line together.
            indent = len(body[0]) - len(body[0].lstrip())
            return indent + sum(len(line.strip()) + 1 for line in body) - 1 > LINE_LENGTH
        if self._right_hand_side_fits(opened, closing_row):
            return False
        # Parentheses black may drop (`name: (` / `A | B` / `)`) are not in the line it joins.
        return joined - (2 if atom else 0) > LINE_LENGTH

    def _union_as_black(self, opened: _Open, body: list[str], closing_row: int) -> bool:
        """`name: (` / `A` / `| B` / `)`: an annotation's union one member a line, as black
        splits one that does not fit on a line of its own in the parentheses (and nothing
        split after it: `) = Field(` is left to black, `) = (` before an enum member is
        black's)."""
        opens = self.lines[closing_row - 1].rstrip().endswith(("(", "[", "{"))
        if opens and not self._member_default_after(closing_row):
            return False
        members = [line.strip() for line in body]
        if len(members) != opened.union_lines + 1:
            return False
        if not all(member.startswith("| ") for member in members[1:]):
            return False
        indent = len(body[0]) - len(body[0].lstrip())
        if any(len(line) - len(line.lstrip()) != indent for line in body):
            return False
        return indent + len(" ".join(members)) > LINE_LENGTH

    def _member_default_after(self, closing_row: int) -> bool:
        """`) = (` / `Enum.MEMBER` / `)`: an enum member default in parentheses of its own
        after a split annotation, as black puts one too long for the `) = ` line."""
        after = self.lines[closing_row - 1 : closing_row + 2]
        return (
            len(after) == 3
            and after[0].strip() == ") = ("
            and _DOTTED.fullmatch(after[1].strip()) is not None
            and after[2].strip() == ")"
        )

    def _right_hand_side_fits(self, opened: _Open, closing_row: int) -> bool:
        """`name: (` / annotation / `) = value`, a statement of its own: black splits the
        right-hand side instead (`name: annotation = (` / value / `)`) when that head fits on its
        line. (A parameter's `) = None,` inside a def's brackets is black's as it is.)"""
        closing = self.lines[closing_row - 1].strip()
        if self.stack or not closing.startswith(") = ") or closing.endswith(","):
            return False
        body = " ".join(line.strip() for line in self.lines[opened.row : closing_row - 1])
        head = len(self.lines[opened.row - 1]) - 1 + len(body) + len(" = (")
        return head <= LINE_LENGTH

    def _head_as_black(self) -> bool:
        """The line a split bracket opens: black splits there only if it is the line's one
        place to split: no delimiter before the bracket at the line's own depth (but for an
        annotation before `=`)."""
        depth = 0
        assignments = 0
        strings = [t.string for t in self.line_start]
        if "=" in strings:
            del strings
            start = [t.string for t in self.line_start].index("=")
            before = self.line_start[:start]
            if _has_delimiter(before):
                return False
            assignments = 1
            line_start = self.line_start[start + 1 :]
        else:
            line_start = self.line_start
        for item in line_start:
            string = item.string
            if string in _OPENERS:
                depth += 1
            elif string in _CLOSERS:
                depth -= 1
            elif depth == 0 and item.type == 54:  # token.OP
                if string == "=" and assignments == 0:
                    assignments += 1
                elif string not in (".", "@", ":", "->", "="):
                    return False
            elif depth == 0 and item.type == 1 and string in _DELIMITER_WORDS:
                return False
        return True

    def _closes_differently(self, item: Any, following: Any) -> bool:
        import token as kinds

        if not self.stack or self.stack[-1].closer != item.string:
            return True
        opened = self.stack.pop()
        last = self.last.string if self.last is not None else ""
        row, column = item.start
        if opened.split:
            if self.lines[row - 1][:column].strip():
                return True
            if last != ",":
                return not self._bare_as_black(opened, row)
            if opened.inline_commas:
                return True  # black puts one item a line
            if opened.commas == 1 and not opened.call and item.string != "}":
                return True  # a one-item tuple's or subscript's comma is not magic: black joins
            # Nothing black would split at after the closer: at most `,`, `:`, or a def's
            # return annotation.
            rest = self.lines[row - 1][column + 1 :].strip()
            statement = self.lines[opened.row - 1].lstrip()
            is_def = statement.startswith(("def ", "async def "))
            return not (rest in ("", ",", ":", "):") or (is_def and rest.startswith("-> ")))
        if row != opened.row:
            return True
        if last == ",":
            # A trailing comma on one line: magic (black explodes it) unless it is a one-item
            # tuple's.
            return opened.call or opened.subscript or opened.commas != 1 or item.string != ")"
        del following, kinds
        return False


_ANNOTATED_HEAD = re.compile(r"\s*[A-Za-z_]\w*: .+ = ")
_MATH_PRIORITY = {"|": 9, "^": 8, "&": 7, "<<": 6, ">>": 6, "+": 5, "-": 5, "**": 1}
_MATH_PRIORITY.update(dict.fromkeys(("*", "/", "//", "%", "@"), 4))
_COMPARISONS = frozenset({"<", ">", "==", "!=", "<=", ">=", "<>"})
_WORD_PRIORITY = {"if": 16, "else": 16, "and": 14, "or": 14, "in": 10, "is": 10, "not": 10}


def _omits_parentheses(prefix: str, body: str, *, opens_after: bool) -> bool:
    """`prefix(` / body / `)`, the body one line in parentheses black may drop (an annotation's,
    a value's): whether black drops them and splits the body's own last bracket instead
    (`name: Sequence[` / `A | B` / `]`), or could. Black keeps them for a body with no bracket
    (nothing else to split), with two or more delimiters of its top priority (`A | B | None`), or
    with one that ends in a subscript; else it drops them when the line up to the body's last
    bracket fits. Anything less plain than that (a bracket before the parentheses, two trailers,
    a keyword it treats apart) counts as could: black formats it."""
    import io
    import token as kinds
    import tokenize

    try:
        found = [
            t
            for t in tokenize.generate_tokens(io.StringIO(body).readline)
            if t.type not in (kinds.NEWLINE, kinds.NL, kinds.ENDMARKER, kinds.INDENT)
        ]
    except (tokenize.TokenError, SyntaxError):
        return True
    depth = 0
    openers: list[Any] = []
    priorities: list[int] = []
    previous: Any = None
    for item in found:
        string = item.string
        value_before = previous is not None and (
            previous.string in _CLOSERS
            or previous.type in (kinds.NUMBER, kinds.STRING)
            or (previous.type == kinds.NAME and not keyword_before_bracket(previous.string))
        )
        if item.type == kinds.OP and string in _OPENERS:
            if depth == 0:
                openers.append(item)
            depth += 1
        elif item.type == kinds.OP and string in _CLOSERS:
            depth -= 1
        elif depth == 0:
            priority = _delimiter_priority(item, previous, value_before)
            if priority is None:
                return True
            if priority:
                priorities.append(priority)
        previous = item
    if not openers:
        # Nothing to split but the parentheses: black keeps them, but around one name (which
        # it leaves on its line, too long) other than an annotated assignment's value or the
        # annotation of a statement split after it (`name: (` / `TypeAlias` / `) = Annotated[`).
        one_name = len(found) == 1 and found[0].type == kinds.NAME
        return one_name and not (opens_after or _ANNOTATED_HEAD.fullmatch(prefix))
    last = found[-1]
    if priorities:
        top = max(priorities)
        if priorities.count(top) > 1:
            return False  # black keeps the parentheses around several delimiters
        if top > 1:
            # One delimiter: black drops them only for a body that opens with a bracket, or
            # ends with one that is no subscript's ("indexing looks weird").
            at = found.index(openers[-1])
            before = found[at - 1] if at else None
            subscript = before is not None and (
                before.string in _CLOSERS
                or (before.type == kinds.NAME and not keyword_before_bracket(before.string))
            )
            ends = last.string in (")", "}") or (last.string == "]" and not subscript)
            return found[0].string in _OPENERS or ends
    if any(c in prefix for c in "([{}])") or len(openers) > 1 or last.string not in _CLOSERS:
        return True
    opener_row, opener_end = openers[-1].end
    return opener_row != 1 or len(prefix) + int(opener_end) <= LINE_LENGTH


def _delimiter_priority(item: Any, previous: Any, value_before: bool) -> int | None:
    """black's split priority of a token outside brackets (0: no delimiter), None for one this
    module does not model."""
    import token as kinds

    string = item.string
    if item.type == kinds.STRING:
        return 12 if previous is not None and previous.type == kinds.STRING else 0
    if item.type == kinds.OP:
        if string == ".":
            return 1 if previous is not None and previous.string in _CLOSERS else 0
        if string == ",":
            return 18
        if string in _COMPARISONS:
            return 10
        if string in _MATH_PRIORITY:
            return _MATH_PRIORITY[string] if value_before else 0
        return 0 if string == "~" else None
    if item.type == kinds.NAME and string in ("lambda", "for", "async", ":="):
        return None
    if item.type == kinds.NAME and string in _WORD_PRIORITY:
        second = (
            string in ("in", "not") and previous is not None and previous.string in ("not", "is")
        )
        return 0 if second or (string == "not" and not value_before) else _WORD_PRIORITY[string]
    return 0


def _has_delimiter(tokens: list[Any]) -> bool:
    """A comma or a word black may split at, outside brackets."""
    depth = 0
    for item in tokens:
        if item.string in _OPENERS:
            depth += 1
        elif item.string in _CLOSERS:
            depth -= 1
        elif depth <= 0 and (item.string == "," or item.string in _DELIMITER_WORDS):
            return True
    return False


_COMPOUND = frozenset(
    {"if", "elif", "else", "for", "while", "with", "try", "except", "finally", "def", "class"}
)
_DELIMITER_WORDS = frozenset({"and", "or", "not", "in", "is", "if", "else", "for"})


def keyword_before_bracket(name: str) -> bool:
    """A keyword after which a bracket opens a value (`return (`, `in [`), not a call."""
    import keyword

    return keyword.iskeyword(name) and name not in ("None", "True", "False")


def _string_can_differ(string: str) -> bool:
    """A string literal black would spell otherwise: a prefix, an escaped double quote it would
    trade for single quotes, or a docstring-like triple-quoted string whose ends black adjusts."""
    if string.startswith('"""'):
        body = string[3:-3]
        return (
            not string.endswith('"""')
            or len(string) < 6
            or body[:1] in (" ", "\t")
            or body.endswith(('"', "\\"))
        )
    return "\\" in string and ('\\"' in string or "\\'" in string)


WORDS_READ = frozenset(
    {"None", "True", "False", "async", "await", "from", "import", "def", "class", "type", "fmt"}
    | _COMPOUND
    | _DELIMITER_WORDS
)
"""Every word `can_differ` reads by its value (besides Python's keywords and soft keywords, which
`shape` keeps too): `shape` keeps them, and replaces every other name. A check that compares a
name with a new word must add it here (tests/test_fmt_shape.py finds the words the checks hold)."""
SHAPE_MEMO_LIMIT = 50_000
"""Shapes one run remembers at most (each costs its chunk's text)."""

_SHAPE_PATTERN: re.Pattern[str] | None = None


def _shape_pattern() -> re.Pattern[str]:
    """A name `shape` replaces: a run of letters, digits and underscores that starts with a letter
    or underscore, is none of the words kept (`WORDS_READ`, keywords, soft keywords) nor a string
    prefix (letters of one before a quote), and touches no other name character (digits, non-ASCII
    letters), no backslash before it (an escape) and no `digit.` before it (`1.e5` is a number);
    or a decimal integer without a leading zero that touches no name character and no dot."""
    global _SHAPE_PATTERN
    if _SHAPE_PATTERN is None:
        import keyword

        kept = WORDS_READ | frozenset(keyword.kwlist) | frozenset(keyword.softkwlist)
        words = "|".join(sorted(kept, key=lambda word: (-len(word), word)))
        name_char = "0-9A-Za-z_\\x80-\\U0010ffff"
        name = (
            rf"(?<![0-9]\.)(?!(?:{words})(?![{name_char}]))(?![bBrRuUfFtT]+[\"'])"
            r"[A-Za-z_][0-9A-Za-z_]*"
        )
        number = r"(?<!\.)[1-9][0-9]*(?!\.)"
        _SHAPE_PATTERN = re.compile(rf"(?<![{name_char}\\])(?:{name}|{number})(?![{name_char}])")
    return _SHAPE_PATTERN


def _placeholder(found: re.Match[str]) -> str:
    word = found[0]
    return ("1" if word[0] <= "9" else "x") * len(word)


def shape(text: str) -> str:
    """The chunk with every name `can_differ` does not read by value replaced by as many `x`s,
    and every decimal integer by as many `1`s: the same lines, lengths, tokens and token kinds,
    so `can_differ(shape(text)) == can_differ(text)` (tests/test_fmt_shape.py proves it on every
    chunk of the committed package, of the corpus and of a synthetic spec). A line that holds a
    `#` (a comment, or a `# type:` / `# fmt:` pragma) is kept as it is."""
    pattern = _shape_pattern()
    if "#" not in text:
        return pattern.sub(_placeholder, text)
    return "\n".join(
        line if "#" in line else pattern.sub(_placeholder, line) for line in text.split("\n")
    )


def can_differ_by_shape(text: str, memo: dict[str, bool]) -> bool:
    """`can_differ`, asked once per shape: chunks that differ only in their names (a spec's
    operations and models repeat a few patterns) share the answer."""
    key = shape(text)
    known = memo.get(key)
    if known is None:
        known = can_differ(text)
        if len(memo) < SHAPE_MEMO_LIMIT:
            memo[key] = known
    return known


_SKELETON = bytes.maketrans(
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz", b"x" * 63
)


def _skeleton_hash(text: str) -> int:
    """The hash of the text with every ASCII name character as `x`: two chunks of one shape have
    one skeleton (`shape` only trades name characters for name characters), so a chunk whose
    skeleton no other chunk has cannot share its shape, and is not worth shaping (~0.1 ms a
    chunk, ~25x less than `shape`)."""
    return hash(text.encode("utf-8", "surrogatepass").translate(_SKELETON))


def plan(chunks: Sequence[Chunk], *, verify: bool = False) -> list[str | None]:
    """Each chunk's formatted text where it is known without black (the chunk as it is, since
    black would leave it so), None where black must format it: every chunk with `verify`."""
    return plan_files({"": chunks}, verify=verify)[""]


def plan_files(
    files: Mapping[str, Sequence[Chunk]], *, verify: bool = False
) -> dict[str, list[str | None]]:
    """`plan` for a run's files at once: `can_differ` is asked once per shape among the chunks
    whose skeleton repeats, and on its own for the others."""
    if verify:
        return {path: [None] * len(chunks) for path, chunks in files.items()}
    skeletons = {path: [_skeleton_hash(c.text) for c in chunks] for path, chunks in files.items()}
    repeated = {h for h, n in Counter(h for hs in skeletons.values() for h in hs).items() if n > 1}
    memo: dict[str, bool] = {}
    planned: dict[str, list[str | None]] = {}
    for path, chunks in files.items():
        planned[path] = [
            None
            if (can_differ_by_shape(c.text, memo) if h in repeated else can_differ(c.text))
            else trusted(c.text)
            for c, h in zip(chunks, skeletons[path], strict=True)
        ]
    return planned


def trusted(text: str) -> str:
    """What black writes for a chunk it leaves as it is: the text with one final newline."""
    stripped = text.rstrip("\n")
    return stripped + "\n" if stripped.strip() else ""


def join(chunks: Sequence[Chunk], formatted: Sequence[str]) -> str:
    parts: list[str] = []
    for chunk, text in zip(chunks, formatted, strict=True):
        if not text:
            continue
        if parts:
            parts.append("\n" * chunk.blank_lines_before)
        parts.append(text)
    return "".join(parts)


_MODE: Any = None


def format_chunk(text: str) -> str:
    """black on one chunk (also the process pool's task)."""
    global _MODE
    import black

    if _MODE is None:
        _MODE = black_mode()
    # A chunk is cut without its last newline (or, alone in its module, with one too many); black
    # would fix that, see its output differ from its input, and format everything a second time
    # to be sure of it. Its output ends with exactly one newline either way.
    if not text.startswith(" "):
        return black.format_str(text.rstrip("\n") + "\n", mode=_MODE)
    # A class member (`members`): formatted in a class body of its own.
    formatted = black.format_str(MEMBER_PREFIX + text.rstrip("\n") + "\n", mode=_MODE)
    if not formatted.startswith(MEMBER_PREFIX):  # pragma: no cover - black keeps a class line
        raise AssertionError(f"black rewrote the class line around a member: {formatted[:80]!r}")
    return formatted.removeprefix(MEMBER_PREFIX)


def format_many(
    texts: Sequence[str], path_of: Sequence[str], *, jobs: int | None = None
) -> list[str]:
    """black on many chunks, in a process pool when there is enough work for one; a syntax error
    (a generator bug) is reported with the file it came from."""
    if not texts:
        return []  # nothing to format: black is not even imported
    from black.parsing import InvalidInput

    lines = sum(t.count("\n") for t in texts)
    workers = jobs if jobs is not None else cpu_count()
    try:
        if workers <= 1 or lines < PARALLEL_MIN_LINES or len(texts) < 2:
            return [format_chunk(t) for t in texts]
        return _format_parallel(texts, workers)
    except InvalidInput as error:
        where = _find_invalid(texts, path_of)
        raise GeneratorError(
            [
                Diagnostic(
                    "#",
                    Level.ERROR,
                    f"internal error: rendered {where} is not valid Python ({error}); "
                    "please report it with the spec",
                )
            ]
        ) from None


def _find_invalid(texts: Sequence[str], path_of: Sequence[str]) -> str:
    from black.parsing import InvalidInput

    for text, path in zip(texts, path_of, strict=True):
        try:
            format_chunk(text)
        except InvalidInput:
            return path
    return "a file"  # pragma: no cover


def _format_batch(texts: list[str]) -> list[str]:
    return [format_chunk(text) for text in texts]


def _format_parallel(texts: Sequence[str], workers: int) -> list[str]:
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Largest first, in batches of about the same number of lines, handed out one at a time: the
    # big chunks start early, and the small ones fill the gaps at the end.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    target = max(200, count_lines(texts) // (workers * 24))
    batches: list[list[int]] = [[]]
    size = 0
    for index in order:
        if size >= target:
            batches.append([])
            size = 0
        batches[-1].append(index)
        size += texts[index].count("\n")
    # Forked workers share the parent's memory until they write to it; keep the collector from
    # touching (and so copying) every object the parent still holds.
    gc.collect()
    gc.freeze()
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    results: list[str] = [""] * len(texts)
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            work = [[texts[i] for i in batch] for batch in batches]
            for batch, formatted in zip(batches, pool.map(_format_batch, work), strict=True):
                for index, text in zip(batch, formatted, strict=True):
                    results[index] = text
    finally:
        gc.unfreeze()
    return results


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def format_module(source: str) -> str:
    """The whole-module result, chunk by chunk (what tests compare with `black.format_str`)."""
    chunks = split(source)
    return join(chunks, [format_chunk(c.text) for c in chunks])


def count_lines(texts: Iterable[str]) -> int:
    return sum(t.count("\n") for t in texts)
