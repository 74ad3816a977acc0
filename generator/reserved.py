"""The names the templates themselves put where spec names land, read from the templates.

A spec name must never take a name the generated code already uses in the same namespace: an
operation `float` next to a `float("inf")` default would make the import call the operation, a
field `Field` would break every later `Field(...)`, an operation `withOptions` would replace
`with_options`. Rather than a hand-kept list that a new template member could be missing from,
`scan` renders the templates (the built-in ones, or a `--templates` folder's) with a small probe
API that takes every branch they have, parses the Python modules, and collects per namespace
what the templates put there: module-level names and the builtins the modules use, the members
and class-level expressions of the API classes and models, the names method bodies use, the
model base's members. Probe names all start with `probe`, so they are told apart.

The result depends only on the templates' text (pydantic's own `BaseModel` members are the one
literal list: `naming.PYDANTIC_MODEL_NAMES`), so generated output stays a function of the inputs.
It is cached by the templates' text: a scan costs one small render. The built-in templates' scan
is stored in the precompiled module (generator/precompiled.py), so a run that uses them renders
no probe at all.

Imports: ir, naming, render (and with it jinja2).
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator
from dataclasses import replace

import jinja2

from . import ir, naming, render
from .normalize.operations import signature

PROBE = "probe"

# Modules whose top level holds model, enum or API class names (defined or imported there).
CLASS_MODULES = ("models.py", "api.py", "_endpoints.py", "__init__.py", "patch.py")

KINDS = ("classes", "fields", "methods", "parameters", "constants", "members")
"""The namespaces of `naming.Reserved`, in its order."""

_cache: dict[str, naming.Reserved] = {}


def scan(environment: jinja2.Environment) -> naming.Reserved:
    """What the templates of `environment` reserve, per namespace (cached by their text; for the
    built-in templates, stored with their precompiled code)."""
    from . import precompiled

    key = fingerprint(environment)
    found = _cache.get(key)
    if found is None:
        stored = precompiled.reserved_names(key)
        if stored is not None:
            found = naming.Reserved(**{kind: frozenset(stored[kind]) for kind in KINDS})
        else:
            found = probe_scan(environment)
        _cache[key] = found
    return found


def builtin() -> naming.Reserved:
    """What the built-in templates reserve."""
    return scan(render.make_environment())


def fingerprint(environment: jinja2.Environment) -> str:
    digest = hashlib.sha256()
    for name in sorted(environment.list_templates()):
        source = environment.loader.get_source(environment, name)[0]  # type: ignore[union-attr]
        digest.update(f"{name}\0{len(source)}\0{source}".encode())
    return digest.hexdigest()


def probe_scan(environment: jinja2.Environment) -> naming.Reserved:
    api = probe_api()
    files = render.render(api, environment)
    trees = {
        path.split("/", 1)[1]: ast.parse(text)
        for path, text in files.items()
        if path.endswith(".py") and path.startswith(f"{api.package}/")
    }
    classes = set().union(*(_module_names(trees[m]) for m in CLASS_MODULES if m in trees))
    fields: set[str] = set(naming.PYDANTIC_MODEL_NAMES)
    members: set[str] = set()
    for node in _classes(trees["_model.py"]):
        if node.name == "ScimModel":
            fields |= _class_members(node)
        elif node.name == "ScimEnum":
            members |= _class_members(node)
    for node in _classes(trees["models.py"]):
        expressions = _class_expressions(node)
        if any(_is_named(base, "ScimModel") for base in node.bases):
            fields |= expressions
        else:
            members |= expressions
    methods: set[str] = set()
    parameters: set[str] = set()
    for node in _classes(trees["api.py"]):
        methods |= _class_members(node) | _class_expressions(node)
        for function in node.body:
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef) and _probe(
                function.name
            ):
                parameters |= _body_names(function)
    return naming.Reserved(
        classes=_public(classes),
        fields=_public(fields),
        methods=_public(methods),
        parameters=_public(parameters),
        constants=_public(_module_names(trees["_endpoints.py"])),
        members=_public(members),
    )


def _probe(name: str) -> bool:
    return name.lower().startswith(PROBE)


def _public(names: set[str]) -> frozenset[str]:
    """Without the probe's own names."""
    return frozenset(n for n in names if not _probe(n))


def _classes(tree: ast.Module) -> Iterator[ast.ClassDef]:
    return (node for node in tree.body if isinstance(node, ast.ClassDef))


