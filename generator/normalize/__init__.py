"""Stage 2: an openapi-pydantic document -> the IR (`ir.Api`).

Everything the templates need is decided here: which operations and schemas are generated, every
Python name (through `naming`), each parameter's place in the signature, types as `ir.TypeExpr`,
defaults, paging. Problems become diagnostics with the JSON pointer of the node at fault.

The passes, in order (`_build`):
1. `Schemas.claim_component_names`: component schemas take their class names first;
2. `Operations.plan_parameter_enums`: enums declared in parameters are named before any is built;
3. `Operations.build`: the selected operations, with the schemas they use (`schemas.py`); one
   with a problem is left out with a warning (`scope.py`);
4. `Schemas.keep_only_reached`: models and enums only left-out operations use are dropped;
   `shapes.shaped`: which fields a caller must give and which a reader may miss;
5. `Operations.endpoint_constants`, `Operations.services`: the `_endpoints.py` names, the API
   classes;
6. `scim.patch_support`: the SCIM PatchOp models, found by shape.

The package's modules: `nodes` (typed accessors on the 3.1 document), `refs` (resolve a `$ref` or
report it), `schemas`, `operations`, `shapes` (request and response shapes), `scim` (paging,
PatchOp, permissions), `limits` (how deep and big a spec may be), `context` (what every pass
shares).

Order never comes from dict iteration alone: operations are visited by (path, verb), schemas by
name, fields are sorted by Python name, so the same spec always gives the same IR, whatever the
order of its keys. What makes the document as a whole unusable (an alias cycle of components,
schemas nested past MAX_SCHEMA_DEPTH, more than MAX_ITEMS fields and members) stops the run.

Imports: ir, naming, wire, config (`Settings`, which lives there so that a run that loads
nothing never imports this package), diagnostics, scope, load.
"""

from __future__ import annotations

from .. import ir, naming, wire
from ..config import Settings
from ..diagnostics import Diagnostic, GeneratorError, has_errors, pointer, sort_key
from ..load import LoadedSpec
from . import nodes, scim, shapes
from .context import Context
from .limits import (
    MAX_ITEMS,
    MAX_MODEL_NESTING,
    MAX_SCHEMA_DEPTH,
    MAX_TYPE_NESTING,
    Refused,
    document_frozen,
    model_nesting,
    nesting,
    with_room,
)
from .operations import Operations
from .schemas import Schemas

__all__ = [
    "MAX_ITEMS",
    "MAX_MODEL_NESTING",
    "MAX_SCHEMA_DEPTH",
    "MAX_TYPE_NESTING",
    "Settings",
    "model_nesting",
    "nesting",
    "normalize",
]


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
        from .. import reserved as reserved_names  # renders the templates once: only when asked

        reserved = reserved_names.builtin()
    # Inline enums and models are named after where they are declared. Two that want one name
    # must not take turns by the order they are met in (a `UserState_2` that becomes
    # `UserState_3` when an unrelated enum is added reads as a breaking rename): a first run
    # learns what every class of the package wants to be called, the names are then given all
    # at once, and a second run builds with them.
    with document_frozen():
        run = _Run(spec, settings, reserved, empty_ok=empty_ok)
        try:
            api = with_room(run.build)
            if run.schemas.claims:
                plan = run.schemas.name_plan()
                run = _Run(spec, settings, reserved, empty_ok=empty_ok, names=plan)
                api = with_room(run.build)
        except Refused as refused:
            run.context.error(refused.where, refused.message)
            raise GeneratorError(spec.with_lines((*spec.warnings, *run.diagnostics))) from None
        diagnostics = spec.with_lines((*spec.warnings, *run.diagnostics))
    if has_errors(diagnostics):
        raise GeneratorError(diagnostics)
    return api, tuple(sorted(set(diagnostics), key=sort_key))


class _Run:
    """One pass over the document (see `normalize`): the passes, in order."""

    def __init__(
        self,
        spec: LoadedSpec,
        settings: Settings,
        reserved: naming.Reserved,
        *,
        empty_ok: bool,
        names: dict[str, str] | None = None,
    ) -> None:
        self.context = Context(spec, settings, reserved)
        self.schemas = Schemas(self.context, names)
        self.operations = Operations(self.context, self.schemas, empty_ok=empty_ok)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.context.diagnostics

    def build(self) -> ir.Api:
        context, schemas, operations = self.context, self.schemas, self.operations
        for where, message in context.resolver.alias_cycles():
            context.error(where, message)
        schemas.claim_component_names()
        operations.plan_parameter_enums()
        built = operations.build()
        schemas.keep_only_reached([op for _tags, op in built])
        schemas.models = shapes.shaped(schemas.models, (op for _tags, op in built), schemas.aliases)
        built = operations.endpoint_constants(built)
        services = operations.services(built)
        info = context.document.info
        settings = context.settings
        return ir.Api(
            title=nodes.text(info.title),
            description=nodes.text(info.description),
            spec_version=nodes.text(info.version),
            package=settings.package,
            distribution=settings.distribution,
            package_version=settings.package_version,
            server_url=_server_url(context),
            enums=tuple(sorted(schemas.enums.values(), key=lambda e: e.name)),
            models=tuple(sorted(schemas.models.values(), key=lambda m: m.name)),
            aliases=_in_dependency_order(schemas.aliases),
            services=services,
            patch=scim.patch_support(schemas.models, schemas.enums),
            skipped_operations=tuple(sorted(operations.skipped)),
        )


def _server_url(context: Context) -> str | None:
    """The default base URL: `servers[0]` with its variables' defaults, if it is an absolute
    http(s) URL of a host; anything else (userinfo, `javascript:`, a query) is left out with a
    warning, and the client then needs `base_url=`."""
    servers = context.document.servers or []
    if not servers:
        return None
    server = servers[0]
    defaults = {name: variable.default for name, variable in (server.variables or {}).items()}
    url, problem = wire.server_url(str(server.url), defaults)
    if problem is not None:
        context.warning(
            pointer("servers", 0, "url"),
            f"server URL {wire.without_password(url)!r} is not used: {problem}; the generated "
            "client has no default base URL (pass base_url=)",
        )
        return None
    return url or None  # a relative "/" names no server


def _in_dependency_order(aliases: dict[str, ir.Alias]) -> tuple[ir.Alias, ...]:
    """Aliases by name, but each after the aliases its type names (models.py evaluates them in
    order)."""
    done: dict[str, ir.Alias] = {}
    visiting: set[str] = set()

    def add(name: str) -> None:
        if name in done or name in visiting:
            return
        visiting.add(name)
        for other in sorted(set(ir.class_names(aliases[name].type)) & aliases.keys()):
            add(other)
        done[name] = aliases[name]

    for name in sorted(aliases):
        add(name)
    return tuple(done.values())
