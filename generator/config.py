"""The `[tool.scimgen]` table of a pyproject.toml: what `generate` and `check` do without flags.

    [tool.scimgen]
    spec = "specs/genesys-cloud-scim.yaml"   # OpenAPI 3.0/3.1 or Swagger 2.0, YAML or JSON
    output = "generated"                     # the package folder, replaced as a whole
    package = "genesys_cloud_scim"           # import name
    distribution = "genesys-cloud-scim"      # name on the package index
    version = "0.1.0"                        # version of the generated package
    tags = ["SCIM"]                          # generate only these tags' operations ...
    operations = []                          # ... and these operations (both empty: all)
    exclude-tags = []                        # but not these tags' operations ...
    exclude-operations = []                  # ... nor these operations
    method-name-extension = "x-purecloud-method-name"  # where an operation's method name is
    templates = "templates-override"         # templates that replace built-in ones, by name

Paths are relative to the folder of the pyproject.toml. Command-line flags override every key.
A mistake in the table (an unknown key, a wrong type) is reported like a spec problem: a
diagnostic with its pointer (`#/tool/scimgen/tags`), exit 2.

Imports: diagnostics only (tomllib is the standard library's).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import Diagnostic, GeneratorError, Level, pointer

FILE_NAME = "pyproject.toml"
DEFAULT_SPEC = "specs/genesys-cloud-scim.yaml"
DEFAULT_OUTPUT = "generated"
# The vendor's: its document names each operation's SDK method there (normalize.py says more).
DEFAULT_METHOD_NAME_EXTENSION = "x-purecloud-method-name"
_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")  # fullmatch


@dataclass(frozen=True)
class Config:
    """Every setting `generate` and `check` use, after the file and the flags are applied."""

    spec: str = DEFAULT_SPEC
    output: str = DEFAULT_OUTPUT
    package: str = "genesys_cloud_scim"
    distribution: str = "genesys-cloud-scim"
    version: str = "0.1.0"
    tags: tuple[str, ...] = ()
    operations: tuple[str, ...] = ()
    exclude_tags: tuple[str, ...] = ()
    exclude_operations: tuple[str, ...] = ()
    method_name_extension: str = DEFAULT_METHOD_NAME_EXTENSION
    templates: str | None = None
    source: str = ""
    """The file the settings came from ('' for the built-in defaults)."""

    def with_flags(self, **flags: Any) -> Config:
        """These settings with every flag that was given (not None, not empty) put over them."""
        given = {k: v for k, v in flags.items() if v is not None and v != ()}
        config = dataclasses.replace(self, **given)
        _check_values(config, "command line")
        return config


# Every key the table may hold, and the kind of value it takes. Keys of more than one word are
# spelled with hyphens, as in black's and ruff's tables; the attribute has underscores.
KEYS: dict[str, str] = {
    "spec": "path",
    "output": "path",
    "package": "string",
    "distribution": "string",
    "version": "string",
    "tags": "list of strings",
    "operations": "list of strings",
    "exclude-tags": "list of strings",
    "exclude-operations": "list of strings",
    "method-name-extension": "extension",
    "templates": "path",
}


def find(folder: Path) -> Path | None:
    """The pyproject.toml of `folder`, if it has one (the current directory, for the CLI)."""
    candidate = folder / FILE_NAME
    return candidate if candidate.is_file() else None


def read(path: Path) -> Config:
    """The settings of `path`'s `[tool.scimgen]` table (the defaults where it has none)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _error("#", f"cannot read {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise _error("#", f"{path} is not valid TOML: {error}") from None
    table = data.get("tool", {}).get("scimgen", {})
    if not isinstance(table, dict):
        raise _error(pointer("tool", "scimgen"), "[tool.scimgen] must be a table")
    return from_table(table, path.parent, str(path))


def from_table(table: dict[str, Any], base: Path, source: str) -> Config:
    """Check the table's keys and types; relative paths are taken from `base`."""
    problems = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        where = pointer("tool", "scimgen", key)
        kind = KEYS.get(key)
        if kind is None:
            known = ", ".join(sorted(KEYS))
            problems.append(_diagnostic(where, f"unknown key {key!r} (known: {known})"))
        elif kind == "list of strings":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(_diagnostic(where, f"{key} must be a list of strings"))
            else:
                values[_attribute(key)] = tuple(value)
        elif kind == "extension":  # checked with the flags' values, in _check_values
            if not isinstance(value, str):
                problems.append(_diagnostic(where, f"{key} must be a string"))
            else:
                values[_attribute(key)] = value
        elif not isinstance(value, str) or not value:
            problems.append(_diagnostic(where, f"{key} must be a non-empty string"))
        elif kind == "path" and value != "-":
            values[key] = _joined(base, value)
        else:
            values[key] = value
    if problems:
        raise GeneratorError(problems)
    config = Config(**values, source=source)
    _check_values(config, source)
    return config


def _attribute(key: str) -> str:
    return key.replace("-", "_")


def load(explicit: str | None, folder: Path) -> Config:
    """The settings for a command: from `--config PATH` if given, else from `folder`'s
    pyproject.toml if it has one, else the defaults."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise _error("#", f"config file {explicit} does not exist")
        return read(path)
    found = find(folder)
    return read(found) if found is not None else Config()


def _joined(base: Path, value: str) -> str:
    """`value` taken from `base`, shown from the current directory when it is below it."""
    path = Path(value) if Path(value).is_absolute() else base / value
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _check_values(config: Config, source: str) -> None:
    problems = []
    if not config.package.isidentifier():
        problems.append(
            _diagnostic(
                pointer("tool", "scimgen", "package"),
                f"package {config.package!r} (from {source}) is not a Python identifier",
            )
        )
    extension = config.method_name_extension
    if extension and not extension.startswith("x-"):
        problems.append(
            _diagnostic(
                pointer("tool", "scimgen", "method-name-extension"),
                f"method-name-extension {extension!r} (from {source}) is not the name of an "
                "extension: it must start with 'x-' ('' names methods by operationId)",
            )
        )
    if not _DISTRIBUTION.fullmatch(config.distribution):
        problems.append(
            _diagnostic(
                pointer("tool", "scimgen", "distribution"),
                f"distribution {config.distribution!r} (from {source}) is not a valid "
                "distribution name",
            )
        )
    if problems:
        raise GeneratorError(problems)


def _diagnostic(where: str, message: str) -> Diagnostic:
    return Diagnostic(where, Level.ERROR, message)


def _error(where: str, message: str) -> GeneratorError:
    return GeneratorError([_diagnostic(where, message)])
