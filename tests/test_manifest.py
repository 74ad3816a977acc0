"""The manifest and the chunked formatter: what lets generate/check skip work must never let a
change through. Each test changes one thing the output depends on and checks that it is caught.

No timing here (see benchmarks/); what is asserted is what ran: whether the run was answered from
the manifest alone, and how many chunks black formatted or were reused.
"""

from __future__ import annotations

import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path

import black
import pytest

from generator import config, fmt, load, manifest, normalize, render, write
from generator.pipeline import Options, check, generate
from generator.write import UnsafeOutput

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"
COMMITTED = ROOT / "generated"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    spec = load.load(str(SPEC))
    api, _ = normalize.normalize(spec, normalize.Settings())
    return render.render(api, render.make_environment())


def all_chunks() -> int:
    """How many chunks black formats when nothing can be reused (every module but the built-in
    runtime files)."""
    spec = load.load(str(SPEC))
    api, _ = normalize.normalize(spec, normalize.Settings())
    environment = render.make_environment()
    files = render.render(api, environment)
    to_format = render.python_paths(api.package, environment)
    return sum(len(fmt.split(text)) for path, text in files.items() if to_format(path))


@pytest.fixture(scope="module")
def cold(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One generate from nothing, without any cache: the reference output."""
    out = tmp_path_factory.mktemp("cold") / "generated"
    result = generate(Options(spec=str(SPEC), output=out, use_cache=False))
    assert result.reused_chunks == 0 and result.rendered_anew == all_chunks()
    return out


@pytest.fixture
def clone(tmp_path: Path, cold: Path) -> tuple[Path, Path]:
    """A fresh clone: the spec and a generated folder with its manifest, nothing else."""
    spec = tmp_path / "spec.yaml"
    shutil.copyfile(SPEC, spec)
    out = tmp_path / "generated"
    shutil.copytree(cold, out)
    return spec, out


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


# -- the chunked formatter ----------------------------------------------------------------------


def test_chunked_black_equals_black_on_the_whole_module(rendered: dict[str, str]) -> None:
    mode = fmt.black_mode()
    python = [p for p in rendered if p.endswith(".py")]
    assert len(python) >= 10
    for path in python:
        assert fmt.format_module(rendered[path]) == black.format_str(rendered[path], mode=mode), (
            path
        )


def test_split_cuts_only_where_black_does_not_look_across() -> None:
    source = (
        "import os\n\nX: int = 1\n\n\n\nY: int = 2\n# note\nclass A:\n    pass\n\n"
        "Z: int = 3\n\n@decorator\ndef f():\n    return 1\nW = 4\n"
    )
    chunks = fmt.split(source)
    # `X` follows an import: kept with it; `class A` has a comment right above it: kept with
    # `Y`; `Z` follows a class: kept with it.
    assert [c.text.splitlines()[0] for c in chunks] == ["import os", "Y: int = 2", "@decorator"]
    assert fmt.format_module(source) == black.format_str(source, mode=fmt.black_mode())


def test_renders_are_already_black_stable(rendered: dict[str, str]) -> None:
    """What black_layout is for: black's first pass over a render changes nothing (but the final
    newline), so it formats each module once instead of twice."""
    to_format = render.python_paths("genesys_cloud_scim", render.make_environment())
    paths = [path for path in sorted(rendered) if to_format(path)]
    assert len(paths) >= 5
    for path in paths:
        text = rendered[path]
        assert fmt.format_module(text).rstrip("\n") == text.rstrip("\n"), path


def test_committed_package_is_what_black_gives() -> None:
    """The committed files are black-stable: formatting them again changes nothing."""
    mode = fmt.black_mode()
    for path in sorted(COMMITTED.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert black.format_str(text, mode=mode) == text, path


# -- the manifest: what it records --------------------------------------------------------------


def test_manifest_is_written_and_committed(cold: Path) -> None:
    recorded = manifest.load(cold)
    assert recorded is not None
    assert recorded.black == version("black")
    assert recorded.mode == fmt.MODE_DESCRIPTION
    assert set(recorded.files) == set(write.read_tree(cold))
    for path, entry in recorded.files.items():
        assert entry.output == manifest.sha((cold / path).read_text(encoding="utf-8"))
    assert recorded.stats["operations"] == 34
    # The committed package carries the manifest of exactly what is committed.
    committed = manifest.load(COMMITTED)
    assert committed is not None
    assert committed.files == recorded.files


def test_generate_is_deterministic_with_and_without_cache(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    before = tree(out)
    warm = generate(Options(spec=str(spec), output=out))
    assert warm.unchanged
    assert tree(out) == before
    shutil.rmtree(out)
    generate(Options(spec=str(spec), output=out, use_cache=False))
    assert tree(out) == before


# -- level 1: nothing changed -------------------------------------------------------------------


def test_check_on_a_fresh_clone_is_answered_from_the_manifest(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    result, comparison = check(Options(spec=str(spec), output=out))
    assert comparison.current
    assert result.unchanged
    assert result.operations == 34


def test_warm_generate_writes_nothing(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    stamp = 1_000_000_000
    for path in out.rglob("*"):
        os.utime(path, (stamp, stamp))
    result = generate(Options(spec=str(spec), output=out))
    assert result.unchanged
    assert all(p.stat().st_mtime == stamp for p in out.rglob("*") if p.is_file())


# -- each kind of change is caught --------------------------------------------------------------


def test_a_hand_edit_is_caught(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    models = out / "genesys_cloud_scim" / "models.py"
    models.write_text(models.read_text().replace("class ScimEmail(", "class ScimMail("))
    result, comparison = check(Options(spec=str(spec), output=out))
    assert not result.unchanged
    assert comparison.changed == ("genesys_cloud_scim/models.py",)
    assert "-class ScimMail(ScimModel):" in comparison.diff
    assert result.rendered_anew == 1  # only the edited chunk could not be taken from disk
    regenerated = generate(Options(spec=str(spec), output=out))
    assert not regenerated.unchanged
    assert "class ScimEmail(ScimModel):" in models.read_text()
    assert check(Options(spec=str(spec), output=out))[1].current


def test_a_hand_edit_that_keeps_the_manifest_hash_is_impossible_to_hide(
    clone: tuple[Path, Path],
) -> None:
    """Editing a file and its manifest entry together is caught by --no-cache."""
    spec, out = clone
    target = out / "genesys_cloud_scim" / "_version.py"
    target.write_text(target.read_text() + "HACK = 1\n")
    document = json.loads((out / manifest.NAME).read_text())
    document["files"]["genesys_cloud_scim/_version.py"]["output"] = manifest.sha(target.read_text())
    (out / manifest.NAME).write_text(json.dumps(document))
    _, comparison = check(Options(spec=str(spec), output=out, use_cache=False))
    assert comparison.changed == ("genesys_cloud_scim/_version.py",)


def test_an_extra_file_is_caught_and_kept_unless_forced(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    (out / "genesys_cloud_scim" / "stray.py").write_text("x = 1\n")
    _, comparison = check(Options(spec=str(spec), output=out))
    assert comparison.removed == ("genesys_cloud_scim/stray.py",)
    with pytest.raises(UnsafeOutput, match=r"stray\.py"):
        generate(Options(spec=str(spec), output=out))
    assert (out / "genesys_cloud_scim" / "stray.py").exists()
    generate(Options(spec=str(spec), output=out, force=True))
    assert not (out / "genesys_cloud_scim" / "stray.py").exists()


def test_a_deleted_file_is_caught(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    (out / "genesys_cloud_scim" / "patch.py").unlink()
    result, comparison = check(Options(spec=str(spec), output=out))
    assert not result.unchanged
    assert comparison.added == ("genesys_cloud_scim/patch.py",)


def test_a_spec_change_is_caught_and_only_its_chunks_are_formatted(
    clone: tuple[Path, Path], cold: Path
) -> None:
    spec, out = clone
    text = spec.read_text()
    assert "The user's PureCloud email address. Must be unique." in text
    spec.write_text(text.replace("The user's PureCloud email address. Must be unique.", "Changed."))
    result, comparison = check(Options(spec=str(spec), output=out))
    assert not result.unchanged
    # the field's docstring, and its row in docs/models.md
    assert comparison.changed == ("docs/models.md", "genesys_cloud_scim/models.py")
    assert '"""Changed."""' in comparison.diff
    assert 0 < result.rendered_anew <= 5
    assert result.reused_chunks == all_chunks() - result.rendered_anew
    generated = generate(Options(spec=str(spec), output=out))
    assert 0 < generated.rendered_anew <= 5
    # What the cache gave is exactly what a run from nothing gives.
    fresh = out.parent / "fresh"
    generate(Options(spec=str(spec), output=fresh, use_cache=False))
    assert tree(out) == tree(fresh)


def test_a_template_change_is_caught(clone: tuple[Path, Path], tmp_path: Path) -> None:
    spec, out = clone
    override = tmp_path / "templates" / "package"
    override.mkdir(parents=True)
    original = (config.builtin_templates() / "package" / "_version.py.jinja").read_text()
    (override / "_version.py.jinja").write_text(original + "\nEXTRA = 1\n")
    options = Options(spec=str(spec), output=out, templates=tmp_path / "templates")
    result, comparison = check(options)
    assert not result.unchanged
    assert comparison.changed == ("genesys_cloud_scim/_version.py",)
    assert result.rendered_anew == 1
    generate(options)
    assert "EXTRA = 1" in (out / "genesys_cloud_scim" / "_version.py").read_text()
    assert check(options)[0].unchanged


def test_a_generator_change_renders_again(
    clone: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change of the generator's own code (here: simulated by another fingerprint) goes past
    level 1; its output is then compared for real."""
    spec, out = clone
    monkeypatch.setattr(manifest, "__version__", "9.9.9")
    result, comparison = check(Options(spec=str(spec), output=out))
    assert not result.unchanged
    assert comparison.current
    assert result.rendered_anew == 0  # the same render: every chunk from the files on disk


