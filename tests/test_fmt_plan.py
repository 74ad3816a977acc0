"""fmt.plan: black runs only on the chunks it could change. What it trusts must be exactly what
black writes: on a synthetic spec (the committed package and the corpus are checked in
test_manifest.py and test_corpus.py), and on the shapes black rewrites, which it must not trust.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import black
import pytest

from generator import fmt, load, normalize, render
from generator.pipeline import Options, generate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


@pytest.fixture(scope="module")
def synthetic_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = tmp_path_factory.mktemp("synthetic") / "synthetic.json"
    spec.write_text(json.dumps(synthetic.spec(150)), encoding="utf-8")
    return spec


def python_files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*.py"))
    }


def test_synthetic_package_is_what_black_makes_of_it(synthetic_spec: Path, tmp_path: Path) -> None:
    result = generate(Options(spec=str(synthetic_spec), output=tmp_path / "out", use_cache=False))
    assert result.trusted_chunks > result.formatted_chunks  # the plan spares black most chunks
    mode = fmt.black_mode()
    files = python_files(tmp_path / "out")
    assert len(files) >= 10
    for path, text in files.items():
        assert black.format_str(text, mode=mode) == text, path


def test_verify_formats_everything_and_agrees(synthetic_spec: Path, tmp_path: Path) -> None:
    planned = generate(Options(spec=str(synthetic_spec), output=tmp_path / "a", use_cache=False))
    verified = generate(Options(spec=str(synthetic_spec), output=tmp_path / "b", verify=True))
    assert verified.trusted_chunks == 0 and verified.reused_chunks == 0
    assert verified.formatted_chunks == planned.formatted_chunks + planned.trusted_chunks
    assert verified.mistrusted == ()
    assert python_files(tmp_path / "a") == python_files(tmp_path / "b")


def test_verify_ignores_a_current_output(synthetic_spec: Path, tmp_path: Path) -> None:
    generate(Options(spec=str(synthetic_spec), output=tmp_path / "out"))
    again = generate(Options(spec=str(synthetic_spec), output=tmp_path / "out", verify=True))
    assert not again.unchanged and again.formatted_chunks > 0


@pytest.mark.parametrize(
    "text",
    [
        "X = 'single'\n",  # black prefers double quotes
        'X = "\\"quoted\\""\n',  # ... unless that escapes more
        "X = [1, 2,]\n",  # a magic trailing comma on one line: exploded
        "f(a,)\n",
        "X = foo(\n    a, b\n)\n",  # fits on one line: joined
        "X = [\n    a,\n    b\n]\n",  # split without the trailing comma black adds
        "X = [\n    a, b,\n]\n",  # two items on a line of a split bracket
        "def f(\n    a\n) -> None:\n    pass\n",  # black adds a def's comma
        "X = 0XFF\n",
        "X = 1E5\n",
        "X = a ** 2\n",
        "X = 1 #comment\n",
        "X = 1 # comment\n",
        "class A:\n    x = 1\n\n\n    y = 2\n",  # two blank lines inside a block
        "X = 1   \n",
        "X = (1 +\n     2)\n",
        "X = 1 + \\\n    2\n",
        "X = Y[\n    a,\n]\n",  # a one-item subscript's comma is not magic
        "a_rather_long_variable_name = " + '"' + "x" * 70 + '"\n',  # black adds parentheses
        "Y = call(argument_one, argument_two, argument_three, argument_four, argument_fifth_one_more)\n",
        "if x: return\n",
        "x = 1; y = 2\n",
        '"""Docstring"""\n' + "def f():\n    ''' single '''\n",
        'def f():\n    """ leading space."""\n',
        'def f():\n    """Ends with a quote\\""""\n',
        "def f(a, b): return a\n",  # not as black lays it out (caught by black, not trusted)
        'Q = (("a", "true"), )\n',  # spaces inside brackets, before a comma, two in a row
        "X = f( a)\n",
        "X = f(a )\n",
        "X = f(a , b)\n",
        "X = f(a,b)\n",
        "X  = 1\n",
        "X = f (a)\n",
        "X = a . b\n",
        "class A:\n    kind: (\n        Short\n        | Other\n        | None\n    ) = None\n",
        "X = f[\n    a\n]\n",
        # black joins the call after an annotation's parentheses when it fits (okta-management)
        "class A:\n    username_format: (\n        ImportUsernameObjectUsernameFormat | "
        'ImportUsernameObjectUsernameFormatValue\n    ) = Field(\n        validation_alias="u", '
        'serialization_alias="u"\n    )\n',
        "class A:\n    auth: (\n        ProvisioningConnectionOauthAuthSchemeWithALongerName\n"
        "        | ProvisioningConnectionOauthAuthSchemeWithALongerNameValue\n    ) = Field(\n"
        '        validation_alias="authScheme", serialization_alias="authScheme"\n    )\n',
        # black splits the right-hand side when `name: annotation = (` fits (GitHub's models)
        "class A:\n    conclusion: (\n        ChecksCreateBodyConclusion | "
        "ChecksCreateBodyConclusionValue | None\n    ) = None\n",
    ],
)
def test_shapes_black_rewrites_are_not_trusted(text: str) -> None:
    formatted = black.format_str(text, mode=fmt.black_mode())
    if formatted == text:
        pytest.fail(f"black leaves {text!r} as it is: not a case for this test")
    assert fmt.can_differ(text), text


def test_a_long_comment_line_is_left_to_black_when_black_would_touch_it() -> None:
    text = "def f() -> None:\n    # " + "word " * 20 + "\n    pass\n"  # a trailing space
    assert fmt.can_differ(text)
    assert fmt.can_differ("#" + "word " * 20 + "end\nX = 1\n")  # `#word`: black adds a space


@pytest.mark.parametrize(
    "text",
    [
        '# This file is generated by scimgen from "' + "A long title " * 8 + '" 1.0.\nX = 1\n',
        "def f() -> None:\n    # " + "word " * 20 + "end\n    pass\n",
    ],
)
def test_a_long_comment_line_black_keeps_is_trusted(text: str) -> None:
    """black never wraps a comment: a long one (the header's, with a long API title) is as
    black writes it when it is spaced as black spaces comments."""
    assert not fmt.can_differ(text)
    assert black.format_str(text, mode=fmt.black_mode()) == text


@pytest.mark.parametrize(
    "text",
    [
        "X: int = 1\n",
        'X = f"{a!r} b"\n',
        "X = foo(\n    a,\n    b,\n)\n",
        "def f(\n    self,\n    a: int,\n) -> dict[str, int]:\n    return {}\n",
        "X = (a,)\n",
        "from . import models\n",
        # black's split of an annotation's union, one member a line; and of a long subscript
        "class A:\n    kind: (\n        ScimServiceProviderConfigAuthenticationSchemeType\n"
        "        | ScimServiceProviderConfigAuthenticationSchemeTypeValue\n        | None\n"
        "    ) = None\n",
        'ScimEmailTypeValue: TypeAlias = Annotated[\n    Literal["work", "other", "home", "more"], '
        "AfterValidator(ScimEmailType)\n]\n",
        "from ._model import File, ScimModel\n",
        "X = {1: (2, 3), **y}\n",
        "if x in (1, 2):\n    pass\n",
        "    " * 0
        + "name: str | None = Field(\n    default=None, validation_alias='x'.upper()\n)\n",
        'def f():\n    """Docstring.\n\n    More.\n    """\n    return 1\n',
        "class A(B):\n    x: int = 1\n\n    def f(self) -> None:\n        pass  # done\n",
    ],
)
def test_trusted_shapes_are_what_black_writes(text: str) -> None:
    if fmt.can_differ(text):
        return  # not trusted: black formats it, which is always right
    assert black.format_str(text, mode=fmt.black_mode()) == text


def test_a_method_whose_body_type_does_not_fit_is_laid_out_as_black_would(tmp_path: Path) -> None:
    """A body whose type does not fit on its line (GitHub has dozens): `Views.argument_line`
    lays it out one union member a line, as black does (`black_layout.bare_annotation`), so
    black sees none of api.py's chunks, and every file is what black makes of it."""
    long_names = [f"CodespacesCreateForAuthenticatedUserBodyOption{n}" for n in (1, 2)]
    schemas = {
        name: {"type": "object", "properties": {"repository": {"type": "string"}}}
        for name in long_names
    }
    operations = {
        f"/things{n}": {
            "post": {
                "operationId": f"createThing{n}",
                "tags": ["things"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "oneOf": [{"$ref": f"#/components/schemas/{s}"} for s in long_names]
                            }
                        }
                    },
                },
                "responses": {"204": {"description": "Done."}},
            }
        }
        for n in range(1, 9)
    }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Things", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": operations,
        "components": {"schemas": schemas},
    }
    spec = tmp_path / "things.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    generate(Options(spec=str(spec), output=tmp_path / "out", use_cache=False))
    files = python_files(tmp_path / "out")
    api = next(text for path, text in files.items() if path.endswith("/api.py"))
    assert f"body: (\n            {long_names[0]}\n            | {long_names[1]}\n        )," in api
    api_ir, _ = normalize.normalize(load.load(str(spec)), normalize.Settings())
    rendered = render.render(api_ir, render.make_environment())
    rendered_api = next(text for path, text in rendered.items() if path.endswith("/api.py"))
    chunks = fmt.split(rendered_api)
    to_black = [c for c, planned in zip(chunks, fmt.plan(chunks), strict=True) if planned is None]
    assert to_black == [] and len(chunks) > 16
    mode = fmt.black_mode()
    for path, text in files.items():
        assert black.format_str(text, mode=mode) == text, path


