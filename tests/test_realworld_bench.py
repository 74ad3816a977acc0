"""benchmarks/realworld.py's logic that needs no corpus: reading what the tools print, the kind
classifier, the import check and the report over made-up results. Every message here is written
in the shape scimgen and openapi-python-client print, with names of our own; nothing is read from
a corpus, and nothing is run but a small package of the test's own."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    """A benchmark module, importable as the scripts import each other (from their folder)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(BENCHMARKS))


realworld = _load("realworld")
run_py = _load("run")

BODY = "a body sent as "


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        (
            BODY + "application/x-www-form-urlencoded must be an object: its properties are the "
            "fields",
            "form request body (13.1)",
        ),
        (
            BODY + "multipart/form-data must be an object: its properties are the fields",
            "multipart request body (13.1)",
        ),
        (
            "request body has no media type in its content: nothing says how to send it",
            "request body without a media type",
        ),
        (
            "$ref 'https://example.test/a.json' is not supported: only '#/components/<section>/"
            "<name>' references are",
            "$ref to a URL (13.2)",
        ),
        ("$ref '../models/Thing.json' is not supported: only ...", "$ref to another file (13.2)"),
        (
            "$ref '../models/Thing.json' is outside the spec's folder: scimgen reads other files "
            "only from the spec's folder and the folders below it",
            "$ref to a file outside the spec's folder (13.2)",
        ),
        (
            "$ref 'models/absent.json': cannot read models/absent.json: No such file or directory",
            "$ref to a file that cannot be read (13.2)",
        ),
        (
            "$ref 'https://example.test/a.json' is a URL: scimgen reads no URL; download the file "
            "into the spec's folder and refer to it by its relative path",
            "$ref to a URL (13.2)",
        ),
        (
            "$ref '#/components/schemas/Thing/allOf/0' is not supported: only ...",
            "$ref into a schema, a path or a parameter (13.2)",
        ),
        (
            "$ref '#/components/responses/Thing' must point into '#/components/schemas/'",
            "$ref into the wrong section (13.2)",
        ),
        (
            "$ref '#/components/schemas/T' points to a component that is not valid (#/definitions/"
            "T/type (line 3): invalid OpenAPI: 'type': Input should be 'string' or 'object' "
            "(found 'null'))",
            "type 'null' (13.3, 13.4)",
        ),
        (
            "invalid OpenAPI: 'type': Input should be 'string' or 'object' (found list)",
            "type list (13.3, 13.4)",
        ),
        (
            "invalid OpenAPI: 'Schema': Input should be a valid dictionary or instance of Schema "
            "(found list)",
            "items given as a list (Swagger 2.0 in the wild)",
        ),
        (
            "invalid OpenAPI: 'enum': List should have at least 1 item after validation, not 0",
            "empty enum (13.4)",
        ),
        (
            "invalid OpenAPI: 'openapi': Input should be '3.1.1' or '3.1.0' (found '3.1.9')",
            "OpenAPI version not accepted (13.4)",
        ),
        ("schema refers to itself", "schema that refers to itself (13.4)"),
        (
            "operationId 'getThing' is already used by #/paths/~1things/get",
            "duplicate operationId (13.5)",
        ),
        (
            "the spec has no paths: there is nothing to generate",
            "no operations in the document (13.7)",
        ),
        (
            "the spec's paths have no operations (no get, put, post, delete, options, head, patch "
            "or trace): there is nothing to generate",
            "no operations in the document (13.7)",
        ),
        ("something nobody has seen yet", "other"),
    ],
)
def test_each_message_gets_its_kind(message: str, kind: str) -> None:
    assert realworld.kind_of(message) == kind


def test_a_left_out_tail_gives_the_reason_and_the_distinct_operations() -> None:
    one = "schema refers to itself; get_thing() (GET /things/{id}) is left out"
    assert realworld.split_left_out(one) == ("schema refers to itself", ["GET /things/{id}"])
    many = (
        "schema refers to itself; 3 operations are left out: get_a() (GET /a), "
        "get_a() (GET /a), put_b() (PUT /b/{x}; y)"
    )
    assert realworld.split_left_out(many) == (
        "schema refers to itself",
        ["GET /a", "PUT /b/{x}; y"],
    )
    # A field left out costs no operation.
    header = "header 'User-Agent' is set by the client and is left out"
    assert realworld.split_left_out(header) == (header, [])


