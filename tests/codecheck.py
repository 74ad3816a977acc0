"""Helpers for the tests that generate packages from small specs: build one, dump the API surface it
gives, prove its code holds only what the templates write, import it and type-check it.

The AST allow-list is derived from the committed package (`generated/`, the clean spec's output):
a module generated from any other spec may only use the node types, call targets, imports and free
names that the same module uses there, plus the few listed in `EXTRA` (constructs the clean spec
happens not to need). Any statement or call smuggled in through spec text fails it.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator import normalize, pipeline, write
from generator.diagnostics import Diagnostic, GeneratorError

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "generated"
COMMITTED_PACKAGE = "genesys_cloud_scim"

# Constructs a spec may need that the clean spec does not use, per module.
EXTRA: dict[str, dict[str, set[str]]] = {
    "models.py": {
        # negative defaults and enum values (-1), non-finite float defaults (float("inf")),
        # dict[str, X] for additionalProperties, enum members as field defaults (Kind.USER)
        "nodes": {"UnaryOp", "USub", "Tuple", "Attribute", "Dict"},
        "calls": {"float", "Tagged"},
        "imports": {"enum.IntEnum", "typing.Any", "datetime.date", "datetime.datetime"}
        # discriminated unions (Annotated[A | B, Tagged("kind", {...})]), const (Literal["x"]),
        # recursive unions named at the end (`Node: TypeAlias = Frame | Text`)
        | {"typing.Annotated", "typing.Literal", "typing.TypeAlias", "._model.Tagged"}
        # File: binary strings (`format: binary`), the file parts of multipart bodies
        | {"._model.File"},
        "free": {"IntEnum", "float", "dict", "Any", "date", "datetime", "bytes", "bool", "int"}
        | {"File"},
    },
    "api.py": {
        "nodes": {"UnaryOp", "USub", "Tuple", "Dict"},
        "calls": {"float", "Tagged"},
        "imports": {"typing.Any", "datetime.date", "datetime.datetime"}
        | {"typing.Annotated", "typing.Literal", "._model.Tagged", "._model.File"},
        "free": {"float", "dict", "list", "str", "Any", "date", "datetime", "bytes", "bool", "int"}
        | {"File"},
        # operations that return nothing: the call is a statement, not a `return`
        "expressions": {"call self._client.call"},
    },
    "_endpoints.py": {
        # union and dict result types: Endpoint[A | B], Endpoint[dict[str, X]]
        "nodes": {"BinOp", "BitOr", "Tuple", "Dict"},
        "calls": {"Tagged"},
        "imports": {"datetime.date", "datetime.datetime"}
        | {"typing.Annotated", "typing.Literal", "._model.Tagged", "._model.File"},
        "free": {"dict", "Any", "date", "datetime", "bytes", "bool", "int", "float", "str", "list"}
        | {"File"},
    },
}


@dataclass
class Built:
    diagnostics: tuple[Diagnostic, ...]
    files: dict[str, str] | None
    summary: str = ""


def build(spec: Path, package: str) -> Built:
    options = pipeline.Options(
        spec=str(spec), output=Path("unused"), settings=normalize.Settings(package=package)
    )
    try:
        result = pipeline.build(options)
    except GeneratorError as error:
        return Built(error.diagnostics, None)
    summary = f"{result.operations} operations, {result.models} models and enums"
    return Built(result.warnings, result.files, summary)


def write_package(files: dict[str, str], folder: Path) -> Path:
    write.write_tree(files, folder)
    return folder


# -- the surface: what a reader of the generated package sees ------------------------------------


def surface(files: dict[str, str], package: str) -> list[str]:
    """Classes with their fields, enum members and API methods, one line each."""
    lines: list[str] = []
    for module in ("models.py", "api.py"):
        tree = ast.parse(files[f"{package}/{module}"])
        lines.append(f"--- {module}")
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            bases = ", ".join(ast.unparse(b) for b in node.bases)
            if module == "api.py" and node.name.startswith("Async"):
                continue  # the async twin has the same methods
            lines.append(f"class {node.name}({bases})")
            for item in node.body:
                if isinstance(item, ast.AnnAssign):
                    value = f" = {ast.unparse(item.value)}" if item.value is not None else ""
                    lines.append(
                        f"    {ast.unparse(item.target)}: {ast.unparse(item.annotation)}{value}"
                    )
                elif isinstance(item, ast.Assign):
                    targets = ", ".join(ast.unparse(t) for t in item.targets)
                    lines.append(f"    {targets} = {ast.unparse(item.value)}")
                elif isinstance(item, ast.FunctionDef) and item.name not in (
                    "__init__",
                    "client",
                    "with_options",
                ):
                    returns = ast.unparse(item.returns) if item.returns else "None"
                    lines.append(f"    def {item.name}({ast.unparse(item.args)}) -> {returns}")
    return lines


def expected_text(built: Built, package: str) -> str:
    """What a corpus spec's `.expected` sidecar holds."""
    status = "generated: " + built.summary if built.files is not None else "error"
    lines = [status, *(str(d) for d in built.diagnostics)]
    if built.files is not None:
        lines.extend(surface(built.files, package))
    return "\n".join(lines).replace(package, "{package}") + "\n"


# -- the AST allow-list --------------------------------------------------------------------------


@dataclass
class Shape:
    nodes: set[str] = field(default_factory=set)
    calls: set[str] = field(default_factory=set)
    imports: set[str] = field(default_factory=set)
    free: set[str] = field(default_factory=set)
    expressions: set[str] = field(default_factory=set)
    """Kinds of expression statements (docstrings are 'str')."""