def test_every_generator_module_is_an_input_subpackages_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stage split into a package (normalize/, load/) is still part of the fingerprint."""
    (tmp_path / "stage").mkdir()
    (tmp_path / "cli.py").write_text("A = 1\n")
    module = tmp_path / "stage" / "part.py"
    module.write_text("B = 1\n")
    monkeypatch.setattr(manifest, "_GENERATOR_DIR", tmp_path)
    before = manifest.inputs_fingerprint(b"spec", "settings", None)
    module.write_text("B = 2\n")
    assert manifest.inputs_fingerprint(b"spec", "settings", None) != before


def test_another_black_formats_everything_again(
    clone: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out = clone
    monkeypatch.setattr(fmt, "black_version", lambda: "99.1.0")
    result, comparison = check(Options(spec=str(spec), output=out))
    assert not result.unchanged
    assert result.reused_chunks == 0
    assert result.rendered_anew == all_chunks()
    assert comparison.current  # this "other" black is the same black


def test_a_manifest_from_another_black_is_not_trusted(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    path = out / manifest.NAME
    document = json.loads(path.read_text())
    document["black"] = "22.1.0"
    path.write_text(json.dumps(document))
    result, comparison = check(Options(spec=str(spec), output=out))
    assert comparison.current
    assert result.reused_chunks == 0
    generate(Options(spec=str(spec), output=out))
    assert json.loads(path.read_text())["black"] == version("black")


def test_a_stale_or_broken_manifest_only_costs_time(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    (out / manifest.NAME).write_text("{not json")
    result, comparison = check(Options(spec=str(spec), output=out))
    assert comparison.current and not result.unchanged and result.reused_chunks == 0
    (out / manifest.NAME).unlink()
    result, comparison = check(Options(spec=str(spec), output=out))
    assert comparison.current and not result.unchanged


def test_no_cache_formats_everything(clone: tuple[Path, Path]) -> None:
    spec, out = clone
    result, comparison = check(Options(spec=str(spec), output=out, use_cache=False))
    assert comparison.current
    assert not result.unchanged
    assert result.reused_chunks == 0 and result.rendered_anew == all_chunks()


def test_parallel_formatting_gives_the_same_output(
    clone: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out = clone
    monkeypatch.setattr(fmt, "PARALLEL_MIN_LINES", 0)
    _, comparison = check(Options(spec=str(spec), output=out, use_cache=False, jobs=2))
    assert comparison.current


# -- the large-spec fallbacks -------------------------------------------------------------------


def test_an_operation_with_a_body_that_cannot_be_sent_is_left_out_with_a_warning(
    tmp_path: Path,
) -> None:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/raw": {
                "post": {
                    "operationId": "postRaw",
                    # A form must be an object: its properties are the fields.
                    "requestBody": {
                        "content": {
                            "application/x-www-form-urlencoded": {"schema": {"type": "string"}}
                        }
                    },
                    "responses": {"204": {"description": "ok"}},
                }
            },
            "/ok": {"get": {"operationId": "getOk", "responses": {"204": {"description": "ok"}}}},
        },
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document, indent=2))
    result = generate(Options(spec=str(spec), output=tmp_path / "out"))
    assert result.operations == 1 and result.skipped == 1
    [warning] = [w for w in result.warnings if "left out" in w.message]
    assert warning.pointer == (
        "#/paths/~1raw/post/requestBody/content/application~1x-www-form-urlencoded/schema"
    )
    # Found in the JSON text in one pass, where indexing the whole text as YAML finds it too.
    assert warning.line == load.line_index(spec.read_text())[warning.pointer] == 14


def test_json_lines_agree_with_the_yaml_index(tmp_path: Path) -> None:
    text = json.dumps(
        {"a": {"b/c": [1, {"d~e": [True, None]}, "x"], "f": {}}, "g": [[], [2, 3]]}, indent=2
    )
    index = load.line_index(text)
    assert load.json_lines(text, set(index)) == index


def test_the_fingerprint_covers_the_stages_packages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to normalize/ or load/ changes the output: the cache must not outlive it."""
    (tmp_path / "normalize").mkdir()
    (tmp_path / "cli.py").write_text("x = 1\n")
    stage = tmp_path / "normalize" / "operations.py"
    stage.write_text("x = 1\n")
    monkeypatch.setattr(manifest, "_GENERATOR_DIR", tmp_path)
    before = manifest.inputs_fingerprint(b"spec", None, None)
    stage.write_text("x = 2\n")
    assert manifest.inputs_fingerprint(b"spec", None, None) != before