def _is_named(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name


def _module_names(tree: ast.Module) -> set[str]:
    """Every name bound at the top level of a module, and every name its code reads: a class of
    that name would shadow the import, builtin or function the module means."""
    names = {
        node.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
    }
    for statement in tree.body:
        if isinstance(statement, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in statement.names)
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(statement.name)
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _class_members(node: ast.ClassDef) -> set[str]:
    """The names a class body binds, and the attributes its methods set on `self`."""
    names: set[str] = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(item.name)
        elif isinstance(item, ast.Assign | ast.AnnAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    for inner in ast.walk(node):
        if (
            isinstance(inner, ast.Attribute)
            and isinstance(inner.ctx, ast.Store)
            and _is_named(inner.value, "self")
        ):
            names.add(inner.attr)
    return names


def _class_expressions(node: ast.ClassDef) -> set[str]:
    """The names a class body reads while the class is being built: annotations (pydantic reads
    them in the class's namespace), defaults, decorators, values. A member of the same name,
    defined earlier in the body, would be read instead."""
    names: set[str] = set()
    for item in node.body:
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            evaluated: list[ast.AST] = [
                *item.decorator_list,
                *item.args.defaults,
                *(d for d in item.args.kw_defaults if d is not None),
            ]
        elif isinstance(item, ast.ClassDef):
            evaluated = [*item.decorator_list, *item.bases]
        else:
            evaluated = [item]
        for part in evaluated:
            names.update(
                n.id
                for n in ast.walk(part)
                if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
            )
    return names


def _body_names(function: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """The names a method's body reads that are not its own parameters (a parameter of the same
    name would shadow them), its own parameters that are not the probe's (`self`), and the
    parameters of a lambda in it whose body also reads the method's parameters (`_start`: a spec
    parameter of that name would be shadowed there). A lambda that reads only its own parameters
    (`lambda page: page.items`) reserves nothing."""
    arguments = function.args
    own = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    # Only the body: annotations are strings read in the module, defaults are read in the class.
    body = [node for statement in function.body for node in ast.walk(statement)]
    lambda_only: set[str] = set()
    for node in body:
        if isinstance(node, ast.Lambda):
            reads = {n.id for n in ast.walk(node.body) if isinstance(n, ast.Name)}
            if not any(_probe(name) or name in own for name in reads):
                lambda_only.update(a.arg for a in node.args.args)
    reads = {
        n.id
        for n in body
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in own
    }
    return (reads - lambda_only) | {a for a in own if not _probe(a)}


# -- the probe: one API that takes every branch of the templates --------------------------------


def probe_api() -> ir.Api:
    """A small API with every kind of type, default, parameter, body, result and helper the
    templates can render; every name in it starts with `probe`."""
    text, integer = ir.Primitive("str"), ir.Primitive("int")
    str_enum = ir.Enum(
        name="ProbeKind",
        description="",
        value_type="str",
        members=(ir.EnumMember("PROBE_ADD", "add"), ir.EnumMember("PROBE_REPLACE", "replace"),
                 ir.EnumMember("PROBE_REMOVE", "remove")),
    )  # fmt: skip
    int_enum = ir.Enum("ProbeLevel", "", "int", (ir.EnumMember("PROBE_ONE", 1),))

    def field(name: str, type_: ir.TypeExpr, **extra: object) -> ir.Field:
        values: dict[str, object] = {
            "json_name": name, "description": "", "required": False, "nullable": False,
            "read_only": False, "default": None,
        }  # fmt: skip
        values.update(extra)
        return ir.Field(name=name, type=type_, **values)  # type: ignore[arg-type]

    item = ir.Model(
        name="ProbeItem",
        schema_name="ProbeItem",
        description="",
        fields=(
            field("probe_op", ir.EnumRef("ProbeKind"), required=True, returned=True),
            field("probe_path", text),
            field("probe_value", ir.Primitive("any")),
        ),
    )
    fields = (
        field("probe_str", text, json_name="probeStr", default="x"),
        field("probe_int", integer, default=-1),
        field("probe_float", ir.Primitive("float"), default=float("inf")),
        field("probe_bool", ir.Primitive("bool"), required=True, nullable=True, read_only=True),
        field("probe_date", ir.Primitive("date")),
        field("probe_datetime", ir.Primitive("datetime")),
        field("probe_bytes", ir.Primitive("bytes")),
        field("probe_file", ir.Primitive("file")),
        field("probe_kind", ir.EnumRef("ProbeKind"), default="add"),
        field("probe_level", ir.EnumRef("ProbeLevel"), default=1),
        field("probe_items", ir.ArrayOf(ir.ModelRef("ProbeItem"))),
        field("probe_map", ir.MapOf(ir.UnionOf((text, integer)))),
        field("probe_const", ir.Const("probe")),
        field(
            "probe_tagged",
            ir.UnionOf(
                (ir.ModelRef("ProbeItem"), ir.ModelRef("ProbeModel")),
                "probeKind",
                (("probe_item", "ProbeItem"), ("probe_model", "ProbeModel")),
            ),
        ),
        field("probe_total", integer),
        field("probe_start_index", integer),
        field("probe_schemas", ir.ArrayOf(text)),
    )
    model = ir.Model("ProbeModel", "ProbeModel", "", fields)

    def parameter(
        name: str, location: ir.Location, type_: ir.TypeExpr, **extra: object
    ) -> ir.Parameter:
        values: dict[str, object] = {
            "json_name": name, "description": "", "required": False, "default": None,
            "explode": True,
        }  # fmt: skip
        values.update(extra)
        return ir.Parameter(name=name, location=location, type=type_, **values)  # type: ignore[arg-type]

    every_type = [
        ir.Primitive(name)
        for name in ("str", "int", "float", "bool", "datetime", "date", "bytes", "file", "any")
    ]

    def operation(
        name: str,
        method: str,
        parameters: tuple[ir.Parameter, ...] = (),
        body: ir.Body | None = None,
        **extra: object,
    ) -> ir.Operation:
        values: dict[str, object] = {
            "path": "/probe", "summary": "", "description": "", "deprecated": False,
            "permissions": None, "returns": None, "response_media_types": (), "paging": None,
        }  # fmt: skip
        values.update(extra)
        arguments = signature(list(parameters), body)
        if values["paging"] is not None:
            values["paging"] = replace(values["paging"], arguments=arguments)  # type: ignore[type-var]
        values.update(arguments=arguments, body=body)
        return ir.Operation(name=name, constant=name.upper(), method=method, **values)  # type: ignore[arg-type]

    listed = operation(
        "probe_list",
        "GET",
        path="/probe/{probe_id}",
        deprecated=True,
        permissions=ir.Permissions("ANY", ("probe:read",)),
        parameters=(
            parameter("probe_id", "path", text, required=True),
            parameter("probe_start", "query", integer, default=1),
            parameter("probe_count", "query", integer),
            parameter("probe_float", "query", ir.Primitive("float"), default=float("-inf")),
            parameter("probe_kind", "query", ir.EnumRef("ProbeKind"), default="add"),
            parameter("probe_many", "query", ir.ArrayOf(ir.EnumRef("ProbeLevel")), explode=False),
            parameter("probe_header", "header", ir.UnionOf(tuple(every_type))),
        ),
        returns=ir.ModelRef("ProbeModel"),
        response_media_types=("application/json",),
        paging=ir.Paging(
            iterator_name="probe_iterate",
            start_index="probe_start",
            count="probe_count",
            item_type=ir.ModelRef("ProbeItem"),
            items_field="probe_items",
            total_field="probe_total",
            start_field="probe_start_index",
            arguments=(),
        ),
    )
    created = operation(
        "probe_create",
        "POST",
        body=ir.Body("probe_body", ir.ModelRef("ProbeModel"), "", True, ("application/json",)),
        returns=ir.UnionOf((ir.ModelRef("ProbeItem"), ir.MapOf(ir.ArrayOf(ir.Primitive("date"))))),
    )
    optional_body = operation(
        "probe_update",
        "PATCH",
        body=ir.Body("probe_body", ir.ArrayOf(ir.Primitive("datetime")), "", False, ()),
        returns=ir.UnionOf(
            (ir.ModelRef("ProbeItem"), ir.ModelRef("ProbeModel")),
            "probeKind",
            (("probe_item", "ProbeItem"),),
        ),
    )
    # A body that is not JSON (multipart), on a path key with a query and a fragment.
    uploaded = operation(
        "probe_upload",
        "PUT",
        path="/probe?probe=1#probe",
        request_path="/probe",
        fixed_query=(("probe", "1"),),
        body=ir.Body(
            "probe_body", ir.ModelRef("ProbeModel"), "", True, ("multipart/form-data",),
            "multipart", ("text/plain",),
        ),
    )  # fmt: skip
    # Success bodies that are not JSON: returned as text, or as bytes.
    text_result = operation(
        "probe_text", "GET", returns=text, response_media_types=("text/plain",),
        response_format="text",
    )  # fmt: skip
    bytes_result = operation(
        "probe_bytes", "GET", returns=ir.Primitive("bytes"),
        response_media_types=("application/octet-stream",), response_format="bytes",
    )  # fmt: skip
    service = ir.Service(
        "ProbeApi",
        "ProbeAsyncApi",
        "probe",
        (listed, created, optional_body, text_result, uploaded),
    )
    # An operation with two tags is a method of both classes.
    other = ir.Service("ProbeOtherApi", "ProbeOtherAsyncApi", "probe other", (bytes_result, listed))
    return ir.Api(
        title="probe",
        description="",
        spec_version="1",
        package="probe_package",
        distribution="probe-package",
        package_version="1",
        server_url="https://probe.example",
        enums=(str_enum, int_enum),
        models=(item, model),
        aliases=(
            ir.Alias(
                "ProbeTree",
                "ProbeTree",
                "",
                ir.UnionOf((ir.ModelRef("ProbeItem"), ir.ArrayOf(ir.AliasRef("ProbeTree")))),
            ),
        ),
        services=(service, other),
        patch=ir.PatchSupport(
            request_model="ProbeModel",
            operations_field="probe_items",
            operation_model="ProbeItem",
            op_enum="ProbeKind",
            add="PROBE_ADD",
            replace="PROBE_REPLACE",
            remove="PROBE_REMOVE",
        ),
    )