def test_scimgen_output_gives_findings_and_counts() -> None:
    source = "/tmp/x/spec one.yaml"
    stderr = "\n".join(
        [
            f"{source}: warning: #/paths/~1a/get (line 4): operation has no operationId; it is "
            "generated as get_a()",
            f"{source}: warning: #/paths/~1a b/post (line 9, column 2): {BODY}multipart/form-data;"
            " post_a_b() (POST /a b) is left out",
            f"{source}: error: #/openapi (line 1): invalid OpenAPI: 'openapi': Input should be "
            "'3.1.0' (found '9')",
            "other.yaml: warning: #/paths: not ours",
            "scimgen: 1 error(s); nothing was written.",
        ]
    )
    findings, warnings, errors = realworld.scimgen_findings(stderr, source)
    assert (warnings, errors) == (2, 1)
    assert [(f.level, f.operations) for f in findings] == [
        ("warning", ["POST /a b"]),
        ("error", []),
    ]
    assert findings[0].message == BODY + "multipart/form-data"


def test_operations_are_read_from_the_readme_and_from_opc_modules(tmp_path: Path) -> None:
    readme = (
        "| Method | HTTP request | Description |\n| --- | --- | --- |\n"
        "| `get_a` | `GET /a/{id}` | Get \\| one |\n| `list_a` | `GET /a` | All |\n"
        "| `iter_a` | `GET /a` | All, page by page |\n"
    )
    assert realworld.readme_operations(readme) == {"GET /a/{id}", "GET /a"}
    api = tmp_path / "client" / "api"
    for tag, name, body in [
        ("one", "get_a.py", '"method": "get",\n        "url": "/a/{id}".format(id=id),'),
        ("two", "get_a.py", '"method": "get",\n        "url": "/a/{id}".format(id=id),'),
        ("two", "post_b.py", '"method": "post", "url": f"/b",'),
        ("two", "odd.py", "nothing to read"),
    ]:
        (api / tag).mkdir(parents=True, exist_ok=True)
        (api / tag / "__init__.py").write_text("")
        (api / tag / name).write_text("_kwargs = {\n        " + body + "\n}\n")
    found, unread = realworld.opc_operations(tmp_path / "client")
    assert found == {"GET /a/{id}", "POST /b", "module api/two/odd.py"}
    assert unread == ["api/two/odd.py"]
    output = (
        "WARNING parsing POST /c within x/y. Endpoint will not be generated.\n\n"
        "Cannot parse body\n\n"
        "WARNING parsing POST /c within y. Endpoint will not be generated.\n"
        "WARNING parsing GET /d within x.\n"
    )
    assert realworld.opc_left_out(output) == ["POST /c"]


def test_the_import_check_imports_every_module(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "fine.py").write_text("X = 1\n")
    command = [sys.executable, "-I", "-c", realworld.IMPORT_ALL, str(tmp_path), "pkg"]
    assert subprocess.run(command, capture_output=True, cwd=tmp_path).returncode == 0
    (package / "broken.py").write_text("import not_a_module_anywhere\n")
    failed = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert failed.returncode != 0
    assert "not_a_module_anywhere" in failed.stderr


def _run(tool: str, exit: int, operations: int, left_out: int = 0, **extra: object) -> Any:
    run = realworld.Run(tool=tool, exit=exit, timed_out=False, seconds=1.0, peak_mib=50.0)
    run.operations = operations
    run.left_out = [f"GET /{i}" for i in range(left_out)]
    for key, value in extra.items():
        setattr(run, key, value)
    return run


def _results() -> list[object]:
    Spec, Result, Finding = realworld.Spec, realworld.Result, realworld.Finding
    ours, peer = realworld.SCIMGEN, realworld.OPC
    form = Finding("warning", BODY + "application/x-www-form-urlencoded", ["POST /f", "POST /g"])
    odd = Finding("warning", "a new reason", ["GET /0"])
    return [
        Result(
            Spec("a.yaml", "2.0", 10),
            {
                ours: _run(
                    ours,
                    0,
                    7,
                    3,
                    findings=[form, odd],
                    imports=True,
                    mypy_clean=True,
                    not_black=["a/api.py", "a/models.py"],
                ),
                peer: _run(peer, 1, 0, traceback=True),
            },
        ),
        Result(
            Spec("b.json.gz", "3.1.0", 30),
            {
                ours: _run(ours, 2, 0, findings=[Finding("error", "the spec has no paths")]),
                peer: _run(peer, 0, 20, 4, imports=True, mypy_clean=False, hooks_ran=True),
            },
        ),
    ]


