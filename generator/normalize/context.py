"""What every pass of the normalizer shares: the spec, the settings, the names the templates use,
the `$ref` resolver, and where problems go (under the operation or schema being built, see
`scope.Scopes`, else the document's own).

Imports: diagnostics, load, naming, scope.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import naming
from ..diagnostics import Diagnostic, Level
from ..load import LoadedSpec, Resolver
from ..scope import Scopes
from .nodes import extension

if TYPE_CHECKING:
    from . import Settings

PYTHON_NAME_EXTENSION = "x-python-name"


class Skip(Exception):
    """An operation the client cannot express: left out with a warning, the run goes on."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class Context:
    def __init__(self, spec: LoadedSpec, settings: Settings, reserved: naming.Reserved) -> None:
        self.spec = spec
        self.settings = settings
        self.reserved = reserved
        self.document = spec.document
        self.resolver = Resolver(
            self.document,
            spec.broken_components,
            spec.bundled.problems if spec.bundled is not None else None,
        )
        self.scopes = Scopes()
        self.diagnostics: list[Diagnostic] = []
        """The document's own problems, and the warnings of what is generated."""

    def error(self, where: str, message: str) -> None:
        self.file(self.spec.diagnostic(Level.ERROR, where, message))

    def warning(self, where: str, message: str) -> None:
        self.file(self.spec.diagnostic(Level.WARNING, where, message))

    def file(self, diagnostic: Diagnostic) -> None:
        """Under the operation or shared schema being built, if any; else the document's own."""
        if not self.scopes.report(diagnostic):
            self.diagnostics.append(diagnostic)

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

    def python_name(self, node: object, where: str, json_name: str) -> str | None:
        """The node's `x-python-name`, if it is a usable name; warns when the name has to be
        invented because neither it nor the JSON name gives one."""
        value = extension(node, PYTHON_NAME_EXTENSION)
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


def shortened(text: str, length: int = 40) -> str:
    """Spec text cut for a message."""
    return text if len(text) <= length else text[:length] + "..."
