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

from generator import fmt
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
    ],
)
def test_shapes_black_rewrites_are_not_trusted(text: str) -> None:
    formatted = black.format_str(text, mode=fmt.black_mode())
    if formatted == text:
        pytest.fail(f"black leaves {text!r} as it is: not a case for this test")
    assert fmt.can_differ(text), text


def test_a_long_comment_line_is_left_to_black() -> None:
    text = "def f() -> None:\n    # " + "word " * 20 + "\n    pass\n"
    assert fmt.can_differ(text)


@pytest.mark.parametrize(
    "text",
    [
        "X: int = 1\n",
        'X = f"{a!r} b"\n',
        "X = foo(\n    a,\n    b,\n)\n",
        "def f(\n    self,\n    a: int,\n) -> dict[str, int]:\n    return {}\n",
        "X = (a,)\n",
        "from . import models\n",
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
