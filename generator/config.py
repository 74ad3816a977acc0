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

This module is the one validator of the settings: the package, distribution and version names,
the method-name extension. What it accepts, `Settings` (built by `Config.to_settings`)
takes as it is.

Imports: diagnostics and naming (tomllib is the standard library's).
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import naming
from .diagnostics import Diagnostic, GeneratorError, Level, pointer

FILE_NAME = "pyproject.toml"
DEFAULT_SPEC = "specs/genesys-cloud-scim.yaml"
DEFAULT_OUTPUT = "generated"
# The vendor's: its document names each operation's SDK method there (normalize.py says more).
DEFAULT_METHOD_NAME_EXTENSION = "x-purecloud-method-name"
DEFAULT_PACKAGE = "genesys_cloud_scim"
DEFAULT_DISTRIBUTION = "genesys-cloud-scim"
DEFAULT_VERSION = "0.1.0"
_REPOSITORY_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_INSTALLED_TEMPLATES = Path(__file__).resolve().parent / "_templates"
# Both matched with fullmatch: `$` would let a final newline through.
_DISTRIBUTION = re.compile(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?")
_VERSION = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+!_-]*")
# The command-line option of each checked setting, to name it where a flag set it.
_OPTIONS = {
    "package": "--package",
    "distribution": "--distribution",
    "version": "--package-version",
    "method_name_extension": "--method-name-extension",
}


@dataclass(frozen=True)
class Settings:
    """What the normalizer needs besides the spec: `Config.to_settings` builds it from settings
    this module has checked (the one validator of names and versions). It lives here, not in
    normalize, so that `generate` and `check` on a current output import neither normalize nor
    what it imports (load, yaml, ir)."""

    package: str = DEFAULT_PACKAGE
    distribution: str = DEFAULT_DISTRIBUTION
    package_version: str = DEFAULT_VERSION
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
    method_name_extension: str = DEFAULT_METHOD_NAME_EXTENSION
    """The operation extension that holds the method name ('' to name methods by operationId)."""


@dataclass(frozen=True)
class Config:
    """Every setting `generate` and `check` use, after the file and the flags are applied."""

    spec: str = DEFAULT_SPEC
    output: str = DEFAULT_OUTPUT
    package: str = DEFAULT_PACKAGE
    distribution: str = DEFAULT_DISTRIBUTION
    version: str = DEFAULT_VERSION
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
        _check_values(config, {key: _OPTIONS.get(key, key) for key in given}, "command line")
        return config

    def templates_folder(self) -> Path | None:
        """`templates` as a path, checked to be a folder."""
        if self.templates is None:
            return None
        if not Path(self.templates).is_dir():
            raise _error(
                pointer("tool", "scimgen", "templates"),
                f"templates folder {self.templates} does not exist",
            )
        return Path(self.templates)

    def to_settings(self) -> Settings:
        """What the normalizer takes from the settings: the package's names and the selection."""
        return Settings(
            package=self.package,
            distribution=self.distribution,
            package_version=self.version,
            tags=self.tags,
            operation_ids=self.operations,
            exclude_tags=self.exclude_tags,
            exclude_operations=self.exclude_operations,
            method_name_extension=self.method_name_extension,
        )


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


def builtin_templates() -> Path:
    """The built-in templates: the repository's `templates/`, or their copy inside an installed
    wheel (`generator/_templates`)."""
    return _REPOSITORY_TEMPLATES if _REPOSITORY_TEMPLATES.is_dir() else _INSTALLED_TEMPLATES


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
        raise _error("#", f"{path} is not valid TOML: {error}", str(path)) from None
    table = data.get("tool", {}).get("scimgen", {})
    if not isinstance(table, dict):
        raise _error(pointer("tool", "scimgen"), "[tool.scimgen] must be a table", str(path))
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
        raise GeneratorError(problems, source=source)
    config = Config(**values, source=source)
    _check_values(config, {_attribute(key): source for key in table}, source)
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


def _check_values(config: Config, given: dict[str, str], source: str) -> None:
    """Check the settings in `given` (attribute -> where it was set: a file, or an option); the
    others are the defaults, or were checked where they were set. `source`: what to print the
    diagnostics under."""
    problems = [
        _diagnostic(pointer("tool", "scimgen", key), f"{problem} (from {given[_attribute(key)]})")
        for key, problem in _problems(config)
        if _attribute(key) in given
    ]
    if problems:
        raise GeneratorError(problems, source=source)


def _problems(config: Config) -> list[tuple[str, str]]:
    """(key, what is wrong with its value) for each setting that cannot be used."""
    found = []
    package_problem = naming.package_name_problem(config.package)
    if package_problem is not None:
        found.append(("package", f"package {config.package!r} cannot be used: {package_problem}"))
    if not _DISTRIBUTION.fullmatch(config.distribution):
        found.append(
            (
                "distribution",
                f"distribution {config.distribution!r} is not a valid distribution name "
                "(letters, digits, '.', '_' and '-', starting and ending with a letter or digit)",
            )
        )
    if not _VERSION.fullmatch(config.version):
        found.append(
            (
                "version",
                f"version {config.version!r} is not a valid version (letters, digits and "
                "'.+!_-', starting with a letter or digit)",
            )
        )
    extension = config.method_name_extension
    if extension and not extension.startswith("x-"):
        found.append(
            (
                "method-name-extension",
                f"method-name-extension {extension!r} is not the name of an extension: it must "
                "start with 'x-' ('' names methods by operationId)",
            )
        )
    return found


def _diagnostic(where: str, message: str) -> Diagnostic:
    return Diagnostic(where, Level.ERROR, message)


def _error(where: str, message: str, source: str | None = None) -> GeneratorError:
    return GeneratorError([_diagnostic(where, message)], source=source)
