"""Stage 2: an openapi-pydantic document -> the IR (`ir.Api`).

Everything the templates need is decided here: which operations and schemas are generated, every
Python name (through `naming`), each parameter's place in the signature, types as `ir.TypeExpr`,
defaults, paging. Problems become diagnostics with the JSON pointer of the node at fault.

Order never comes from dict iteration alone: operations are visited by (path, verb), schemas by
name, fields are sorted by Python name, so the same spec always gives the same IR, whatever the
order of its keys. Parameters keep their spec order: it is the documented signature order.

A problem found while building an operation, or a schema it uses, costs that operation only: it
is left out with a warning (`scope.py`); problems of what is not selected are never reported.
What makes the document as a whole unusable (an alias cycle of components, schemas nested past
MAX_SCHEMA_DEPTH, more than MAX_ITEMS fields and members) still stops the run.

Imports: ir, naming, wire, diagnostics, scope, load (for `LoadedSpec` and `Resolver`).
"""

from __future__ import annotations

import dataclasses
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from . import ir, naming, wire
from .diagnostics import Diagnostic, GeneratorError, Level, has_errors, pointer, sort_key
from .load import LoadedSpec, Resolver, parse_ref
from .scope import HTTP_METHODS, Scopes

JSON_MEDIA_TYPES = ("application/scim+json", "application/json")
# Headers the client sets itself; a spec parameter for them would fight the runtime.
MANAGED_HEADERS = frozenset({"accept", "authorization", "content-type"})
PAGING_START, PAGING_COUNT = "startIndex", "count"
PAGING_ITEMS, PAGING_TOTAL = "Resources", "totalResults"
PERMISSIONS_EXTENSION = "x-inin-requires-permissions"
PYTHON_NAME_EXTENSION = "x-python-name"
# Where the vendor's document keeps each operation's SDK method name: its operationIds are built
# from the path (`getUsersUserIdRoles`), the SDK names the method `getUserRoles`.
METHOD_NAME_EXTENSION = "x-purecloud-method-name"
PERMISSION_KINDS = ("ANY", "ALL", "NO")
# API class names name files (docs/<name>.md): short enough for any file system and checkout path.
MAX_SERVICE_NAME = 64
# Schemas nested through $ref, allOf, properties and items: 200 models each holding the next are
# 200 levels, a 1,200-level allOf chain 1,200. The normalizer recurses per level, in a thread
# with room for it (`_with_room`).
MAX_SCHEMA_DEPTH = 5_000
# Models holding models: the generated client's models (pydantic, which builds a model's schema
# on first use by recursion through the models it holds) work to about 50 levels under Python's
# default recursion limit; 200 fail. An operation that uses deeper ones is left out (with a
# warning) rather than generated as a method that fails on first use.
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
    """Generate only these operations (all when empty); combined with `tags` by union. An
    operation is named by its operationId, its method-name extension or its Python name."""
    exclude_tags: tuple[str, ...] = ()
    """Leave out these tags' API classes: an operation with no other selected tag is not
    generated."""
    exclude_operations: tuple[str, ...] = ()
    """Leave out these operations (named as in `operation_ids`), whatever their tags."""
    method_name_extension: str = METHOD_NAME_EXTENSION
    """The operation extension that holds the method name ('' to name methods by operationId)."""

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
    spec: LoadedSpec,
    settings: Settings,
    reserved: naming.Reserved | None = None,
    *,
    empty_ok: bool = False,
) -> tuple[ir.Api, tuple[Diagnostic, ...]]:
    """Build the IR; raises GeneratorError if the spec has errors, else returns it with warnings.

    `reserved`: the names the templates use themselves (`reserved.scan` of the environment that
    renders the IR); by default those of the built-in templates. `empty_ok`: a document with
    nothing to generate (no paths, nothing selected, everything left out) gives an API with no
    classes instead of an error; `changes` compares with it."""
    if reserved is None:
        from . import reserved as reserved_names  # renders the templates once: only when asked

        reserved = reserved_names.builtin()
    # Inline enums and models are named after where they are declared. Two that want one name
    # must not take turns by the order they are met in (a `UserState_2` that becomes
    # `UserState_3` when an unrelated enum is added reads as a breaking rename): a first run
    # learns what every class of the package wants to be called, the names are then given all
    # at once, and a second run builds with them.
    normalizer = _Normalizer(spec, settings, reserved, empty_ok=empty_ok)
    try:
        api = _with_room(normalizer.run)
        if normalizer.claims:
            plan = normalizer.name_plan()
            normalizer = _Normalizer(spec, settings, reserved, empty_ok=empty_ok, names=plan)
            api = _with_room(normalizer.run)
    except _Refused as refused:
        normalizer.error(refused.where, refused.message)
        raise GeneratorError(spec.with_lines((*spec.warnings, *normalizer.diagnostics))) from None
    diagnostics = spec.with_lines((*spec.warnings, *normalizer.diagnostics))
    if has_errors(diagnostics):
        raise GeneratorError(diagnostics)
    return api, tuple(sorted(set(diagnostics), key=sort_key))


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

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _BrokenOperation:
    """What selection reads of an operation the loader took out (`scope.BrokenOperation`), from
    its plain mapping: tags, operationId and extensions, the ones that are what they should be."""

    def __init__(self, operation: Mapping[str, Any]) -> None:
        tags = operation.get("tags")
        self.tags = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
        op_id = operation.get("operationId")
        self.operationId = op_id if isinstance(op_id, str) else None
        self.model_extra = {k: v for k, v in operation.items() if str(k).startswith("x-")}


