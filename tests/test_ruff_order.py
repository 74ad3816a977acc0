"""Generated names in the orders ruff holds them to (render.import_order, render.all_order):
all-capitals class names (the vendor's `DID`, `IVR`), numbers in names and several API classes
sort as ruff sorts them, so a package from the vendor's whole document passes `ruff check`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator import normalize, render
from generator.pipeline import Options, generate


def _returning(name: str, tag: str, operation_id: str) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{name}"}
    content = {"application/json": {"schema": schema}}
    return {
        "tags": [tag],
        "operationId": operation_id,
        "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok", "content": content}},
    }


def test_a_package_with_awkward_names_passes_ruff(tmp_path: Path) -> None:
    names = ["DID", "IVR", "IVREntity", "Item10", "Item2", "Itema", "ItemB", "OAuth", "Objects"]
    tags = ["Users", "OAuth", "Objects", "IVR", "Authorization"]
    paths = {
        f"/{name.lower()}{index}": {"get": _returning(name, tags[index % len(tags)], f"get{name}")}
        for index, name in enumerate(names)
    }
    properties = {"aB": {"type": "string"}, "at": {"type": "string", "format": "date-time"}}
    schemas = {name: {"type": "object", "properties": properties} for name in names}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    output = tmp_path / "out"
    settings = normalize.Settings(package="awkward")
    generate(Options(spec=str(spec), output=output, settings=settings))
    result = subprocess.run(
        # The orders only: imports a spec leaves unused (F401) are another matter.
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "I,RUF022", "."],
        cwd=output,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_orders() -> None:
    names = ["abc", "Abc", "aB", "DID", "DIDEntity", "Item10", "Item2", "IVR", "IVREntity"]
    names += ["V2Thing", "ZZ_TOP", "Zebra", "item_b", "ItemB", "Itema"]
    # What ruff 0.17 itself writes for these names (checked by hand with `ruff check --fix`).
    assert sorted(names, key=render.import_order) == [
        *("DID", "IVR", "ZZ_TOP", "Abc", "DIDEntity", "Item2", "Item10", "Itema", "ItemB"),
        *("IVREntity", "V2Thing", "Zebra", "aB", "abc", "item_b"),
    ]
    assert sorted(names, key=render.all_order) == [
        *("DID", "IVR", "ZZ_TOP", "Abc", "DIDEntity", "IVREntity", "Item2", "Item10", "ItemB"),
        *("Itema", "V2Thing", "Zebra", "aB", "abc", "item_b"),
    ]
