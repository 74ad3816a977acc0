"""Stage 1: spec bytes -> an openapi-pydantic document (`LoadedSpec`).

- `read`: read, parse, refuse what no real spec is, validate with openapi-pydantic;
- `swagger`: a Swagger 2.0 document converted to OpenAPI 3.0, remembering where each node came from;
- `bundle`: every `$ref` the resolver cannot look up by name (a pointer into a schema or a path,
  another file) brought into `components`;
- `positions`: JSON pointer -> line and column in the text the user wrote;
- `refs`: local `$ref`s and the `Resolver` that looks them up for the normalizer.

Imports: diagnostics, scope.
"""

from .positions import Position, json_lines, json_positions, line_index, locate, located
from .read import (
    MAX_CHARACTERS,
    MAX_DEPTH,
    MAX_INTEGER_DIGITS,
    MAX_NODES,
    MAX_SPEC_BYTES,
    SUPPORTED_VERSIONS,
    LoadedSpec,
    check_shape,
    load,
    load_text,
    parse_text,
    read_source,
)
from .refs import Resolver, extra_keys, parse_ref, ref_of

__all__ = [
    "MAX_CHARACTERS",
    "MAX_DEPTH",
    "MAX_INTEGER_DIGITS",
    "MAX_NODES",
    "MAX_SPEC_BYTES",
    "SUPPORTED_VERSIONS",
    "LoadedSpec",
    "Position",
    "Resolver",
    "check_shape",
    "extra_keys",
    "json_lines",
    "json_positions",
    "line_index",
    "load",
    "load_text",
    "locate",
    "located",
    "parse_ref",
    "parse_text",
    "read_source",
    "ref_of",
]
