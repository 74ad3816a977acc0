"""Spec text for the generated docs, README and pyproject: Markdown, HTML comments and TOML
strings, escaped so the spec's own markup never takes effect (what `pysource` does for Python).

Imports: pysource (`one_line`).
"""

from __future__ import annotations

import json
import re

from .pysource import one_line


def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escaping is a subset TOML reads)."""
    return json.dumps(one_line(text), ensure_ascii=False)


# Markdown's inline punctuation, and `_` where it could start or end emphasis (not inside a word).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*\[\]|~]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# What makes a line a heading, list item, thematic break or setext underline when it starts one
# (`*` and `_` are escaped already): the marker, and the digits of an ordered item.
_BLOCK_START = re.compile(
    r"(#{1,6}|[-+]|(?P<digits>\d{1,9})[.)])(?=\s|$)|(?=[=-]+$)|(?=(-\s*){3,}$)"
)


def markdown(text: str) -> str:
    """Spec prose for Markdown (a paragraph, a table cell, an emphasis): on one line, with HTML's
    `&<>` as entities (no tag, comment or entity of the spec's reaches the reader) and Markdown's
    punctuation backslash-escaped (no link, image, code, emphasis or table cell of its own), as
    `docstring` does for Python. What is left reads as the text the spec wrote."""
    text = one_line(text)
    text = re.sub(r"[&<>]", lambda m: _HTML_SPECIAL[m[0]], text)
    text = _MARKDOWN_SPECIAL.sub(lambda m: "\\" + m[0], text)
    start = _BLOCK_START.match(text)
    if start is not None:
        cut = start.end("digits") if start["digits"] else 0
        text = text[:cut] + "\\" + text[cut:]
    return text


def table_text(text: str) -> str:
    """Text the generator wrote (a type annotation) for a Markdown table cell: pipes escaped.
    Spec text goes through `markdown` instead."""
    return one_line(text).replace("|", "\\|")


def code(text: str) -> str:
    """Spec text as a Markdown code span in a table cell: a fence longer than any backtick run in
    it, pipes escaped (GitHub's tables split on them even in code), on one line."""
    text = one_line(text).replace("|", "\\|")
    runs = [len(run) for run in re.findall(r"`+", text)]
    fence = "`" * (max(runs, default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def html_comment(text: str) -> str:
    """Spec text inside an HTML comment (`<!-- ... -->`): on one line, and no `--`, which ends it."""
    return re.sub(r"-(?=-)", "- ", one_line(text))
