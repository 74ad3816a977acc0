"""Big and deep specs: each is generated or refused with a diagnostic, never an internal error;
the bounds (README, "Sizes") are checked by lowering them, not by timing anything. The big inputs
themselves are measured by `benchmarks/hostile.py`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from generator import load, normalize, pipeline, render
from generator.diagnostics import GeneratorError


def document(schemas: dict[str, Any], root: str, **extra: Any) -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{root}"}}}
    operation = {
        "operationId": "getThing",
        "responses": {"200": {"description": "ok", "content": content}},
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/thing": {"get": operation}},
        "components": {"schemas": schemas},
        **extra,
    }


def loaded(data: dict[str, Any]) -> load.LoadedSpec:
    return load.load_text("spec.json", json.dumps(data))


def refused(data: dict[str, Any] | str) -> list[str]:
    text = data if isinstance(data, str) else json.dumps(data)
    with pytest.raises(GeneratorError) as raised:
        normalize.normalize(load.load_text("spec.json", text), normalize.Settings())
    return [d.message for d in raised.value.diagnostics]


def allof_chain(depth: int) -> dict[str, Any]:
    schemas: dict[str, Any] = {"S0": {"type": "object", "properties": {"p0": {"type": "string"}}}}
    for i in range(1, depth + 1):
        schemas[f"S{i}"] = {
            "allOf": [{"$ref": f"#/components/schemas/S{i - 1}"}],
            "type": "object",
            "properties": {f"p{i}": {"type": "integer"}},
        }
    return document(schemas, f"S{depth}")


def test_a_1200_level_allof_chain_is_generated(tmp_path: Path) -> None:
    """Deeper than Python's default recursion limit allows the normalizer to walk."""
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(allof_chain(1_200)))
    limit = sys.getrecursionlimit()
    result = pipeline.build(pipeline.Options(spec=str(spec), output=tmp_path / "out"))
    models = result.files["genesys_cloud_scim/models.py"]
    assert "class S1200(ScimModel):" in models
    assert "    p0: str | None = None" in models and "    p1200: int | None = None" in models
    assert sys.getrecursionlimit() == limit  # raised for the normalizer only, then restored


def test_schemas_nested_deeper_than_the_bound_are_refused() -> None:
    [message] = refused(allof_chain(normalize.MAX_SCHEMA_DEPTH + 1))
    assert f"schemas nest more than {normalize.MAX_SCHEMA_DEPTH:,} levels deep" in message


@pytest.mark.parametrize("count", [normalize.MAX_MODEL_NESTING + 1, 200])
def test_models_each_holding_the_next_cost_their_operations_beyond_what_pydantic_builds(
    count: int, tmp_path: Path
) -> None:
    """Models defer building until first use, so only the operations that use a chain too deep
    for pydantic are left out (issue 10's scoping); one left is still generated."""
    schemas: dict[str, Any] = {
        f"M{i}": {
            "type": "object",
            "properties": {"next": {"$ref": f"#/components/schemas/M{i + 1}"}},
        }
        for i in range(count - 1)
    }
    schemas[f"M{count - 1}"] = {"type": "object", "properties": {"x": {"type": "string"}}}
    schemas["Shallow"] = {"type": "object", "properties": {"x": {"type": "string"}}}
    chain = f"models nest {count} levels deep (M0 -> M1 -> M2 -> M3 -> ... -> M{count - 1})"
    alone = document(schemas, "M0")
    nothing, left_out = refused(alone)
    assert nothing == "no operation can be generated: every one is left out (see warnings)"
    assert left_out.startswith(chain) and left_out.endswith(
        "; get_thing() (GET /thing) is left out"
    )

    shallow = document(schemas, "Shallow")["paths"]["/thing"]["get"]
    alone["paths"]["/other"] = {"get": {**shallow, "operationId": "getOther"}}
    api, warnings = normalize.normalize(loaded(alone), normalize.Settings())
    assert [op.name for op in api.operations] == ["get_other"]
    assert [m.name for m in api.models] == ["Shallow"]
    [warning] = [w for w in warnings if chain in w.message]
    assert warning.pointer == "#/components/schemas/M0" and warning.message == left_out
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(alone))
    with pytest.raises(GeneratorError) as raised:  # --strict: the warning stops the run
        pipeline.build(pipeline.Options(spec=str(spec), output=tmp_path / "out", strict=True))
    assert any(chain in d.message for d in raised.value.diagnostics)


def test_models_as_deep_as_the_bound_and_recursive_models_are_generated() -> None:
    count = normalize.MAX_MODEL_NESTING
    schemas: dict[str, Any] = {
        f"M{i}": {"type": "object", "properties": {
            "next": {"$ref": f"#/components/schemas/M{i + 1}"},
            "back": {"$ref": "#/components/schemas/M0"}, "me": {"$ref": f"#/components/schemas/M{i}"}}}
        for i in range(count - 1)
    }  # fmt: skip
    schemas[f"M{count - 1}"] = {"type": "object", "properties": {"x": {"type": "string"}}}
    api, _ = normalize.normalize(loaded(document(schemas, "M0")), normalize.Settings())
    assert len(api.models) == count
    assert normalize.model_nesting({m.name: m for m in api.models})[0] == count


