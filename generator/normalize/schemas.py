"""Schemas -> IR types, models and enums, each component schema built once.

Inline enums and models are named after where they are declared; their names are planned for the
whole package at once (`name_plan`), so a name never depends on the order schemas are met in.
Fields are sorted by Python name, so the same spec gives the same models whatever the order of
its keys. `allOf` is flattened: models are generated flat, with no inheritance.

Imports: ir, naming, diagnostics, normalize.context, normalize.limits, normalize.nodes,
normalize.refs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, cast

from .. import ir, naming
from ..diagnostics import Diagnostic, Level, escape_pointer_token, pointer
from ..load import parse_ref
from . import limits, nodes
from .context import Context, shortened
from .limits import (
    MAX_MODEL_NESTING,
    MAX_SCHEMA_DEPTH,
    MAX_TYPE_NESTING,
    ModelDepths,
    Refused,
    nesting,
)
from .refs import resolved, resolved_ref

if TYPE_CHECKING:
    from openapi_pydantic.v3.v3_1 import Schema

    from .nodes import SchemaNode

# Per enum, how many renamed or duplicate values are named one by one.
_ENUM_WARNINGS = 10

ParameterEnumPlan = tuple[str, str, str]
"""(name, description, name after where it is used) of an enum declared in parameters."""


class Schemas:
    """The models and enums built so far, and the names of every class of the package."""

    def __init__(self, context: Context, names: dict[str, str] | None = None) -> None:
        self.context = context
        reserved = context.reserved
        self.classes = naming.NameSpace(reserved.classes)
        self.class_names: set[str] = set(names.values()) if names is not None else set()
        """Every model and enum class name: the planned ones of inline classes, and those of
        component schemas as they are claimed (first thing in a run)."""
        self.component_class: dict[str, str] = {}
        self.reserved_class_names: dict[str, str] = {}
        """The class name each component schema wanted, where that is one the package uses
        itself (said when the schema is built: only if something generated uses it)."""
        self.named: dict[str, ir.TypeExpr | None] = {}
        """What each component schema built so far is (None while an alias is being built)."""
        self.models: dict[str, ir.Model] = {}
        self.enums: dict[str, ir.Enum] = {}
        self.parameter_enum_plan: dict[tuple[tuple[str, object], ...], ParameterEnumPlan] = {}
        self.parameter_enum_types: dict[tuple[tuple[str, object], ...], ir.TypeExpr] = {}
        self.names = names
        self.claims: dict[str, list[str]] = {}
        """Without `names`: what each inline class wants to be called (its key: where it is
        declared, and the name it wants), and by which stand-in name this run knows it."""
        self.stand_ins: dict[str, str] = {}
        self.stand_in_of: dict[str, str] = {}
        self.enum_values: dict[str, set[tuple[type, Any]]] = {}
        """Each enum's values with their types, to check defaults in one step."""
        self.depths = ModelDepths(self.models)
        """How deep the models built so far nest (asked for each operation as it is built)."""
        self.depth = 0
        self.aliases: dict[str, ir.Alias] = {}
        """Component schemas that are recursive unions or arrays (see `ir.AliasRef`)."""
        self._models_open = 0
        self._aliases_open: dict[str, int] = {}
        """Component schemas being built as unions or arrays: how many models were being built
        when each began (a reference back to it from inside a model is a recursion an alias
        can name; one that passes through no model is not a type at all)."""
        self._recursive: set[str] = set()
        """How deep schemas nest where the normalizer is now."""
        self.items = 0
        """Model fields and enum members built so far."""

    def claim_component_names(self) -> None:
        """Component schemas get their names first, in sorted order, so inline schemas named
        after their owner can never take a component's name."""
        components = self.context.document.components
        schemas = (components.schemas if components else None) or {}
        for name in sorted(schemas):
            wanted = naming.class_name(name)
            base = naming.class_name(name, self.context.reserved.classes)
            self.component_class[name] = self.claim_class(base)
            if base != wanted:
                self.reserved_class_names[name] = wanted

    def class_for(self, key: str, candidates: list[str]) -> str:
        """The class name of an inline enum or model (see `normalize`): from the plan when there
        is one; else a stand-in, and the candidates are noted for the plan."""
        if self.names is not None:
            return self.names[key]
        if key not in self.claims:
            self.claims[key] = candidates
            self.stand_in_of[key] = stand_in = f"{candidates[0]}__{len(self.stand_ins)}"
            self.stand_ins[stand_in] = key
        return self.stand_in_of[key]

    def class_names_of(self, *texts: str) -> list[str]:
        """Candidate class names, kept off the names the generated package uses itself."""
        return [naming.class_name(text, self.context.reserved.classes) for text in texts]

    def name_plan(self) -> dict[str, str]:
        """Names for the inline classes the generated package has (after `run`), given all at
        once by `naming.assign_names` against the component schemas' names."""
        kept = {
            self.stand_ins[name] for name in (*self.models, *self.enums) if name in self.stand_ins
        }
        taken = frozenset(self.component_class.values()) | self.context.reserved.classes
        plan = naming.assign_names({k: self.claims[k] for k in sorted(kept)}, taken)
        # Classes not generated (they only serve left-out operations) still need a name for the
        # second run, one nobody else has.
        for index, key in enumerate(sorted(set(self.claims) - kept)):
            plan[key] = f"{self.claims[key][0]}__unused{index}"
        return plan

    def claim_class(self, name: str) -> str:
        claimed = self.classes.claim(name)
        self.class_names.add(claimed)
        return claimed

    def parameter_type(self, schema: SchemaNode, where: str, context: str) -> ir.TypeExpr:
        """A parameter's type; an inline enum in it gets the name planned for it."""
        inline = nodes.inline_parameter_enum(schema)
        planned = self.parameter_enum_plan.get(nodes.enum_key(inline[0])) if inline else None
        if inline is None or planned is None:
            return self.type_of(schema, where, context)
        enum_schema, array = inline
        key = nodes.enum_key(enum_schema)
        scope_key = f"parameter enum {key!r}"
        item = self.parameter_enum_types.get(key)
        if item is not None:
            self.context.scopes.use(scope_key)
        else:
            # Shared by every parameter with these values: built once, in its own scope.
            with self.context.scopes.opened(scope_key):
                item = self._parameter_enum(
                    enum_schema, f"{where}/items" if array else where, planned, scope_key
                )
            self.parameter_enum_types[key] = item
        return ir.ArrayOf(item) if array else item

    def _parameter_enum(
        self, enum_schema: Schema, where: str, planned: ParameterEnumPlan, key: str
    ) -> ir.TypeExpr:
        name, description, used_in = planned
        class_name = self.class_for(key, self.class_names_of(name, used_in))
        built = self._enum(class_name, enum_schema, where, description=description)
        if built is not None:
            return ir.EnumRef(built.name)
        # No usable values (warned): the parameter keeps its base type.
        types, _nullable = nodes.types_of(enum_schema)
        return nodes.primitive(types[0], enum_schema) if types else ir.Primitive("str")

    def checked_default(self, default: object, type_: ir.TypeExpr, where: str) -> ir.Literal_:
        """A documented default the generated annotation accepts, else None (with a warning)."""
        if default is None:
            return None
        if not nodes.is_literal(default):
            self.context.warning(
                where, "a non-scalar default is not supported; the default is None"
            )
            return None
        if isinstance(type_, ir.EnumRef) and not fits(type_, default, self.enum_values):
            members = self.enums[type_.name].members
            shown = [shortened(repr(m.value)) for m in members[:_ENUM_WARNINGS]]
            more = len(members) - len(shown)
            values = ", ".join(shown) + (f", and {more:,} more" if more else "")
            self.context.warning(
                where,
                f"default {shortened(repr(default))} is not one of the enum's values ({values}); "
                "the default is None",
            )
            return None
        if not fits(type_, default, self.enum_values):
            self.context.warning(
                where, f"default {default!r} does not match the schema's type; the default is None"
            )
            return None
        return default

    def schema_default(self, schema: SchemaNode) -> object:
        """The default of a schema, or of the one its `$ref` names."""
        target: Schema | None = resolved(self.context, schema, "schemas", None)
        return target.default if target is not None else None

    def type_of(self, schema: SchemaNode, where: str, context: str) -> ir.TypeExpr:
        """The type of a schema node; `context` names inline models and enums found in it."""
        self._deeper(where)
        try:
            ref = nodes.ref_of(schema)
            if ref is not None:
                return self._ref_type(ref, where)
            return self._inline_type(_schema(schema), where, context)
        finally:
            self.depth -= 1

    def _deeper(self, where: str) -> None:
        self.depth += 1
        if self.depth > MAX_SCHEMA_DEPTH:
            raise Refused(
                where,
                f"schemas nest more than {MAX_SCHEMA_DEPTH:,} levels deep here (through $ref, "
                "allOf, properties and items); no client can be generated from that",
            )

    def _count(self, items: int, where: str) -> None:
        self.items += items
        if self.items > limits.MAX_ITEMS:
            raise Refused(
                where,
                f"the spec gives more than {limits.MAX_ITEMS:,} model fields and enum members (allOf "
                "copies each part's fields into every model that uses it); select fewer "
                "operations (--tag, --operation)",
            )

    def _nested(self, type_: ir.TypeExpr, where: str) -> ir.TypeExpr:
        """`type_`, or Any (with a warning) if it nests more than MAX_TYPE_NESTING levels."""
        if nesting(type_) <= MAX_TYPE_NESTING:
            return type_
        self.context.warning(
            where,
            f"the type nests more than {MAX_TYPE_NESTING} levels (arrays, maps, unions, aliases); "
            "it is typed Any",
        )
        return ir.Primitive("any")

    def _ref_type(self, ref: str, where: str) -> ir.TypeExpr:
        target = cast("Schema | None", resolved_ref(self.context, ref, "schemas", where))
        if target is None:
            return ir.Primitive("any")
        if nodes.ref_of(target) is not None:
            return self.type_of(target, where, "")
        _section, name = parse_ref(ref)
        return self._named_type(name, target)

    def _named_type(self, name: str, schema: Schema) -> ir.TypeExpr:
        """The type of a component schema, built once, in its own scope: whoever uses it shares
        its problems."""
        key = "#/components/schemas/" + escape_pointer_token(name)
        if name in self.named:
            self.context.scopes.use(key)
            known = self.named[name]
            if known is None and self._models_open > self._aliases_open.get(
                name, self._models_open
            ):
                # Through a model it holds: a recursive type, named.
                self._recursive.add(name)
                return ir.AliasRef(self.component_class[name])
            if known is None:  # an alias that refers back to itself
                self.context.error(
                    pointer("components", "schemas", name), "schema refers to itself"
                )
                return ir.Primitive("any")
            return known
        with self.context.scopes.opened(key):
            return self._build_named_type(name, schema)

    def _build_named_type(self, name: str, schema: Schema) -> ir.TypeExpr:
        where = pointer("components", "schemas", name)
        class_name = self.component_class[name]
        if not naming.pascal_case(name):
            self.context.warning(
                where,
                f"schema name {name!r} has no ASCII letter or digit to make a class name of; "
                f"it is generated as {class_name}",
            )
        if name in self.reserved_class_names:
            wanted = self.reserved_class_names[name]
            self.context.renamed(
                where, "class name", wanted, class_name, "the generated package uses"
            )
        if nodes.enum_values(schema) is not None:
            self.named[name] = ir.EnumRef(class_name)
            if self._enum(class_name, schema, where) is None:
                self.named[name] = ir.Primitive("str")
            return self.named[name] or ir.Primitive("any")
        if nodes.is_object(schema):
            self.named[name] = ir.ModelRef(class_name)
            self._model(class_name, name, schema, where, class_name)
            return ir.ModelRef(class_name)
        self.named[name] = None
        self._aliases_open[name] = self._models_open
        try:
            alias = self._nested(self._inline_type(schema, where, class_name), where)
        finally:
            del self._aliases_open[name]
        if name in self._recursive:
            description = nodes.text(schema.description) or nodes.text(schema.title)
            self.aliases[class_name] = ir.Alias(class_name, name, description, alias)
            self.named[name] = ir.AliasRef(class_name)
            return self.named[name] or alias
        self.named[name] = alias
        return alias

    def _inline_type(self, schema: Schema, where: str, context: str) -> ir.TypeExpr:
        """The schema -> type switch: an enum, an allOf, a union, an array, an object (a model
        or a map), else one or more primitives."""
        types, _nullable = nodes.types_of(schema)
        for note in self.context.spec.notes_at(where):
            self.context.warning(where, note)
        if schema.schema_not is not None:
            self.context.warning(f"{where}/not", "'not' is not supported: it is ignored")
        const = schema.const
        if isinstance(const, str | int):
            return ir.Const(const)
        if const is not None:
            self.context.warning(
                f"{where}/const",
                f"const {shortened(repr(const))} is not a string, an integer or "
                "a boolean; the schema's type is used",
            )
        if nodes.enum_values(schema) is not None:
            return self._inline_enum(schema, types, where, context)
        if schema.allOf:
            if len(schema.allOf) == 1 and not schema.properties:
                return self.type_of(schema.allOf[0], f"{where}/allOf/0", context)
            if nodes.is_object(schema):
                return self._inline_model(schema, where, context)
        if schema.oneOf or schema.anyOf:
            return self._union(schema, where, context)
        if "array" in types or (not types and schema.items is not None):
            return self._array(schema, where, context)
        if "object" in types or (not types and (schema.properties or schema.additionalProperties)):
            return self._object(schema, where, context)
        if len(types) > 1:
            return ir.UnionOf(tuple(nodes.primitive(t, schema) for t in types))
        return nodes.primitive(types[0], schema) if types else ir.Primitive("any")

    def _inline_enum(
        self, schema: Schema, types: list[str], where: str, context: str
    ) -> ir.TypeExpr:
        text = context or "Value"
        candidates = self.class_names_of(text, f"{naming.class_name(text)} Enum")
        name = self.class_for(f"{where} {candidates[0]}", candidates)
        enum = self._enum(name, schema, where)
        if enum is None:
            return ir.Primitive("str") if not types else nodes.primitive(types[0], schema)
        return ir.EnumRef(enum.name)

    def _union(self, schema: Schema, where: str, context: str) -> ir.TypeExpr:
        """`oneOf`/`anyOf`: the union of the options' types (one type if they are all one)."""
        keyword = "oneOf" if schema.oneOf else "anyOf"
        options: dict[ir.TypeExpr, None] = {}
        for index, option in enumerate(schema.oneOf or schema.anyOf or []):
            if nodes.is_null(option):
                continue  # `{type: "null"}`: the union may be null, which its field says
            option_type = self.type_of(
                option, f"{where}/{keyword}/{index}", f"{context}Option{index + 1}"
            )
            options.setdefault(option_type)
        if len(options) == 1:
            return next(iter(options))
        union = ir.UnionOf(tuple(options))
        if schema.discriminator is not None:
            union = self._discriminated(schema, union, where, keyword)
        return self._nested(union, where)

    def _discriminated(
        self, schema: Schema, union: ir.UnionOf, where: str, keyword: str
    ) -> ir.UnionOf:
        """The union told apart by its `discriminator`: each value of the property names the
        option it picks, by `mapping` and else by the option's schema name (OpenAPI's implicit
        mapping). A union that cannot be told apart so stays a plain one, with a warning."""
        discriminator = schema.discriminator
        assert discriminator is not None
        at = f"{where}/discriminator"
        classes = {o.name for o in union.options if isinstance(o, ir.ModelRef)}
        if len(classes) != len(union.options):
            self.context.warning(
                at,
                f"a discriminator needs every {keyword} option to be an object schema; the "
                "options are tried in turn",
            )
            return union
        tags: dict[str, str] = {}
        for value, target in (discriminator.mapping or {}).items():
            ref = target if "#" in target or "/" in target else f"#/components/schemas/{target}"
            picked = self._ref_type(ref, f"{at}/mapping/{escape_pointer_token(value)}")
            if isinstance(picked, ir.ModelRef) and picked.name in classes:
                tags[value] = picked.name
            else:
                self.context.warning(
                    f"{at}/mapping/{escape_pointer_token(value)}",
                    f"discriminator value {shortened(repr(value))} maps to {shortened(target)!r}, "
                    f"which is not one of the {keyword} options; it is left out",
                )
        mapped = set(tags.values())
        for option in schema.oneOf or schema.anyOf or []:
            option_ref = nodes.ref_of(option)
            if option_ref is None or not option_ref.startswith("#/components/schemas/"):
                continue
            name = parse_ref(option_ref)[1]
            option_type = self.named.get(name)
            if isinstance(option_type, ir.ModelRef) and option_type.name not in mapped:
                tags.setdefault(name, option_type.name)
        missing = sorted(classes - set(tags.values()))
        if missing:
            self.context.warning(
                at,
                f"no discriminator value picks {', '.join(missing)}; the options are tried in turn",
            )
            return union
        return ir.UnionOf(union.options, discriminator.propertyName, tuple(tags.items()))

    def _array(self, schema: Schema, where: str, context: str) -> ir.TypeExpr:
        if schema.prefixItems:
            self.context.warning(
                f"{where}/prefixItems",
                "'prefixItems' (a tuple) is not supported: every item is typed by 'items' "
                "(Any if there is none)",
            )
        if schema.contains is not None:
            self.context.warning(
                f"{where}/contains", "'contains' is not checked: the items are typed by 'items'"
            )
        if schema.items is None:
            return ir.ArrayOf(ir.Primitive("any"))
        item = self.type_of(schema.items, f"{where}/items", context + "Item")
        return self._nested(ir.ArrayOf(item), where)

    def _object(self, schema: Schema, where: str, context: str) -> ir.TypeExpr:
        """A model if the object has properties, else a map of its additional properties."""
        if schema.properties:
            return self._inline_model(schema, where, context)
        extra = schema.additionalProperties
        if extra is None or extra is True or extra is False:
            return ir.MapOf(ir.Primitive("any"))
        value = self.type_of(extra, f"{where}/additionalProperties", context + "Value")
        return self._nested(ir.MapOf(value), where)

    def _inline_model(self, schema: Schema, where: str, context: str) -> ir.ModelRef:
        text = context or "Object"
        candidates = self.class_names_of(text, f"{naming.class_name(text)} Model")
        name = self.class_for(f"{where} {candidates[0]}", candidates)
        self._model(name, None, schema, where, candidates[0])
        return ir.ModelRef(name)

    def _model(
        self, name: str, schema_name: str | None, schema: Schema, where: str, context: str
    ) -> None:
        """`context` names what is declared inline in its fields (the name the model wanted,
        so that those names never depend on how clashes between model names were settled)."""
        properties: dict[str, tuple[SchemaNode, str, str]] = {}
        required: set[str] = set()
        own = {pointer("components", "schemas", schema_name)} if schema_name else set()
        self._collect_properties(schema, where, properties, required, own, context)
        self._count(len(properties), where)
        fields = naming.NameSpace()
        built = []
        self._models_open += 1
        try:
            for json_name in sorted(properties):
                node, node_where, owner = properties[json_name]
                built.append(
                    self._field(json_name, node, node_where, json_name in required, owner, fields)
                )
        finally:
            self._models_open -= 1
        for missing in sorted(required - set(properties)):
            self.context.warning(where, f"required property {missing!r} is not defined; ignored")
        self.models[name] = ir.Model(
            name=name,
            schema_name=schema_name or name,
            description=nodes.text(schema.description) or nodes.text(schema.title),
            fields=tuple(sorted(built, key=lambda f: f.name)),
        )

    def _collect_properties(
        self,
        schema: Schema,
        where: str,
        properties: dict[str, tuple[SchemaNode, str, str]],
        required: set[str],
        visiting: set[str],
        owner: str,
    ) -> None:
        """Flatten `allOf` into one property table (models are generated flat, no inheritance).
        Each property keeps the name of the schema that declares it (`owner`): what is declared
        inline in it is named after that schema, whichever model it is flattened into."""
        for index, part in enumerate(schema.allOf or []):
            part_where = f"{where}/allOf/{index}"
            ref = nodes.ref_of(part)
            if ref is not None:
                target: Schema | None = resolved(self.context, part, "schemas", part_where)
                if target is None:
                    continue
                ref = self.context.resolver.canonical(ref)
                if ref in visiting:
                    self.context.error(part_where, f"allOf cycle through {ref}")
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
                self._collect_properties(
                    _schema(part), part_where, properties, required, visiting, owner
                )
        for json_name, node in (schema.properties or {}).items():
            properties[json_name] = (
                node,
                f"{where}/properties/{escape_pointer_token(json_name)}",
                owner,
            )
        required.update(schema.required or [])

    def _field(
        self,
        json_name: str,
        node: SchemaNode,
        where: str,
        required: bool,
        owner: str,
        fields: naming.NameSpace,
    ) -> ir.Field:
        ref = nodes.ref_of(node)
        target: Schema | None = resolved(self.context, node, "schemas", None)
        context = owner + naming.pascal_case(" ".join(naming.words(json_name)) or "Field")
        type_ = self.type_of(node, where, context)
        _types, nullable = nodes.types_of(target) if target is not None else ([], False)
        override = self.context.python_name(node, where, json_name)
        # pydantic's own BaseModel members always get the underscore (a fixed, documented rule,
        # like keywords); the names the templates use get it with a warning.
        wanted = naming.field_name(json_name, override, naming.PYDANTIC_MODEL_NAMES)
        base = naming.field_name(json_name, override, self.context.reserved.fields)
        if base in self.class_names:
            # A field named like a class: pydantic would read the class's name in annotations
            # as the field. Every class name is known by now (component schemas' are claimed
            # first, inline classes' planned before this run), so the field is the one renamed.
            base = f"{base}_"
        name = fields.claim(base)
        if base != wanted:
            self.context.renamed(where, f"property {json_name!r}:", wanted, name, "models.py uses")
        elif name != base:
            self.context.warning(
                where, f"property {json_name!r} is generated as {name!r} (name clash)"
            )
        default = target.default if target is not None and ref is None else None
        default = self.checked_default(default, type_, where)
        return ir.Field(
            name=name,
            json_name=json_name,
            type=type_,
            description=nodes.text(getattr(node, "description", None))
            or nodes.text(target.description if target is not None else None),
            required=required,
            nullable=nullable,
            read_only=bool(
                getattr(node, "readOnly", None) or (target is not None and target.readOnly)
            ),
            default=default,
        )

    def _enum(
        self,
        name: str,
        schema: Schema,
        where: str,
        *,
        description: str = "",
    ) -> ir.Enum | None:
        """Build an enum (one per place it is declared: two enums with the same values stay two,
        so that a name never depends on which of them was met first)."""
        types, _nullable = nodes.types_of(schema)
        values = self._enum_values(schema, where)
        if not values:
            self.context.warning(where, "enum has no usable values; it is typed as its base type")
            return None
        value_type: Literal["str", "int"] = "str"
        if all(isinstance(v, int) for v in values):
            value_type = "int"
        elif not all(isinstance(v, str) for v in values):
            self.context.warning(
                where, "enum mixes strings and integers; its values are kept as strings"
            )
            values = list(dict.fromkeys(str(v) for v in values))
        if types and types[0] not in ("string", "integer", "number"):
            self.context.warning(where, f"enum of type {types[0]!r} is typed by its values")
        self._count(len(values), where)
        built = self._enum_members(name, values, where)
        enum = ir.Enum(
            name=name,
            description=nodes.text(schema.description) or nodes.text(schema.title) or description,
            value_type=value_type,
            members=built,
        )
        self.enums[name] = enum
        self.enum_values[name] = {(type(m.value), m.value) for m in built}
        return enum

    def _enum_values(self, schema: Schema, where: str) -> list[str | int]:
        """The enum's string and integer values, each once, in the spec's order (what else
        there is is left out with a warning; null is what `nullable` says, not a member)."""
        values: dict[str | int, None] = {}
        duplicates = 0
        for index, value in enumerate(schema.enum or []):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, str | int):
                self.context.warning(
                    f"{where}/enum/{index}",
                    f"enum value {shortened(repr(value))} is not a string or an integer and is "
                    "left out",
                )
            elif value in values:
                duplicates += 1
                if duplicates <= _ENUM_WARNINGS:
                    self.context.warning(
                        f"{where}/enum/{index}",
                        f"duplicate enum value {shortened(repr(value))} left out",
                    )
            else:
                values[value] = None
        if duplicates > _ENUM_WARNINGS:
            self.context.warning(
                where, f"{duplicates - _ENUM_WARNINGS:,} more duplicate enum values left out"
            )
        return list(values)

    def _enum_members(
        self, name: str, values: list[str | int], where: str
    ) -> tuple[ir.EnumMember, ...]:
        """A member per value, each name claimed in the enum's NameSpace."""
        members = naming.NameSpace(self.context.reserved.members)
        built = []
        renamed = 0
        for value in values:
            base = naming.enum_member_name(value, self.context.reserved.members)
            member = members.claim(base)
            if member != base:
                renamed += 1
                if renamed <= _ENUM_WARNINGS:
                    self.context.warning(
                        where,
                        f"enum value {shortened(repr(value))} is generated as {name}.{member}",
                    )
            built.append(ir.EnumMember(name=member, value=value))
        if renamed > _ENUM_WARNINGS:
            self.context.warning(
                where,
                f"{renamed - _ENUM_WARNINGS:,} more enum values are generated with a number after "
                "their name, as they make the same member name",
            )
        return tuple(built)

    def too_deep(self, operation: ir.Operation, where: str) -> Diagnostic | None:
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
        return self.context.spec.diagnostic(
            Level.ERROR,
            pointer("components", "schemas", first.schema_name)
            if first.schema_name in self.component_class
            else where,
            f"models nest {levels} levels deep ({shown}); the generated client supports "
            f"{MAX_MODEL_NESTING} (pydantic builds a model by recursion through the models it "
            "holds, and fails at about 50): make the deepest ones free-form objects "
            "(`type: object`)",
        )

    def keep_only_reached(self, operations: list[ir.Operation]) -> None:
        """Drop the models and enums that only left-out operations use."""
        roots = (
            name
            for operation in operations
            for type_ in operation.types()
            for name in ir.class_names(type_)
        )
        reached = ir.reachable(self.models, roots, self.aliases)
        self.models = {k: v for k, v in self.models.items() if k in reached}
        self.enums = {k: v for k, v in self.enums.items() if k in reached}
        self.aliases = {k: v for k, v in self.aliases.items() if k in reached}

    def classes_taken(self) -> Iterable[str]:
        return [*self.models, *self.enums]


def fits(type_: ir.TypeExpr, value: ir.Literal_, enums: dict[str, set[tuple[type, Any]]]) -> bool:
    """Whether a JSON scalar is a value of the type (as the generated annotation reads it);
    `enums`: each enum's (type, value) pairs."""
    if isinstance(type_, ir.UnionOf):
        return any(fits(option, value, enums) for option in type_.options)
    if isinstance(type_, ir.EnumRef):
        return (type(value), value) in enums.get(type_.name, set())
    if isinstance(type_, ir.Const):
        return type(value) is type(type_.value) and value == type_.value
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


def _schema(node: SchemaNode) -> Schema:
    """A node known not to be a `$ref` (asked `ref_of` first): a schema."""
    from openapi_pydantic.v3.v3_1 import Schema

    assert isinstance(node, Schema)
    return node
