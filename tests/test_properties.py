"""Property-based tests: random small specs, with names, enum values, defaults and prose drawn from
hostile alphabets, either give diagnostics or a package that compiles, holds only what the
templates write (the AST allow-list), imports, and (on a couple of examples) passes mypy --strict.
Never a crash.

The default profile keeps this to seconds; `SCIMGEN_HYPOTHESIS_PROFILE=long` runs many more
examples (see conftest.py).
"""

from __future__ import annotations

import importlib
import itertools
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from codecheck import ast_problems, run_mypy
from conftest import padded_package
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator import fmt, load, naming, normalize, pipeline, render, reserved, write
from generator.diagnostics import GeneratorError

HOSTILE_PIECES = [
    '"""',
    "'''",
    "\\",
    "{{",
    "}}",
    "{%",
    "%}",
    "#",
    "\n",
    "\r\n",
    "\x00",
    "\x1b[31m",
    "\t",
    "\u202e",
    "\u2028",
    "\x85",
    "import os",
    "__import__('os').system('x')",
    ")",
    "(",
    ":",
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "-",
    "_",
    " ",
    "1",
    "A",
    "a",
    "é",
    "名",
    "class",
    "from",
    "self",
    "None",
    "model_config",
    "date",
    "Field",
    "CON",
    "../",
    "/",
]
hostile_text = (
    st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=3), max_size=6)
    .map("".join)
    .filter(lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s))
)
names = hostile_text | st.sampled_from(["id", "type", "filter", "userName", "user_name", "x"])
scalars = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats() | hostile_text


def schemas(refs: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    primitive = st.fixed_dictionaries(
        {"type": st.sampled_from(["string", "integer", "number", "boolean"])},
        optional={
            "format": st.sampled_from(["date-time", "date", "uuid", "int64", 'x"""']),
            "nullable": st.booleans(),
            "description": hostile_text,
            "default": scalars,
        },
    )
    enum = st.fixed_dictionaries(
        {
            "enum": st.lists(hostile_text, min_size=1, max_size=5)
            | st.lists(st.integers(), min_size=1, max_size=4)
        },
        optional={"default": scalars, "description": hostile_text},
    )
    leaves: st.SearchStrategy[Any] = primitive | enum | st.just({})
    if refs:
        leaves = leaves | st.sampled_from(refs).map(
            lambda r: {"$ref": "#/components/schemas/" + r.replace("~", "~0").replace("/", "~1")}
        )

    def extend(inner: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
        return (
            st.builds(lambda item: {"type": "array", "items": item}, inner)
            | st.builds(
                lambda props, required: {
                    "type": "object",
                    "properties": props,
                    **({"required": sorted(props)} if required and props else {}),
                },
                st.dictionaries(names, inner, max_size=4),
                st.booleans(),
            )
            | st.builds(lambda options: {"oneOf": options}, st.lists(inner, min_size=1, max_size=3))
            | st.builds(lambda value: {"type": "object", "additionalProperties": value}, inner)
        )

    return st.recursive(leaves, extend, max_leaves=6)


@st.composite
def specs(draw: st.DrawFn) -> str:
    component_names = draw(st.lists(names, max_size=3, unique=True))
    components = {
        name: draw(
            schemas(component_names).map(
                lambda s: s if "$ref" not in s else {"type": "object", "properties": {"x": s}}
            )
        )
        for name in component_names
    }
    paths: dict[str, Any] = {}
    for index in range(draw(st.integers(1, 3))):
        operation: dict[str, Any] = {
            "summary": draw(hostile_text),
            "description": draw(hostile_text),
            "tags": [draw(st.sampled_from(["A", "", '"""', "Client"]))],
            "parameters": [
                {
                    "name": draw(names),
                    "in": draw(st.sampled_from(["query", "header"])),
                    "required": draw(st.booleans()),
                    "description": draw(hostile_text),
                    "schema": draw(schemas(component_names)),
                }
                for _ in range(draw(st.integers(0, 3)))
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": draw(schemas(component_names))}},
                }
            },
        }
        if draw(st.booleans()):
            operation["operationId"] = draw(names)
        if draw(st.booleans()):
            operation["requestBody"] = {
                "content": {"application/json": {"schema": draw(schemas(component_names))}}
            }
        paths[f"/p{index}/{draw(st.sampled_from(['x', 'a%20b', 'q%22', '%7B%7D']))}"] = {
            draw(st.sampled_from(["get", "post", "put", "delete"])): operation
        }
    document = {
        "openapi": "3.0.3",
        "info": {"title": "Corpus", "version": "1", "description": draw(hostile_text)},
        "paths": paths,
        "components": {"schemas": components},
    }
    return json.dumps(document)


_counter = itertools.count()


def generate(text: str) -> tuple[str, dict[str, str]] | None:
    """(package, files), or None when the spec is refused with diagnostics."""
    package = padded_package(f"hyp_{next(_counter)}")
    try:
        spec = load.load_text("spec.json", text)
        api, _warnings = normalize.normalize(spec, normalize.Settings(package=package))
    except GeneratorError as error:
        assert error.diagnostics, "a GeneratorError must carry its diagnostics"
        return None
    environment = render.make_environment()
    rendered = render.render(api, environment)
    to_format = render.python_paths(package, environment)
    return package, {
        path: fmt.format_module(text) if to_format(path) else text
        for path, text in rendered.items()
    }


def import_in_process(folder: Path, package: str) -> None:
    sys.path.insert(0, str(folder))
    try:
        root = importlib.import_module(package)
        models = importlib.import_module(f"{package}.models")
        api = importlib.import_module(f"{package}.api")
        for name in models.__all__:
            cls = getattr(models, name)
            if hasattr(cls, "model_rebuild"):
                cls.model_rebuild(force=True)
        client = root.Client(base_url="http://127.0.0.1:9", access_token="t")
        for name in api.__all__:
            getattr(api, name)(client)
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]


FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(specs())
def test_random_specs_give_diagnostics_or_a_clean_package(text: str) -> None:
    diagnostics_or_a_clean_package(text)


def diagnostics_or_a_clean_package(text: str) -> None:
    """The spec is refused with diagnostics, or its package holds only what the templates write,
    has file names safe on every system, and imports."""
    generated = generate(text)
    event("refused with diagnostics" if generated is None else "generated")
    if generated is None:
        return
    package, files = generated
    assert ast_problems(files, package) == []
    assert len({path.lower() for path in files}) == len(files)
    for path in files:
        for part in path.split("/"):
            assert (
                len(part) <= 80 and part.split(".")[0].lower() not in naming.WINDOWS_RESERVED_NAMES
            )
    with tempfile.TemporaryDirectory() as folder:
        write.write_tree(files, Path(folder) / "out")
        import_in_process(Path(folder) / "out", package)


@settings(FAST, max_examples=2)
@given(specs())
def test_random_specs_pass_mypy_strict(text: str) -> None:
    generated = generate(text)
    if generated is None:
        return
    package, files = generated
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out"
        write.write_tree(files, output)
        completed = run_mypy([(output, package)], Path(folder) / "mypy-cache")
        assert completed.returncode == 0, completed.stdout


def test_pipeline_build_is_what_the_property_tests_run(tmp_path: Path) -> None:
    """`generate` above calls the stages one by one; keep it in step with pipeline.build."""
    text = json.dumps(
        {
            "openapi": "3.0.3",
            "info": {"title": "Corpus", "version": "1"},
            "paths": {
                "/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}}
            },
        }
    )
    spec = tmp_path / "spec.json"
    spec.write_text(text)
    generated = generate(text)
    assert generated is not None
    package, files = generated
    options = pipeline.Options(
        spec=str(spec), output=tmp_path, settings=normalize.Settings(package=package)
    )
    assert pipeline.build(options).files == files


# -- hostile names and sizes ----------------------------------------------------------------------

