"""fmt.shape: `plan` asks `can_differ` once per shape, so `can_differ(shape(text))` must always be
`can_differ(text)`. Proved on every chunk black is shown (rendered, before black) and every chunk of
the output (after black), for the committed package, every corpus package and a synthetic spec;
and on the cases where a name's value or a character next to it matters. A tripwire keeps the
words `can_differ`'s checks compare with inside what `shape` keeps.
"""

from __future__ import annotations

import ast
import json
import keyword
import re
import sys
from pathlib import Path

import pytest

from generator import fmt, load, normalize, render
from generator.diagnostics import GeneratorError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402

SPECS = ROOT / "tests" / "specs"
CORPUS = sorted(p for p in SPECS.iterdir() if p.suffix in (".yaml", ".json"))


def rendered_chunks(spec: Path) -> list[str]:
    """The chunks `plan` sees for a spec (rendered, not yet through black); none for a spec that
    does not generate."""
    try:
        api, _ = normalize.normalize(load.load(str(spec)), normalize.Settings())
    except GeneratorError:
        return []
    environment = render.make_environment()
    files = render.render(api, environment)
    is_python = render.python_paths(api.package, environment)
    return [c.text for path, text in files.items() if is_python(path) for c in fmt.split(text)]


def assert_invariant(chunks: list[str]) -> None:
    for text in chunks:
        shaped = fmt.shape(text)
        assert len(shaped) == len(text)
        assert fmt.can_differ(shaped) == fmt.can_differ(text), text


def test_committed_package_chunks_keep_their_answer() -> None:
    chunks = [
        c.text
        for path in sorted((ROOT / "generated").rglob("*.py"))
        for c in fmt.split(path.read_text(encoding="utf-8"))
    ]
    assert len(chunks) > 50
    assert_invariant(chunks)
    assert_invariant(rendered_chunks(ROOT / "specs" / "genesys-cloud-scim.yaml"))


@pytest.mark.parametrize("spec", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_chunks_keep_their_answer(spec: Path) -> None:
    assert_invariant(rendered_chunks(spec))


def test_synthetic_chunks_keep_their_answer_and_share_shapes(tmp_path: Path) -> None:
    spec = tmp_path / "synthetic.json"
    spec.write_text(json.dumps(synthetic.spec(120)), encoding="utf-8")
    chunks = rendered_chunks(spec)
    assert_invariant(chunks)
    # What the memo is for: the operations' methods and models repeat a few shapes.
    assert len({fmt.shape(text) for text in chunks}) * 4 < len(chunks)
    planned = fmt.plan_files({"a.py": [fmt.Chunk(t, 0) for t in chunks]})["a.py"]
    assert [p is None for p in planned] == [fmt.can_differ(t) for t in chunks]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Keywords, soft keywords and the words the checks read stay; other names go.
        ("if value and not other:\n", "if xxxxx and not xxxxx:\n"),
        ("match = type(case)\n", "match = type(case)\n"),
        ("x = None or True or False\n", "x = None or True or False\n"),
        ("async def fetch(self):\n", "async def xxxxx(xxxx):\n"),
        ("from . import models\n", "from . import xxxxxx\n"),
        # Escapes: the name after a backslash is kept (`\nb` stays: `\n` then `b`).
        ('s = "a\\nb\\x41"\n', 'x = "x\\nb\\x41"\n'),
        # String prefixes stay, a name before a quote that is no prefix goes.
        ('v = rb"x" + f"{a}" + Rb"y" + name"z"\n', 'x = rb"x" + f"{x}" + Rb"x" + xxxx"x"\n'),
        # Numbers: plain integers become 1s; every other spelling is kept.
        (
            "n = 84 + 0 + 0123 + 0x1F + 1e5 + 1.e5 + 1.5 + 1_000 + 2j\n",
            "x = 11 + 0 + 0123 + 0x1F + 1e5 + 1.e5 + 1.5 + 1_000 + 2j\n",
        ),
        # A line with a `#` (a comment, a `# type:` or `# fmt:` pragma) is kept as it is.
        ("x = f(a)  # type: List[int]\ny = g(b)\n", "x = f(a)  # type: List[int]\nx = x(x)\n"),
        ("# fmt: off\nvalue = [1,2]\n", "# fmt: off\nxxxxx = [1,1]\n"),
        # A name that touches a non-ASCII letter is kept (its token is not an ASCII name).
        ("café = naïve\n", "café = naïve\n"),
    ],
)
def test_shape_keeps_what_can_differ_reads(text: str, expected: str) -> None:
    assert fmt.shape(text) == expected
    assert fmt.can_differ(fmt.shape(text)) == fmt.can_differ(text)


