"""Modules imported when first used, so that `import genesys_cloud_scim` does not build the
models (nor load the part of pydantic that builds them): the first call that needs them pays it.

`lazy_module("._endpoints", __package__)` stands in for the module; its first attribute
access imports the real one (under the import lock: threads racing to a first call import it
once) and every access answers from it. Type checkers see a plain import instead, under
`if TYPE_CHECKING:`.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class _LazyModule:
    __slots__ = ("_module", "_name", "_package")

    def __init__(self, name: str, package: str | None) -> None:
        self._name = name
        self._package = package
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = importlib.import_module(self._name, self._package)
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r} of {self._package!r}, imported when first used>"


def lazy_module(name: str, package: str | None) -> Any:
    """A stand-in for the module `name` (relative to `package`), imported at its first
    attribute access."""
    return _LazyModule(name, package)