# Every name the templates use (read from them, as the generator does), keywords, builtins, and
# names that only a newline, letter case or punctuation tells apart.
_RESERVED = reserved.builtin()
TEMPLATE_NAMES = sorted(
    set().union(
        *(
            getattr(_RESERVED, f)
            for f in ("classes", "fields", "methods", "parameters", "constants")
        )
    )
)
TRICKY_NAMES = [
    *sorted(naming.PYTHON_KEYWORDS),
    *("x\n", "x\r", "\nx", "x ", "__init__", "__class__", "_private", "1x", "", "名前"),
    *("withOptions", "with-options", "WithOptions", "iterUsers", "getUsers", "float", "Field"),
    *("User", "USER", "user", "uSeR", "CON", "nul", "com1", "a-b", "a_b", "aB", "A.B", "a/b"),
]
hostile_names = (
    st.sampled_from(TEMPLATE_NAMES)
    | st.sampled_from(TRICKY_NAMES)
    | st.builds(lambda a, b: a + b, st.sampled_from(TRICKY_NAMES), st.sampled_from(TEMPLATE_NAMES))
    | st.integers(60, 320).map(lambda n: "Long " * (n // 5))
    | names
)


def mostly(good: list[Any], bad: list[Any]) -> st.SearchStrategy[Any]:
    """One of `bad` about one time in ten, else one of `good` (so that most specs still generate,
    though each draws several)."""
    return st.sampled_from(good * (9 * len(bad) // len(good) + 1) + bad)


# Integers around the 4,300 digits Python writes, and floats it cannot.
# (json.dumps cannot write an integer of more than 4,300 digits either: a marker stands for it.)
_LONG = "<<integer of %d digits>>"
big_numbers = (
    mostly([4_299, 4_300], [4_301]).map(lambda digits: _LONG % digits)
    | st.sampled_from([float("inf"), float("-inf"), 1e308, -0.0])
    | st.integers(-(2**70), 2**70)
)


def _with_long_integers(text: str) -> str:
    for digits in (4_299, 4_300, 4_301):
        text = text.replace(json.dumps(_LONG % digits), "9" * digits)
    return text


HOSTILE_PATHS = mostly(
    ["/ok", "/ok/{id}", "/a:b/{id}/c@d", "/%7Bx%7D"],
    ["x", ".evil.example/x", "@evil/x", ":8443/x", "//evil/x", "/a/../b", "/a/%2e%2e/b", "/a?b",
     "/a#b", "/a b", "/a\r\nb", "/<b>", ""],
)  # fmt: skip
HOSTILE_SERVERS = mostly(
    ["https://api.example.com", "http://[::1]:8080/v2", "/"],
    ["https://u:p@api.example.com", "javascript:alert(1)", "/api", "https://{region}.example.com",
     "ftp://x", "https://", ""],
)  # fmt: skip
HEADER_NAMES = mostly(
    ["X-Ok", "If-Match", "x_y.z"], ["X\r\nInjected: 1", "X Y", "X:", "X\x00", "Ünïcode", ""]
)


@st.composite
def hostile_specs(draw: st.DrawFn) -> str:
    """Specs made of hostile names and sizes: every name a template uses, names that differ only
    in case, long tags, huge integers, enums that fold to one name, chains of models, allOf and
    aliases near the bounds, hostile paths, servers and header names."""
    schemas: dict[str, Any] = {}
    model_names = draw(st.lists(hostile_names, min_size=1, max_size=4, unique=True))
    for name in model_names:
        properties = {
            draw(hostile_names): {
                "type": draw(st.sampled_from(["string", "integer", "number", "boolean"])),
                **({"x-python-name": draw(hostile_names)} if draw(st.booleans()) else {}),
            }
            for _ in range(draw(st.integers(0, 3)))
        }
        for field in properties.values():
            if field["type"] in ("integer", "number") and draw(st.booleans()):
                field["default"] = draw(big_numbers)
        schemas[name] = {"type": "object", "properties": properties}
    # An enum whose values fold to few names, some repeated.
    size = draw(st.integers(1, 120))
    values: list[Any] = [
        draw(st.sampled_from(["a", "A", "a!", "a-", "a_", "-a"])) + "!" * (i % 5) + "." * (i // 5)
        for i in range(size)
    ]
    if draw(st.booleans()):  # integers too: a mixed enum, with one of them near the limits
        values += [*draw(st.lists(st.integers(-3, 3), max_size=4)), draw(big_numbers)]
    schemas["Folded"] = {"enum": values, "type": "string"}
    # Chains near the bounds: models holding models, allOf levels, aliases.
    chain = draw(mostly([1, 5, normalize.MAX_MODEL_NESTING], [normalize.MAX_MODEL_NESTING + 1]))
    for index in range(chain):
        held = (
            {"$ref": f"#/components/schemas/Chain{index + 1}"}
            if index + 1 < chain
            else {"type": "string"}
        )
        schemas[f"Chain{index}"] = {"type": "object", "properties": {"next": held}}
    levels = draw(st.integers(1, 60))
    schemas["Level0"] = {"type": "object", "properties": {"p0": {"type": "string"}}}
    for index in range(1, levels):
        schemas[f"Level{index}"] = {
            "allOf": [{"$ref": f"#/components/schemas/Level{index - 1}"}],
            "properties": {f"p{index}": {"type": "integer"}},
        }
    aliases = draw(st.integers(1, 80))
    for index in range(aliases):
        schemas[f"Alias{index}"] = {"$ref": f"#/components/schemas/Alias{index + 1}"}
    schemas[f"Alias{aliases}"] = draw(
        st.sampled_from([{"type": "string"}, {"type": "array", "items": {"type": "integer"}}])
    )
    if draw(mostly([False], [True])):  # an unused alias cycle
        schemas["CycleA"], schemas["CycleB"] = (
            {"$ref": "#/components/schemas/CycleB"},
            {"$ref": "#/components/schemas/CycleA"},
        )
    nested: dict[str, Any] = {"type": "string"}
    for _ in range(draw(st.integers(0, 40))):
        nested = {"type": "array", "items": nested}
    targets = [*model_names, "Folded", "Chain0", f"Level{levels - 1}", "Alias0"]
    paths: dict[str, Any] = {}
    for index in range(draw(st.integers(1, 4))):
        path = draw(HOSTILE_PATHS)
        parameters = (
            [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}]
            if "{id}" in path
            else []
        )
        if draw(st.booleans()):
            parameters.append(
                {
                    "name": draw(HEADER_NAMES),
                    "in": "header",
                    "schema": {"type": "string"},
                }
            )
        if draw(st.booleans()):
            parameters.append(
                {
                    "name": draw(hostile_names),
                    "in": "query",
                    "x-python-name": draw(hostile_names),
                    "schema": {"type": "integer", "default": draw(big_numbers)},
                }
            )
        schema = draw(
            st.sampled_from(
                [
                    *(
                        {"$ref": "#/components/schemas/" + t.replace("~", "~0").replace("/", "~1")}
                        for t in targets
                    ),
                    nested,
                ]
            )
        )
        operation = {
            "operationId": draw(hostile_names),
            "tags": [draw(hostile_names)],
            "parameters": parameters,
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
            },
        }
        paths.setdefault(path + "/" * index if path.startswith("/") else path + str(index), {})[
            "get"
        ] = operation
    document = {
        "openapi": "3.0.3",
        "info": {"title": draw(hostile_text), "version": "1"},
        "servers": [{"url": draw(HOSTILE_SERVERS)}],
        "paths": paths,
        "components": {"schemas": schemas},
    }
    return _with_long_integers(json.dumps(document))


@FAST
@given(hostile_specs())
def test_hostile_names_and_sizes_give_diagnostics_or_a_clean_package(text: str) -> None:
    diagnostics_or_a_clean_package(text)