def test_a_200000_long_alias_chain_resolves() -> None:
    length = 200_000
    schemas: dict[str, Any] = {
        f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(length)
    }
    schemas[f"S{length}"] = {"type": "object", "properties": {"x": {"type": "string"}}}
    api, _ = normalize.normalize(loaded(document(schemas, "S0")), normalize.Settings())
    assert [m.name for m in api.models] == ["S0"]


def test_an_alias_chain_of_arrays_nests_no_deeper_than_the_bound() -> None:
    length = 100
    schemas: dict[str, Any] = {
        f"A{i}": {"type": "array", "items": {"$ref": f"#/components/schemas/A{i + 1}"}}
        for i in range(length)
    }
    schemas[f"A{length}"] = {"type": "string"}
    api, warnings = normalize.normalize(loaded(document(schemas, "A0")), normalize.Settings())
    returns = api.operations[0].returns
    assert returns is not None and normalize.nesting(returns) <= normalize.MAX_TYPE_NESTING
    assert any("nests more than 32 levels" in w.message for w in warnings)


def test_50000_enum_values_that_fold_to_one_name() -> None:
    marks = "!#$%&()*+,-./:;<=>?@[]^`{|}~ "
    values = [
        "a" + "".join(marks[(i // len(marks) ** k) % len(marks)] for k in range(4))
        for i in range(50_000)
    ]
    api, warnings = normalize.normalize(
        loaded(document({"Kind": {"type": "string", "enum": values}}, "Kind")), normalize.Settings()
    )
    [enum] = api.enums
    assert [m.name for m in enum.members[:3]] == ["A", "A_2", "A_3"]
    assert enum.members[-1].name == "A_50000"
    assert len(warnings) == 11
    assert sum("49,989 more enum values" in w.message for w in warnings) == 1


def test_too_many_fields_and_members_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """allOf copies a part's fields into every model that uses it: used at every level, a chain
    of n levels gives n * n / 2 fields."""
    monkeypatch.setattr(normalize.limits, "MAX_ITEMS", 1_000)
    depth = 60
    data = allof_chain(depth)
    data["components"]["schemas"]["All"] = {
        "type": "object",
        "properties": {f"s{i}": {"$ref": f"#/components/schemas/S{i}"} for i in range(depth + 1)},
    }
    data["paths"]["/thing"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/All"
    }
    [message] = refused(data)
    assert "more than 1,000 model fields and enum members" in message


def test_output_beyond_the_bound_is_refused_while_rendering() -> None:
    data = document({"Thing": {"type": "object", "description": "word " * 20_000}}, "Thing")
    api, _ = normalize.normalize(loaded(data), normalize.Settings())
    with pytest.raises(GeneratorError, match="more than 0 MB of code and docs"):
        render.render(api, render.make_environment(), limit=50_000)
    assert render.render(api, render.make_environment())  # the default bound is far above


def test_text_repeated_by_aliases_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load.read, "MAX_CHARACTERS", 10_000)
    text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx: [&a " + "y" * 1_000
    text += ", " + ", ".join(["*a"] * 10) + "]\n"
    with pytest.raises(GeneratorError, match="more than 0 MB of text"):
        load.load_text("spec.yaml", text)
    load.load_text("spec.yaml", text.replace(", *a" * 1, "", 1).replace(", *a", "", 9))


def test_a_spec_bigger_than_the_bound_is_not_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(load.read, "MAX_SPEC_BYTES", 1_000)
    spec = tmp_path / "big.json"
    spec.write_text(json.dumps(document({}, "X", x="y" * 2_000)))
    with pytest.raises(GeneratorError, match="more than the 0 MB scimgen reads"):
        load.load(str(spec))


@pytest.mark.parametrize(
    "text",
    [
        '{"openapi": "3.0.3", "x": ' + "9" * 4_301 + "}",
        "openapi: 3.0.3\nx: " + "9" * 4_301 + "\n",
        "openapi: 3.0.3\nx: 0x" + "f" * 4_000 + "\n",
        "openapi: 3.0.3\nx:\n  ? " + "9" * 5_000 + "\n  : y\n",
    ],
    ids=["json", "yaml", "yaml-hex", "yaml-key"],
)
def test_integers_python_cannot_write_are_refused(text: str) -> None:
    with pytest.raises(GeneratorError, match="more than 4,300 digits"):
        load.load_text("spec.json" if text.startswith("{") else "spec.yaml", text)


def test_an_integer_of_4300_digits_is_a_literal() -> None:
    big = int("9" * 4_300)
    data = document(
        {"N": {"type": "object", "properties": {"n": {"type": "integer", "default": big}}}}, "N"
    )
    api, _ = normalize.normalize(loaded(data), normalize.Settings())
    assert api.models[0].fields[0].default == big
    assert render.literal(big) == "9" * 4_300


def test_yaml_nested_too_deep_is_refused() -> None:
    flow = "[" * 5_000 + "]" * 5_000
    block = "\n" + "".join("  " * i + "k:\n" for i in range(3_000)) + "  " * 3_000 + "v"
    for text in (flow, block):
        with pytest.raises(GeneratorError, match="nest"):
            load.load_text("spec.yaml", "openapi: 3.0.3\nx: " + text + "\n")