def test_the_summary_counts_over_made_up_results() -> None:
    table = realworld.summary_table(_results(), [realworld.SCIMGEN, realworld.OPC])
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ")[1:] for line in table[2:]}
    assert rows["generated (exit 0)"] == ["1/2", "1/2 |"]
    assert rows["operations generated, of MANIFEST's"] == ["7/40 (17.5%)", "20/40 (50.0%) |"]
    # opc generated b with 20 of 30, named 4 as left out: 6 lost silently.
    assert rows["tracebacks / internal errors / specs with silent operation loss"] == [
        "0 / 0 / 0 (0 operations)",
        "1 / - / 1 (6 operations) |",
    ]
    assert rows["generated packages importing, `mypy --strict` clean"] == ["1/1, 1/1", "1/1, 0/1 |"]
    assert rows["operations generated by spec version"] == [
        "2.0: 7/10 (70.0%); 3.1: 0/30 (0.0%)",
        "2.0: 0/10 (0.0%); 3.1: 20/30 (66.7%) |",
    ]
    assert rows["ruff post-hooks ran"] == ["-", "1/1 |"]
    assert rows["generated .py files not black's output (specs with any)"] == ["2 (1/1)", "- |"]
    assert "- a, scimgen: not black's output: a/api.py, a/models.py" in realworld.failures(
        _results()
    )


def test_the_black_check_names_the_files_black_would_change(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text('X = "black\'s"\n', encoding="utf-8")
    (tmp_path / "pkg" / "api.py").write_text("X = 'not black\\'s'\n", encoding="utf-8")
    (tmp_path / "pkg" / "models.py").write_text("def f(a,b): return a\n", encoding="utf-8")
    assert realworld.not_black_files(tmp_path) == ["pkg/api.py", "pkg/models.py"]


def test_kinds_count_operations_specs_and_list_other_messages() -> None:
    lines = realworld.kinds_table(realworld.tally_kinds(_results()))
    assert "| form request body (13.1) | 2 | 1 | 1 |" in lines
    assert "| other | 1 | 1 | 1 |" in lines
    assert "| no operations in the document (13.7) | b | 30 |" in lines
    assert lines[-2:] == ["Messages of kind 'other': 1:", "- warning: a new reason"]


def test_one_row_per_spec() -> None:
    lines = realworld.spec_table(_results(), [realworld.SCIMGEN, realworld.OPC])
    assert len(lines) == 4
    assert lines[2].startswith("| a | 2.0 | 0 | 7/10 |")
    assert "| 1 (traceback) | 0/10 |" in lines[2]


def test_only_selects_by_name_or_file_and_refuses_unknown_names() -> None:
    specs = [realworld.Spec("a-1.2.yaml", "2.0", 1), realworld.Spec("b.json.gz", "3.0.0", 2)]
    assert realworld.select(specs, ["b"]) == specs[1:]
    assert realworld.select(specs, ["a-1.2.yaml", "b.json.gz"]) == specs
    assert realworld.select(specs, []) == specs
    with pytest.raises(SystemExit):
        realworld.select(specs, ["c"])


def test_run_py_keeps_the_sections_it_does_not_write() -> None:
    text = (
        "# Benchmark results\n\nintro\n\n## SCIM spec (x)\n\nold\n\n"
        "## Runtime of the generated client\n\nTotal benchmark time: 1 s.\n\n"
        "## Real-world descriptions (issue 13)\n\n| a | b |\n"
    )
    assert run_py.other_sections(text) == ["## Real-world descriptions (issue 13)\n\n| a | b |\n"]


def test_an_operation_both_generated_and_left_out_is_noted() -> None:
    run = _run(realworld.SCIMGEN, 0, 0, 2)
    realworld.account(run, {"GET /0", "GET /x"})
    assert run.operations == 2
    assert run.notes == ["1 operations generated and named as left out: ['GET /0']"]
    clean = _run(realworld.SCIMGEN, 0, 0, 1)
    realworld.account(clean, {"GET /x"})
    assert clean.notes == []


def test_the_operation_left_out_is_the_one_the_pointer_is_in() -> None:
    message = BODY + "multipart/form-data; the operation is left out"
    pointer = "#/paths/~1a~1{id}~0x/post/requestBody/content"
    assert realworld.split_left_out(message, pointer) == (
        BODY + "multipart/form-data",
        ["POST /a/{id}~x"],
    )
    assert realworld.operation_at("#/components/schemas/A") is None
    assert realworld.operation_at("#/paths/~1a/parameters/0") is None
