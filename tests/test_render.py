"""render.pysource and render.markup: spec text can only become the inside of a string or comment."""

from __future__ import annotations

import ast

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import render

NASTY = [
    '"""',
    '""""',
    '"""""',
    'x"',
    'x""',
    '\\"',
    "\\",
    "x\\",
    "'''",
    '"""\nimport os\n"""',
    "\x00\x01\x1b[31m\x7f",
    "a\u2028b\u2029c\x85d",
    "\u202eevil\u2066",
    "{{ x }} {% if %}",
    "\\N{BULLET} \\x41 \\u0041",
    "\r\n\r\n",
    "",
]


def _docstring_value(text: str) -> str:
    source = f'def f():\n    """{render.docstring(text)}"""\n'
    tree = ast.parse(source)
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef) and len(function.body) == 1
    return str(ast.literal_eval(function.body[0].value))  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", NASTY)
def test_docstring_keeps_the_words_and_nothing_else(text: str) -> None:
    value = _docstring_value(text)
    assert value.split() == render.clean_text(text).split()


@given(st.text(st.sampled_from(['"', "'", "\\", "\n", " ", "x", "{", "}", "#", "\x00", "\u202e"])))
def test_docstring_never_escapes_its_string(text: str) -> None:
    assert _docstring_value(text).split() == render.clean_text(text).split()


@pytest.mark.parametrize("text", NASTY)
def test_comment_and_literal(text: str) -> None:
    comment = render.one_line(text)
    assert "\n" not in comment and "\r" not in comment
    tree = ast.parse(f"x = 1  # {comment}\ny = {render.literal(text)}\n")
    assert ast.literal_eval(tree.body[1].value) == text  # type: ignore[attr-defined]


def test_literal_of_numbers() -> None:
    assert render.literal(float("inf")) == 'float("inf")'
    assert render.literal(-1) == "-1"
    assert render.literal(True) == "True"
    assert render.literal(None) == "None"