@pytest.mark.parametrize("width", [86, 87, 88, 89, 90])
def test_line_length_is_kept_at_the_limit(width: int) -> None:
    """A line at exactly black's limit, and one past it, keep their length (and their answer)."""
    head = "result = compute(argument_one, "
    tail = ")\n"
    name = "n" * (width - len(head) - len(tail) + 1)
    text = head + name + tail
    assert len(text.rstrip("\n")) == width
    shaped = fmt.shape(text)
    assert len(shaped.rstrip("\n")) == width
    assert fmt.can_differ(shaped) == fmt.can_differ(text) == (width > fmt.LINE_LENGTH)
    long_string = 'x = "' + "word " * ((width - 6) // 5) + '"\n'
    assert fmt.can_differ(fmt.shape(long_string)) == fmt.can_differ(long_string)


def test_placeholders_are_no_kept_word() -> None:
    kept = fmt.WORDS_READ | set(keyword.kwlist) | set(keyword.softkwlist)
    for length in range(1, 40):
        assert "x" * length not in kept
        assert fmt.shape("x" * length + "\n") == "x" * length + "\n"


def test_a_chunk_that_is_no_valid_python_keeps_its_answer() -> None:
    for text in ["def f(:\n    pass\n", 'x = "unterminated\n', "x = $value\n", "if x\n"]:
        assert fmt.can_differ(fmt.shape(text)) == fmt.can_differ(text)


# -- the tripwire: every word a check compares with is one `shape` keeps -----------------------


def _reachable_from_can_differ() -> list[ast.AST]:
    """The top-level definitions of fmt.py that `can_differ` uses, transitively."""
    tree = ast.parse(Path(fmt.__file__).read_text(encoding="utf-8"))
    defined: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            defined[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    defined[target.id] = node
    seen: set[str] = set()
    todo = ["can_differ"]
    while todo:
        name = todo.pop()
        if name in seen or name not in defined:
            continue
        seen.add(name)
        walked = list(ast.walk(defined[name]))
        local = {n.id for n in walked if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        local |= {n.arg for n in walked if isinstance(n, ast.arg)}
        todo += [n.id for n in walked if isinstance(n, ast.Name) and n.id not in local]
    return [defined[name] for name in sorted(seen)]


def _docstrings(nodes: list[ast.AST]) -> set[int]:
    """A string that is a statement of its own (a docstring, an attribute's docstring): read by
    nothing."""
    return {
        id(inner.value)
        for node in nodes
        for inner in ast.walk(node)
        if isinstance(inner, ast.Expr) and isinstance(inner.value, ast.Constant)
    }


# Regular expressions the checks match names' text with, each reviewed: a name character for a
# name character leaves every one's answer as it is.
REVIEWED_PATTERNS = {
    r"[0-9]+(?:\.[0-9]+)?",  # _NUMBER: on NUMBER tokens; plain integers stay digits
    r"#(?: \S.*)?",  # _COMMENT: comments are on lines `shape` keeps
    r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+",  # _DOTTED: a name is a name before and after
    r'(?:[fbr]|rb|br|fr|rf)?"',  # _STRING_START: string prefixes are kept
    # _ANNOTATED_HEAD: a run of name characters for a run of name characters, and `: `, ` = `
    # (which shape keeps) around them.
    r"\s*[A-Za-z_]\w*: .+ = ",
}


STAND_INS = {"name"}
"""Words the checks put in place of a token, never compared with a token's text: `_one_attribute`
writes "name" for every NAME token and compares the list with one another (an operator, a string
or a number is never "name")."""


def test_every_word_the_checks_compare_with_is_kept() -> None:
    nodes = _reachable_from_can_differ()
    docstrings = _docstrings(nodes)
    compiled = [
        argument
        for node in nodes
        for inner in ast.walk(node)
        if isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") == "compile"
        for argument in inner.args
        if isinstance(argument, ast.Constant)
    ]
    patterns = {argument.value for argument in compiled}
    skipped = docstrings | {id(argument) for argument in compiled}
    words: set[str] = set()
    for node in nodes:
        for inner in ast.walk(node):
            if not isinstance(inner, ast.Constant) or id(inner) in skipped:
                continue
            if isinstance(inner.value, str):
                words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", inner.value))
    assert patterns == REVIEWED_PATTERNS, "a new pattern in can_differ: review it for shape"
    kept = fmt.WORDS_READ | set(keyword.kwlist) | set(keyword.softkwlist)
    assert words - kept - STAND_INS == set(), "add these words to fmt.WORDS_READ"
    assert {"from", "import", "async", "None", "def", "class"} <= words  # the walk finds them
    # A check on a name's letters rather than its value would escape the word list.
    methods = {
        inner.func.attr
        for node in nodes
        for inner in ast.walk(node)
        if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute)
    }
    assert not methods & {
        "isupper",
        "islower",
        "istitle",
        "isidentifier",
        "isalpha",
        "upper",
        "lower",
        "casefold",
        "title",
        "capitalize",
        "swapcase",
        "isdigit",
    }
