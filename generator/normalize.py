"""Stage 2: an openapi-pydantic document -> the IR (`ir.Api`).

Everything the templates need is decided here: which operations and schemas are generated, every
Python name (through `naming`), each parameter's place in the signature, types as `ir.TypeExpr`,
defaults, paging. Problems become diagnostics with the JSON pointer of the node at fault.

Order never comes from dict iteration alone: operations are visited by (path, verb), schemas by
name, fields are sorted by Python name, so the same spec always gives the same IR, whatever the
order of its keys. Parameters keep their spec order: it is the documented signature order.

Imports: ir, naming, wire, diagnostics, load (for `LoadedSpec` and `Resolver`).
"""

from __future__ import annotations

import dataclasses
import re
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from . import ir, naming, wire
from .diagnostics import Diagnostic, GeneratorError, Level, has_errors, pointer
from .load import LoadedSpec, Resolver, parse_ref

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_MEDIA_TYPES = ("application/scim+json", "application/json")
# Headers the client sets itself; a spec parameter for them would fight the runtime.
MANAGED_HEADERS = frozenset({"accept", "authorization", "content-type"})
PAGING_START, PAGING_COUNT = "startIndex", "count"
PAGING_ITEMS, PAGING_TOTAL = "Resources", "totalResults"
PERMISSIONS_EXTENSION = "x-inin-requires-permissions"
PYTHON_NAME_EXTENSION = "x-python-name"
PERMISSION_KINDS = ("ANY", "ALL", "NO")
# API class names name files (docs/<name>.md): short enough for any file system and checkout path.
MAX_SERVICE_NAME = 64
# Schemas nested through $ref, allOf, properties and items: 200 models each holding the next are
# 200 levels, a 1,200-level allOf chain 1,200. The normalizer recurses per level, in a thread
# with room for it (`_with_room`).
MAX_SCHEMA_DEPTH = 5_000
# Models holding models: the generated client's models (pydantic, which builds a model's schema
# on first use by recursion through the models it holds) work to about 50 levels under Python's
# default recursion limit; 200 fail. Deeper specs are refused rather than given a client that
# fails on first use.
MAX_MODEL_NESTING = 32
# Types inside types (arrays of arrays, maps, unions, aliases inlined): each level is a `[...]`
# in an annotation.
MAX_TYPE_NESTING = 32
# Model fields and enum members in all: allOf copies each part's fields into every model that
# uses it, so a long allOf chain whose every level is used grows quadratically.
MAX_ITEMS = 300_000
# Per enum, how many renamed or duplicate values are named one by one.
_ENUM_WARNINGS = 10
_STACK_BYTES = 256 * 1024 * 1024
_RECURSION_LIMIT = 200_000
T = TypeVar("T")
# Matched with fullmatch: `$` would let a final newline through.
_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+!_-]*")


@dataclass(frozen=True)
class Settings:
    """What the normalizer needs besides the spec."""

    package: str = "genesys_cloud_scim"
    distribution: str = "genesys-cloud-scim"
    package_version: str = "0.1.0"
    tags: tuple[str, ...] = ()
    """Generate only operations with one of these tags (all when empty)."""
    operation_ids: tuple[str, ...] = ()
    """Generate only these operations (all when empty); combined with `tags` by union."""

    def __post_init__(self) -> None:
        # The package name becomes a folder and is written into code unquoted: refuse anything
        # but a plain identifier here, before it reaches a template or the file system.
        problem = naming.package_name_problem(self.package)
        if problem is not None:
            raise ValueError(f"package name {self.package!r} cannot be used: {problem}")
        if not _DISTRIBUTION.fullmatch(self.distribution):
            raise ValueError(f"distribution name {self.distribution!r} is not a valid name")
        if not _VERSION.fullmatch(self.package_version):
            raise ValueError(f"package version {self.package_version!r} is not a valid version")


def normalize(
    spec: LoadedSpec, settings: Settings, reserved: naming.Reserved | None = None
) -> tuple[ir.Api, tuple[Diagnostic, ...]]:
    """Build the IR; raises GeneratorError if the spec has errors, else returns it with warnings.

    `reserved`: the names the templates use themselves (`reserved.scan` of the environment that
    renders the IR); by default those of the built-in templates."""
    if reserved is None:
        from . import reserved as reserved_names  # renders the templates once: only when asked

        reserved = reserved_names.builtin()
    normalizer = _Normalizer(spec, settings, reserved)
    try:
        api = _with_room(normalizer.run)
    except _Refused as refused:
        normalizer.error(refused.where, refused.message)
        raise GeneratorError(spec.with_lines((*spec.warnings, *normalizer.diagnostics))) from None
    diagnostics = spec.with_lines((*spec.warnings, *normalizer.diagnostics))
    if has_errors(diagnostics):
        raise GeneratorError(diagnostics)
    return api, diagnostics


# -- helpers on openapi-pydantic nodes (the only place their shape is known) ---------------------


def _ref_of(node: Any) -> str | None:
    ref = getattr(node, "ref", None)
    if isinstance(ref, str):
        return ref
    extra = getattr(node, "model_extra", None) or {}
    value = extra.get("$ref")
    return value if isinstance(value, str) else None


def _extension(node: Any, name: str) -> Any:
    extra = getattr(node, "model_extra", None) or {}
    return extra.get(name)


