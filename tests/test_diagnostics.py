"""Diagnostics and JSON pointers (generator/diagnostics.py)."""

from __future__ import annotations

import pytest

from generator.diagnostics import (
    Diagnostic,
    GeneratorError,
    Level,
    escape_pointer_token,
    pointer,
    unescape_pointer_token,
)


@pytest.mark.parametrize(
    ("token", "escaped"),
    [("/scim/v2/Users", "~1scim~1v2~1Users"), ("a~b", "a~0b"), ("~1", "~01"), ("plain", "plain")],
)
def test_pointer_tokens_are_escaped_and_back_as_rfc_6901_says(token: str, escaped: str) -> None:
    assert escape_pointer_token(token) == escaped
    assert unescape_pointer_token(escaped) == token


def test_a_pointer_escapes_each_token() -> None:
    assert pointer("paths", "/a/b", "get", 2) == "#/paths/~1a~1b/get/2"


def test_an_error_sorts_its_diagnostics_and_may_name_its_source() -> None:
    warning = Diagnostic("#/a", Level.WARNING, "w", line=1)
    error = Diagnostic("#/b", Level.ERROR, "e", line=9)
    raised = GeneratorError([warning, error], source="old.yaml")
    assert raised.diagnostics == (error, warning)
    assert raised.source == "old.yaml"
    assert GeneratorError([warning]).source is None