class _Named:
    """What a component schema turned out to be: a model, an enum or an alias of a type."""

    def __init__(self, kind: str, type_: ir.TypeExpr | None) -> None:
        self.kind = kind
        self.type = type_


class _Normalizer:
    def __init__(
        self,
        spec: LoadedSpec,
        settings: Settings,
        reserved: naming.Reserved,
        *,
        empty_ok: bool = False,
        names: dict[str, str] | None = None,
    ) -> None:
        self.spec = spec
        self.settings = settings
        self.reserved = reserved
        self.empty_ok = empty_ok
        self.document = spec.document
        self.resolver = Resolver(self.document, spec.broken_components)
        self.diagnostics: list[Diagnostic] = []
        self.classes = naming.NameSpace(reserved.classes)
        self.class_names: set[str] = set(names.values()) if names is not None else set()
        """Every model and enum class name: the planned ones of inline classes, and those of
        component schemas as they are claimed (first thing in `run`)."""
        self.component_class: dict[str, str] = {}
        self.reserved_class_names: dict[str, str] = {}
        """The class name each component schema wanted, where that is one the package uses
        itself (said when the schema is built: only if something generated uses it)."""
        self.named: dict[str, _Named] = {}
        self.models: dict[str, ir.Model] = {}
        self.enums: dict[str, ir.Enum] = {}
        self._in_progress: set[str] = set()
        self.parameter_enum_plan: dict[tuple[Any, ...], tuple[str, str, str]] = {}
        self.parameter_enum_types: dict[tuple[Any, ...], ir.TypeExpr] = {}
        self.skipped: list[str] = []
        self.scopes = Scopes()
        self.names = names
        self.claims: dict[str, list[str]] = {}
        """Without `names`: what each inline class wants to be called (its key: where it is
        declared, and the name it wants), and by which stand-in name this run knows it."""
        self.stand_ins: dict[str, str] = {}
        self.stand_in_of: dict[str, str] = {}
        self.places: dict[str, str] = {}
        """The pointer of each generated operation, by method name."""
        self.tag_places: dict[str, str] = {}
        """The pointer of each API class's tag, where the first operation of the class has it."""
        self.enum_values: dict[str, set[tuple[type, Any]]] = {}
        """Each enum's values with their types, to check defaults in one step."""
        self.depths = ModelDepths(self.models)
        """How deep the models built so far nest (asked for each operation as it is built)."""
        self.depth = 0
        """How deep schemas nest where the normalizer is now."""
        self.items = 0
        """Model fields and enum members built so far."""

    # -- diagnostics ----------------------------------------------------------------------------

    def error(self, where: str, message: str) -> None:
        self._file(self.spec.diagnostic(Level.ERROR, where, message))

    def warning(self, where: str, message: str) -> None:
        self._file(self.spec.diagnostic(Level.WARNING, where, message))

    def _file(self, diagnostic: Diagnostic) -> None:
        """Under the operation or shared schema being built, if any; else the document's own."""
        if not self.scopes.report(diagnostic):
            self.diagnostics.append(diagnostic)

    # -- names of inline classes -----------------------------------------------------------------

    def _class_for(self, key: str, candidates: list[str]) -> str:
        """The class name of an inline enum or model (see `normalize`): from the plan when there
        is one; else a stand-in, and the candidates are noted for the plan."""
        if self.names is not None:
            return self.names[key]
        if key not in self.claims:
            self.claims[key] = candidates
            self.stand_in_of[key] = stand_in = f"{candidates[0]}__{len(self.stand_ins)}"
            self.stand_ins[stand_in] = key
        return self.stand_in_of[key]

    def _class_names_of(self, *texts: str) -> list[str]:
        """Candidate class names, kept off the names the generated package uses itself."""
        return [naming.class_name(text, self.reserved.classes) for text in texts]

    def name_plan(self) -> dict[str, str]:
        """Names for the inline classes the generated package has (after `run`), given all at
        once by `naming.assign_names` against the component schemas' names."""
        kept = {
            self.stand_ins[name] for name in (*self.models, *self.enums) if name in self.stand_ins
        }
        taken = frozenset(self.component_class.values()) | self.reserved.classes
        plan = naming.assign_names({k: self.claims[k] for k in sorted(kept)}, taken)
        # Classes not generated (they only serve left-out operations) still need a name for the
        # second run, one nobody else has.
        for index, key in enumerate(sorted(set(self.claims) - kept)):
            plan[key] = f"{self.claims[key][0]}__unused{index}"
        return plan

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
        operations = self._operations()
        self._keep_only_reached([op for _tags, op in operations])
        operations = self._endpoint_constants(operations)
        services = self._services(operations)
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

    def _too_deep(self, operation: ir.Operation, where: str) -> Diagnostic | None:
        """Why the operation cannot be generated if a model it uses nests deeper than the
        generated client supports (pydantic would fail on the first call that reads one)."""
        used = {n for type_ in operation.types() for n in ir.class_names(type_)}
        roots = sorted(used & self.models.keys())
        if not roots:
            return None
        deepest = max(roots, key=lambda n: (self.depths.of(n), n))
        levels = self.depths.of(deepest)
        if levels <= MAX_MODEL_NESTING:
            return None
        chain = self.depths.chain(deepest)
        shown = " -> ".join([*chain[:4], "...", chain[-1]])
        first = self.models[chain[0]]
        return self.spec.diagnostic(
            Level.ERROR,
            pointer("components", "schemas", first.schema_name)
            if first.schema_name in self.component_class
            else where,
            f"models nest {levels} levels deep ({shown}); the generated client supports "
            f"{MAX_MODEL_NESTING} (pydantic builds a model by recursion through the models it "
            "holds, and fails at about 50): make the deepest ones free-form objects "
            "(`type: object`)",
        )

    def _endpoint_constants(
        self, operations: list[tuple[tuple[str, ...], ir.Operation]]
    ) -> list[tuple[tuple[str, ...], ir.Operation]]:
        """_endpoints.py holds the endpoint constants and imports the classes it needs: a
        constant (an upper-cased method name) must not take a class's name or `ENDPOINTS`."""
        taken = {*self.classes_taken(), *self.reserved.constants}
        return [
            (tags, dataclasses.replace(op, constant=f"{op.constant}_ENDPOINT"))
            if op.constant in taken
            else (tags, op)
            for tags, op in operations
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
                self.reserved_class_names[name] = wanted

    def _plan_parameter_enums(self) -> None:
        """Name the enums declared inline in the selected operations' parameters, before any is
        built, so that a name never depends on the order operations are visited in.

        Parameters whose enums have the same values share one enum; it takes the shortest of
        their names (see `parameter_enum_name`), and a docstring naming the parameters.
        """
        candidates: dict[tuple[Any, ...], list[tuple[str, str, str]]] = {}
        for path, item in sorted((self.document.paths or {}).items()):
            for verb in HTTP_METHODS:
                operation = getattr(item, verb, None)
                if operation is None or not self._classes_of(operation):
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
                    method = _method_base_name(operation, self.settings.method_name_extension)
                    # The name derived from where it is used, should another enum want `name`.
                    used_in = naming.pascal_case(
                        " ".join(
                            [*naming.words(method or f"{verb} {path}"), *naming.words(node.name)]
                        )
                    )
                    if name:
                        candidates.setdefault(_enum_key(enum_schema), []).append(
                            (name, node.name, used_in)
                        )
        for key, found in candidates.items():
            name = min((n for n, _, _ in found), key=lambda n: (len(n), n))
            params = sorted({f"`{p}`" for _, p, _ in found})
            listed = (
                params[0] if len(params) == 1 else ", ".join(params[:-1]) + " and " + params[-1]
            )
            noun = "parameter" if len(params) == 1 else "parameters"
            used_in = min(u for _, _, u in found)
            self.parameter_enum_plan[key] = (name, f"Values of the {listed} {noun}.", used_in)

    def _parameter_type(self, schema: Any, where: str, context: str) -> ir.TypeExpr:
        """A parameter's type; an inline enum in it gets the name planned for it."""
        inline = _inline_parameter_enum(schema)
        planned = self.parameter_enum_plan.get(_enum_key(inline[0])) if inline else None
        if inline is None or planned is None:
            return self._type(schema, where, context)
        enum_schema, array = inline
        key = _enum_key(enum_schema)
        scope_key = f"parameter enum {key!r}"
        item = self.parameter_enum_types.get(key)
        if item is not None:
            self.scopes.use(scope_key)
        else:
            # Shared by every parameter with these values: built once, in its own scope.
            with self.scopes.opened(scope_key):
                item = self._parameter_enum(
                    enum_schema, f"{where}/items" if array else where, planned, scope_key
                )
            self.parameter_enum_types[key] = item
        return ir.ArrayOf(item) if array else item

    def _parameter_enum(
        self, enum_schema: Any, where: str, planned: tuple[str, str, str], key: str
    ) -> ir.TypeExpr:
        name, description, used_in = planned
        class_name = self._class_for(key, self._class_names_of(name, used_in))
        built = self._enum(class_name, enum_schema, where, description=description)
        if built is not None:
            return ir.EnumRef(built.name)
        # No usable values (warned): the parameter keeps its base type.
        types, _nullable = _types_of(enum_schema)
        return _primitive(types[0], enum_schema) if types else ir.Primitive("str")

    # -- operations -----------------------------------------------------------------------------

    def _classes_of(self, operation: Any) -> tuple[str, ...]:
        """The tags whose API classes get the operation, in its order; empty if the selection
        leaves it out. Every tag of an operation is a class of it (the vendor's SDK does the
        same), except tags not selected (`tags`, unless the operation is selected by name) and
        excluded tags."""
        settings = self.settings
        names = _names_of(operation, settings.method_name_extension, self.reserved.methods)
        if names & set(settings.exclude_operations):
            return ()
        tags = [t for t in dict.fromkeys(operation.tags or ["default"]) if isinstance(t, str)]
        if (settings.tags or settings.operation_ids) and not names & set(settings.operation_ids):
            tags = [t for t in tags if t in settings.tags]
        return tuple(t for t in tags if t not in settings.exclude_tags)

    def _operations(self) -> list[tuple[tuple[str, ...], ir.Operation]]:
        """The selected operations that can be generated, each with the tags of its classes. An
        operation with a problem, in itself or in a schema it uses, is left out with a warning."""
        paths = self.document.paths or {}
        if not paths and not self.empty_ok:
            self.error(pointer("paths"), "the spec has no paths: there is nothing to generate")
        found: list[tuple[tuple[str, ...], ir.Operation]] = []
        methods = naming.NameSpace(self.reserved.methods)
        ids: dict[str, str] = {}
        left_out: dict[Diagnostic, list[str]] = {}
        reported: set[str] = set()
        for path in sorted(paths):
            item = paths[path]
            for verb in HTTP_METHODS:
                operation = getattr(item, verb, None)
                if operation is None:
                    continue
                classes = self._classes_of(operation)
                if not classes:
                    continue
                where = pointer("paths", path, verb)
                with self.scopes.opened() as scope:
                    for warning in self.spec.operation_warnings.get((path, verb), ()):
                        self.scopes.report(warning)
                    base = self._method_name(path, verb, operation)
                    built, reason = self._operation_in_scope(path, verb, item, operation, base, ids)
                reasons = [reason] if reason is not None else self.scopes.errors(scope)
                if built is not None and not reasons:
                    too_deep = self._too_deep(built, where)
                    reasons = [too_deep] if too_deep is not None else []
                if built is None or reasons:
                    for each in reasons:
                        left_out.setdefault(each, []).append(f"{base}() ({verb.upper()} {path})")
                    self.skipped.append(base)
                    continue
                self.diagnostics.extend(scope.warnings)
                reported.update(self.scopes.reached(scope))
                built = self._claimed(built, methods, where)
                self.places[built.name] = where
                self._note_tags(operation, classes, where)
                found.append((classes, built))
        # Paging helpers are named last, so that an operation keeps its name over a helper.
        found = [(tags, self._name_helper(op, methods, self.places[op.name])) for tags, op in found]
        for broken in self.spec.broken_operations:
            # Taken out by the loader: not valid OpenAPI, or not convertible from Swagger 2.0.
            operation = _BrokenOperation(broken.operation)
            if self._classes_of(operation):
                name = _method_base_name(operation, self.settings.method_name_extension) or (
                    naming.method_name(f"{broken.verb} {broken.path}")
                )
                for reason in broken.problems:
                    left_out.setdefault(reason, []).append(
                        f"{name}() ({broken.verb.upper()} {broken.path})"
                    )
                self.skipped.append(name)
        self.diagnostics.extend(self.scopes.warnings_of(reported))
        for reason, names in left_out.items():
            self.diagnostics.append(_left_out(reason, names))
        if paths and not found and not has_errors(self.diagnostics) and not self.empty_ok:
            if self.skipped:
                self.error(
                    "#", "no operation can be generated: every one is left out (see warnings)"
                )
            else:
                self.error(
                    "#",
                    "no operation matches the selection (--tag, --operation, --exclude-tag, "
                    "--exclude-operation)",
                )
        return found

    def _operation_in_scope(
        self, path: str, verb: str, item: Any, operation: Any, name: str, ids: dict[str, str]
    ) -> tuple[ir.Operation | None, Diagnostic | None]:
        """The operation, built in the open scope, or None and why it cannot be expressed."""
        problem = wire.path_problem(path)
        if problem is not None:
            # Every operation of the path is left out for it: one diagnostic, at the path.
            return None, self.spec.diagnostic(Level.ERROR, pointer("paths", path), problem)
        op_id = operation.operationId
        if op_id and op_id in ids:
            where = pointer("paths", path, verb, "operationId")
            message = f"operationId {op_id!r} is already used by {ids[op_id]}"
            return None, self.spec.diagnostic(Level.ERROR, where, message)
        if op_id:
            ids[op_id] = pointer("paths", path, verb)
        try:
            return self._operation(path, verb, item, operation, name), None
        except _Skip as skip:
            return None, skip.diagnostic

    def _claimed(
        self, operation: ir.Operation, methods: naming.NameSpace, where: str
    ) -> ir.Operation:
        """The operation under a method name no generated operation has taken yet."""
        name = methods.claim(operation.name)
        if name == operation.name:
            return operation
        self.warning(
            where,
            f"method name {operation.name!r} is already taken by another operation; "
            f"this one is generated as {name}()",
        )
        paging = operation.paging
        if paging is not None:
            paging = dataclasses.replace(paging, iterator_name="iter_" + name.removeprefix("get_"))
        return dataclasses.replace(operation, name=name, constant=name.upper(), paging=paging)

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

    def _note_tags(self, operation: Any, classes: tuple[str, ...], where: str) -> None:
        """Remember where each API class's tag is first given (for what is said about its name)."""
        tags = operation.tags or []
        for tag in classes:
            place = f"{where}/tags/{tags.index(tag)}" if tag in tags else where
            self.tag_places.setdefault(tag, place)

    def _method_name(self, path: str, verb: str, operation: Any) -> str:
        """The method name the operation asks for (before clashes with other operations)."""
        where = pointer("paths", path, verb)
        extension = self.settings.method_name_extension
        for key in (PYTHON_NAME_EXTENSION, extension):
            value = _extension(operation, key) if key else None
            if value is not None and _method_name_in(operation, key) is None:
                self.warning(
                    f"{where}/{key}",
                    f"{key} {value!r} is not a plain Python name (ASCII letters, digits and '_', "
                    "starting with a letter, not a keyword); it is ignored"
                    if key == PYTHON_NAME_EXTENSION
                    else f"{key} {value!r} has no ASCII letter or digit to make a method name "
                    "of; it is ignored",
                )
        base = _method_base_name(operation, extension, self.reserved.methods)
        if base is not None:
            wanted = _method_base_name(operation, extension) or base
            if base != wanted:
                self.renamed(where, "method name", wanted, base, "the API classes use")
            return base
        segments = [
            f"by {s[1:-1]}" if s.startswith("{") and s.endswith("}") else s
            for s in path.split("/")
            if s
        ]
        base = naming.method_name(" ".join([verb, *segments]), reserved=self.reserved.methods)
        self.warning(where, f"operation has no operationId; it is generated as {base}()")
        return base

    def _operation(
        self, path: str, verb: str, item: Any, operation: Any, name: str
    ) -> ir.Operation:
        where = pointer("paths", path, verb)
        owner = naming.pascal_case(name)
        signature = naming.NameSpace(self.reserved.parameters)
        parameters = self._parameters(path, verb, item, operation, owner, signature)
        body = self._body(operation, where, owner, signature)
        returns, media_types, response_format = self._returns(operation, where, owner)
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
            response_format=response_format,
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
        if isinstance(type_, ir.EnumRef) and not _fits(type_, default, self.enum_values):
            members = self.enums[type_.name].members
            shown = [_shortened(repr(m.value)) for m in members[:_ENUM_WARNINGS]]
            more = len(members) - len(shown)
            values = ", ".join(shown) + (f", and {more:,} more" if more else "")
            self.warning(
                where,
                f"default {_shortened(repr(default))} is not one of the enum's values ({values}); "
                "the default is None",
            )
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
            raise _Skip(
                self.spec.diagnostic(
                    Level.WARNING,
                    f"{where}/content",
                    "request body has no JSON media type (supported: application/json, "
                    "application/scim+json, */*+json); found: "
                    f"{', '.join(sorted(content)) or 'none'}",
                )
            )
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
    ) -> tuple[ir.TypeExpr | None, tuple[str, ...], ir.ResponseFormat]:
        """What a success returns: its type, the media types it comes as, and how it is read."""
        responses = operation.responses or {}
        codes = sorted(str(c) for c in responses if str(c).startswith("2") or str(c) == "2XX")
        if not codes and "default" in responses:
            # The vendor's DELETEs declare `default` and no 2xx: then `default` is the success.
            codes = ["default"]
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
                    return None, (), "json"
            content = node.content or {}
            media = _json_media_type(content)
            if media is not None and content[media].media_type_schema is not None:
                type_ = self._type(
                    content[media].media_type_schema,
                    f"{node_where}/content/{naming_pointer(media)}/schema",
                    owner + "Response",
                )
                return type_, tuple(sorted(m for m in content if _is_json(m))), "json"
            if media is None and content:
                # Not JSON: the body is returned as it comes, text as str, anything else as bytes.
                textual = sorted(m for m in content if m.lower().startswith("text/"))
                if textual:
                    return ir.Primitive("str"), tuple(textual), "text"
                return ir.Primitive("bytes"), tuple(sorted(content)), "bytes"
        return None, (), "json"

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
        start_field = fields.get(PAGING_START)
        return ir.Paging(
            iterator_name="iter_" + name.removeprefix("get_"),
            start_index=start.name,
            count=count.name,
            item_type=items.type.item,
            items_field=items.name,
            total_field=total.name,
            start_field=start_field.name if start_field is not None else None,
        )

    def _services(
        self, operations: list[tuple[tuple[str, ...], ir.Operation]]
    ) -> tuple[ir.Service, ...]:
        """One API class per tag. Its name is also the name of a file (`docs/<name>.md`), so
        names are kept apart ignoring case (macOS and Windows check the package out too) and
        are at most MAX_SERVICE_NAME characters."""
        by_tag: dict[str, list[ir.Operation]] = {}
        for tags, operation in operations:
            for tag in tags:
                by_tag.setdefault(tag, []).append(operation)
        names = naming.NameSpace(
            self.reserved.classes | frozenset(self.classes_taken()), fold_case=True
        )
        services = []
        for tag in sorted(by_tag):
            where = self.tag_places.get(tag, "#")
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

    def _keep_only_reached(self, operations: list[ir.Operation]) -> None:
        """Drop the models and enums that only left-out operations use."""
        reached: set[str] = set()
        stack = [
            name
            for operation in operations
            for type_ in operation.types()
            for name in ir.class_names(type_)
        ]
        while stack:
            name = stack.pop()
            if name in reached:
                continue
            reached.add(name)
            model = self.models.get(name)
            for field in model.fields if model is not None else ():
                stack.extend(ir.class_names(field.type))
        self.models = {k: v for k, v in self.models.items() if k in reached}
        self.enums = {k: v for k, v in self.enums.items() if k in reached}

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
        """The type of a component schema, built once, in its own scope: whoever uses it shares
        its problems."""
        key = "#/components/schemas/" + naming_pointer(name)
        known = self.named.get(name)
        if known is not None:
            self.scopes.use(key)
            if known.type is None:  # an alias that refers back to itself
                self.error(pointer("components", "schemas", name), "schema refers to itself")
                return ir.Primitive("any")
            return known.type
        with self.scopes.opened(key):
            return self._build_named_type(name, schema)

    def _build_named_type(self, name: str, schema: Any) -> ir.TypeExpr:
        where = pointer("components", "schemas", name)
        class_name = self.component_class[name]
        if not naming.pascal_case(name):
            self.warning(
                where,
                f"schema name {name!r} has no ASCII letter or digit to make a class name of; "
                f"it is generated as {class_name}",
            )
        if name in self.reserved_class_names:
            wanted = self.reserved_class_names[name]
            self.renamed(where, "class name", wanted, class_name, "the generated package uses")
        if _enum_values(schema) is not None:
            self.named[name] = _Named("enum", ir.EnumRef(class_name))
            enum = self._enum(class_name, schema, where)
            if enum is None:
                self.named[name] = _Named("alias", ir.Primitive("str"))
            return self.named[name].type or ir.Primitive("any")
        if _is_object(schema):
            self.named[name] = _Named("model", ir.ModelRef(class_name))
            self._model(class_name, name, schema, where, class_name)
            return ir.ModelRef(class_name)
        self.named[name] = _Named("alias", None)
        alias = self._nested(self._inline_type(schema, where, class_name), where)
        self.named[name] = _Named("alias", alias)
        return alias

    def _inline_type(self, schema: Any, where: str, context: str) -> ir.TypeExpr:
        types, _nullable = _types_of(schema)
        if getattr(schema, "schema_not", None) is not None:
            self.warning(f"{where}/not", "'not' is not supported: it is ignored")
        if _enum_values(schema) is not None:
            text = context or "Value"
            candidates = self._class_names_of(text, f"{naming.class_name(text)} Enum")
            name = self._class_for(f"{where} {candidates[0]}", candidates)
            enum = self._enum(name, schema, where)
            if enum is None:
                return ir.Primitive("str") if not types else _primitive(types[0], schema)
            return ir.EnumRef(enum.name)
        if schema.allOf:
            if len(schema.allOf) == 1 and not schema.properties:
                return self._type(schema.allOf[0], f"{where}/allOf/0", context)
            if _is_object(schema):
                return self._inline_model(schema, where, context)
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
                return self._inline_model(schema, where, context)
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

    def _inline_model(self, schema: Any, where: str, context: str) -> ir.ModelRef:
        text = context or "Object"
        candidates = self._class_names_of(text, f"{naming.class_name(text)} Model")
        name = self._class_for(f"{where} {candidates[0]}", candidates)
        self._model(name, None, schema, where, candidates[0])
        return ir.ModelRef(name)

    def _model(
        self, name: str, schema_name: str | None, schema: Any, where: str, context: str
    ) -> None:
        """`context` names what is declared inline in its fields (the name the model wanted,
        so that those names never depend on how clashes between model names were settled)."""
        properties: dict[str, tuple[Any, str, str]] = {}
        required: set[str] = set()
        own = {pointer("components", "schemas", schema_name)} if schema_name else set()
        self._collect_properties(schema, where, properties, required, own, context)
        self._count(len(properties), where)
        fields = naming.NameSpace()
        built = []
        for json_name in sorted(properties):
            node, node_where, owner = properties[json_name]
            built.append(
                self._field(json_name, node, node_where, json_name in required, owner, fields)
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
        properties: dict[str, tuple[Any, str, str]],
        required: set[str],
        visiting: set[str],
        owner: str,
    ) -> None:
        """Flatten `allOf` into one property table (models are generated flat, no inheritance).
        Each property keeps the name of the schema that declares it (`owner`): what is declared
        inline in it is named after that schema, whichever model it is flattened into."""
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
                _section, target_name = parse_ref(ref)
                declared_by = self.component_class.get(target_name, owner)
                visiting.add(ref)
                self._deeper(part_where)
                self._collect_properties(target, ref, properties, required, visiting, declared_by)
                self.depth -= 1
                visiting.discard(ref)
            else:
                self._collect_properties(part, part_where, properties, required, visiting, owner)
        for json_name, node in (schema.properties or {}).items():
            properties[json_name] = (
                node,
                f"{where}/properties/{naming_pointer(json_name)}",
                owner,
            )
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
            # as the field. Every class name is known by now (component schemas' are claimed
            # first, inline classes' planned before this run), so the field is the one renamed.
            base = f"{base}_"
        name = fields.claim(base)
        if base != wanted:
            self.renamed(where, f"property {json_name!r}:", wanted, name, "models.py uses")
        elif name != base:
            self.warning(where, f"property {json_name!r} is generated as {name!r} (name clash)")
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
        description: str = "",
    ) -> ir.Enum | None:
        """Build an enum (one per place it is declared: two enums with the same values stay two,
        so that a name never depends on which of them was met first)."""
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
        return enum


