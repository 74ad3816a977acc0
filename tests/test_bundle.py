"""load.bundle: `$ref`s beyond `#/components/<section>/<name>`, followed into one document.

Pointers anywhere in the document, other files in the spec's folder and below (never above it,
symlinks resolved first, never a URL), within the spec's own size bounds; the files read are
inputs of the output, so `check` notices a change in one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import load, manifest, normalize
from generator.diagnostics import GeneratorError
from generator.load import bundle
from generator.pipeline import Options, check, generate


def _spec(schema_ref: str) -> str:
    return (
        'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n'
        "      operationId: getA\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        f"              schema: {{$ref: {json.dumps(schema_ref)}}}\n"
    )


def _messages(folder: Path, text: str, name: str = "spec.yaml") -> list[str]:
    """The diagnostics of normalizing `text` as the spec `folder/name`."""
    spec_path = folder / name
    spec_path.write_text(text, encoding="utf-8")
    try:
        _api, warnings = normalize.normalize(load.load(str(spec_path)), normalize.Settings())
    except GeneratorError as error:
        return [d.message for d in error.diagnostics]
    return [d.message for d in warnings]


def _models(folder: Path, text: str) -> dict[str, list[str]]:
    spec_path = folder / "spec.yaml"
    spec_path.write_text(text, encoding="utf-8")
    api, _warnings = normalize.normalize(load.load(str(spec_path)), normalize.Settings())
    return {m.name: [f.json_name for f in m.fields] for m in api.models}


def test_a_file_in_a_folder_below_is_read_with_its_own_relative_references(
    tmp_path: Path,
) -> None:
    (tmp_path / "schemas" / "deep").mkdir(parents=True)
    (tmp_path / "schemas" / "user.json").write_text(
        '{"type": "object", "properties": {"group": {"$ref": "deep/group.yaml#/Group"}}}'
    )
    (tmp_path / "schemas" / "deep" / "group.yaml").write_text(
        "Group: {type: object, properties: {name: {type: string}}}\n"
    )
    assert _models(tmp_path, _spec("./schemas/user.json")) == {
        "Group": ["name"],
        "User": ["group"],
    }


def test_a_percent_escaped_file_name_and_pointer_are_decoded(tmp_path: Path) -> None:
    (tmp_path / "my models.yaml").write_text(
        "components:\n  schemas:\n    'A B': {type: object, properties: {x~y: {type: object, "
        "properties: {z: {type: integer}}}}}\n"
    )
    models = _models(tmp_path, _spec("my%20models.yaml#/components/schemas/A%20B/properties/x~0y"))
    assert models == {"ABPropertiesXY": ["z"]}


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("../outside.json", "outside the spec's folder"),
        ("sub/../../outside.json", "outside the spec's folder"),
        ("escape.json", "outside the spec's folder"),  # a symlink to a file above
        ("/etc/hostname", "is an absolute path"),
        ("https://example.com/x.json", "is a URL: scimgen reads no URL; download the file"),
        ("file:///etc/hostname", "is a URL"),
        ("absent.json", "cannot read absent.json"),
        ("bad.yaml", "bad.yaml (line 2): not valid YAML"),
        ("laughs.yaml", "expands to more than"),
        ("ok.json#/nothing/here", "points to nothing"),
    ],
)
def test_a_reference_that_cannot_be_followed_costs_only_its_operation(
    tmp_path: Path, ref: str, reason: str
) -> None:
    folder = tmp_path / "spec"
    (folder / "sub").mkdir(parents=True)
    (tmp_path / "outside.json").write_text('{"type": "string"}')
    (folder / "escape.json").symlink_to(tmp_path / "outside.json")
    (folder / "bad.yaml").write_text("a: [\n")
    (folder / "ok.json").write_text('{"type": "string"}')
    anchors = "\n".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, 8))
    (folder / "laughs.yaml").write_text("l0: &l0 [x]\n" + anchors + "\n")
    text = _spec(ref).replace(
        "paths:\n",
        "paths:\n  /b: {get: {operationId: getB, responses: {'204': {description: ok}}}}\n",
    )
    messages = _messages(folder, text)
    assert len(messages) == 1, messages
    assert reason in messages[0] and "get_a() (GET /a) is left out" in messages[0]


def test_standard_input_has_no_folder_to_read_files_from() -> None:
    document = json.loads(
        json.dumps({"paths": {}, "components": {"schemas": {"A": {"$ref": "x.json"}}}})
    )
    bundled = bundle.bundle(document, None)
    assert "a spec read from standard input" in bundled.problems["x.json"]


def test_a_pointer_into_the_document_is_copied_once_under_a_name_of_where_it_is() -> None:
    document = {
        "paths": {},
        "components": {
            "schemas": {
                "Tag": {"allOf": [{"type": "object"}]},
                "A": {"properties": {"x": {"$ref": "#/components/schemas/Tag/allOf/0"}}},
                "B": {"items": {"$ref": "#/components/schemas/Tag/allOf/0"}},
            }
        },
    }
    bundled = bundle.bundle(document, None)
    schemas = bundled.document["components"]["schemas"]
    assert schemas["Tag_allOf_0"] == {"type": "object"}
    assert schemas["A"]["properties"]["x"] == {"$ref": "#/components/schemas/Tag_allOf_0"}
    assert schemas["B"]["items"] == {"$ref": "#/components/schemas/Tag_allOf_0"}
    assert bundled.origins == {
        "#/components/schemas/Tag_allOf_0": "#/components/schemas/Tag/allOf/0"
    }
    assert document["components"]["schemas"]["A"]["properties"]["x"]["$ref"].endswith("allOf/0")


def test_a_problem_in_another_file_points_into_that_file(tmp_path: Path) -> None:
    (tmp_path / "user.yaml").write_text(
        "type: object\nproperties:\n  bad: {$ref: '#/definitions/Missing'}\n"
    )
    messages = []
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(
        _spec("user.yaml").replace(
            "paths:",
            "paths:\n  /b: {get: {operationId: getB, responses: {'204': {description: ok}}}}",
        )
    )
    _api, warnings = normalize.normalize(load.load(str(spec_path)), normalize.Settings())
    messages = [(d.pointer, d.line) for d in warnings]
    assert messages == [("user.yaml#/properties/bad", None)]


def test_a_swagger_file_s_definitions_are_converted_like_the_spec_s(tmp_path: Path) -> None:
    (tmp_path / "defs.yaml").write_text(
        "definitions:\n  User:\n    type: object\n    properties:\n"
        "      name: {type: string, x-nullable: true}\n      team: {$ref: '#/definitions/Team'}\n"
        "  Team: {type: object, properties: {id: {type: integer}}}\n"
    )
    text = (
        'swagger: "2.0"\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n'
        "      operationId: getA\n      responses:\n        '200':\n          description: ok\n"
        "          schema: {$ref: 'defs.yaml#/definitions/User'}\n"
    )
    (tmp_path / "spec.yaml").write_text(text)
    api, _warnings = normalize.normalize(
        load.load(str(tmp_path / "spec.yaml")), normalize.Settings()
    )
    fields = {(m.name, f.json_name): f.nullable for m in api.models for f in m.fields}
    assert fields == {("User", "name"): True, ("User", "team"): False, ("Team", "id"): False}


def test_check_notices_a_change_in_a_file_the_spec_refers_to(tmp_path: Path) -> None:
    (tmp_path / "user.json").write_text(
        '{"type": "object", "properties": {"name": {"type": "string"}}}'
    )
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(_spec("user.json"))
    options = Options(spec=str(spec_path), output=tmp_path / "out")
    generate(options)
    recorded = manifest.load(tmp_path / "out")
    assert recorded is not None and recorded.spec_files == ("user.json",)
    assert check(options)[1].diff == ""
    (tmp_path / "user.json").write_text(
        '{"type": "object", "properties": {"nick": {"type": "string"}}}'
    )
    result, comparison = check(options)
    assert not result.unchanged
    assert "+    nick: str | None = None" in comparison.diff
    (tmp_path / "user.json").unlink()
    with pytest.raises(GeneratorError):
        check(options)  # the only operation is left out: the spec is not what was generated


def test_the_files_together_have_the_bound_of_one_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.load import read

    monkeypatch.setattr(read, "MAX_SPEC_BYTES", 1000)
    padding = " " * 600
    for name in ("one.json", "two.json"):
        (tmp_path / name).write_text('{"type": "string"}' + padding)
    document = {
        "paths": {},
        "components": {"schemas": {"A": {"$ref": "one.json"}, "B": {"$ref": "two.json"}}},
    }
    bundled = bundle.bundle(document, tmp_path)
    assert bundled.document["components"]["schemas"]["A"] == {"type": "string"}
    assert "more than 0 MB together" in bundled.problems["two.json"]


def test_a_long_chain_of_pointers_each_inside_the_last_costs_its_operations() -> None:
    schemas: dict[str, object] = {
        f"S{i}": {"properties": {"x": {"$ref": f"#/components/schemas/S{i + 1}/properties/x"}}}
        for i in range(3000)
    }
    schemas["S3000"] = {"properties": {"x": {"type": "string"}}}
    bundled = bundle.bundle({"paths": {}, "components": {"schemas": schemas}}, None)
    problems = list(bundled.problems.values())
    assert problems
    assert all(f"a chain of more than {bundle.MAX_FOLLOWING} references" in p for p in problems)
