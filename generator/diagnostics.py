"""Problems found in a spec, as values.

Every stage that reads the spec reports what is wrong as a `Diagnostic` (level, JSON pointer, message)
instead of raising at the first problem. The stage collects them; `GeneratorError` carries all of them
to the CLI, which prints them sorted and exits 2. Errors stop the run before anything is written;
warnings do not (unless `--strict`).

This module imports nothing from the rest of the generator.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass


class Level(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


class ExitCode(enum.IntEnum):
    OK = 0
    STALE = 1
    """`check` found that the generated package differs from what the spec gives."""
    BAD_INPUT = 2
    """A usage error, or a spec with errors."""
    BREAKING = 3
    """`changes` found a change that breaks users of the generated client."""


def escape_pointer_token(token: str | int) -> str:
    """One reference token of a JSON pointer (RFC 6901): `~` as `~0`, `/` as `~1`."""
    text = str(token)
    return text.replace("~", "~0").replace("/", "~1") if "~" in text or "/" in text else text


def unescape_pointer_token(token: str) -> str:
    """The inverse of `escape_pointer_token`: `~1` first, then `~0` (so `~01` is `~1`)."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer(*tokens: str | int) -> str:
    """A JSON pointer in URI-fragment form: pointer('paths', '/a/b', 'get') -> '#/paths/~1a~1b/get'."""
    return "#/" + "/".join([escape_pointer_token(t) for t in tokens]) if tokens else "#"


# Characters that must not reach a terminal as they are: a spec could move the cursor, recolor or
# hide text with escape sequences, or reverse what follows with bidi controls.
_UNPRINTABLE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def printable(text: str) -> str:
    """`text` with control, bidi and surrogate characters shown as escapes."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


@dataclass(frozen=True, order=True)
class Diagnostic:
    pointer: str
    level: Level
    message: str
    line: int | None = None
    column: int | None = None
    """Set only where the line alone does not locate the node: when something else comes before
    it on its line, as in a minified JSON document, where everything is on line 1."""

    def __str__(self) -> str:
        return printable(f"{self.level.value}: {self.pointer}{self.where()}: {self.message}")

    def where(self) -> str:
        """' (line N)', ' (line N, column M)' or ''."""
        if self.line is None:
            return ""
        if self.column is None:
            return f" (line {self.line})"
        return f" (line {self.line}, column {self.column})"


def sort_key(diagnostic: Diagnostic) -> tuple[int, int, int, str, str]:
    """Errors first, then by position in the file, then by pointer."""
    return (
        0 if diagnostic.level is Level.ERROR else 1,
        diagnostic.line if diagnostic.line is not None else 1 << 30,
        diagnostic.column or 0,
        diagnostic.pointer,
        diagnostic.message,
    )


class GeneratorError(Exception):
    """The spec (or the options) cannot be turned into a client; carries every problem found."""

    def __init__(self, diagnostics: Iterable[Diagnostic], *, source: str | None = None) -> None:
        self.diagnostics = tuple(sorted(diagnostics, key=sort_key))
        self.source = source
        """The spec (or file) the diagnostics are about, where the raiser knows it better than
        the caller (`pipeline.changes` reads two)."""
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.level is Level.ERROR for d in diagnostics)