LONG_ATTRIBUTE = "_endpoints." + "ACTIONS_REMOVE_ALL_CUSTOM_LABELS_FROM_SELF_HOSTED_RUNNER" * 2


@pytest.mark.parametrize(
    "text",
    [
        # A docstring paragraph that ends with a colon, then a blank line: text, not a block.
        'def f() -> None:\n    """Returns one of:\n\n    * a thing\n    """\n    return None\n',
        # A single attribute as an item of a split bracket, too long for its line.
        f"def f() -> None:\n    return call(\n        {LONG_ATTRIBUTE},\n        {{}},\n    )\n",
        # A union one member a line whose members are too long for their lines, and an enum
        # member default in parentheses of its own, too long too.
        f"class A:\n    mode: (\n        {'M' * 84}\n        | {'M' * 84}Value\n        | None\n"
        f"    ) = (\n        {'M' * 84}.ALWAYS\n    )\n",
    ],
)
def test_shapes_black_leaves_are_trusted(text: str) -> None:
    """Shapes GitHub's description has by the hundred: trusted, and black agrees."""
    assert not fmt.can_differ(text), text
    assert black.format_str(text, mode=fmt.black_mode()) == text


@pytest.mark.parametrize(
    "text",
    [
        # The same blank line after a colon, but in code: black removes it.
        "def f() -> None:\n\n    return None\n",
        # Two attributes: black may split at the dots.
        f"def f() -> None:\n    return call(\n        {LONG_ATTRIBUTE}.more_of_it.and_more,\n    )\n",
        # A call on the attribute: black splits its brackets.
        f"def f() -> None:\n    return call(\n        {LONG_ATTRIBUTE}(argument_one, two),\n    )\n",
    ],
)
def test_near_misses_of_those_shapes_are_left_to_black(text: str) -> None:
    assert fmt.can_differ(text), text


