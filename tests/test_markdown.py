"""Spec text cannot break out of the Markdown and HTML it lands in: the README and the docs/ pages
of a hostile spec (tests/specs/markdown_injection.yaml) parse, with a CommonMark parser, to the
same structure as those of the same spec with every piece of prose replaced by a plain word:
same headings, tables, cells, links, code and HTML; the text reads back as the spec wrote it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator import load, normalize, render

SPECS = Path(__file__).parent / "specs"
HOSTILE = yaml.safe_load((SPECS / "markdown_injection.yaml").read_text(encoding="utf-8"))


def _plain(document: dict[str, Any]) -> dict[str, Any]:
    """The same spec with every string that reaches the docs replaced by a plain word."""
    plain = copy.deepcopy(document)
    plain["info"]["title"] = plain["info"]["version"] = "x"
    operation = plain["paths"]["/users/{id}"]["get"]
    operation["summary"] = operation["description"] = "x"
    operation["x-inin-requires-permissions"]["permissions"] = ["x", "y"]
    for parameter in operation["parameters"]:
        parameter["description"] = "x"
    operation["parameters"][1]["schema"].update(default="x", enum=["x", "plain"])
    body = operation["requestBody"]
    body["description"] = "x"
    body["content"] = {"application/json": next(iter(body["content"].values()))}
    return plain


def _pages(document: dict[str, Any]) -> dict[str, str]:
    spec = load.load_text("spec.yaml", yaml.safe_dump(document))
    api, _ = normalize.normalize(spec, normalize.Settings(package="evil"))
    files = render.render(api, render.make_environment())
    return {path: text for path, text in files.items() if path.endswith(".md")}


def _tokens(text: str) -> list[Token]:
    flat: list[Token] = []
    for token in MarkdownIt("commonmark").enable("table").parse(text):
        flat.append(token)
        flat.extend(token.children or [])
    return flat


def _structure(text: str) -> list[tuple[str, str, str]]:
    """Every token but plain text: its type, tag, and for links, images and HTML what they hold."""
    shape = []
    for token in _tokens(text):
        if token.type in ("text", "softbreak", "inline"):
            continue
        detail = ""
        if token.type in ("html_block", "html_inline"):
            # The generated comment holds spec text; any other HTML is the template's own.
            detail = "<!-- comment -->" if token.content.startswith("<!--") else token.content
        elif token.type in ("code_inline", "fence"):
            detail = "code"
        elif token.type in ("link_open", "image"):
            detail = str(token.attrs.get("href") or token.attrs.get("src"))
        shape.append((token.type, token.tag, detail))
    return shape


@pytest.fixture(scope="module")
def pages() -> tuple[dict[str, str], dict[str, str]]:
    return _pages(HOSTILE), _pages(_plain(HOSTILE))


def test_hostile_text_adds_no_structure(pages: tuple[dict[str, str], dict[str, str]]) -> None:
    hostile, plain = pages
    assert (
        hostile.keys()
        == plain.keys()
        == {
            "README.md",
            "docs/TagWithPipeApi.md",
            "docs/client.md",
            "docs/models.md",
        }
    )
    for path in hostile:
        assert _structure(hostile[path]) == _structure(plain[path]), path


def test_the_generated_comment_ends_where_the_template_ends_it(
    pages: tuple[dict[str, str], dict[str, str]],
) -> None:
    for text in pages[0].values():
        first, _rest = text.split("\n", 1)
        assert first.startswith("<!-- ") and first.endswith(" -->")
        assert first.count("--") == 2  # the comment's own opening and closing


def test_the_text_reads_as_the_spec_wrote_it(pages: tuple[dict[str, str], dict[str, str]]) -> None:
    operation = HOSTILE["paths"]["/users/{id}"]["get"]
    docs = "".join(
        t.content for t in _tokens(pages[0]["docs/TagWithPipeApi.md"]) if t.type == "text"
    )
    for text in (operation["summary"], operation["description"], "<script>perm</script>"):
        assert text in docs
    readme = "".join(t.content for t in _tokens(pages[0]["README.md"]) if t.type == "text")
    assert HOSTILE["info"]["title"] in readme