def _types_of(schema: Any) -> tuple[list[str], bool]:
    """(JSON types without 'null', nullable) for 3.0 (`nullable`) and 3.1 (type lists) alike."""
    declared = schema.type
    if declared is None:
        declared = []
    elif not isinstance(declared, list):
        declared = [declared]
    names = [str(getattr(t, "value", t)) for t in declared]
    nullable = "null" in names or bool(getattr(schema, "nullable", None))
    nullable = nullable or bool(_extension(schema, "nullable"))
    return [n for n in names if n != "null"], nullable


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_literal(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _singular_words(text: str) -> str:
    return naming.pascal_case(" ".join(naming.words(text)))


_VERSION_SEGMENT = re.compile(r"v?\d+(\.\d+)*")


_NOT_PLURAL = frozenset({"series", "species", "news"})


def _singular(word: str) -> str:
    """A plural English word made singular by the common rules only: 'attributes' -> 'attribute'.
    Words in -ss, -us, -is and -ics ('status', 'analytics') are taken as singular already."""
    if word in _NOT_PLURAL or word.endswith("ics"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


def _path_nouns(path: str) -> list[list[str]]:
    """The segments of a path that name things, as words: `/api/v2/scim/v2/users/{userId}` ->
    [['scim'], ['users']]; `api`, version segments and `{templates}` name nothing."""
    nouns = []
    for segment in path.split("/"):
        if not segment or "{" in segment or segment.lower() == "api":
            continue
        if _VERSION_SEGMENT.fullmatch(segment):
            continue
        found = naming.words(segment)
        if found:
            nouns.append(found)
    return nouns


def parameter_enum_name(path: str, parameter: str, *, array: bool) -> str:
    """The name of an enum declared inline in a parameter: the nouns of its path, each made
    singular, then the parameter's name (made singular too if the parameter is an array).

    `attributes` of `/api/v2/scim/v2/users/{userId}` -> `ScimUserAttribute`. A path noun that the
    parameter's name starts with is not repeated: `schemaId` of `/api/v2/scim/schemas/{schemaId}`
    -> `ScimSchemaId`. Empty if the path names nothing.
    """
    nouns = [[*noun[:-1], _singular(noun[-1])] for noun in _path_nouns(path)]
    if not nouns:
        return ""
    own = naming.words(parameter) or ["value"]
    if array:
        own = [*own[:-1], _singular(own[-1])]
    while nouns and "".join(own).startswith("".join(nouns[-1])):
        nouns.pop()
    return naming.pascal_case(" ".join([*(w for noun in nouns for w in noun), *own]))


class _Refused(Exception):
    """The spec is too deep or too big to go on with (a diagnostic at `where`)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(message)
        self.where = where
        self.message = message


def _with_room(run: Callable[[], T]) -> T:
    """`run()` with room to recurse as deep as MAX_SCHEMA_DEPTH allows: in a thread with a large
    stack and a recursion limit to match (restored after; the thread touches only the stack it
    uses). Deep specs are valid: the normalizer walks them as they nest."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((True, run()))
        except BaseException as error:  # handed to the caller as it is
            outcome.append((False, error))

    with _ROOM:
        limit = sys.getrecursionlimit()
        size = threading.stack_size(_STACK_BYTES)
        sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
        try:
            worker = threading.Thread(target=target, name="scimgen-normalize", daemon=True)
            worker.start()
            worker.join()
        finally:
            threading.stack_size(size)
            sys.setrecursionlimit(limit)
    ok, value = outcome[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


_ROOM = threading.Lock()


class _Skip(Exception):
    """An operation the client cannot express: left out with a warning, the run goes on."""


class _Named:
    """What a component schema turned out to be: a model, an enum or an alias of a type."""

    def __init__(self, kind: str, type_: ir.TypeExpr | None) -> None:
        self.kind = kind
        self.type = type_


class _Normalizer:
    def __init__(self, spec: LoadedSpec, settings: Settings, reserved: naming.Reserved) -> None:
        self.spec = spec
        self.settings = settings
        self.reserved = reserved
        self.document = spec.document
        self.resolver = Resolver(self.document)
        self.diagnostics: list[Diagnostic] = []
        self.classes = naming.NameSpace(reserved.classes)
        self.class_names: set[str] = set()
        """Every model and enum class name handed out so far."""
        self.component_class: dict[str, str] = {}
        self.named: dict[str, _Named] = {}
        self.models: dict[str, ir.Model] = {}
        self.enums: dict[str, ir.Enum] = {}
        self.enum_by_values: dict[tuple[str, tuple[Any, ...]], str] = {}
        self._in_progress: set[str] = set()
        self.parameter_enum_plan: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.parameter_enum_types: dict[tuple[Any, ...], ir.TypeExpr] = {}
        self.skipped: list[str] = []
        self.places: dict[str, str] = {}
        """The pointer of each generated operation, by method name."""
        self.enum_values: dict[str, set[tuple[type, Any]]] = {}
        """Each enum's values with their types, to check defaults in one step."""
        self.depth = 0
        """How deep schemas nest where the normalizer is now."""
        self.items = 0
        """Model fields and enum members built so far."""

    # -- diagnostics ----------------------------------------------------------------------------

    def error(self, where: str, message: str) -> None:
        self.diagnostics.append(self.spec.diagnostic(Level.ERROR, where, message))

    def warning(self, where: str, message: str) -> None:
        self.diagnostics.append(self.spec.diagnostic(Level.WARNING, where, message))

    def _claim_class(self, name: str) -> str:
        claimed = self.classes.claim(name)
        self.class_names.add(claimed)
        return claimed

    def renamed(self, where: str, what: str, wanted: str, name: str, used_by: str) -> None:
        """Warn that a spec name became `name` because the generated code uses `wanted` itself
        (`used_by`: 'models.py uses', ...)."""
        self.warning(
            where,
            f"{what} {wanted!r} is a name {used_by} itself; it is generated as {name!r} "
            f"(set {PYTHON_NAME_EXTENSION} to choose another)"
            if what.startswith(("property", "parameter"))
            else f"{what} {wanted!r} is a name {used_by} itself; it is generated as {name!r}",
        )

    # -- the whole document ---------------------------------------------------------------------

    def run(self) -> ir.Api:
        for where, message in self.resolver.alias_cycles():
            self.error(where, message)
        self._claim_component_names()
        self._plan_parameter_enums()
        operations = self._endpoint_constants(self._operations())
        services = self._services(operations)
        self._check_model_nesting()
        info = self.document.info
        server_url = self._server_url()
        return ir.Api(
            title=_text(info.title),
            description=_text(info.description),
            spec_version=_text(info.version),
            package=self.settings.package,
            distribution=self.settings.distribution,
            package_version=self.settings.package_version,
            server_url=server_url,
            token_url=self._token_url(),
            enums=tuple(sorted(self.enums.values(), key=lambda e: e.name)),
            models=tuple(sorted(self.models.values(), key=lambda m: m.name)),
            services=services,
            patch=self._patch_support(),
            skipped_operations=tuple(sorted(self.skipped)),
        )

    def _check_model_nesting(self) -> None:
        levels, chain = model_nesting(self.models)
        if levels <= MAX_MODEL_NESTING:
            return
        shown = " -> ".join([*chain[:4], "...", chain[-1]])
        first = self.models[chain[0]]
        self.error(
            pointer("components", "schemas", first.schema_name)
            if first.schema_name in self.component_class
            else "#",
            f"models nest {levels} levels deep ({shown}); the generated client supports "
            f"{MAX_MODEL_NESTING} (pydantic builds a model by recursion through the models it "
            "holds, and fails at about 50): make the deepest ones free-form objects "
            "(`type: object`)",
        )

    def _endpoint_constants(
        self, operations: list[tuple[str, ir.Operation]]
    ) -> list[tuple[str, ir.Operation]]:
        """_endpoints.py holds the endpoint constants and imports the classes it needs: a
        constant (an upper-cased method name) must not take a class's name or `ENDPOINTS`."""
        taken = {*self.classes_taken(), *self.reserved.constants}
        return [
            (tag, dataclasses.replace(op, constant=f"{op.constant}_ENDPOINT"))
            if op.constant in taken
            else (tag, op)
            for tag, op in operations
        ]

    def _patch_support(self) -> ir.PatchSupport | None:
        """Find the PatchOp request model by shape: `schemas` and an `Operations` array of
        objects with an `op` enum of add/replace/remove, a `path` and a `value`."""
        for model in sorted(self.models.values(), key=lambda m: m.name):
            fields = {f.json_name: f for f in model.fields}
            operations = fields.get("Operations")
            if "schemas" not in fields or operations is None:
                continue
            if not isinstance(operations.type, ir.ArrayOf):
                continue
            item = operations.type.item
            if not isinstance(item, ir.ModelRef) or item.name not in self.models:
                continue
            op_fields = {f.json_name: f for f in self.models[item.name].fields}
            op = op_fields.get("op")
            if (
                op is None
                or not isinstance(op.type, ir.EnumRef)
                or not {"path", "value"} <= set(op_fields)
            ):
                continue
            # patch.py passes these by name: they must have kept their JSON names.
            named = [fields["schemas"], *(op_fields[n] for n in ("op", "path", "value"))]
            if any(f.name != f.json_name for f in named):
                continue
            members = {str(m.value).lower(): m.name for m in self.enums[op.type.name].members}
            if not {"add", "replace", "remove"} <= set(members):
                continue
            return ir.PatchSupport(
                request_model=model.name,
                operations_field=operations.name,
                operation_model=item.name,
                op_enum=op.type.name,
                add=members["add"],
                replace=members["replace"],
                remove=members["remove"],
            )
        return None

    def _server_url(self) -> str:
        """The default base URL: `servers[0]` with its variables' defaults, if it is an absolute
        http(s) URL of a host; anything else (userinfo, `javascript:`, a query) is left out with a
        warning, and the client then needs `base_url=`."""
        servers = self.document.servers or []
        if not servers:
            return ""
        server = servers[0]
        defaults = {
            name: getattr(variable, "default", None)
            for name, variable in (server.variables or {}).items()
        }
        url, problem = wire.server_url(str(server.url), defaults)
        if problem is not None:
            self.warning(
                pointer("servers", 0, "url"),
                f"server URL {wire.without_password(url)!r} is not used: {problem}; the generated "
                "client has no default base URL (pass base_url=)",
            )
            return ""
        return url

    def _token_url(self) -> str:
        components = self.document.components
        schemes = (components.securitySchemes if components else None) or {}
        for name in sorted(schemes):
            flows = getattr(schemes[name], "flows", None)
            flow = getattr(flows, "clientCredentials", None) if flows else None
            if flow is not None and flow.tokenUrl:
                return str(flow.tokenUrl)
        return ""

    def _claim_component_names(self) -> None:
        """Component schemas get their names first, in sorted order, so inline schemas named
        after their owner can never take a component's name."""
        components = self.document.components
        schemas = (components.schemas if components else None) or {}
        for name in sorted(schemas):
            wanted = naming.class_name(name)
            base = naming.class_name(name, self.reserved.classes)
            self.component_class[name] = self._claim_class(base)
            if base != wanted:
                where = pointer("components", "schemas", name)
                self.renamed(where, "class name", wanted, base, "the generated package uses")
            if not naming.pascal_case(name):
                self.warning(
                    pointer("components", "schemas", name),
                    f"schema name {name!r} has no ASCII letter or digit to make a class name of; "
                    f"it is generated as {self.component_class[name]}",
                )

    def _plan_parameter_enums(self) -> None:
        """Name the enums declared inline in the selected operations' parameters, before any is
        built, so that a name never depends on the order operations are visited in.

        Parameters whose enums have the same values share one enum; it takes the shortest of
        their names (see `parameter_enum_name`), and a docstring naming the parameters.
        """
        candidates: dict[tuple[Any, ...], list[tuple[str, str]]] = {}
        for path, item in sorted((self.document.paths or {}).items()):
            for verb in HTTP_METHODS:
                operation = getattr(item, verb, None)
                if operation is None or not self._selected(operation):
                    continue
                for node in [*(item.parameters or []), *(operation.parameters or [])]:
                    ref = _ref_of(node)
                    try:
                        node = self.resolver.resolve(ref, "parameters") if ref is not None else node
                    except KeyError:
                        continue  # reported when the operation is built
                    inline = _inline_parameter_enum(node.param_schema)
                    if inline is None:
                        continue
                    enum_schema, array = inline
                    name = parameter_enum_name(path, node.name, array=array)
                    if name:
                        candidates.setdefault(_enum_key(enum_schema), []).append((name, node.name))
        for key, found in candidates.items():
            name = min((n for n, _ in found), key=lambda n: (len(n), n))
            params = sorted({f"`{p}`" for _, p in found})
            listed = (
                params[0] if len(params) == 1 else ", ".join(params[:-1]) + " and " + params[-1]
            )
            noun = "parameter" if len(params) == 1 else "parameters"
            self.parameter_enum_plan[key] = (name, f"Values of the {listed} {noun}.")

    def _parameter_type(self, schema: Any, where: str, context: str) -> ir.TypeExpr:
        """A parameter's type; an inline enum in it gets the name planned for it."""
        inline = _inline_parameter_enum(schema)
        planned = self.parameter_enum_plan.get(_enum_key(inline[0])) if inline else None
        if inline is None or planned is None:
            return self._type(schema, where, context)
        enum_schema, array = inline
        key = _enum_key(enum_schema)
        item = self.parameter_enum_types.get(key)
        if item is None:
            name, description = planned
            enum_where = f"{where}/items" if array else where
            built = self._enum(
                self._claim_class(naming.class_name(name, self.reserved.classes)),
                enum_schema,
                enum_where,
                description=description,
                shared=False,
            )
            if built is not None:
                item = ir.EnumRef(built.name)
            else:  # no usable values (warned): the parameter keeps its base type
                types, _nullable = _types_of(enum_schema)
                item = _primitive(types[0], enum_schema) if types else ir.Primitive("str")
            self.parameter_enum_types[key] = item
        return ir.ArrayOf(item) if array else item

    # -- operations -----------------------------------------------------------------------------

    def _selected(self, operation: Any) -> bool:
        if not self.settings.tags and not self.settings.operation_ids:
            return True
        tags = set(operation.tags or ())
        return bool(tags & set(self.settings.tags)) or (
            operation.operationId in self.settings.operation_ids
        )

    def _operations(self) -> list[tuple[str, ir.Operation]]:
        paths = self.document.paths or {}
        if not paths:
            self.error(pointer("paths"), "the spec has no paths: there is nothing to generate")
        found: list[tuple[str, ir.Operation]] = []
        methods = naming.NameSpace(self.reserved.methods)
        ids: dict[str, str] = {}
        places = self.places
        for path in sorted(paths):
            item = paths[path]
            problem = wire.path_problem(path)
            for verb in HTTP_METHODS:
                operation = getattr(item, verb, None)
                if operation is None or not self._selected(operation):
                    continue
                if problem is not None:
                    self.error(pointer("paths", path), problem)
                    break
                where = pointer("paths", path, verb)
                op_id = operation.operationId
                if op_id:
                    if op_id in ids:
                        self.error(
                            pointer("paths", path, verb, "operationId"),
                            f"operationId {op_id!r} is already used by {ids[op_id]}",
                        )
                        continue
                    ids[op_id] = where
                built = self._operation(path, verb, item, operation, where, methods)
                if built is not None:
                    tag = (operation.tags or ["default"])[0]
                    found.append((tag, built))
                    places[built.name] = where
        # Paging helpers are named last, so that an operation keeps its name over a helper.
        found = [(tag, self._name_helper(op, methods, places[op.name])) for tag, op in found]
        if paths and not found and not has_errors(self.diagnostics):
            if self.skipped:
                self.error(
                    "#", "no operation can be generated: every one is left out (see warnings)"
                )
            else:
                self.error("#", "no operation matches the selection (--tag / --operation)")
        return found

    def _name_helper(
        self, operation: ir.Operation, methods: naming.NameSpace, where: str
    ) -> ir.Operation:
        """Claim the name of an operation's paging helper in its API class."""
        if operation.paging is None:
            return operation
        wanted = operation.paging.iterator_name
        name = methods.claim(wanted)
        if name == wanted:
            return operation
        self.warning(
            where,
            f"the paging helper of {operation.name}() would be {wanted}(), a name that is taken; "
            f"it is generated as {name}()",
        )
        paging = dataclasses.replace(operation.paging, iterator_name=name)
        return dataclasses.replace(operation, paging=paging)

    def _method_name(self, path: str, verb: str, operation: Any, methods: naming.NameSpace) -> str:
        where = pointer("paths", path, verb)
        if operation.operationId:
            text = operation.operationId
        else:
            segments = [
                f"by {s[1:-1]}" if s.startswith("{") and s.endswith("}") else s
                for s in path.split("/")
                if s
            ]
            text = " ".join([verb, *segments])
        wanted = naming.method_name(text)
        base = naming.method_name(text, self.reserved.methods)
        if not operation.operationId:
            self.warning(where, f"operation has no operationId; it is generated as {base}()")
        elif base != wanted:
            self.renamed(where, "method name", wanted, base, "the API classes use")
        name = methods.claim(base)
        if name != base:
            self.warning(
                where,
                f"method name {base!r} is already taken by another operation; "
                f"this one is generated as {name}()",
            )
        return name

    def _operation(
        self,
        path: str,
        verb: str,
        item: Any,
        operation: Any,
        where: str,
        methods: naming.NameSpace,
    ) -> ir.Operation | None:
        name = self._method_name(path, verb, operation, methods)
        errors_before = sum(d.level is Level.ERROR for d in self.diagnostics)
        owner = naming.pascal_case(name)
        signature = naming.NameSpace(self.reserved.parameters)
        parameters = self._parameters(path, verb, item, operation, owner, signature)
        try:
            body = self._body(operation, where, owner, signature)
        except _Skip:
            self.skipped.append(name)
            return None
        returns, media_types = self._returns(operation, where, owner)
        if sum(d.level is Level.ERROR for d in self.diagnostics) > errors_before:
            return None
        positional = tuple(p for p in parameters if p.required)
        keyword = tuple(p for p in parameters if not p.required)
        return ir.Operation(
            name=name,
            constant=name.upper(),
            method=verb.upper(),
            path=path,
            summary=_text(operation.summary),
            description=_text(operation.description),
            deprecated=bool(operation.deprecated),
            permissions=self._permissions(operation, where),
            positional=positional,
            body=body,
            keyword=keyword,
            returns=returns,
            response_media_types=media_types,
            paging=self._paging(name, parameters, returns),
        )

    def _permissions(self, operation: Any, where: str) -> ir.Permissions | None:
        value = _extension(operation, PERMISSIONS_EXTENSION)
        if not isinstance(value, dict):
            return None
        kind = str(value.get("type", "ANY")).upper()
        if kind not in PERMISSION_KINDS:
            self.warning(
                f"{where}/{PERMISSIONS_EXTENSION}/type",
                f"permission type {value.get('type')!r} is not one of {', '.join(PERMISSION_KINDS)}; "
                "read as ANY",
            )
            kind = "ANY"
        names = value.get("permissions")
        return ir.Permissions(
            kind=kind,
            names=tuple(n for n in names if isinstance(n, str)) if isinstance(names, list) else (),
        )

    def _parameters(
        self,
        path: str,
        verb: str,
        item: Any,
        operation: Any,
        owner: str,
        signature: naming.NameSpace,
    ) -> list[ir.Parameter]:
        """Path-item parameters overridden by the operation's, in spec order."""
        merged: dict[tuple[str, str], tuple[Any, str]] = {}
        sources = (
            (item.parameters or [], ("paths", path, "parameters")),
            (operation.parameters or [], ("paths", path, verb, "parameters")),
        )
        for parameters, base in sources:
            for index, node in enumerate(parameters):
                where = pointer(*base, index)
                ref = _ref_of(node)
                if ref is not None:
                    try:
                        node = self.resolver.resolve(ref, "parameters")
                    except KeyError as reason:
                        self.error(where, str(reason.args[0]))
                        continue
                location = getattr(node.param_in, "value", node.param_in)
                merged[(node.name, location)] = (node, where)
        result: list[ir.Parameter] = []
        for node, where in self._one_per_name(merged):
            parameter = self._parameter(node, where, owner, signature)
            if parameter is not None:
                result.append(parameter)
        self._check_path_template(path, result, pointer("paths", path))
        return result

    def _one_per_name(
        self, merged: dict[tuple[str, str], tuple[Any, str]]
    ) -> list[tuple[Any, str]]:
        """The client passes arguments by JSON name, so one name can be sent in one place only:
        the path parameter wins (the URL needs it), else the first one."""
        kept: dict[str, tuple[str, Any, str]] = {}
        for (name, location), (node, where) in merged.items():
            first = kept.get(name)
            if first is None or (location == "path" and first[0] != "path"):
                if first is not None:
                    self._drop_duplicate(name, first[0], first[2], location)
                kept[name] = (location, node, where)
            else:
                self._drop_duplicate(name, location, where, first[0])
        order = {id(node): index for index, (node, _where) in enumerate(merged.values())}
        chosen = sorted(kept.values(), key=lambda k: order[id(k[1])])
        return [(node, where) for _location, node, where in chosen]

    def _drop_duplicate(self, name: str, location: str, where: str, kept: str) -> None:
        self.warning(
            where,
            f"parameter {name!r} ({location}) has the name of the {kept} parameter; the client "
            "sends parameters by name, so this one is left out",
        )

    def _check_path_template(self, path: str, params: list[ir.Parameter], where: str) -> None:
        declared = {p.json_name for p in params if p.location == "path"}
        used = set(re.findall(r"\{([^{}]+)\}", path))
        for missing in sorted(used - declared):
            self.error(where, f"path parameter {missing!r} is not declared")
        for extra in sorted(declared - used):
            self.error(where, f"path parameter {extra!r} does not appear in the path")

    def _parameter(
        self, node: Any, where: str, owner: str, signature: naming.NameSpace
    ) -> ir.Parameter | None:
        location = getattr(node.param_in, "value", node.param_in)
        if location == "cookie":
            self.warning(where, f"cookie parameter {node.name!r} is not supported and is left out")
            return None
        problem = wire.name_problem(node.name, location)
        if problem is not None:
            self.error(f"{where}/name", problem)
            return None
        if location == "header" and node.name.lower() in MANAGED_HEADERS:
            self.warning(where, f"header {node.name!r} is set by the client and is left out")
            return None
        schema = node.param_schema
        if schema is None:
            self.warning(where, f"parameter {node.name!r} has no schema; it is typed as str")
            type_: ir.TypeExpr = ir.Primitive("str")
            default: Any = None
        else:
            context = owner + _singular_words(node.name)
            type_ = self._parameter_type(schema, f"{where}/schema", context)
            default = self._schema_default(schema)
        required = bool(node.required) or location == "path"
        default = self._checked_default(default, type_, where)
        override = self._python_name(node, where, node.name)
        wanted = naming.parameter_name(node.name, override)
        base = naming.parameter_name(node.name, override, self.reserved.parameters)
        name = (
            signature.claim(base)
            if signature.is_free(base)
            else signature.claim(f"{location}_{base}")
        )
        if base != wanted:
            self.renamed(
                where, f"parameter {node.name!r} ({location}):", wanted, name, "the method"
            )
        elif name != base:
            self.warning(where, f"parameter {node.name!r} ({location}) is generated as {name!r}")
        explode = node.explode if node.explode is not None else _default_explode(node)
        return ir.Parameter(
            name=name,
            json_name=node.name,
            location=location,
            type=type_,
            description=_text(node.description),
            required=required,
            default=None if required else default,
            explode=bool(explode),
        )

    def _python_name(self, node: Any, where: str, json_name: str) -> str | None:
        """The node's `x-python-name`, if it is a usable name; warns when the name has to be
        invented because neither it nor the JSON name gives one."""
        value = _extension(node, PYTHON_NAME_EXTENSION)
        if value is not None and not naming.is_plain_name(value):
            self.warning(
                f"{where}/{PYTHON_NAME_EXTENSION}",
                f"{PYTHON_NAME_EXTENSION} {value!r} is not a plain Python name (ASCII letters, "
                "digits and '_', starting with a letter, not a keyword); it is ignored",
            )
            value = None
        if value is None and not naming.snake_case(json_name):
            self.warning(
                where,
                f"{json_name!r} has no ASCII letter or digit to make a Python name of; "
                f"give it an {PYTHON_NAME_EXTENSION}",
            )
        return value if isinstance(value, str) else None

    def _checked_default(self, default: Any, type_: ir.TypeExpr, where: str) -> ir.Literal_:
        """A documented default the generated annotation accepts, else None (with a warning)."""
        if default is None:
            return None
        if not _is_literal(default):
            self.warning(where, "a non-scalar default is not supported; the default is None")
            return None
        if not _fits(type_, default, self.enum_values):
            self.warning(
                where, f"default {default!r} does not match the schema's type; the default is None"
            )
            return None
        return default  # type: ignore[no-any-return]

    def _schema_default(self, schema: Any) -> Any:
        ref = _ref_of(schema)
        if ref is not None:
            try:
                schema = self.resolver.resolve(ref, "schemas")
            except KeyError:
                return None
        return schema.default

    def _body(
        self, operation: Any, where: str, owner: str, signature: naming.NameSpace
    ) -> ir.Body | None:
        node = operation.requestBody
        if node is None:
            return None
        where = f"{where}/requestBody"
        ref = _ref_of(node)
        if ref is not None:
            try:
                node = self.resolver.resolve(ref, "requestBodies")
            except KeyError as reason:
                self.error(where, str(reason.args[0]))
                return None
        content = node.content or {}
        media = _json_media_type(content)
        if media is None:
            self.warning(
                f"{where}/content",
                "request body has no JSON media type (supported: application/json, "
                f"application/scim+json, */*+json); found: {', '.join(sorted(content)) or 'none'}"
                "; the operation is left out",
            )
            raise _Skip
        schema = content[media].media_type_schema
        if schema is None:
            type_: ir.TypeExpr = ir.Primitive("any")
        else:
            type_ = self._type(
                schema, f"{where}/content/{naming_pointer(media)}/schema", owner + "Body"
            )
        return ir.Body(
            name=signature.claim("body"),
            type=type_,
            description=_text(node.description),
            required=bool(node.required),
            media_types=tuple(sorted(m for m in content if _is_json(m))),
        )

    def _returns(
        self, operation: Any, where: str, owner: str
    ) -> tuple[ir.TypeExpr | None, tuple[str, ...]]:
        responses = operation.responses or {}
        codes = sorted(str(c) for c in responses if str(c).startswith("2") or str(c) == "2XX")
        if not codes:
            self.warning(f"{where}/responses", "no 2xx response: the method returns None")
        for code in codes:
            node = responses[code]
            node_where = f"{where}/responses/{code}"
            ref = _ref_of(node)
            if ref is not None:
                try:
                    node = self.resolver.resolve(ref, "responses")
                except KeyError as reason:
                    self.error(node_where, str(reason.args[0]))
                    return None, ()
            content = node.content or {}
            media = _json_media_type(content)
            if media is None or content[media].media_type_schema is None:
                if content and media is None:
                    self.warning(
                        f"{node_where}/content",
                        "response has no JSON media type; the method returns None",
                    )
                continue
            schema = content[media].media_type_schema
            type_ = self._type(
                schema,
                f"{node_where}/content/{naming_pointer(media)}/schema",
                owner + "Response",
            )
            return type_, tuple(sorted(m for m in content if _is_json(m)))
        return None, ()

    def _paging(
        self, name: str, parameters: list[ir.Parameter], returns: ir.TypeExpr | None
    ) -> ir.Paging | None:
        by_json = {p.json_name: p for p in parameters if p.location == "query"}
        start, count = by_json.get(PAGING_START), by_json.get(PAGING_COUNT)
        if start is None or count is None or start.required or count.required:
            return None
        if not isinstance(returns, ir.ModelRef) or not name.startswith("get_"):
            return None
        model = self.models.get(returns.name)
        if model is None:
            return None
        fields = {f.json_name: f for f in model.fields}
        items, total = fields.get(PAGING_ITEMS), fields.get(PAGING_TOTAL)
        if items is None or total is None or not isinstance(items.type, ir.ArrayOf):
            return None
        return ir.Paging(
            iterator_name="iter_" + name.removeprefix("get_"),
            start_index=start.name,
            count=count.name,
            item_type=items.type.item,
            items_field=items.name,
            total_field=total.name,
        )

    def _services(self, operations: list[tuple[str, ir.Operation]]) -> tuple[ir.Service, ...]:
        """One API class per tag. Its name is also the name of a file (`docs/<name>.md`), so
        names are kept apart ignoring case (macOS and Windows check the package out too) and
        are at most MAX_SERVICE_NAME characters."""
        by_tag: dict[str, list[ir.Operation]] = {}
        for tag, operation in operations:
            by_tag.setdefault(tag, []).append(operation)
        names = naming.NameSpace(
            self.reserved.classes | frozenset(self.classes_taken()), fold_case=True
        )
        services = []
        for tag in sorted(by_tag):
            where = self.places.get(by_tag[tag][0].name, "#")
            where = f"{where}/tags/0" if where != "#" else where
            base = naming.class_name(f"{tag} Api", self.reserved.classes)
            if len(base) > MAX_SERVICE_NAME:
                short = base[: MAX_SERVICE_NAME - 3] + "Api"
                self.warning(
                    where,
                    f"tag {_shortened(tag)!r} makes a class name of {len(base)} characters, too "
                    f"long for a file name; it is generated as {short} (docs/{short}.md)",
                )
                base = short
            name = names.claim(base)
            if name != base:
                self.warning(
                    where,
                    f"the class name {base} of tag {_shortened(tag)!r} is taken (API class "
                    "names are told apart ignoring case: each names a file in docs/); it is "
                    f"generated as {name}",
                )
            services.append(
                ir.Service(
                    name=name,
                    async_name=names.claim("Async" + name),
                    tag=tag,
                    operations=tuple(sorted(by_tag[tag], key=lambda o: o.name)),
                )
            )
        return tuple(services)

    def classes_taken(self) -> Iterable[str]:
        return [*self.models, *self.enums]

    # -- schemas --------------------------------------------------------------------------------

    def _type(self, schema: Any, where: str, context: str) -> ir.TypeExpr:
        """The type of a schema node; `context` names inline models and enums found in it."""
        self._deeper(where)
        try:
            ref = _ref_of(schema)
            if ref is not None:
                return self._ref_type(ref, where)
            return self._inline_type(schema, where, context)
        finally:
            self.depth -= 1

    def _deeper(self, where: str) -> None:
        self.depth += 1
        if self.depth > MAX_SCHEMA_DEPTH:
            raise _Refused(
                where,
                f"schemas nest more than {MAX_SCHEMA_DEPTH:,} levels deep here (through $ref, "
                "allOf, properties and items); no client can be generated from that",
            )

    def _count(self, items: int, where: str) -> None:
        self.items += items
        if self.items > MAX_ITEMS:
            raise _Refused(
                where,
                f"the spec gives more than {MAX_ITEMS:,} model fields and enum members (allOf "
                "copies each part's fields into every model that uses it); select fewer "
                "operations (--tag, --operation)",
            )

    def _nested(self, type_: ir.TypeExpr, where: str) -> ir.TypeExpr:
        """`type_`, or Any (with a warning) if it nests more than MAX_TYPE_NESTING levels."""
        if _nesting(type_) <= MAX_TYPE_NESTING:
            return type_
        self.warning(
            where,
            f"the type nests more than {MAX_TYPE_NESTING} levels (arrays, maps, unions, aliases); "
            "it is typed Any",
        )
        return ir.Primitive("any")

    def _ref_type(self, ref: str, where: str) -> ir.TypeExpr:
        try:
            target = self.resolver.resolve(ref, "schemas")
        except KeyError as reason:
            self.error(where, str(reason.args[0]))
            return ir.Primitive("any")
        if _ref_of(target) is not None:
            return self._type(target, where, "")
        _section, name = parse_ref(ref)
        return self._named_type(name, target)

    def _named_type(self, name: str, schema: Any) -> ir.TypeExpr:
        known = self.named.get(name)
        if known is not None:
            if known.type is None:  # an alias that refers back to itself
                self.error(pointer("components", "schemas", name), "schema refers to itself")
                return ir.Primitive("any")
            return known.type
        where = pointer("components", "schemas", name)
        class_name = self.component_class[name]
        if schema.enum is not None:
            self.named[name] = _Named("enum", ir.EnumRef(class_name))
            enum = self._enum(class_name, schema, where)
            if enum is None:
                self.named[name] = _Named("alias", ir.Primitive("str"))
            return self.named[name].type or ir.Primitive("any")
        if _is_object(schema):
            self.named[name] = _Named("model", ir.ModelRef(class_name))
            self._model(class_name, name, schema, where)
            return ir.ModelRef(class_name)
        self.named[name] = _Named("alias", None)
        alias = self._nested(self._inline_type(schema, where, class_name), where)
        self.named[name] = _Named("alias", alias)
        return alias

    def _inline_type(self, schema: Any, where: str, context: str) -> ir.TypeExpr:
        types, _nullable = _types_of(schema)
        if getattr(schema, "schema_not", None) is not None:
            self.warning(f"{where}/not", "'not' is not supported: it is ignored")
        if schema.enum is not None:
            name = self._claim_class(naming.class_name(context or "Value", self.reserved.classes))
            enum = self._enum(name, schema, where, dedupe=True)
            if enum is None:
                return ir.Primitive("str") if not types else _primitive(types[0], schema)
            return ir.EnumRef(enum.name)
        if schema.allOf:
            if len(schema.allOf) == 1 and not schema.properties:
                return self._type(schema.allOf[0], f"{where}/allOf/0", context)
            if _is_object(schema):
                name = self._claim_class(
                    naming.class_name(context or "Object", self.reserved.classes)
                )
                self._model(name, None, schema, where)
                return ir.ModelRef(name)
        alternatives = schema.oneOf or schema.anyOf
        if alternatives:
            keyword = "oneOf" if schema.oneOf else "anyOf"
            options: dict[ir.TypeExpr, None] = {}
            for index, option in enumerate(alternatives):
                option_type = self._type(
                    option, f"{where}/{keyword}/{index}", f"{context}Option{index + 1}"
                )
                options.setdefault(option_type)
            if len(options) == 1:
                return next(iter(options))
            return self._nested(ir.UnionOf(tuple(options)), where)
        if "array" in types or (not types and schema.items is not None):
            if schema.items is None:
                return ir.ArrayOf(ir.Primitive("any"))
            item = self._type(schema.items, f"{where}/items", context + "Item")
            return self._nested(ir.ArrayOf(item), where)
        if "object" in types or (not types and (schema.properties or schema.additionalProperties)):
            if schema.properties:
                name = self._claim_class(
                    naming.class_name(context or "Object", self.reserved.classes)
                )
                self._model(name, None, schema, where)
                return ir.ModelRef(name)
            extra = schema.additionalProperties
            if extra is None or extra is True or extra is False:
                return ir.MapOf(ir.Primitive("any"))
            value = self._type(extra, f"{where}/additionalProperties", context + "Value")
            return self._nested(ir.MapOf(value), where)
        if len(types) > 1:
            return ir.UnionOf(tuple(_primitive(t, schema) for t in types))
        if not types:
            return ir.Primitive("any")
        return _primitive(types[0], schema)

    def _model(self, name: str, schema_name: str | None, schema: Any, where: str) -> None:
        properties: dict[str, tuple[Any, str]] = {}
        required: set[str] = set()
        own = {pointer("components", "schemas", schema_name)} if schema_name else set()
        self._collect_properties(schema, where, properties, required, own)
        self._count(len(properties), where)
        fields = naming.NameSpace()
        built = []
        for json_name in sorted(properties):
            node, node_where = properties[json_name]
            built.append(
                self._field(json_name, node, node_where, json_name in required, name, fields)
            )
        for missing in sorted(required - set(properties)):
            self.warning(where, f"required property {missing!r} is not defined; ignored")
        self.models[name] = ir.Model(
            name=name,
            schema_name=schema_name or name,
            description=_text(schema.description) or _text(schema.title),
            fields=tuple(sorted(built, key=lambda f: f.name)),
        )

    def _collect_properties(
        self,
        schema: Any,
        where: str,
        properties: dict[str, tuple[Any, str]],
        required: set[str],
        visiting: set[str],
    ) -> None:
        """Flatten `allOf` into one property table (models are generated flat, no inheritance)."""
        for index, part in enumerate(schema.allOf or []):
            part_where = f"{where}/allOf/{index}"
            ref = _ref_of(part)
            if ref is not None:
                try:
                    target = self.resolver.resolve(ref, "schemas")
                    ref = self.resolver.canonical(ref)
                except KeyError as reason:
                    self.error(part_where, str(reason.args[0]))
                    continue
                if ref in visiting:
                    self.error(part_where, f"allOf cycle through {ref}")
                    continue
                # The target's own pointer (a checked '#/components/schemas/<name>'), so that
                # problems inside it point at where they are in the file.
                visiting.add(ref)
                self._deeper(part_where)
                self._collect_properties(target, ref, properties, required, visiting)
                self.depth -= 1
                visiting.discard(ref)
            else:
                self._collect_properties(part, part_where, properties, required, visiting)
        for json_name, node in (schema.properties or {}).items():
            properties[json_name] = (node, f"{where}/properties/{naming_pointer(json_name)}")
        required.update(schema.required or [])

    def _field(
        self,
        json_name: str,
        node: Any,
        where: str,
        required: bool,
        owner: str,
        fields: naming.NameSpace,
    ) -> ir.Field:
        ref = _ref_of(node)
        target = node
        if ref is not None:
            try:
                target = self.resolver.resolve(ref, "schemas")
            except KeyError:
                target = None
        context = owner + naming.pascal_case(" ".join(naming.words(json_name)) or "Field")
        type_ = self._type(node, where, context)
        _types, nullable = _types_of(target) if target is not None else ([], False)
        override = self._python_name(node, where, json_name)
        # pydantic's own BaseModel members always get the underscore (a fixed, documented rule,
        # like keywords); the names the templates use get it with a warning.
        wanted = naming.field_name(json_name, override, naming.PYDANTIC_MODEL_NAMES)
        base = naming.field_name(json_name, override, self.reserved.fields)
        if base in self.class_names:
            # A field named like a class: pydantic would read the class's name in annotations
            # as the field.
            base = f"{base}_"
        name = fields.claim(base)
        if base != wanted:
            self.renamed(where, f"property {json_name!r}:", wanted, name, "models.py uses")
        elif name != base:
            self.warning(where, f"property {json_name!r} is generated as {name!r} (name clash)")
        if not name.islower():
            self.classes.take(name)  # and no class may take it later
        default = target.default if target is not None and ref is None else None
        default = self._checked_default(default, type_, where)
        return ir.Field(
            name=name,
            json_name=json_name,
            type=type_,
            description=_text(getattr(node, "description", None))
            or _text(getattr(target, "description", None)),
            required=required,
            nullable=nullable,
            read_only=bool(getattr(node, "readOnly", None) or getattr(target, "readOnly", None)),
            default=default,
            has_default=default is not None and not required,
        )

    def _enum(
        self,
        name: str,
        schema: Any,
        where: str,
        *,
        dedupe: bool = False,
        description: str = "",
        shared: bool = True,
    ) -> ir.Enum | None:
        """Build an enum. `dedupe`: reuse an enum already built with the same values; `shared`:
        offer this one for reuse (parameter enums are shared among parameters only, by plan)."""
        types, _nullable = _types_of(schema)
        values: dict[str | int, None] = {}
        duplicates = 0
        for index, value in enumerate(schema.enum or []):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, str | int):
                self.warning(
                    f"{where}/enum/{index}",
                    f"enum value {_shortened(repr(value))} is not a string or an integer and is "
                    "left out",
                )
                continue
            if value in values:
                duplicates += 1
                if duplicates <= _ENUM_WARNINGS:
                    self.warning(
                        f"{where}/enum/{index}",
                        f"duplicate enum value {_shortened(repr(value))} left out",
                    )
                continue
            values[value] = None
        if duplicates > _ENUM_WARNINGS:
            self.warning(
                where, f"{duplicates - _ENUM_WARNINGS:,} more duplicate enum values left out"
            )
        if not values:
            self.warning(where, "enum has no usable values; it is typed as its base type")
            return None
        if all(isinstance(v, int) for v in values):
            value_type = "int"
        elif all(isinstance(v, str) for v in values):
            value_type = "str"
        else:
            self.warning(where, "enum mixes strings and integers; its values are kept as strings")
            values = dict.fromkeys(str(v) for v in values)
            value_type = "str"
        if types and types[0] not in ("string", "integer", "number"):
            self.warning(where, f"enum of type {types[0]!r} is typed by its values")
        key = (value_type, tuple(values))
        if dedupe and key in self.enum_by_values:
            return self.enums[self.enum_by_values[key]]
        self._count(len(values), where)
        members = naming.NameSpace(self.reserved.members)
        built = []
        renamed = 0
        for value in values:
            base = naming.enum_member_name(value, self.reserved.members)
            member = members.claim(base)
            if member != base:
                renamed += 1
                if renamed <= _ENUM_WARNINGS:
                    self.warning(
                        where,
                        f"enum value {_shortened(repr(value))} is generated as {name}.{member}",
                    )
            built.append(ir.EnumMember(name=member, value=value))
        if renamed > _ENUM_WARNINGS:
            self.warning(
                where,
                f"{renamed - _ENUM_WARNINGS:,} more enum values are generated with a number after "
                "their name, as they make the same member name",
            )
        enum = ir.Enum(
            name=name,
            description=_text(schema.description) or _text(schema.title) or description,
            value_type=value_type,  # type: ignore[arg-type]
            members=tuple(built),
        )
        self.enums[name] = enum
        self.enum_values[name] = {(type(m.value), m.value) for m in built}
        if shared:
            self.enum_by_values.setdefault(key, name)
        return enum


def _shortened(text: str, length: int = 40) -> str:
    """Spec text cut for a message."""
    return text if len(text) <= length else text[:length] + "..."


def _inline_parameter_enum(schema: Any) -> tuple[Any, bool] | None:
    """(the enum schema, whether the parameter is an array of it) if a parameter's schema
    declares its enum inline, as the vendor's Swagger does; None for a `$ref` or no enum."""
    if schema is None or _ref_of(schema) is not None:
        return None
    if schema.enum is not None:
        return schema, False
    items = schema.items
    if items is not None and _ref_of(items) is None and items.enum is not None:
        return items, True
    return None


def _enum_key(schema: Any) -> tuple[Any, ...]:
    """The values of an enum as a hashable key (objects and arrays, which `_enum` leaves out with a
    warning, by their repr)."""
    return tuple(
        (type(v).__name__, v if isinstance(v, str | int | float | bool) else repr(v))
        for v in schema.enum or ()
        if v is not None
    )


def _fits(type_: ir.TypeExpr, value: ir.Literal_, enums: dict[str, set[tuple[type, Any]]]) -> bool:
    """Whether a JSON scalar is a value of the type (as the generated annotation reads it);
    `enums`: each enum's (type, value) pairs."""
    if isinstance(type_, ir.UnionOf):
        return any(_fits(option, value, enums) for option in type_.options)
    if isinstance(type_, ir.EnumRef):
        return (type(value), value) in enums.get(type_.name, set())
    if not isinstance(type_, ir.Primitive):
        return False
    if type_.name == "any":
        return True
    if type_.name == "bool":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if type_.name == "int":
        return isinstance(value, int)
    if type_.name == "float":
        return isinstance(value, int | float)
    # date, datetime and bytes: the JSON text of one is a string, not the Python value.
    return type_.name == "str" and isinstance(value, str)


def model_nesting(models: dict[str, ir.Model]) -> tuple[int, list[str]]:
    """How many models deep the deepest chain of models holding models is, and that chain
    (a model that holds itself, directly or through others, counts once). Iterative: a chain
    may be thousands long."""

    def held(model: ir.Model) -> list[str]:
        found: set[str] = set()
        for field in model.fields:
            found.update(_model_names(field.type))
        return sorted(found & models.keys())

    depth: dict[str, int] = {}
    below: dict[str, str] = {}
    for root in sorted(models):
        if root in depth:
            continue
        open_: set[str] = {root}
        stack = [(root, iter(held(models[root])))]
        while stack:
            name, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                open_.discard(name)
                finished = [c for c in held(models[name]) if c in depth]
                deepest = max(finished, key=lambda c: (depth[c], c), default=None)
                depth[name] = 1 + (depth[deepest] if deepest is not None else 0)
                if deepest is not None:
                    below[name] = deepest
            elif child not in depth and child not in open_:
                open_.add(child)
                stack.append((child, iter(held(models[child]))))
    if not depth:
        return 0, []
    top = max(sorted(depth), key=lambda n: depth[n])
    chain = [top]
    while chain[-1] in below:
        chain.append(below[chain[-1]])
    return depth[top], chain


def _model_names(type_: ir.TypeExpr) -> set[str]:
    if isinstance(type_, ir.ModelRef):
        return {type_.name}
    if isinstance(type_, ir.ArrayOf):
        return _model_names(type_.item)
    if isinstance(type_, ir.MapOf):
        return _model_names(type_.value)
    if isinstance(type_, ir.UnionOf):
        return set().union(*(_model_names(option) for option in type_.options))
    return set()


def _nesting(type_: ir.TypeExpr) -> int:
    """How many types deep `type_` is (a primitive, model or enum: 1). Its parts were checked
    when built, so this recursion is as shallow as MAX_TYPE_NESTING."""
    if isinstance(type_, ir.ArrayOf):
        return 1 + _nesting(type_.item)
    if isinstance(type_, ir.MapOf):
        return 1 + _nesting(type_.value)
    if isinstance(type_, ir.UnionOf):
        return 1 + max(_nesting(option) for option in type_.options)
    return 1


def naming_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _default_explode(node: Any) -> bool:
    style = getattr(node, "style", None)
    style = getattr(style, "value", style)
    return style in (None, "form")


def _is_json(media_type: str) -> bool:
    base = media_type.split(";")[0].strip().lower()
    return base in JSON_MEDIA_TYPES or base.endswith("+json") or base == "*/*"


def _json_media_type(content: dict[str, Any]) -> str | None:
    for preferred in JSON_MEDIA_TYPES:
        if preferred in content:
            return preferred
    for media in sorted(content):
        if _is_json(media):
            return media
    return None


def _is_object(schema: Any) -> bool:
    types, _ = _types_of(schema)
    if schema.properties:
        return True
    if schema.allOf and (len(schema.allOf) > 1 or schema.properties):
        return True
    if "object" in types and not schema.additionalProperties and schema.enum is None:
        # `type: object` with nothing else: an object with no known fields (e.g. `Empty`).
        return not (schema.oneOf or schema.anyOf)
    return False


_FORMATS: dict[tuple[str, str], ir.PrimitiveName] = {
    ("string", "date-time"): "datetime",
    ("string", "date"): "date",
}
_TYPES: dict[str, ir.PrimitiveName] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}


def _primitive(json_type: str, schema: Any) -> ir.Primitive:
    fmt = getattr(schema, "schema_format", None)
    if isinstance(fmt, str) and (json_type, fmt) in _FORMATS:
        return ir.Primitive(_FORMATS[(json_type, fmt)])
    return ir.Primitive(_TYPES.get(json_type, "any"))