_CLASS = '''class Api:
    """The operations.

    def not_a_method(self): a paragraph of a docstring, never a place to cut.

    @not_a_decorator either
    """

    def __init__(self, client: Client) -> None:
        self._client = client

    @property
    def client(self) -> Client:
        return self._client

    def create(self, body: AVeryLongModelNameThatTakesRoomNumberOne | AVeryLongModelNameThatTakesRoomNumberTwo) -> None:
        return self._client.call(body)

    async def delete(self, id: str) -> None:
        await self._client.call(id)
'''


def test_a_class_is_cut_into_its_head_and_methods() -> None:
    """Method-level chunks: black formats only the method that can differ (in a class body of
    its own), and the module is still exactly what black makes of it."""
    source = f"import os\n\n\n{_CLASS}\n\nX = 1\n"
    chunks = fmt.split(source)
    firsts = [c.text.splitlines()[0] for c in chunks]
    assert firsts == [
        "import os",
        "class Api:",
        "    def __init__(self, client: Client) -> None:",
        "    @property",
        "    def create(self, body: AVeryLongModelNameThatTakesRoomNumberOne"
        " | AVeryLongModelNameThatTakesRoomNumberTwo) -> None:",
        "    async def delete(self, id: str) -> None:",
    ]
    assert [c.blank_lines_before for c in chunks] == [0, 2, 1, 1, 1, 1]
    assert "def not_a_method" in chunks[1].text  # the docstring stays whole
    planned = fmt.plan(chunks)
    assert [p is None for p in planned] == [False, False, False, False, True, False]
    whole = black.format_str(source, mode=fmt.black_mode())
    assert fmt.format_module(source) == whole
    texts = [
        p if p is not None else fmt.format_chunk(c.text)
        for c, p in zip(chunks, planned, strict=True)
    ]
    assert fmt.join(chunks, texts) == whole


@pytest.mark.parametrize(
    "source",
    [
        # Only the class line before the first method: nothing black could read alone.
        "class A:\n\n    def f(self) -> None:\n        pass\n\n    def g(self) -> None:\n"
        "        pass\n",
        # A comment holding triple quotes: the quote count no longer tells strings apart.
        'class A:\n    x = 1  # a """ in a comment\n\n    def f(self) -> None:\n        pass\n',
        "class A:\n    x = '''\n\n    def f(self) -> None:\n'''\n\n    def g(self) -> None:\n"
        "        pass\n",
    ],
)
def test_a_class_is_not_cut_where_that_is_unsafe(source: str) -> None:
    chunks = fmt.split(source)
    assert chunks[0].text.startswith("class A:")
    if source.startswith("class A:\n\n"):
        # The head keeps the first method; the second is a chunk of its own.
        assert [c.text.splitlines()[0] for c in chunks] == ["class A:", "    def g(self) -> None:"]
    else:
        assert len(chunks) == 1
    assert fmt.format_module(source) == black.format_str(source, mode=fmt.black_mode())