def _shortened(text: str, length: int = 40) -> str:
    """Spec text cut for a message."""
    return text if len(text) <= length else text[:length] + "..."


def _left_out(reason: Diagnostic, operations: list[str]) -> Diagnostic:
    """The warning that `reason` leaves these operations out (an error in a schema costs every
    operation that uses it)."""
    if len(operations) == 1:
        message = f"{reason.message}; {operations[0]} is left out"
    else:
        message = f"{reason.message}; {len(operations)} operations are left out: " + ", ".join(
            operations
        )
    return dataclasses.replace(reason, level=Level.WARNING, message=message)


def _method_name_in(operation: Any, key: str, reserved: frozenset[str] = frozenset()) -> str | None:
    """The method name one source of names gives an operation, if it gives a usable one: its
    `x-python-name` as it is, the method-name extension (camelCase) or operationId snake_cased;
    kept off `reserved` (`Reserved.methods`)."""
    if key == "operationId":
        op_id = operation.operationId
        return naming.method_name(op_id, reserved=reserved) if op_id else None
    value = _extension(operation, key)
    if key == PYTHON_NAME_EXTENSION:
        return (
            naming.method_name(value, python_name=value, reserved=reserved)
            if naming.is_plain_name(value)
            else None
        )
    if isinstance(value, str) and naming.snake_case(value):
        return naming.method_name(value, reserved=reserved)
    return None