def _call_target(node: ast.Call, local_classes: set[str], models: set[str]) -> str:
    target = ast.unparse(node.func)
    if target in models:
        return "<model>"
    if target in local_classes:
        return "<class of this module>"
    if target.startswith("self.") and target.count(".") == 1:
        return "self.<method>"
    return target


def shape_of(source: str, models: Iterable[str] = (), services: Iterable[str] = ()) -> Shape:
    tree = ast.parse(source)
    models, services = set(models), set(services)
    shape = Shape()
    local_classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    bound: set[str] = set(local_classes)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            bound.add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).split(".")[0])
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    for node in ast.walk(tree):
        shape.nodes.add(type(node).__name__)
        if isinstance(node, ast.Call):
            shape.calls.add(_call_target(node, local_classes, models))
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                name = alias.name
                if node.module == "models" and name in models:
                    name = "<model>"
                elif node.module == "api" and name in services:
                    name = "<service>"
                if alias.asname not in (None, alias.name):
                    name += f" as {alias.asname}"
                shape.imports.add(f"{'.' * node.level}{node.module or ''}.{name}")
        elif isinstance(node, ast.Import):
            shape.imports.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            if node.id not in bound:
                shape.free.add(node.id)
        elif isinstance(node, ast.Expr):
            value = node.value.value if isinstance(node.value, ast.Await) else node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                shape.expressions.add("docstring")
            elif isinstance(value, ast.Call):
                shape.expressions.add("call " + _call_target(value, local_classes, models))
            else:
                shape.expressions.add(ast.unparse(node.value))
    return shape


def _classes_of(files: dict[str, str], path: str) -> set[str]:
    """The classes a module defines, and its type aliases (`Node: TypeAlias = ...`,
    `<Enum>Value: TypeAlias = ...`)."""
    tree = ast.parse(files[path])
    return {n.name for n in tree.body if isinstance(n, ast.ClassDef)} | {
        n.target.id
        for n in tree.body
        if isinstance(n, ast.AnnAssign)
        and isinstance(n.target, ast.Name)
        and ast.unparse(n.annotation) == "TypeAlias"
    }


@functools.cache
def baseline() -> dict[str, Shape]:
    files = write.read_tree(COMMITTED)
    models = _classes_of(files, f"{COMMITTED_PACKAGE}/models.py")
    services = _classes_of(files, f"{COMMITTED_PACKAGE}/api.py")
    shapes: dict[str, Shape] = {}
    for path, text in files.items():
        if path.endswith(".py"):
            module = path.split("/", 1)[1]
            shape = shape_of(text, models, services)
            extra = EXTRA.get(module, {})
            shape.nodes |= extra.get("nodes", set())
            shape.calls |= extra.get("calls", set())
            shape.imports |= extra.get("imports", set())
            shape.free |= extra.get("free", set())
            shape.expressions |= extra.get("expressions", set())
            shapes[module] = shape
    return shapes


def ast_problems(files: dict[str, str], package: str) -> list[str]:
    """Everything in the generated modules that the templates do not write; [] when clean."""
    problems: list[str] = []
    allowed = baseline()
    models = _classes_of(files, f"{package}/models.py")
    services = _classes_of(files, f"{package}/api.py")
    for path, text in sorted(files.items()):
        if not path.endswith(".py"):
            continue
        module = path.split("/", 1)[1]
        if module not in allowed:
            problems.append(f"{path}: a module the clean spec does not produce")
            continue
        try:
            compile(text, path, "exec")
        except SyntaxError as error:
            problems.append(f"{path}: does not compile: {error}")
            continue
        shape, base = shape_of(text, models, services), allowed[module]
        for kind in ("nodes", "calls", "imports", "free", "expressions"):
            extra = getattr(shape, kind) - getattr(base, kind)
            if extra:
                problems.append(f"{path}: unexpected {kind}: {sorted(extra)}")
    return problems


# -- running the generated code ------------------------------------------------------------------

_IMPORT_SCRIPT = r"""
import importlib, json, sys, traceback
results = {}
for folder, package in json.loads(sys.argv[1]):
    sys.path.insert(0, folder)
    try:
        root = importlib.import_module(package)
        models = importlib.import_module(package + ".models")
        api = importlib.import_module(package + ".api")
        importlib.import_module(package + "._endpoints")
        for name in models.__all__:
            cls = getattr(models, name)
            if hasattr(cls, "model_rebuild"):
                cls.model_rebuild(force=True)
                cls.model_json_schema()
        client = root.Client(base_url="http://127.0.0.1:9", access_token="t")
        for name in api.__all__:
            if not name.startswith("Async"):
                getattr(api, name)(client)
        client.close()
        results[package] = "ok"
    except BaseException:
        results[package] = traceback.format_exc()
print(json.dumps(results))
"""


def import_packages(packages: list[tuple[Path, str]]) -> dict[str, str]:
    """Import each (folder, package) in one fresh interpreter; 'ok' or the traceback, by package."""
    argument = json.dumps([[str(folder), package] for folder, package in packages])
    completed = subprocess.run(
        [sys.executable, "-c", _IMPORT_SCRIPT, argument],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=str(ROOT),
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    if completed.returncode != 0:
        raise AssertionError(f"import subprocess failed:\n{completed.stderr}")
    results: dict[str, str] = json.loads(completed.stdout.strip().splitlines()[-1])
    return results


def run_mypy(packages: list[tuple[Path, str]], cache: Path) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` over several generated packages in one run."""
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache)]
    command += ["--config-file", os.devnull]
    for _folder, package in packages:
        command += ["-p", package]
    path = os.pathsep.join(str(folder) for folder, _ in packages)
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=str(cache.parent),
        env={**os.environ, "MYPYPATH": path},
    )
