# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""Build SCIM filter expressions (RFC 7644 section 3.4.2.2) without string concatenation.

    from <package>.filters import attr

    attr("userName").eq('ann "the admin" lee')     # userName eq "ann \\"the admin\\" lee"
    attr("active").eq(True) & attr("title").sw("Eng")
    attr("emails").where(attr("type").eq("work") & attr("value").ew("@example.com"))
    ~attr("externalId").pr()                        # not (externalId pr)

Values are encoded as JSON, so quotes, backslashes and control characters in them can never end
the string early or change the expression; only SCIM values are taken (strings, finite numbers,
booleans, null, dates): infinity and NaN have no JSON form. Attribute paths are checked against
the grammar. Pass the result (or `str()` of it) as `filter=`.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime

__all__ = ["Attribute", "Filter", "FilterValue", "attr"]

FilterValue = str | int | float | bool | None | datetime | date

_ATTRIBUTE_PATH = re.compile(
    r"(?:urn:[A-Za-z0-9][A-Za-z0-9.:_-]*:)?[A-Za-z][A-Za-z0-9_$-]*(?:\.[A-Za-z][A-Za-z0-9_$-]*)?"
)


class Filter(str):
    """A complete filter expression; combine with `&` (and), `|` (or) and `~` (not).

    A combination is parenthesised wherever it meets the other operator, so the expression
    means what the Python one does whatever precedence a server applies:
    `(a & b) | c` -> `(a and b) or c`, `a & (b | c)` -> `a and (b or c)`.
    """

    __slots__ = ()

    def __and__(self, other: Filter) -> Filter:
        return _And(f"{_operand(self, _Or)} and {_operand(_checked(other), _Or)}")

    def __or__(self, other: Filter) -> Filter:
        return _Or(f"{_operand(self, _And)} or {_operand(_checked(other), _And)}")

    def __invert__(self) -> Filter:
        return Filter(f"not ({self})")


class _And(Filter):
    """`x and y`: known by its type, never by searching the text (a value may say " and ")."""

    __slots__ = ()


class _Or(Filter):
    __slots__ = ()


def _checked(other: object) -> Filter:
    if not isinstance(other, Filter):
        raise TypeError(
            "combine filters with other filters built by attr(), not plain strings"
        )
    return other


def _operand(expression: Filter, other_operator: type[Filter]) -> str:
    return (
        f"({expression})" if isinstance(expression, other_operator) else str(expression)
    )


def _encode(value: FilterValue) -> str:
    """`value` as a SCIM compValue: a JSON string, number, true, false or null."""
    if isinstance(value, datetime | date):
        value = value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError(
                f"{value!r} cannot be used in a SCIM filter: infinity and NaN are not "
                "JSON numbers"
            )
    elif not isinstance(value, str | bool) and value is not None:
        raise TypeError(
            "a SCIM filter compares with a string, a number, a boolean, None or a date, "
            f"not {type(value).__name__}"
        )
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


class Attribute:
    """An attribute path (`userName`, `name.givenName`, `urn:...:User:manager.value`)."""

    __slots__ = ("path",)

    def __init__(self, path: str) -> None:
        if not isinstance(path, str) or not _ATTRIBUTE_PATH.fullmatch(path):
            raise ValueError(f"{path!r} is not a SCIM attribute path")
        self.path = path

    def __repr__(self) -> str:
        return f"attr({self.path!r})"

    def _compare(self, operator: str, value: FilterValue) -> Filter:
        return Filter(f"{self.path} {operator} {_encode(value)}")

    def eq(self, value: FilterValue) -> Filter:
        return self._compare("eq", value)

    def ne(self, value: FilterValue) -> Filter:
        return self._compare("ne", value)

    def co(self, value: str) -> Filter:
        """Contains."""
        return self._compare("co", value)

    def sw(self, value: str) -> Filter:
        """Starts with."""
        return self._compare("sw", value)

    def ew(self, value: str) -> Filter:
        """Ends with."""
        return self._compare("ew", value)

    def gt(self, value: FilterValue) -> Filter:
        return self._compare("gt", value)

    def ge(self, value: FilterValue) -> Filter:
        return self._compare("ge", value)

    def lt(self, value: FilterValue) -> Filter:
        return self._compare("lt", value)

    def le(self, value: FilterValue) -> Filter:
        return self._compare("le", value)

    def pr(self) -> Filter:
        """Present: has a non-empty value."""
        return Filter(f"{self.path} pr")

    def where(self, condition: Filter) -> Filter:
        """A value filter on a multi-valued attribute: `emails[type eq "work"]`."""
        if "." in self.path.rsplit(":", 1)[-1]:
            raise ValueError(
                "a value filter applies to a multi-valued attribute, not a sub-attribute"
            )
        return Filter(f"{self.path}[{_checked(condition)}]")