def _names_of(operation: Any, extension: str, reserved: frozenset[str]) -> set[str]:
    """What a user may call an operation to select it: its operationId, its method name in the
    extension (the vendor's SDK name) and its Python method name (as it asks for it, and as it
    is generated if that is a name the API classes use themselves)."""
    names = {operation.operationId, _extension(operation, extension) if extension else None}
    names.add(_method_base_name(operation, extension))
    names.add(_method_base_name(operation, extension, reserved))
    return {name for name in names if isinstance(name, str) and name}


def _method_base_name(
    operation: Any, extension: str, reserved: frozenset[str] = frozenset()
) -> str | None:
    """The Python method name an operation asks for, before clashes: its `x-python-name`, else
    the method name in `extension` (the vendor's SDK name), else its operationId; None if none
    of them gives one. With `reserved`, the name it is generated as if it asks for one of
    those (a trailing underscore)."""
    for key in (PYTHON_NAME_EXTENSION, extension, "operationId"):
        if key:
            name = _method_name_in(operation, key, reserved)
            if name is not None:
                return name
    return None


def _inline_parameter_enum(schema: Any) -> tuple[Any, bool] | None:
    """(the enum schema, whether the parameter is an array of it) if a parameter's schema
    declares its enum inline, as the vendor's Swagger does; None for a `$ref` or no enum."""
    if schema is None or _ref_of(schema) is not None:
        return None
    if _enum_values(schema) is not None:
        return schema, False
    items = schema.items
    if items is not None and _ref_of(items) is None and _enum_values(items) is not None:
        return items, True
    return None


