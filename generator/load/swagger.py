"""Swagger 2.0 -> OpenAPI 3.0, as plain data, so the normalizer only ever sees OpenAPI 3.

The vendor publishes its whole API as one Swagger 2.0 document; `convert` turns it into the
OpenAPI 3.0.3 document it describes:

- `definitions` -> `components/schemas`, `parameters` -> `components/parameters` (or
  `components/requestBodies` for body parameters), `responses` -> `components/responses`,
  `securityDefinitions` -> `components/securitySchemes` (oauth2 `application` ->
  `clientCredentials`, `accessCode` -> `authorizationCode`, `basic` -> http basic); every local
  `$ref` is rewritten to match.
- `host`, `basePath` and `schemes` -> `servers`.
- A `body` parameter -> `requestBody`, with one media type per `consumes`; `formData` parameters ->
  one object schema under a form media type; `type: file` -> `string`/`binary`.
- Other parameters get a `schema` from their `type`, `format`, `items`, `enum`, `default`, ...;
  `collectionFormat` becomes `style`/`explode` (`csv` -> form, explode false; `multi` -> form,
  explode true; `ssv` -> spaceDelimited; `pipes` -> pipeDelimited).
- Responses get one media type per `produces`; `x-nullable` -> `nullable`; `x-` extensions are kept
  where they were.

What cannot be converted is reported as a `Diagnostic` (with the pointer into the Swagger
document) and left out or approximated, never raised. `Conversion.origins` maps pointers of the
converted document to the pointers they came from, so the loader can translate a diagnostic about
the converted document back to a line of the original text.

Imports: diagnostics only. Pure functions on dicts: nothing here reads files or parses text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic, Level, escape_pointer_token, pointer

OPENAPI_VERSION = "3.0.3"
DEFAULT_MEDIA_TYPE = "application/json"
FORM_MEDIA_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Swagger 2.0 path items have no `trace` (OpenAPI 3 does: scope.OPENAPI_METHODS).
SWAGGER_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")

# Keys a Swagger 2.0 parameter shares with a JSON schema; they move into its OpenAPI 3 `schema`.
_SCHEMA_KEYS = (
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
)
# Keys that stay on an OpenAPI 3 parameter.
_PARAMETER_KEYS = ("name", "in", "description", "required", "deprecated", "allowEmptyValue")
_REF_PREFIXES = {
    "#/definitions/": "#/components/schemas/",
    "#/parameters/": "#/components/parameters/",
    "#/responses/": "#/components/responses/",
}
# collectionFormat -> (style, explode) for query parameters; path and header arrays are `simple`.
_COLLECTION_FORMATS = {
    "csv": ("form", False),
    "multi": ("form", True),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
}
_OAUTH_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}


def is_swagger(raw: Mapping[str, Any]) -> bool:
    return "openapi" not in raw and str(raw.get("swagger", "")).startswith("2")


@dataclass(frozen=True)
class Conversion:
    document: dict[str, Any]
    diagnostics: tuple[Diagnostic, ...]
    origins: dict[str, str] = field(default_factory=dict)
    """JSON pointer in `document` -> JSON pointer in the Swagger document it came from, for the
    nodes whose place changed; a pointer below one of these keys moves with it."""


def convert(swagger: Mapping[str, Any]) -> Conversion:
    """The OpenAPI 3.0.3 form of a Swagger 2.0 document, with what could not be converted."""
    converter = _Converter(swagger)
    document = converter.run()
    return Conversion(document, tuple(converter.diagnostics), converter.origins)


def convert_schema(schema: Any) -> Any:
    """A Swagger 2.0 schema (of another file a `$ref` names) as an OpenAPI 3.0 schema."""
    return _Converter({})._schema(schema, "#")


def original_pointer(origins: Mapping[str, str], converted: str) -> str:
    """Translate a pointer into the converted document to the Swagger document's pointer."""
    candidate = converted
    while True:
        if candidate in origins:
            return origins[candidate] + converted[len(candidate) :]
        if "/" not in candidate:
            return converted
        candidate = candidate.rsplit("/", 1)[0]


