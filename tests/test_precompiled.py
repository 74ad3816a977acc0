"""The precompiled templates (generator/_templates_compiled.py): current, used, and never used for
a template whose source is not the one they were compiled from."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator import config, load, normalize, precompiled, render

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"


def test_the_precompiled_module_is_current() -> None:
    """Fails after a template change until `python -m generator.precompiled` is run again."""
    assert precompiled.MODULE.read_text(encoding="utf-8") == precompiled.build_text(), (
        "generator/_templates_compiled.py is stale: run `python -m generator.precompiled`"
    )


def test_every_built_in_template_is_precompiled() -> None:
    folder = config.builtin_templates()
    names = {p.relative_to(folder).as_posix() for p in folder.rglob("*.jinja")}
    from generator import _templates_compiled

    assert set(_templates_compiled.TEMPLATES) == names


def _compiled_from_source(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    compiled: list[str] = []
    original = jinja2.FileSystemLoader.load

    def counting(
        self: jinja2.FileSystemLoader,
        environment: jinja2.Environment,
        name: str,
        globals: dict[str, object] | None = None,
    ) -> jinja2.Template:
        compiled.append(name)
        return original(self, environment, name, globals)

    monkeypatch.setattr(jinja2.FileSystemLoader, "load", counting)
    return compiled


def test_built_in_templates_are_not_compiled_at_run_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _compiled_from_source(monkeypatch)
    environment = render.make_environment()
    api, _ = normalize.normalize(load.load(str(SPEC)), normalize.Settings())
    rendered = render.render(api, environment)
    assert compiled == []
    assert len(rendered) >= 15


def test_precompiled_renders_as_the_sources_do(monkeypatch: pytest.MonkeyPatch) -> None:
    api, _ = normalize.normalize(load.load(str(SPEC)), normalize.Settings())
    fast = render.render(api, render.make_environment())
    monkeypatch.setattr(precompiled, "_MODULE", None)
    monkeypatch.setattr(precompiled, "_module", lambda: None)
    slow = render.render(api, render.make_environment())
    assert fast == slow


def test_an_override_compiles_its_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "package").mkdir()
    source = (config.builtin_templates() / "package" / "_version.py.jinja").read_text()
    (tmp_path / "package" / "_version.py.jinja").write_text(source + "# overridden\n")
    compiled = _compiled_from_source(monkeypatch)
    environment = render.make_environment(tmp_path)
    text = environment.get_template("package/_version.py.jinja").render(
        api=normalize.normalize(load.load(str(SPEC)), normalize.Settings())[0]
    )
    assert compiled == ["package/_version.py.jinja"]
    assert text.endswith("# overridden\n")