_BOOLEAN_SPELLINGS = frozenset({True, False, "true", "false"})


def _enum_values(schema: Any) -> list[Any] | None:
    """The values of a schema's enum; None if it has none, or if it is a boolean whose enum only
    spells out true and false (the vendor writes `enum: ["true", "false"]` on its booleans):
    that is a `bool`, not an enum."""
    values = schema.enum
    if values is None:
        return None
    types, _nullable = _types_of(schema)
    if types == ["boolean"] and all(
        isinstance(v, bool) or (isinstance(v, str) and v.lower() in _BOOLEAN_SPELLINGS)
        for v in values
        if v is not None
    ):
        return None
    return list(values)


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


class ModelDepths:
    """How many models deep each model's deepest chain of models holding models is (a model
    that holds itself, directly or through others, counts once), found as they are asked for and
    kept. Iterative: a chain may be thousands long. `models` may grow between questions; a model
    is never changed once it is in it."""

    def __init__(self, models: Mapping[str, ir.Model]) -> None:
        self.models = models
        self.depth: dict[str, int] = {}
        self.below: dict[str, str] = {}
        """The model under each one on its deepest chain."""

    def _held(self, name: str) -> list[str]:
        found = {n for field in self.models[name].fields for n in ir.class_names(field.type)}
        return sorted(found & self.models.keys())

    def of(self, root: str) -> int:
        depth, below = self.depth, self.below
        if root in depth:
            return depth[root]
        open_: set[str] = {root}
        stack = [(root, iter(self._held(root)))]
        while stack:
            name, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                open_.discard(name)
                finished = [c for c in self._held(name) if c in depth]
                deepest = max(finished, key=lambda c: (depth[c], c), default=None)
                depth[name] = 1 + (depth[deepest] if deepest is not None else 0)
                if deepest is not None:
                    below[name] = deepest
            elif child not in depth and child not in open_:
                open_.add(child)
                stack.append((child, iter(self._held(child))))
        return depth[root]

    def chain(self, root: str) -> list[str]:
        """The deepest chain from `root` (after `of(root)`)."""
        chain = [root]
        while chain[-1] in self.below:
            chain.append(self.below[chain[-1]])
        return chain


def model_nesting(models: dict[str, ir.Model]) -> tuple[int, list[str]]:
    """How many models deep the deepest chain of models holding models is, and that chain."""
    depths = ModelDepths(models)
    for root in sorted(models):
        depths.of(root)
    if not depths.depth:
        return 0, []
    top = max(sorted(depths.depth), key=lambda n: depths.depth[n])
    return depths.depth[top], depths.chain(top)


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
    if "object" in types and not schema.additionalProperties and _enum_values(schema) is None:
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