def _extensions(node: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in node.items() if isinstance(k, str) and k.startswith("x-")}


def _rewrite_ref(ref: str) -> str:
    for old, new in _REF_PREFIXES.items():
        if ref.startswith(old):
            return new + ref[len(old) :]
    return ref


class _Converter:
    def __init__(self, swagger: Mapping[str, Any]) -> None:
        self.swagger = swagger
        self.diagnostics: list[Diagnostic] = []
        self.origins: dict[str, str] = {}
        self.consumes = self._media_types(swagger.get("consumes"))
        self.produces = self._media_types(swagger.get("produces"))
        self.global_parameters: Mapping[str, Any] = swagger.get("parameters") or {}

    def warning(self, where: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(where, Level.WARNING, message))

    def error(self, where: str, message: str) -> None:
        self.diagnostics.append(Diagnostic(where, Level.ERROR, message))

    def moved(self, converted: str, original: str) -> None:
        if converted != original:
            self.origins[converted] = original

    @staticmethod
    def _media_types(value: Any) -> list[str]:
        return [str(v) for v in value] if isinstance(value, list) and value else []

    # -- the document ---------------------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        swagger = self.swagger
        document: dict[str, Any] = {"openapi": OPENAPI_VERSION}
        self.moved(pointer("openapi"), pointer("swagger"))
        for key in ("info", "tags", "externalDocs", "security"):
            if key in swagger:
                document[key] = swagger[key]
        servers = self._servers()
        if servers:
            document["servers"] = servers
        document["paths"] = self._paths()
        components = self._components()
        if components:
            document["components"] = components
        document.update(_extensions(swagger))
        return document

    def _servers(self) -> list[dict[str, str]]:
        host = self.swagger.get("host")
        base_path = str(self.swagger.get("basePath") or "")
        if not host and not base_path:
            return []
        self.moved(pointer("servers"), pointer("host" if host else "basePath"))
        if not host:
            return [{"url": base_path}]
        schemes = self.swagger.get("schemes") or ["https"]
        ordered = sorted(schemes, key=lambda s: (s != "https", str(s)))
        return [{"url": f"{scheme}://{host}{base_path.rstrip('/')}"} for scheme in ordered]

    def _components(self) -> dict[str, Any]:
        components: dict[str, Any] = {}
        definitions = self.swagger.get("definitions") or {}
        if definitions:
            self.moved(pointer("components", "schemas"), pointer("definitions"))
            components["schemas"] = {
                name: self._schema(schema, pointer("definitions", name))
                for name, schema in definitions.items()
            }
        parameters: dict[str, Any] = {}
        bodies: dict[str, Any] = {}
        for name, node in self.global_parameters.items():
            where = pointer("parameters", name)
            if node.get("in") == "body":
                bodies[name] = self._request_body([node], [where], self.consumes)
                self.moved(pointer("components", "requestBodies", name), where)
                self.moved(pointer("components", "requestBodies", name, "content"), where)
            elif node.get("in") == "formData":
                self.warning(
                    where,
                    "a shared formData parameter is converted where an operation uses it",
                )
            else:
                converted = self._parameter(node, where)
                if converted is not None:
                    parameters[name] = converted
                    self.moved(pointer("components", "parameters", name), where)
                    self.moved(pointer("components", "parameters", name, "schema"), where)
        if parameters:
            components["parameters"] = parameters
        if bodies:
            components["requestBodies"] = bodies
        responses = self.swagger.get("responses") or {}
        if responses:
            components["responses"] = {
                name: self._response(
                    node,
                    pointer("responses", name),
                    pointer("components", "responses", name),
                    self.produces,
                )
                for name, node in responses.items()
            }
        schemes = self.swagger.get("securityDefinitions") or {}
        if schemes:
            self.moved(pointer("components", "securitySchemes"), pointer("securityDefinitions"))
            converted_schemes = {}
            for name, scheme in schemes.items():
                result = self._security_scheme(scheme, pointer("securityDefinitions", name))
                if result is not None:
                    converted_schemes[name] = result
            components["securitySchemes"] = converted_schemes
        return components

    def _security_scheme(self, scheme: Mapping[str, Any], where: str) -> dict[str, Any] | None:
        kind = scheme.get("type")
        result: dict[str, Any]
        if kind == "basic":
            result = {"type": "http", "scheme": "basic"}
        elif kind == "apiKey":
            result = {"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")}
        elif kind == "oauth2":
            flow = _OAUTH_FLOWS.get(str(scheme.get("flow")))
            if flow is None:
                self.warning(where, f"unknown oauth2 flow {scheme.get('flow')!r}; scheme left out")
                return None
            converted_flow: dict[str, Any] = {"scopes": scheme.get("scopes") or {}}
            for key in ("authorizationUrl", "tokenUrl"):
                if key in scheme:
                    converted_flow[key] = scheme[key]
            result = {"type": "oauth2", "flows": {flow: converted_flow}}
        else:
            self.warning(where, f"unknown security scheme type {kind!r}; scheme left out")
            return None
        if "description" in scheme:
            result["description"] = scheme["description"]
        result.update(_extensions(scheme))
        return result

    # -- paths and operations -------------------------------------------------------------------

    def _paths(self) -> dict[str, Any]:
        paths: dict[str, Any] = {}
        for path, item in (self.swagger.get("paths") or {}).items():
            if not isinstance(path, str) or not path.startswith("/"):
                if isinstance(path, str) and path.startswith("x-"):
                    paths[path] = item
                continue
            where = pointer("paths", path)
            if not isinstance(item, Mapping):
                self.error(where, "a path item must be a mapping")
                continue
            if "$ref" in item:
                self.error(where, "a path item `$ref` cannot be converted; the path is left out")
                continue
            paths[path] = self._path_item(path, item, where)
        return paths

    def _path_item(self, path: str, item: Mapping[str, Any], where: str) -> dict[str, Any]:
        shared = item.get("parameters") or []
        shared_where = [f"{where}/parameters/{i}" for i in range(len(shared))]
        converted: dict[str, Any] = {}
        # Body and formData parameters of the path item belong to each operation's request body.
        plain = [
            (p, w) for p, w in zip(shared, shared_where, strict=True) if not self._is_payload(p)
        ]
        if plain:
            converted["parameters"] = self._parameter_list(plain, f"{where}/parameters")
        for verb in SWAGGER_METHODS:
            if verb in item:
                payload = [
                    (p, w) for p, w in zip(shared, shared_where, strict=True) if self._is_payload(p)
                ]
                converted[verb] = self._operation(item[verb], f"{where}/{verb}", payload)
        for key in ("summary", "description"):
            if key in item:
                converted[key] = item[key]
        converted.update(_extensions(item))
        return converted

    def _payload_parameter(self, node: Any) -> Mapping[str, Any] | None:
        """The body or formData parameter a node is (following a `#/parameters/` ref), or None."""
        if not isinstance(node, Mapping):
            return None
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/parameters/"):
            node = self.global_parameters.get(ref.removeprefix("#/parameters/"), {})
        return node if node.get("in") in ("body", "formData") else None

    def _is_payload(self, node: Any) -> bool:
        return self._payload_parameter(node) is not None

    def _operation(
        self,
        operation: Mapping[str, Any],
        where: str,
        shared_payload: list[tuple[Any, str]],
    ) -> dict[str, Any]:
        converted: dict[str, Any] = {}
        for key in (
            "tags",
            "summary",
            "description",
            "externalDocs",
            "operationId",
            "deprecated",
            "security",
        ):
            if key in operation:
                converted[key] = operation[key]
        consumes = self._media_types(operation.get("consumes")) or self.consumes
        produces = self._media_types(operation.get("produces")) or self.produces
        own = operation.get("parameters") or []
        own_where = [f"{where}/parameters/{i}" for i in range(len(own))]
        payload = [*shared_payload]
        plain: list[tuple[Any, str]] = []
        for node, node_where in zip(own, own_where, strict=True):
            (payload if self._is_payload(node) else plain).append((node, node_where))
        if plain:
            converted["parameters"] = self._parameter_list(plain, f"{where}/parameters")
        if payload:
            converted["requestBody"] = self._payload(payload, consumes, f"{where}/requestBody")
        converted["responses"] = {
            str(code): self._response(
                node, f"{where}/responses/{escape_pointer_token(str(code))}", None, produces
            )
            if not str(code).startswith("x-")
            else node
            for code, node in (operation.get("responses") or {}).items()
        }
        if "schemes" in operation:
            self.warning(f"{where}/schemes", "per-operation `schemes` are not converted")
        converted.update(_extensions(operation))
        return converted

    def _parameter_list(self, nodes: list[tuple[Any, str]], base: str) -> list[Any]:
        result: list[Any] = []
        for node, node_where in nodes:
            target = f"{base}/{len(result)}"
            if isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
                result.append({"$ref": _rewrite_ref(node["$ref"])})
                self.moved(target, node_where)
                continue
            converted = self._parameter(node, node_where)
            if converted is not None:
                result.append(converted)
                self.moved(target, node_where)
                self.moved(f"{target}/schema", node_where)
        return result

    def _parameter(self, node: Any, where: str) -> dict[str, Any] | None:
        if not isinstance(node, Mapping):
            self.error(where, "a parameter must be a mapping")
            return None
        location = node.get("in")
        converted = {k: node[k] for k in _PARAMETER_KEYS if k in node}
        schema = {k: node[k] for k in _SCHEMA_KEYS if k in node}
        if schema.get("type") == "file":
            self.warning(where, "a `file` parameter outside formData is typed as a string")
            schema = {"type": "string", "format": "binary"}
        if "items" in schema:
            schema["items"] = self._schema(schema["items"], f"{where}/items")
        converted["schema"] = self._schema(schema, where)
        if node.get("type") == "array":
            style = self._collection_style(node, str(location), where)
            if style is not None:
                converted["style"], converted["explode"] = style
        converted.update(_extensions(node))
        return converted

    def _collection_style(
        self, node: Mapping[str, Any], location: str, where: str
    ) -> tuple[str, bool] | None:
        collection = str(node.get("collectionFormat", "csv"))  # csv is Swagger 2.0's default
        if location in ("path", "header"):
            if collection != "csv":
                self.warning(
                    f"{where}/collectionFormat",
                    f"collectionFormat {collection!r} is not possible in a {location} parameter "
                    "in OpenAPI 3; csv (style simple) is used",
                )
            return ("simple", False)
        style = _COLLECTION_FORMATS.get(collection)
        if style is None:
            self.warning(
                f"{where}/collectionFormat",
                f"collectionFormat {collection!r} has no OpenAPI 3 equivalent; csv is used",
            )
            return _COLLECTION_FORMATS["csv"]
        return style

    def _payload(
        self, nodes: list[tuple[Any, str]], consumes: list[str], where: str
    ) -> dict[str, Any]:
        resolved = []
        for node, node_where in nodes:
            ref = node.get("$ref") if isinstance(node, Mapping) else None
            if isinstance(ref, str) and len(nodes) == 1 and node.get("in") is None:
                target = self._payload_parameter(node)
                if target is not None and target.get("in") == "body":
                    self.moved(where, node_where)
                    return {"$ref": _rewrite_ref(ref).replace("/parameters/", "/requestBodies/")}
            payload = self._payload_parameter(node)
            if payload is not None:
                resolved.append((payload, node_where))
        bodies = [(p, w) for p, w in resolved if p.get("in") == "body"]
        forms = [(p, w) for p, w in resolved if p.get("in") == "formData"]
        if bodies and forms:
            self.error(where, "an operation cannot have both body and formData parameters")
        if len(bodies) > 1:
            self.error(where, "an operation can have only one body parameter")
        if bodies:
            body, body_where = bodies[0]
            self.moved(where, body_where)
            converted = self._request_body([body], [body_where], consumes)
            for media in converted["content"]:
                self.moved(
                    f"{where}/content/{escape_pointer_token(media)}/schema", f"{body_where}/schema"
                )
            return converted
        return self._form_body(forms, consumes, where)

    def _request_body(
        self, nodes: list[Mapping[str, Any]], wheres: list[str], consumes: list[str]
    ) -> dict[str, Any]:
        node, node_where = nodes[0], wheres[0]
        schema = self._schema(node.get("schema") or {}, f"{node_where}/schema")
        body: dict[str, Any] = {}
        if "description" in node:
            body["description"] = node["description"]
        body["content"] = {media: {"schema": schema} for media in consumes or [DEFAULT_MEDIA_TYPE]}
        if node.get("required"):
            body["required"] = True
        body.update(_extensions(node))
        return body

    def _form_body(
        self, forms: list[tuple[Mapping[str, Any], str]], consumes: list[str], where: str
    ) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required = []
        has_file = False
        for node, node_where in forms:
            name = str(node.get("name"))
            schema = {k: node[k] for k in _SCHEMA_KEYS if k in node}
            if schema.get("type") == "file":
                has_file = True
                schema = {"type": "string", "format": "binary"}
            if "description" in node:
                schema["description"] = node["description"]
            properties[name] = self._schema(schema, node_where)
            self.moved(f"{where}/content", node_where)
            if node.get("required"):
                required.append(name)
        form: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            form["required"] = required
        media_types = [m for m in consumes if m in FORM_MEDIA_TYPES]
        if not media_types:
            media_types = ["multipart/form-data" if has_file else FORM_MEDIA_TYPES[0]]
        body: dict[str, Any] = {"content": {media: {"schema": form} for media in media_types}}
        if required:
            body["required"] = True
        return body

    def _response(
        self, node: Any, where: str, target: str | None, produces: list[str]
    ) -> dict[str, Any]:
        if not isinstance(node, Mapping):
            self.error(where, "a response must be a mapping")
            return {"description": ""}
        if isinstance(node.get("$ref"), str):
            return {"$ref": _rewrite_ref(node["$ref"])}
        converted: dict[str, Any] = {"description": node.get("description", "")}
        if "headers" in node:
            converted["headers"] = {
                name: {
                    **({"description": h["description"]} if "description" in h else {}),
                    "schema": self._schema(
                        {k: h[k] for k in _SCHEMA_KEYS if k in h}, f"{where}/headers/{name}"
                    ),
                }
                for name, h in node["headers"].items()
                if isinstance(h, Mapping)
            }
        if "schema" in node:
            schema = self._schema(node["schema"], f"{where}/schema")
            media_types = produces or [DEFAULT_MEDIA_TYPE]
            converted["content"] = {media: {"schema": schema} for media in media_types}
            if target is not None:
                self.moved(target, where)
            for media in media_types:
                base = target if target is not None else where
                self.moved(
                    f"{base}/content/{escape_pointer_token(media)}/schema", f"{where}/schema"
                )
        converted.update(_extensions(node))
        return converted

    # -- schemas --------------------------------------------------------------------------------

    def _schema(self, node: Any, where: str) -> Any:
        """A Swagger 2.0 schema as an OpenAPI 3.0 schema (the two differ only in a few keys)."""
        if isinstance(node, list):
            return [self._schema(v, f"{where}/{i}") for i, v in enumerate(node)]
        if not isinstance(node, Mapping):
            return node
        converted: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                converted[key] = _rewrite_ref(value)
            elif key == "x-nullable":
                converted["nullable"] = bool(value)
            elif key == "type" and value == "file":
                converted["type"] = "string"
                converted["format"] = "binary"
            elif key == "discriminator" and isinstance(value, str):
                converted[key] = {"propertyName": value}
            elif key in ("properties", "definitions", "patternProperties") and isinstance(
                value, Mapping
            ):
                converted[key] = {
                    name: self._schema(v, f"{where}/{key}/{escape_pointer_token(name)}")
                    for name, v in value.items()
                }
            elif key in ("items", "additionalProperties", "not") or key in ("allOf", "anyOf"):
                converted[key] = self._schema(value, f"{where}/{key}")
            elif key == "format" and node.get("type") == "file":
                continue
            else:
                converted[key] = value
        return converted
