"""Operations -> IR operations: which are selected, their method names, parameters, bodies and
responses, and the API classes (one per tag) that hold them.

Operations are visited by (path, verb), so the same spec always gives the same methods. A problem
found while building an operation, or a schema it uses, costs that operation only: it is left out
with a warning (`scope.py`). Parameters keep their spec order: it is the documented signature
order.

Imports: ir, naming, wire, diagnostics, scope, normalize.context, normalize.nodes,
normalize.refs, normalize.schemas, normalize.scim.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .. import ir, naming, wire
from ..diagnostics import Diagnostic, Level, escape_pointer_token, has_errors, pointer
from . import nodes, scim
from .context import PYTHON_NAME_EXTENSION, Context, Skip, shortened
from .refs import resolved
from .schemas import Schemas

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Operation, Parameter, PathItem, RequestBody, Response

# Headers the client sets itself; a spec parameter for them would fight the runtime.
MANAGED_HEADERS = frozenset({"accept", "authorization", "content-type"})


class Operations:
    """The selected operations, built one by one with their schemas (`Schemas`)."""

    def __init__(self, context: Context, schemas: Schemas, *, empty_ok: bool = False) -> None:
        self.context = context
        self.schemas = schemas
        self.empty_ok = empty_ok
        self.skipped: list[str] = []
        self.places: dict[str, str] = {}
        """The pointer of each generated operation, by method name."""
        self.tag_places: dict[str, str] = {}
        """The pointer of each API class's tag, where the first operation of the class has it."""

    def classes_of(self, operation: Operation | _BrokenOperation) -> tuple[str, ...]:
        """The tags whose API classes get the operation, in its order; empty if the selection
        leaves it out. Every tag of an operation is a class of it (the vendor's SDK does the
        same), except tags not selected (`tags`, unless the operation is selected by name) and
        excluded tags."""
        settings = self.context.settings
        names = _names_of(operation, settings.method_name_extension, self.context.reserved.methods)
        if names & set(settings.exclude_operations):
            return ()
        tags = [t for t in dict.fromkeys(operation.tags or ["default"]) if isinstance(t, str)]
        if (settings.tags or settings.operation_ids) and not names & set(settings.operation_ids):
            tags = [t for t in tags if t in settings.tags]
        return tuple(t for t in tags if t not in settings.exclude_tags)

    def plan_parameter_enums(self) -> None:
        """Name the enums declared inline in the selected operations' parameters, before any is
        built, so that a name never depends on the order operations are visited in.

        Parameters whose enums have the same values share one enum; it takes the shortest of
        their names (see `parameter_enum_name`), and a docstring naming the parameters.
        """
        candidates: dict[tuple[tuple[str, object], ...], list[tuple[str, str, str]]] = {}
        extension = self.context.settings.method_name_extension
        for path, item in sorted((self.context.document.paths or {}).items()):
            for verb, operation in nodes.operations_of(item):
                if not self.classes_of(operation):
                    continue
                for reference in [*(item.parameters or []), *(operation.parameters or [])]:
                    # An unresolved one is reported when the operation is built.
                    node: Parameter | None = resolved(self.context, reference, "parameters", None)
                    inline = nodes.inline_parameter_enum(node.param_schema) if node else None
                    if node is None or inline is None:
                        continue
                    enum_schema, array = inline
                    name = naming.parameter_enum_name(path, node.name, array=array)
                    method = _method_base_name(operation, extension) or f"{verb} {path}"
                    # The name derived from where it is used, should another enum want `name`.
                    used_in = naming.parameter_enum_fallback_name(method, node.name)
                    if name:
                        candidates.setdefault(nodes.enum_key(enum_schema), []).append(
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
            description = f"Values of the {listed} {noun}."
            self.schemas.parameter_enum_plan[key] = (name, description, used_in)

    def build(self) -> list[tuple[tuple[str, ...], ir.Operation]]:
        """The selected operations that can be generated, each with the tags of its classes. An
        operation with a problem, in itself or in a schema it uses, is left out with a warning."""
        paths = self.context.document.paths or {}
        if not paths and not self.empty_ok:
            webhooks = getattr(self.context.document, "webhooks", None)
            self.context.error(
                pointer("paths"),
                "the spec has no paths, only webhooks (requests the API sends, which a client "
                "does not make): there is nothing to generate"
                if webhooks
                else "the spec has no paths: there is nothing to generate",
            )
        found: list[tuple[tuple[str, ...], ir.Operation]] = []
        methods = naming.NameSpace(self.context.reserved.methods)
        ids: dict[str, str] = {}
        left_out: dict[Diagnostic, list[str]] = {}
        reported: set[str] = set()
        for path in sorted(paths):
            item = paths[path]
            for verb, operation in nodes.operations_of(item):
                classes = self.classes_of(operation)
                if not classes:
                    continue
                built = self._selected(path, verb, item, operation, ids, left_out, reported)
                if built is None:
                    continue
                where = pointer("paths", path, verb)
                built = self._claimed(built, methods, where)
                self.places[built.name] = where
                self._note_tags(operation, classes, where)
                found.append((classes, built))
        # Paging helpers are named last, so that an operation keeps its name over a helper.
        found = [(tags, self._name_helper(op, methods, self.places[op.name])) for tags, op in found]
        self._left_out_by_the_loader(left_out)
        self.context.diagnostics.extend(self.context.scopes.warnings_of(reported))
        for reason, names in left_out.items():
            self.context.diagnostics.append(_left_out(reason, names))
        if paths and not found and not has_errors(self.context.diagnostics) and not self.empty_ok:
            self._nothing_to_generate()
        return found

    def _selected(
        self,
        path: str,
        verb: str,
        item: PathItem,
        operation: Operation,
        ids: dict[str, str],
        left_out: dict[Diagnostic, list[str]],
        reported: set[str],
    ) -> ir.Operation | None:
        """A selected operation, built in a scope of its own; None if it is left out (noted in
        `left_out` with why)."""
        where = pointer("paths", path, verb)
        with self.context.scopes.opened() as scope:
            for warning in self.context.spec.operation_warnings.get((path, verb), ()):
                self.context.scopes.report(warning)
            base = self._method_name(path, verb, operation)
            built, reason = self._operation_in_scope(path, verb, item, operation, base, ids)
        reasons = [reason] if reason is not None else self.context.scopes.errors(scope)
        if built is not None and not reasons:
            too_deep = self.schemas.too_deep(built, where)
            reasons = [too_deep] if too_deep is not None else []
        if built is None or reasons:
            for each in reasons:
                left_out.setdefault(each, []).append(f"{base}() ({verb.upper()} {path})")
            self.skipped.append(base)
            return None
        self.context.diagnostics.extend(scope.warnings)
        reported.update(self.context.scopes.reached(scope))
        return built

    def _nothing_to_generate(self) -> None:
        paths = self.context.document.paths or {}
        if self.skipped:
            self.context.error(
                "#", "no operation can be generated: every one is left out (see warnings)"
            )
        elif not any(next(nodes.operations_of(item), None) for item in paths.values()):
            self.context.error(
                pointer("paths"),
                "the spec's paths have no operations (no get, put, post, delete, options, head, "
                "patch or trace): there is nothing to generate",
            )
        else:
            self.context.error(
                "#",
                "no operation matches the selection (--tag, --operation, --exclude-tag, "
                "--exclude-operation)",
            )

    def _left_out_by_the_loader(self, left_out: dict[Diagnostic, list[str]]) -> None:
        """The selected operations the loader took out (not valid OpenAPI, or not convertible
        from Swagger 2.0), noted with why."""
        extension = self.context.settings.method_name_extension
        for broken in self.context.spec.broken_operations:
            operation = _BrokenOperation(broken.operation)
            if not self.classes_of(operation):
                continue
            name = _method_base_name(operation, extension) or naming.method_name(
                f"{broken.verb} {broken.path}"
            )
            for reason in broken.problems:
                left_out.setdefault(reason, []).append(
                    f"{name}() ({broken.verb.upper()} {broken.path})"
                )
            self.skipped.append(name)

    def _operation_in_scope(
        self,
        path: str,
        verb: str,
        item: PathItem,
        operation: Operation,
        name: str,
        ids: dict[str, str],
    ) -> tuple[ir.Operation | None, Diagnostic | None]:
        """The operation, built in the open scope, or None and why it cannot be expressed."""
        target = wire.request_target(path)
        problem = wire.path_problem(target.path) or wire.query_problem(target.query_text)
        if problem is not None:
            # Every operation of the path is left out for it: one diagnostic, at the path.
            return None, self.context.spec.diagnostic(Level.ERROR, pointer("paths", path), problem)
        op_id = operation.operationId
        if op_id and op_id in ids:
            # Paths are visited sorted, so which one keeps the name is the same every run; the
            # method name clash is settled (and said) by `_claimed`.
            self.context.warning(
                pointer("paths", path, verb, "operationId"),
                f"operationId {op_id!r} is already used by {ids[op_id]} (operationIds must be "
                "unique); this operation gets a method name of its own",
            )
        elif op_id:
            ids[op_id] = pointer("paths", path, verb)
        if target.fragment or target.query_text:
            sent = "?".join(p for p in (target.path, target.query_text) if p)
            self.context.warning(
                pointer("paths", path, verb),
                f"the path key {shortened(path)!r} is not a plain path: the request goes to "
                f"{verb.upper()} {shortened(sent)}"
                + (" (a fragment is never sent)" if target.fragment else ""),
            )
        try:
            return self._operation(path, verb, item, operation, name), None
        except Skip as skip:
            return None, skip.diagnostic

    def _claimed(
        self, operation: ir.Operation, methods: naming.NameSpace, where: str
    ) -> ir.Operation:
        """The operation under a method name no generated operation has taken yet."""
        name = methods.claim(operation.name)
        if name == operation.name:
            return operation
        self.context.warning(
            where,
            f"method name {operation.name!r} is already taken by another operation; "
            f"this one is generated as {name}()",
        )
        paging = operation.paging
        if paging is not None:
            paging = dataclasses.replace(paging, iterator_name=naming.iterator_name(name))
        constant = naming.endpoint_constant(name)
        return dataclasses.replace(operation, name=name, constant=constant, paging=paging)

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
        self.context.warning(
            where,
            f"the paging helper of {operation.name}() would be {wanted}(), a name that is taken; "
            f"it is generated as {name}()",
        )
        paging = dataclasses.replace(operation.paging, iterator_name=name)
        return dataclasses.replace(operation, paging=paging)

    def _note_tags(self, operation: Operation, classes: tuple[str, ...], where: str) -> None:
        """Remember where each API class's tag is first given (for what is said about its name)."""
        tags = operation.tags or []
        for tag in classes:
            place = f"{where}/tags/{tags.index(tag)}" if tag in tags else where
            self.tag_places.setdefault(tag, place)

    def _method_name(self, path: str, verb: str, operation: Operation) -> str:
        """The method name the operation asks for (before clashes with other operations)."""
        where = pointer("paths", path, verb)
        extension = self.context.settings.method_name_extension
        for key in (PYTHON_NAME_EXTENSION, extension):
            value = nodes.extension(operation, key) if key else None
            if value is not None and _method_name_in(operation, key) is None:
                self.context.warning(
                    f"{where}/{key}",
                    f"{key} {value!r} is not a plain Python name (ASCII letters, digits and '_', "
                    "starting with a letter, not a keyword); it is ignored"
                    if key == PYTHON_NAME_EXTENSION
                    else f"{key} {value!r} has no ASCII letter or digit to make a method name "
                    "of; it is ignored",
                )
        base = _method_base_name(operation, extension, self.context.reserved.methods)
        if base is not None:
            wanted = _method_base_name(operation, extension) or base
            if base != wanted:
                self.context.renamed(where, "method name", wanted, base, "the API classes use")
            return base
        base = naming.path_method_name(verb, path, self.context.reserved.methods)
        self.context.warning(where, f"operation has no operationId; it is generated as {base}()")
        return base

    def _operation(
        self, path: str, verb: str, item: PathItem, operation: Operation, name: str
    ) -> ir.Operation:
        where = pointer("paths", path, verb)
        owner = naming.pascal_case(name)
        argument_names = naming.NameSpace(self.context.reserved.parameters)
        parameters = self._parameters(path, verb, item, operation, owner, argument_names)
        body = self._body(operation, where, owner, argument_names)
        returns, media_types, response_format = self._returns(operation, where, owner)
        arguments = signature(parameters, body)
        target = wire.request_target(path)
        return ir.Operation(
            name=name,
            constant=naming.endpoint_constant(name),
            method=nodes.http_method(verb),
            path=path,
            request_path=target.path,
            fixed_query=target.query,
            summary=nodes.text(operation.summary),
            description=nodes.text(operation.description),
            deprecated=bool(operation.deprecated),
            permissions=scim.permissions(operation, where, self.context.warning),
            arguments=arguments,
            body=body,
            returns=returns,
            response_media_types=media_types,
            response_format=response_format,
            paging=scim.paging(name, arguments, returns, self.schemas.models),
        )

    def _parameters(
        self,
        path: str,
        verb: str,
        item: PathItem,
        operation: Operation,
        owner: str,
        argument_names: naming.NameSpace,
    ) -> list[ir.Parameter]:
        """Path-item parameters overridden by the operation's, in spec order."""
        merged: dict[tuple[str, str], tuple[Parameter, str]] = {}
        sources = (
            (item.parameters or [], ("paths", path, "parameters")),
            (operation.parameters or [], ("paths", path, verb, "parameters")),
        )
        for parameters, base in sources:
            for index, reference in enumerate(parameters):
                where = pointer(*base, index)
                node: Parameter | None = resolved(self.context, reference, "parameters", where)
                if node is not None:
                    merged[(node.name, node.param_in.value)] = (node, where)
        result: list[ir.Parameter] = []
        for node, where in self._one_per_name(merged):
            parameter = self._parameter(node, where, owner, argument_names)
            if parameter is not None:
                result.append(parameter)
        self._check_path_template(path, result, pointer("paths", path))
        return result

    def _one_per_name(
        self, merged: dict[tuple[str, str], tuple[Parameter, str]]
    ) -> list[tuple[Parameter, str]]:
        """The client passes arguments by JSON name, so one name can be sent in one place only:
        the path parameter wins (the URL needs it), else the first one."""
        kept: dict[str, tuple[str, Parameter, str]] = {}
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
        self.context.warning(
            where,
            f"parameter {name!r} ({location}) has the name of the {kept} parameter; the client "
            "sends parameters by name, so this one is left out",
        )

    def _check_path_template(self, path: str, params: list[ir.Parameter], where: str) -> None:
        path = wire.request_target(path).path
        declared = {p.json_name for p in params if p.location == "path"}
        used = set(re.findall(r"\{([^{}]+)\}", path))
        for missing in sorted(used - declared):
            self.context.error(where, f"path parameter {missing!r} is not declared")
        for extra in sorted(declared - used):
            self.context.error(where, f"path parameter {extra!r} does not appear in the path")

    def _parameter(
        self, node: Parameter, where: str, owner: str, argument_names: naming.NameSpace
    ) -> ir.Parameter | None:
        location = nodes.location(node)
        if location is None:  # a cookie
            self.context.warning(
                where, f"cookie parameter {node.name!r} is not supported and is left out"
            )
            return None
        problem = wire.name_problem(node.name, location)
        if problem is not None:
            self.context.error(f"{where}/name", problem)
            return None
        if location == "header" and node.name.lower() in MANAGED_HEADERS:
            self.context.warning(
                where, f"header {node.name!r} is set by the client and is left out"
            )
            return None
        schema = node.param_schema
        if schema is None:
            self.context.warning(
                where, f"parameter {node.name!r} has no schema; it is typed as str"
            )
            type_: ir.TypeExpr = ir.Primitive("str")
            default: object = None
        else:
            context = owner + naming.words_name(node.name)
            type_ = self.schemas.parameter_type(schema, f"{where}/schema", context)
            default = self.schemas.schema_default(schema)
        required = bool(node.required) or location == "path"
        default = self.schemas.checked_default(default, type_, where)
        override = self.context.python_name(node, where, node.name)
        wanted = naming.parameter_name(node.name, override)
        base = naming.parameter_name(node.name, override, self.context.reserved.parameters)
        name = (
            argument_names.claim(base)
            if argument_names.is_free(base)
            else argument_names.claim(f"{location}_{base}")
        )
        if base != wanted:
            self.context.renamed(
                where, f"parameter {node.name!r} ({location}):", wanted, name, "the method"
            )
        elif name != base:
            self.context.warning(
                where, f"parameter {node.name!r} ({location}) is generated as {name!r}"
            )
        explode = node.explode if node.explode is not None else nodes.default_explode(node)
        return ir.Parameter(
            name=name,
            json_name=node.name,
            location=location,
            type=type_,
            description=nodes.text(node.description),
            required=required,
            default=None if required else default,
            explode=bool(explode),
        )

    def _body(
        self, operation: Operation, where: str, owner: str, argument_names: naming.NameSpace
    ) -> ir.Body | None:
        if operation.requestBody is None:
            return None
        where = f"{where}/requestBody"
        node: RequestBody | None = resolved(
            self.context, operation.requestBody, "requestBodies", where
        )
        if node is None:
            return None
        content = node.content or {}
        preferred = nodes.request_media_types(content)
        if not preferred:
            raise Skip(
                self.context.spec.diagnostic(
                    Level.WARNING,
                    f"{where}/content",
                    "request body has no media type in its content: nothing says how to send it",
                )
            )
        media = preferred[0]
        format_ = nodes.body_format(media)
        problem = None if format_ == "json" else wire.media_type_problem(media)
        if problem is not None:
            raise Skip(self.context.spec.diagnostic(Level.WARNING, f"{where}/content", problem))
        schema = content[media].media_type_schema
        schema_where = f"{where}/content/{escape_pointer_token(media)}/schema"
        if format_ == "text":
            type_: ir.TypeExpr = ir.Primitive("str")
        elif format_ == "bytes":
            type_ = ir.Primitive("bytes")
        elif schema is None:
            type_ = ir.Primitive("any")
        else:
            type_ = self.schemas.type_of(schema, schema_where, owner + "Body")
        if (
            format_ in ("form", "multipart")
            and not isinstance(type_, ir.ModelRef | ir.MapOf)
            and type_ != ir.Primitive("any")
        ):
            raise Skip(
                self.context.spec.diagnostic(
                    Level.WARNING,
                    schema_where,
                    f"a body sent as {media} must be an object: its properties are the fields",
                )
            )
        chosen = (
            tuple(sorted(m for m in content if nodes.is_json(m))) if format_ == "json" else (media,)
        )
        return ir.Body(
            name=argument_names.claim("body"),
            type=type_,
            description=nodes.text(node.description),
            required=bool(node.required),
            media_types=chosen,
            format=format_,
            not_chosen=tuple(m for m in preferred if m not in chosen),
        )

    def _returns(
        self, operation: Operation, where: str, owner: str
    ) -> tuple[ir.TypeExpr | None, tuple[str, ...], ir.ResponseFormat]:
        """What a success returns: its type, the media types it comes as, and how it is read."""
        responses = operation.responses or {}
        codes = sorted(str(c) for c in responses if str(c).startswith("2") or str(c) == "2XX")
        if not codes and "default" in responses:
            # The vendor's DELETEs declare `default` and no 2xx: then `default` is the success.
            codes = ["default"]
        if not codes:
            self.context.warning(f"{where}/responses", "no 2xx response: the method returns None")
        for code in codes:
            node_where = f"{where}/responses/{code}"
            node: Response | None = resolved(self.context, responses[code], "responses", node_where)
            if node is None:
                return None, (), "json"
            found = self._response(node, node_where, owner)
            if found is not None:
                return found
        return None, (), "json"

    def _response(
        self, node: Response, where: str, owner: str
    ) -> tuple[ir.TypeExpr, tuple[str, ...], ir.ResponseFormat] | None:
        """What one success response gives, if it has a body: JSON parsed into its schema's
        type; any other body as it comes, text as str and anything else as bytes."""
        content = node.content or {}
        media = nodes.json_media_type(content)
        schema = content[media].media_type_schema if media is not None else None
        if media is not None and schema is not None:
            type_ = self.schemas.type_of(
                schema, f"{where}/content/{escape_pointer_token(media)}/schema", owner + "Response"
            )
            return type_, tuple(sorted(m for m in content if nodes.is_json(m))), "json"
        if media is not None or not content:
            return None
        textual = sorted(m for m in content if m.lower().startswith("text/"))
        if textual:
            return ir.Primitive("str"), tuple(textual), "text"
        return ir.Primitive("bytes"), tuple(sorted(content)), "bytes"

    def services(
        self, operations: list[tuple[tuple[str, ...], ir.Operation]]
    ) -> tuple[ir.Service, ...]:
        """One API class per tag. Its name is also the name of a file (`docs/<name>.md`), so
        names are kept apart ignoring case (macOS and Windows check the package out too) and
        are at most `naming.MAX_SERVICE_NAME` characters."""
        by_tag: dict[str, list[ir.Operation]] = {}
        for tags, operation in operations:
            for tag in tags:
                by_tag.setdefault(tag, []).append(operation)
        names = naming.NameSpace(
            self.context.reserved.classes | frozenset(self.schemas.classes_taken()), fold_case=True
        )
        services = []
        for tag in sorted(by_tag):
            where = self.tag_places.get(tag, "#")
            base = naming.service_class_name(tag, self.context.reserved.classes)
            short = naming.short_service_name(base)
            if short != base:
                self.context.warning(
                    where,
                    f"tag {shortened(tag)!r} makes a class name of {len(base)} characters, too "
                    f"long for a file name; it is generated as {short} (docs/{short}.md)",
                )
                base = short
            name = names.claim(base)
            if name != base:
                self.context.warning(
                    where,
                    f"the class name {base} of tag {shortened(tag)!r} is taken (API class "
                    "names are told apart ignoring case: each names a file in docs/); it is "
                    f"generated as {name}",
                )
            services.append(
                ir.Service(
                    name=name,
                    async_name=names.claim(naming.async_class_name(name)),
                    tag=tag,
                    operations=tuple(sorted(by_tag[tag], key=lambda o: o.name)),
                )
            )
        return tuple(services)

    def endpoint_constants(
        self, operations: list[tuple[tuple[str, ...], ir.Operation]]
    ) -> list[tuple[tuple[str, ...], ir.Operation]]:
        """_endpoints.py holds the endpoint constants and imports the classes it needs: each
        constant (an upper-cased method name) is claimed in that module's NameSpace, where the
        classes and `ENDPOINTS` are taken. One that would take a class's name gets a suffix; the
        others are claimed first, so a suffixed one never takes another method's."""
        taken = frozenset({*self.schemas.classes_taken(), *self.context.reserved.constants})
        constants = naming.NameSpace(taken)
        clashing = {op.constant for _tags, op in operations if not constants.is_free(op.constant)}
        for _tags, op in operations:
            if op.constant not in clashing:
                constants.claim(op.constant)
        return [
            (
                tags,
                dataclasses.replace(
                    op, constant=constants.claim(naming.endpoint_constant_apart(op.constant))
                ),
            )
            if op.constant in clashing
            else (tags, op)
            for tags, op in operations
        ]


def signature(parameters: list[ir.Parameter], body: ir.Body | None) -> tuple[ir.Argument, ...]:
    """The one rule for a method's arguments (Ruby's SDK in Python): required parameters
    positional, in spec order, then a required body; everything else keyword-only with its
    documented default (or None), an optional body first."""

    def argument(passes: ir.Parameter | ir.Body, kind: ir.ArgumentKind) -> ir.Argument:
        default = passes.default if isinstance(passes, ir.Parameter) else None
        return ir.Argument(passes.name, passes.type, kind, default, passes)

    required = [argument(p, "positional") for p in parameters if p.required]
    optional = [argument(p, "keyword") for p in parameters if not p.required]
    if body is not None and body.required:
        required.append(argument(body, "positional"))
    elif body is not None:
        optional.insert(0, argument(body, "keyword"))
    return (*required, *optional)


class _BrokenOperation:
    """What selection reads of an operation the loader took out (`scope.BrokenOperation`), from
    its plain mapping: tags, operationId and extensions, the ones that are what they should be."""

    def __init__(self, operation: Mapping[str, object]) -> None:
        tags = operation.get("tags")
        self.tags = [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []
        op_id = operation.get("operationId")
        self.operationId = op_id if isinstance(op_id, str) else None
        self.model_extra = {k: v for k, v in operation.items() if str(k).startswith("x-")}


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


def _method_name_in(
    operation: Operation | _BrokenOperation, key: str, reserved: frozenset[str] = frozenset()
) -> str | None:
    """The method name one source of names gives an operation, if it gives a usable one: its
    `x-python-name` as it is, the method-name extension (camelCase) or operationId snake_cased;
    kept off `reserved` (`Reserved.methods`)."""
    if key == "operationId":
        op_id = operation.operationId
        return naming.method_name(op_id, reserved=reserved) if op_id else None
    value = nodes.extension(operation, key)
    if key == PYTHON_NAME_EXTENSION:
        return (
            naming.method_name(value, python_name=value, reserved=reserved)
            if naming.is_plain_name(value)
            else None
        )
    if isinstance(value, str) and naming.snake_case(value):
        return naming.method_name(value, reserved=reserved)
    return None


def _names_of(
    operation: Operation | _BrokenOperation, extension: str, reserved: frozenset[str]
) -> set[str]:
    """What a user may call an operation to select it: its operationId, its method name in the
    extension (the vendor's SDK name) and its Python method name (as it asks for it, and as it
    is generated if that is a name the API classes use themselves)."""
    names = {operation.operationId, nodes.extension(operation, extension) if extension else None}
    names.add(_method_base_name(operation, extension))
    names.add(_method_base_name(operation, extension, reserved))
    return {name for name in names if isinstance(name, str) and name}


def _method_base_name(
    operation: Operation | _BrokenOperation, extension: str, reserved: frozenset[str] = frozenset()
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