@pytest.mark.parametrize(
    "default",
    ["None", "ChecksCreateBodyStatus.QUEUED", '"queued"', f"{'E' * 80}.ALWAYS"],
)
def test_black_layout_of_an_annotated_field_is_black_s_at_every_length(default: str) -> None:
    """`black_layout.annotated` around each of its thresholds: one line, the right-hand side
    split, the annotation in parentheses, one union member a line."""
    from generator.render import black_layout

    mode = fmt.black_mode()
    for length in range(40, 180, 3):
        first = "A" * (length // 2)
        annotation = f"{first} | {first}Value | None"
        line = black_layout.annotated("conclusion", annotation, default, indent=4)
        text = f"class A:\n    {line}\n"
        assert black.format_str(text, mode=mode) == text, text


def test_a_docstring_that_opens_with_a_quote_is_black_s() -> None:
    """black puts a space between the opening quotes and a quote the text opens with; the
    docstring escapes that quote instead, which black leaves as it is."""
    from generator.render import pysource

    for text in ['"A user agent" is software.', '"Quoted"', 'Ends with "a quote"']:
        source = f"class A:\n    {pysource.docstring_literal(text)}\n"
        assert black.format_str(source, mode=fmt.black_mode()) == source, source


_ENDPOINT_TYPES = ["A" * 20, "list[" + "B" * 20 + "]", "C" * 20 + " | " + "D" * 20, "E" * 60]


@pytest.mark.parametrize("returns", _ENDPOINT_TYPES)
@pytest.mark.parametrize("path_length", [10, 70])
def test_black_layout_of_an_endpoint_constant_is_black_s_at_every_length(
    returns: str, path_length: int
) -> None:
    """`black_layout.annotated_call` around its thresholds: as written, the call in parentheses
    of its own, the subscript split; what it leaves as it is, black changes (can_differ says so),
    and what it lays out, black keeps."""
    from generator.render import black_layout

    mode = fmt.black_mode()
    laid_out = 0
    for length in range(30, 100, 1):
        statement = (
            f"{'N' * length}: Endpoint[{returns}] = Endpoint(\n"
            '    name="x",\n'
            f'    path="/{"a" * path_length}",\n'
            "    params=(\n"
            '        Param("org", "path"),\n'
            '        Param("repository_id", "path"),\n'
            "    ),\n"
            f"    response={returns},\n"
            ")\n"
        )
        text = black_layout.annotated_call(statement)
        black_s = black.format_str(statement, mode=mode)
        if text != statement or not fmt.can_differ(text):
            assert text == black_s, text
            laid_out += text != statement
    assert laid_out > 0


@pytest.mark.parametrize("base", ["ScimModel", "ScimEnum"])
def test_black_layout_of_a_class_line_is_black_s_at_every_length(base: str) -> None:
    from generator.render import black_layout

    mode = fmt.black_mode()
    for length in range(60, 120):
        text = black_layout.class_line("C" * length, base) + '\n    """Doc."""\n'
        assert black.format_str(text, mode=mode) == text, text
        if len(f"class {'C' * length}(") <= fmt.LINE_LENGTH:
            assert not fmt.can_differ(text), text  # black's: no need to ask black
    # Two bases split that way are not black's (it puts one a line, with a trailing comma).
    assert fmt.can_differ(f"class {'C' * 78}(\n    A, B\n):\n    x = 1\n")


@pytest.mark.parametrize(
    "members",
    [["A", "AValue"], ["A", "AValue", "None"], ["list[A]", "None"], ["A"], ["list[A]"]],
)
@pytest.mark.parametrize("indent, after", [(4, ""), (12, ",")])
def test_black_layout_of_a_bare_annotation_is_black_s_or_left_to_black(
    members: list[str], indent: int, after: str
) -> None:
    """A required field's (or a typed constructor parameter's) annotation: what
    `bare_annotation` lays out is black's; what it cannot, it leaves on one line for black."""
    from generator.render import black_layout

    mode = fmt.black_mode()
    for length in range(20, 100, 3):
        annotation = " | ".join(m.replace("A", "A" * length) for m in members)
        line = black_layout.bare_annotation("name", annotation, indent=indent, after=after)
        if indent == 4:
            text = f"class A:\n    {line}\n"
        else:
            text = (
                "class A:\n    if TYPE_CHECKING:\n\n        def __init__(\n"
                f"            self,\n            *,\n            {line},\n        ) -> None: ...\n"
            )
        black_s = black.format_str(text, mode=mode)
        if "\n" in line or not fmt.can_differ(text):
            assert black_s == text, text


@pytest.mark.parametrize("values", [['"a"', '"b"'], [f'"{"v" * 30}{n}"' for n in range(4)]])
def test_the_values_alias_of_an_enum_is_black_s_at_every_name_length(values: list[str]) -> None:
    from generator import ir
    from generator.render.views import Views

    mode = fmt.black_mode()
    for length in range(20, 110, 2):
        name = "E" * length
        members = tuple(
            ir.EnumMember(name=f"M{i}", value=v.strip('"')) for i, v in enumerate(values)
        )
        enum = ir.Enum(name=name, description="", members=members, value_type="str")
        text = Views.values_alias_statement(None, enum) + "\n"  # type: ignore[arg-type]
        assert black.format_str(text, mode=mode) == text, text


def _parameter_method(parameter: str) -> str:
    return (
        f"    def list_things(\n        self,\n        {parameter},\n    ) -> None:\n        pass\n"
    )


@pytest.mark.parametrize("length", range(64, 73))
def test_a_parenthesized_subscript_black_splits_is_not_trusted(length: int) -> None:
    """`group_by: (` / `Sequence[A | B]` / `),` (sentry's api.py had it): black drops the
    parentheses and splits the subscript's own brackets, `group_by: Sequence[` / `A | B` / `],`,
    whenever that first line fits; can_differ must not trust the parenthesized shape."""
    annotation = "Sequence[" + "A" * (length - 10) + " | B]"
    text = _parameter_method(f"group_by: (\n            {annotation}\n        )")
    formatted = fmt.format_chunk(text)
    assert formatted != text
    if len(f"        group_by: {annotation},") > fmt.LINE_LENGTH:
        assert "        group_by: Sequence[\n" in formatted
    assert fmt.can_differ(text), text


@pytest.mark.parametrize(
    "text",
    [
        # One name in parentheses black drops, leaving the line too long.
        "x = (\n    " + "A" * 85 + "\n)\n",
        "def f():\n    return (\n        " + "A" * 85 + "\n    )\n",
        "class _:\n    name: (\n        " + "A" * 85 + "\n    ) = None\n",
        # A call whose opening fits after `x = `: black splits the call instead.
        "x = (\n    call(" + "a" * 70 + ")\n)\n",
        # One delimiter and a call at the end: black drops the parentheses.
        "class _:\n    name: (\n        X | f(" + "A" * 60 + ")\n    )\n",
        # `name: annotation = (` fits: black splits the right-hand side, not the annotation.
        "class _:\n    name: (\n        " + "A" * 60 + " | None\n    ) = Field(\n"
        '        default=None,\n        alias="x",\n    )\n',
        # Fits on one line once the parentheses are dropped (87 and 88 characters).
        "class _:\n    name: (\n        X | " + "A" * 73 + "\n    )\n",
        "class _:\n    name: (\n        X | " + "A" * 74 + "\n    )\n",
    ],
)
def test_parentheses_black_drops_are_not_trusted(text: str) -> None:
    formatted = black.format_str(text, mode=fmt.black_mode())
    assert formatted != text, "black leaves it as it is: not a case for this test"
    assert fmt.can_differ(text), text


@pytest.mark.parametrize(
    "body",
    [
        "{A}",
        "Seq[{A} | B]",
        "Seq[{A}]",
        "X | Seq[{A}]",
        "Seq[{A}] | None",
        "Seq[{A}] | X | None",
        "call({A})",
        "mod.call({A})",
        "f({A}).y",
        "-f[{A}]",
        "X | f({A})",
        '"{A}" "b"',
        "x.{A}",
        "a | b + c({A})",
        "[{A}]",
        "x not in f[{A}]",
    ],
)
def test_what_can_differ_trusts_in_parentheses_is_black_s_at_every_length(body: str) -> None:
    """A body in parentheses of its own, in each place the templates put one (an annotation, a
    default, a value, a parameter's annotation): at every length, what can_differ trusts black
    leaves as it is."""
    contexts = [
        "class _:\n    name: (\n        {b}\n    )\n",
        "class _:\n    name: (\n        {b}\n    ) = None\n",
        "class _:\n    name: Foo[X] = (\n        {b}\n    )\n",
        "class _:\n    name: Foo = (\n        {b}\n    )\n",
        _parameter_method("group_by: (\n            {b}\n        )"),
        _parameter_method("group_by: (\n            {b}\n        ) = None"),
        "x = (\n    {b}\n)\n",
        "def f():\n    return (\n        {b}\n    )\n",
    ]
    for context in contexts:
        for length in range(1, 90):
            text = context.replace("{b}", body.replace("{A}", "A" * length))
            if fmt.can_differ(text):
                continue
            assert fmt.format_chunk(text) == text.rstrip("\n") + "\n", text


@pytest.mark.parametrize(
    "members",
    [["A", "AValue"], ["A", "AValue", "None"], ["Sequence[A]", "None"], ["A"], ["Sequence[A | B]"]],
)
@pytest.mark.parametrize("default", ["", " = None"])
def test_black_layout_of_a_method_parameter_is_black_s_or_left_to_black(
    members: list[str], default: str
) -> None:
    """A method parameter's line (`Views.argument_line`, which lays it out with
    `bare_annotation`): around black's thresholds, what it lays out black keeps; what it leaves
    on one line (a single subscript or name) black splits, and can_differ says it may."""
    from generator.render import black_layout

    for length in range(20, 100, 2):
        annotation = " | ".join(m.replace("A", "A" * length) for m in members)
        after = f"{default},"
        line = black_layout.bare_annotation("group_by", annotation, indent=8, after=after) + after
        text = _parameter_method(line.removesuffix(","))
        black_s = fmt.format_chunk(text)
        if "\n" in line or not fmt.can_differ(text):
            assert black_s == text, text
        if black_layout.left_to_black(annotation) and black_s != text:
            assert "\n" not in line and fmt.can_differ(text), text