def attr(path: str) -> Attribute:
    """Start a filter on the attribute at `path`."""
    return Attribute(path)


# ---- checking a value filter written as text (PATCH paths) --------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>[ ]+)
    |(?P<string>"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*")
    |(?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?(?![A-Za-z0-9_$.:-]))
    |(?P<word>"""
    + _ATTRIBUTE_PATH.pattern
    + r""")
    |(?P<punct>[()\]])""",
    re.VERBOSE,
)
_OPERATORS = frozenset({"eq", "ne", "co", "sw", "ew", "gt", "lt", "ge", "le"})
_LITERALS = frozenset({"true", "false", "null"})


class _Tokens:
    """The tokens of a value filter (RFC 7644 section 3.4.2.2), read up to its closing `]`."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.at = start
        self.start = start
        self.kind = ""
        self.value = ""
        self.next()

    def next(self) -> None:
        while True:
            match = _TOKEN.match(self.text, self.at)
            if match is None:
                self.start = self.at
                if self.at >= len(self.text):
                    self.kind, self.value = "end", ""
                    return
                raise self.error(f"unexpected {self.text[self.at]!r}")
            self.start, self.at = self.at, match.end()
            assert match.lastgroup is not None
            if match.lastgroup != "space":
                self.kind, self.value = match.lastgroup, match.group()
                return

    def keyword(self, *words: str) -> bool:
        return self.kind == "word" and self.value.lower() in words

    def error(self, problem: str) -> ValueError:
        return ValueError(f"{problem} at character {self.start + 1}")

    def expect(self, punct: str) -> None:
        if self.kind != "punct" or self.value != punct:
            raise self.error(f"expected {punct!r}, found {self.found()}")
        self.next()

    def found(self) -> str:
        return repr(self.value) if self.value else "the end"


def _filter(tokens: _Tokens) -> None:
    _conjunction(tokens)
    while tokens.keyword("or"):
        tokens.next()
        _conjunction(tokens)


def _conjunction(tokens: _Tokens) -> None:
    _factor(tokens)
    while tokens.keyword("and"):
        tokens.next()
        _factor(tokens)


def _factor(tokens: _Tokens) -> None:
    if tokens.keyword("not"):
        tokens.next()
        tokens.expect("(")
        _filter(tokens)
        tokens.expect(")")
    elif tokens.kind == "punct" and tokens.value == "(":
        tokens.next()
        _filter(tokens)
        tokens.expect(")")
    elif tokens.kind == "word":
        tokens.next()
        if tokens.keyword("pr"):
            tokens.next()
        elif tokens.keyword(*_OPERATORS):
            tokens.next()
            if not (
                tokens.kind in ("string", "number")
                or (tokens.kind == "word" and tokens.value.lower() in _LITERALS)
            ):
                raise tokens.error("expected a string, number, true, false or null")
            tokens.next()
        else:
            operators = ", ".join(sorted(_OPERATORS))
            raise tokens.error(f"expected pr or an operator ({operators})")
    else:
        raise tokens.error("expected an attribute, 'not' or '('")


def value_filter_end(text: str, start: int) -> int:
    """Where the value filter at `start` in `text` ends: the index just after its closing `]`.
    Raises ValueError saying what is wrong, and where, if no value filter starts there (nested
    value paths, such as `x[y eq 1]` inside it, are refused)."""
    tokens = _Tokens(text, start)
    _filter(tokens)
    if tokens.kind != "punct" or tokens.value != "]":
        raise tokens.error(f"expected ']', found {tokens.found()}")
    return tokens.at
