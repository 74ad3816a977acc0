"""The built-in templates, shipped compiled: `python -m generator.precompiled` writes
generator/_templates_compiled.py, one function per template holding the Python code Jinja compiles
it to. Installed, that module is byte-compiled like any other, so a first run (a CI runner's, with
no cache at all) neither parses templates nor compiles their code.

`Loader` is the environment's loader: for each template it still reads the source (from a
`--templates` folder first, then the built-in folder), and takes the precompiled code only when
that source, Jinja's version and the environment's options are the ones it was compiled from;
anything else (an override, an edited template before the module is rebuilt) is compiled from its
source as usual. tests/test_precompiled.py fails when the module is stale.

It also stores what the built-in templates reserve (`reserved.scan` of them, keyed by the
templates' fingerprint), which only a render of a probe API finds: the test that the module is
current covers it as well.

Imports: jinja2 (this module is imported by render only), config.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any

import jinja2

from . import config

MODULE = Path(__file__).resolve().parent / "_templates_compiled.py"


def options_key(environment: jinja2.Environment) -> str:
    """What the compiled code depends on besides the source."""
    return (
        f"jinja2 {jinja2.__version__}; trim_blocks={environment.trim_blocks}; "
        f"lstrip_blocks={environment.lstrip_blocks}; "
        f"keep_trailing_newline={environment.keep_trailing_newline}; "
        f"autoescape={environment.autoescape!r}; undefined={environment.undefined.__name__}; "
        f"newline={environment.newline_sequence!r}"
    )


def source_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


class Loader(jinja2.FileSystemLoader):
    """A FileSystemLoader that takes a template's precompiled code when its source matches."""

    def load(
        self,
        environment: jinja2.Environment,
        name: str,
        globals: MutableMapping[str, Any] | None = None,
    ) -> jinja2.Template:
        module = _module()
        entry = module.TEMPLATES.get(name) if module is not None else None
        if entry is None or options_key(environment) != module.OPTIONS:
            return super().load(environment, name, globals)
        source, filename, uptodate = self.get_source(environment, name)
        digest, build = entry
        if digest != source_hash(source):
            return super().load(environment, name, globals)
        namespace = build(environment)
        namespace["__file__"] = filename
        template = environment.template_class._from_namespace(
            environment, namespace, environment.make_globals(globals)
        )
        template._uptodate = uptodate
        return template


_MODULE: Any = None


def _module() -> Any:
    """generator._templates_compiled, or None if it was never built."""
    global _MODULE
    if _MODULE is None:
        try:
            from . import _templates_compiled
        except ImportError:  # pragma: no cover - not built: every template compiles from source
            return None
        _MODULE = _templates_compiled
    return _MODULE


def build_text() -> str:
    """The text of _templates_compiled.py for the built-in templates as they are now."""
    from . import render

    environment = render.make_environment()
    folder = config.builtin_templates()
    names = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.jinja") if p.is_file())
    parts = [
        '"""The built-in templates, compiled by Jinja: written by `python -m generator.precompiled`'
        "\n(generator/precompiled.py says how it is used). Do not edit by hand.\n\n"
        'Rebuild it after changing a template; tests/test_precompiled.py fails while it is stale."""'
        "\n\n# ruff: noqa\n# mypy: ignore-errors\n# fmt: off\n",
        f"OPTIONS = {options_key(environment)!r}\n",
    ]
    entries = []
    for index, name in enumerate(names):
        source = (folder / name).read_text(encoding="utf-8")
        code = environment.compile(source, name, None, raw=True)
        body = "".join(f"    {line}\n" if line else "\n" for line in code.splitlines())
        parts.append(f"\n\ndef _template_{index}(environment):\n{body}    return locals()\n")
        entries.append(f"    {name!r}: ({source_hash(source)!r}, _template_{index}),\n")
    parts.append("\n\nTEMPLATES = {\n" + "".join(entries) + "}\n")
    parts.append(_reserved_text(environment))
    return "".join(parts)


def _reserved_text(environment: jinja2.Environment) -> str:
    """What the built-in templates reserve (`reserved.scan`), keyed by their fingerprint: a run
    with the built-in templates reads it instead of rendering the probe API (~60 ms)."""
    from . import reserved

    found = reserved.probe_scan(environment)  # not the stored one: this is what stores it
    lines = [f"    {name!r}: {tuple(sorted(getattr(found, name)))!r},\n" for name in reserved.KINDS]
    fingerprint = reserved.fingerprint(environment)
    return f"\n\nRESERVED = ({fingerprint!r}, {{\n" + "".join(lines) + "})\n"


def reserved_names(fingerprint: str) -> dict[str, tuple[str, ...]] | None:
    """The stored `reserved.scan` of the built-in templates, if their fingerprint is `fingerprint`
    (templates as built, not overridden); else None."""
    module = _module()
    stored = getattr(module, "RESERVED", None) if module is not None else None
    if stored is None or stored[0] != fingerprint:
        return None
    names: dict[str, tuple[str, ...]] = stored[1]
    return names


def main() -> None:
    MODULE.write_text(build_text(), encoding="utf-8")
    print(f"wrote {MODULE}", file=sys.stderr)


if __name__ == "__main__":
    main()
