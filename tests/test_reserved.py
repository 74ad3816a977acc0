"""reserved.py: the names spec names must not take are read from the templates themselves, so a
member a template gains is reserved at once; the probe API takes every branch the committed
package's modules use."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import jinja2
import pydantic
import pytest

from generator import config, load, naming, normalize, render, reserved

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "generated" / "genesys_cloud_scim"


@pytest.fixture(scope="module")
def builtin() -> naming.Reserved:
    return reserved.builtin()


def test_each_namespace_holds_what_its_templates_use(builtin: naming.Reserved) -> None:
    assert {"Field", "ScimModel", "ScimEnum", "IntEnum", "Any", "date", "datetime"} <= (
        builtin.classes
    )
    assert {"Client", "AsyncClient", "RetryPolicy", "httpx", "Sequence", "Iterator"} <= (
        builtin.classes
    )
    assert {"Endpoint", "Param", "ENDPOINTS", "MappingProxyType", "Final"} <= builtin.classes
    assert {"ApiError", "RawResponse", "capture_responses", "__version__"} <= builtin.classes
    assert {"Field", "float", "str", "int", "bool", "list", "dict", "Any", "date"} <= (
        builtin.fields
    )
    assert {"to_dict", "to_json", "model_config", "model_dump", "schema"} <= builtin.fields
    assert {"__init__", "client", "with_options", "_client", "float", "property"} <= (
        builtin.methods
    )
    assert builtin.parameters == {
        "self",
        "_endpoints",
        "iterate_pages",
        "iterate_pages_async",
        "_start",
    }
    assert "ENDPOINTS" in builtin.constants
    assert {"_missing_", "__str__"} <= builtin.members
    # Names only the probe has are not reserved, nor are a lambda's own (`lambda page: ...`).
    every = set().union(
        *(getattr(builtin, f) for f in ("classes", "fields", "methods", "parameters"))
    )
    assert not {n for n in every if n.lower().startswith("probe")}
    assert "page" not in builtin.parameters


def test_pydantic_s_own_members_are_all_listed() -> None:
    public = {n for n in dir(pydantic.BaseModel) if not n.startswith("_")}
    assert public <= naming.PYDANTIC_MODEL_NAMES


def _names(tree: ast.Module) -> set[str]:
    return reserved._module_names(tree)


def test_the_probe_uses_every_name_the_committed_package_does(builtin: naming.Reserved) -> None:
    """Whatever the SCIM spec makes the templates write, the probe makes them write too."""
    trees = {path.name: ast.parse(path.read_text()) for path in COMMITTED.glob("*.py")}
    models = {n.name for n in reserved._classes(trees["models.py"])} | {
        n.target.id
        for n in trees["models.py"].body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }
    services = {n.name for n in reserved._classes(trees["api.py"])}
    operations = {
        f.name
        for cls in reserved._classes(trees["api.py"])
        for f in cls.body
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    parameters = {
        a.arg for tree in trees.values() for a in ast.walk(tree) if isinstance(a, ast.arg)
    }
    constants = {name.upper() for name in operations}
    spec_names = models | services | operations | parameters | constants
    for module in reserved.CLASS_MODULES:
        used = _names(trees[module]) - spec_names
        assert used - builtin.classes <= set(), module
    for node in reserved._classes(trees["models.py"]):
        used = reserved._class_expressions(node) - models
        assert used <= builtin.fields | builtin.members, node.name
    for node in reserved._classes(trees["api.py"]):
        used = reserved._class_members(node) | reserved._class_expressions(node)
        assert used - operations - models <= builtin.methods, node.name


def _spec(operation_id: str) -> load.LoadedSpec:
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/a": {
                "get": {"operationId": operation_id, "responses": {"200": {"description": "ok"}}}
            }
        },
    }
    return load.load_text("spec.json", json.dumps(document))


def test_a_member_a_template_gains_is_reserved_at_once(tmp_path: Path) -> None:
    """A --templates folder whose API classes have one more method, `ping`: an operation `ping`
    no longer replaces it, with no list to update anywhere."""
    override = tmp_path / "templates" / "package"
    override.mkdir(parents=True)
    source = (config.builtin_templates() / "package" / "api.py.jinja").read_text()
    marker = "    @property\n    def client(self)"
    assert marker in source
    added = "    def ping(self) -> bool:\n        return True\n\n"
    (override / "api.py.jinja").write_text(source.replace(marker, added + marker))
    environment = render.make_environment(tmp_path / "templates")
    custom = reserved.scan(environment)
    assert "ping" in custom.methods and "ping" not in reserved.builtin().methods

    api, warnings = normalize.normalize(_spec("ping"), normalize.Settings(), custom)
    assert [op.name for op in api.operations] == ["ping_"]
    assert "'ping' is a name the API classes use itself" in warnings[0].message
    for name in ("ping", "ping_"):  # --operation takes the name asked for and the one generated
        selected = normalize.Settings(operation_ids=(name,), tags=("none",))
        api, _ = normalize.normalize(_spec("ping"), selected, custom)
        assert [op.name for op in api.operations] == ["ping_"]
    api, _ = normalize.normalize(_spec("ping"), normalize.Settings())
    assert [op.name for op in api.operations] == ["ping"]
    shutil.rmtree(tmp_path / "templates")


def test_scans_are_cached_by_the_templates_text() -> None:
    first = reserved.scan(render.make_environment())
    assert reserved.scan(render.make_environment()) is first


def test_the_built_in_templates_scan_is_read_from_the_precompiled_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A run with the built-in templates renders no probe API: their scan is stored with their
    compiled code, and is what a scan of them finds (test_precompiled checks it is current)."""
    scanned = reserved.probe_scan(render.make_environment())

    def no_probe(environment: jinja2.Environment) -> naming.Reserved:
        raise AssertionError("the probe API was rendered")

    monkeypatch.setattr(reserved, "_cache", {})
    monkeypatch.setattr(reserved, "probe_scan", no_probe)
    assert reserved.scan(render.make_environment()) == scanned


def test_a_template_edited_after_the_module_was_built_is_scanned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The stored names are taken only for the templates' fingerprint they were found for."""
    monkeypatch.setattr(reserved, "_cache", {})
    monkeypatch.setattr(reserved, "fingerprint", lambda environment: "not the built-in one")
    scans: list[jinja2.Environment] = []
    real = reserved.probe_scan

    def counting(environment: jinja2.Environment) -> naming.Reserved:
        scans.append(environment)
        return real(environment)

    monkeypatch.setattr(reserved, "probe_scan", counting)
    assert reserved.scan(render.make_environment()) == real(render.make_environment())
    assert len(scans) == 1
