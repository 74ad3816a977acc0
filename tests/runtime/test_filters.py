"""genesys_cloud_scim.filters: escaping, attribute-path grammar, and how combinations group."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from genesys_cloud_scim.filters import Filter, attr, value_filter_end
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ann", '"ann"'),
        ('ann "the admin" lee', r'"ann \"the admin\" lee"'),
        ("back\\slash", r'"back\\slash"'),
        ("line\nbreak\ttab\r", r'"line\nbreak\ttab\r"'),
        ("nul\x00bell\x07", r'"nul\u0000bell\u0007"'),
        ('" or userName pr or "', r'"\" or userName pr or \""'),
        ("Zoë ñ 日本", '"Zoë ñ 日本"'),
        (True, "true"),
        (False, "false"),
        (None, "null"),
        (42, "42"),
        (1.5, "1.5"),
        (datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), '"2024-01-02T03:04:05+00:00"'),
        (date(2024, 1, 2), '"2024-01-02"'),
    ],
)
def test_values_are_encoded_as_json(value: object, expected: str) -> None:
    assert attr("userName").eq(value) == f"userName eq {expected}"  # type: ignore[arg-type]


@given(st.text())
def test_any_string_stays_one_string_literal(value: str) -> None:
    expression = attr("title").eq(value)
    prefix = "title eq "
    assert expression.startswith(prefix)
    literal = expression[len(prefix) :]
    assert json.loads(literal) == value  # decodes back to exactly the value: it cannot escape
    assert "\n" not in literal and "\r" not in literal


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("method", ["eq", "ne", "gt", "ge", "lt", "le"])
def test_infinity_and_nan_are_refused(value: float, method: str) -> None:
    # They have no JSON form: json.dumps would write `NaN`/`Infinity`, which no server reads.
    with pytest.raises(ValueError, match="infinity and NaN"):
        getattr(attr("x"), method)(value)


@pytest.mark.parametrize("value", [[1, 2], {"a": 1}, (1,), b"bytes", object(), {1}])
def test_values_that_are_not_scim_values_are_refused(value: object) -> None:
    # json.dumps would turn a list into `[1, 2]`: a compValue is a string, number, boolean or null.
    with pytest.raises(TypeError, match="compares with"):
        attr("x").eq(value)  # type: ignore[arg-type]


_leaves = st.builds(
    lambda name, method, value: getattr(attr(name), method)(value),
    st.sampled_from(["type", "value", "primary", "display", "urn:x:y:User:a.b"]),
    st.sampled_from(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]),
    st.one_of(st.text(), st.integers(), st.floats(allow_nan=False, allow_infinity=False)),
) | st.builds(lambda name: attr(name).pr(), st.sampled_from(["type", "value"]))
_filters = st.recursive(
    _leaves,
    lambda inner: st.one_of(
        st.builds(lambda a, b: a & b, inner, inner),
        st.builds(lambda a, b: a | b, inner, inner),
        st.builds(lambda a: ~a, inner),
    ),
    max_leaves=8,
)


@given(_filters)
def test_every_built_filter_passes_the_value_filter_check(expression: Filter) -> None:
    # The check PATCH paths go through accepts whatever the builder makes, and reads it whole.
    text = f"emails[{expression}]"
    assert value_filter_end(text, len("emails[")) == len(text)


@pytest.mark.parametrize(
    ("method", "operator"),
    [("eq", "eq"), ("ne", "ne"), ("co", "co"), ("sw", "sw"), ("ew", "ew"),
     ("gt", "gt"), ("ge", "ge"), ("lt", "lt"), ("le", "le")],
)  # fmt: skip
def test_every_comparison_operator(method: str, operator: str) -> None:
    assert getattr(attr("title"), method)("x") == f'title {operator} "x"'


def test_present_and_not() -> None:
    assert attr("externalId").pr() == "externalId pr"
    assert ~attr("externalId").pr() == "not (externalId pr)"
    assert ~(attr("a").eq(1) & attr("b").eq(2)) == "not (a eq 1 and b eq 2)"


@pytest.mark.parametrize(
    "path",
    [
        "userName",
        "name.givenName",
        "emails",
        "x-y_z$1",
        "urn:ietf:params:scim:schemas:core:2.0:User:userName",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:routingSkills",
    ],
)
def test_valid_attribute_paths(path: str) -> None:
    assert attr(path).pr() == f"{path} pr"


@pytest.mark.parametrize(
    "path",
    [
        "",
        " userName",
        "userName ",
        "user name",
        'userName eq "x" or id',
        "1name",
        "name.",
        ".name",
        "name.given.family",
        'emails[type eq "work"]',
        "name)",
        "urn:",
        "userName\n",
        'a"b',
    ],
)
def test_invalid_attribute_paths_are_refused(path: str) -> None:
    with pytest.raises(ValueError, match="not a SCIM attribute path"):
        attr(path)


def test_combinations_are_parenthesised_where_the_operators_meet() -> None:
    a, b, c = attr("a").eq(1), attr("b").eq(2), attr("c").eq(3)
    assert (a & b) | c == "(a eq 1 and b eq 2) or c eq 3"
    assert a & (b | c) == "a eq 1 and (b eq 2 or c eq 3)"
    assert (a | b) & c == "(a eq 1 or b eq 2) and c eq 3"
    assert a | b | c == "a eq 1 or b eq 2 or c eq 3"
    assert a & b & c == "a eq 1 and b eq 2 and c eq 3"
    assert (
        (a & b) | (b & c)
    ) & ~c == "((a eq 1 and b eq 2) or (b eq 2 and c eq 3)) and not (c eq 3)"


def test_a_value_containing_and_is_not_mistaken_for_a_combination() -> None:
    # Grouping decides from the structure, not from the text: a value " and " stays a value.
    single = attr("title").eq("R and D")
    assert single & attr("x").pr() == 'title eq "R and D" and x pr'


def test_value_filters_on_multi_valued_attributes() -> None:
    work = attr("emails").where(attr("type").eq("work") & attr("value").ew("@example.com"))
    assert work == 'emails[type eq "work" and value ew "@example.com"]'
    assert attr("emails").where(attr("primary").eq(True)) & attr("active").eq(True) == (
        "emails[primary eq true] and active eq true"
    )
    with pytest.raises(ValueError, match="multi-valued"):
        attr("name.givenName").where(attr("x").pr())


def test_plain_strings_cannot_be_combined() -> None:
    with pytest.raises(TypeError, match="plain strings"):
        attr("a").pr() & 'b eq "x"'  # type: ignore[operator]
    with pytest.raises(TypeError):
        attr("emails").where('type eq "work"')  # type: ignore[arg-type]


def test_a_filter_is_a_str_and_can_be_passed_as_filter() -> None:
    f = attr("userName").eq("ann@example.com")
    assert isinstance(f, str) and isinstance(f, Filter)
    assert str(f) == 'userName eq "ann@example.com"'
