"""How much of real-world API descriptions scimgen generates, and whether what it generates works:
`python benchmarks/realworld.py CORPUS_DIR [--peer] [--jobs N] [--only NAME...] [--json OUT]`.

CORPUS_DIR holds the descriptions and MANIFEST.tsv (a row per file, with its `spec_version` and its
`operations`: every HTTP method of every path item). Nothing is copied from it into the project: each
description is read where it is (a .gz one is decompressed into a temp folder first), and nothing
is installed into the project (the peer and the checking tools go into venvs under
benchmarks/.cache/, as run.py does).

For each description (`--jobs N` at a time, default 1), each tool runs as a process of its own, in
a temp folder of its own, timed, with a time limit (`--timeout`, per process) and its peak memory
recorded (PSS of the process tree, run.py's `run_measured`):

- `scimgen generate --no-cache --spec FILE --output OUT` from an empty working folder, so that no
  [tool.scimgen] applies (every operation, the default names);
- with `--peer`, openapi-python-client 0.29.1 `generate --path FILE --output-path OUT` with its
  defaults, its venv's bin first on PATH so that its ruff post-hooks run with its own ruff.

Each package generated (exit 0) is then imported, every module of it, in a subprocess with the
output folder first on sys.path, and checked with `mypy --strict` (the project's pinned mypy, no
config file, `-p PACKAGE`), both in a venv of their own holding the packages' dependencies.
scimgen's every .py file is also checked to be exactly what black makes of it (`black.format_str`
in the project's mode, `generator.fmt.black_mode()`: the project's constraint on what it writes);
the report gives the files that are not, per spec and in total.

How it counts (the same every run; only times differ):

- generated: the tool exited 0.
- operations generated: scimgen's are the distinct `METHOD /path` rows of the generated README's
  method table, which must agree with the count on scimgen's summary line (a note says if not);
  openapi-python-client's are the distinct method and URL of its endpoint modules
  (`api/<tag>/<name>.py`; an operation with two tags has a module in each). Totals are MANIFEST's.
- left out: the distinct operations a diagnostic names as not generated (scimgen: a warning ending
  "NAME() (METHOD /path) is left out"; openapi-python-client: "WARNING parsing METHOD /path within
  TAG. Endpoint will not be generated.").
- silent operation loss: in a run that exited 0, the operations neither generated nor named as left
  out (MANIFEST's count minus both). A run that did not exit 0 generated nothing; it is a refusal,
  a traceback or an internal error, not a silent loss.
- tracebacks: "Traceback (most recent call last)" in the tool's output; internal errors: scimgen's
  "internal error" line (openapi-python-client has none: its unexpected failures are tracebacks).
- kinds: each scimgen diagnostic that leaves operations out, or refuses the document, gets the
  first kind in KINDS whose pattern its message matches, or "other" (whose messages are listed).
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from run import CACHE, OPC_VERSION, ROOT, Sample, clean_env, log, run_measured, scimgen, venv

DEFAULT_TIMEOUT = 900.0
SCIMGEN = "scimgen"
OPC = "openapi-python-client"
VERBS = "GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE"

# What a diagnostic's message says, by kind: the first pattern that matches wins. The numbers are
# issue 13's items. A message that matches none is "other", and listed, so that none is hidden.
KINDS: tuple[tuple[str, str], ...] = (
    ("form request body (13.1)", r"body sent as application/x-www-form-urlencoded"),
    ("multipart request body (13.1)", r"body sent as multipart/form-data"),
    ("request body without a media type", r"request body has no media type"),
    ("$ref to a URL (13.2)", r"\$ref '[A-Za-z][A-Za-z0-9+.-]*://"),
    ("$ref to another file (13.2)", r"\$ref '[^#'][^']*' is not supported"),
    (
        "$ref to a file outside the spec's folder (13.2)",
        r"\$ref '[^']*' is (outside the spec's folder|an absolute path)",
    ),
    ("$ref to a file that cannot be read (13.2)", r"\$ref '[^#'][^']*': "),
    ("$ref into a schema, a path or a parameter (13.2)", r"\$ref '#[^']*' is not supported"),
    ("$ref into the wrong section (13.2)", r"\$ref '[^']*' must point into"),
    ("type 'null' (13.3, 13.4)", r"'type': Input should be .*\(found 'null'\)"),
    ("type list (13.3, 13.4)", r"'type': Input should be .*\(found list\)"),
    (
        "items given as a list (Swagger 2.0 in the wild)",
        r"instance of (Reference|Schema) \(found list\)",
    ),
    ("empty enum (13.4)", r"'enum': List should have at least 1 item"),
    ("OpenAPI version not accepted (13.4)", r"'openapi': Input should be"),
    ("schema that refers to itself (13.4)", r"schema refers to itself"),
    ("duplicate operationId (13.5)", r"operationId '[^']*' is already used by"),
    (
        "no operations in the document (13.7)",
        r"has no paths|paths have no operations|no operation matches the selection",
    ),
    ("characters not allowed in a URL path", r"a path may hold only URL path characters"),
    ("a query in a path key that cannot be sent", r"the query in a path key"),
    ("query parameter named like a path parameter", r"has the name of the path parameter"),
)
OTHER = "other"

_DIAGNOSTIC = re.compile(
    r"(?P<level>warning|error): (?P<pointer>#.*?)(?: \(line \d+(?:, column \d+)?\))?: (?P<message>.*)"
)
_OPERATION = rf"\w+\(\) \((?P<verb>{VERBS}) (?P<path>/.*?)\)"
# Where the operations a warning costs begin: "; NAME() (GET /x) is left out" or
# "; 3 operations are left out: NAME() (GET /x), NAME() (POST /y), ..."
_LEFT_OUT_TAIL = re.compile(rf"; (?:\d+ operations are left out: )?\w+\(\) \((?:{VERBS}) /")
_LEFT_OUT_OPERATION = re.compile(rf"{_OPERATION}(?=, \w+\(\) \((?:{VERBS}) /| is left out$|$)")
# ... or "; the operation is left out", at a pointer into it (scimgen at a9f9e4b, when issue 13
# was filed, said it so: reading it lets this script measure that baseline too).
_THE_OPERATION = "; the operation is left out"
_README_ROW = re.compile(rf"^\| `\w+` \| `(?P<verb>{VERBS}) (?P<path>/[^`]*)` \|", re.MULTILINE)
_SUMMARY = re.compile(r"^scimgen: (?P<count>\d+) operations", re.MULTILINE)
_OPC_LEFT_OUT = re.compile(
    rf"^WARNING parsing (?P<verb>{VERBS}) (?P<path>.*?) within .*\. Endpoint will not be generated\.$",
    re.MULTILINE,
)
_OPC_ENDPOINT = re.compile(r'"method": "(?P<verb>\w+)",\s*"url": f?"(?P<path>[^"]*)"')
TRACEBACK = "Traceback (most recent call last)"

# Imports a package and every module in it: a module only its users import still has to work.
IMPORT_ALL = (
    "import importlib, pkgutil, sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "package = importlib.import_module(sys.argv[2])\n"
    "for module in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
    "    importlib.import_module(module.name)\n"
)


# -- what is measured -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spec:
    file: str
    version: str
    operations: int

    @property
    def name(self) -> str:
        """The file name without .gz and its format's suffix: `okta-management`."""
        stem = self.file.removesuffix(".gz")
        for suffix in (".json", ".yaml", ".yml"):
            stem = stem.removesuffix(suffix)
        return stem

    @property
    def family(self) -> str:
        """'2.0', '3.0' or '3.1'."""
        return ".".join(self.version.split(".")[:2])


@dataclass
class Finding:
    """A diagnostic that costs operations (a warning) or the whole document (an error)."""

    level: str
    message: str
    """Its reason: the message without the list of operations it leaves out."""
    operations: list[str] = field(default_factory=list)
    """'METHOD /path', distinct, sorted."""


@dataclass
class Run:
    """One tool on one description."""

    tool: str
    exit: int
    timed_out: bool
    seconds: float
    peak_mib: float
    operations: int = 0
    left_out: list[str] = field(default_factory=list)
    warnings: int = 0
    errors: int = 0
    findings: list[Finding] = field(default_factory=list)
    traceback: bool = False
    internal_error: bool = False
    hooks_ran: bool | None = None
    imports: bool | None = None
    import_error: str = ""
    mypy_clean: bool | None = None
    mypy_codes: dict[str, int] = field(default_factory=dict)
    not_black: list[str] | None = None
    """scimgen's .py files that black would change (None: not checked)."""
    notes: list[str] = field(default_factory=list)

    @property
    def generated(self) -> bool:
        return self.exit == 0

    def silent_loss(self, total: int) -> int:
        """Operations neither generated nor named as left out, in a run that generated."""
        if not self.generated:
            return 0
        return max(0, total - self.operations - len(self.left_out))


@dataclass
class Result:
    spec: Spec
    runs: dict[str, Run]


def read_manifest(corpus: Path) -> list[Spec]:
    with (corpus / "MANIFEST.tsv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [Spec(row["file"], row["spec_version"], int(row["operations"])) for row in rows]


def select(specs: list[Spec], names: Sequence[str]) -> list[Spec]:
    """The specs `--only` names, by file name or by `Spec.name`; all of them without it."""
    if not names:
        return specs
    known = {key: spec for spec in specs for key in (spec.file, spec.name)}
    unknown = [name for name in names if name not in known]
    if unknown:
        sys.exit(f"not in MANIFEST.tsv: {', '.join(unknown)}")
    wanted = {known[name] for name in names}
    return [spec for spec in specs if spec in wanted]


# -- reading what the tools said ------------------------------------------------------------------


def kind_of(message: str) -> str:
    for kind, pattern in KINDS:
        if re.search(pattern, message):
            return kind
    return OTHER


def split_left_out(message: str, pointer: str = "#") -> tuple[str, list[str]]:
    """A scimgen message's reason and the operations it says are left out ('METHOD /path'):
    those it lists, or, for "the operation is left out", the one its pointer is in."""
    if message.endswith(_THE_OPERATION):
        operation = operation_at(pointer)
        return message.removesuffix(_THE_OPERATION), [operation] if operation else []
    tail = _LEFT_OUT_TAIL.search(message)
    if tail is None:
        return message, []
    operations = _LEFT_OUT_OPERATION.finditer(message, tail.start())
    return message[: tail.start()], sorted({f"{m['verb']} {m['path']}" for m in operations})


def operation_at(pointer: str) -> str | None:
    """'METHOD /path' of the operation a JSON pointer is in (`#/paths/~1a/get/...`), if any."""
    tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
    if len(tokens) >= 3 and tokens[0] == "paths" and tokens[2].upper() in VERBS.split("|"):
        return f"{tokens[2].upper()} {tokens[1]}"
    return None


def scimgen_findings(stderr: str, source: str) -> tuple[list[Finding], int, int]:
    """The diagnostics that cost operations or the document, and the counts of warnings and
    errors, from scimgen's stderr (lines `SOURCE: LEVEL: POINTER (line N): MESSAGE`)."""
    findings: list[Finding] = []
    levels: Counter[str] = Counter()
    for line in stderr.splitlines():
        if not line.startswith(f"{source}: "):
            continue
        match = _DIAGNOSTIC.fullmatch(line[len(source) + 2 :])
        if match is None:
            continue
        level = match["level"]
        levels[level] += 1
        reason, operations = split_left_out(match["message"], match["pointer"])
        if level == "error" or operations:
            findings.append(Finding(level, reason, operations))
    return findings, levels["warning"], levels["error"]


def readme_operations(readme: str) -> set[str]:
    """The operations in the method table of a package scimgen generated."""
    return {f"{m['verb']} {m['path']}" for m in _README_ROW.finditer(readme)}


def opc_left_out(output: str) -> list[str]:
    return sorted({f"{m['verb']} {m['path']}" for m in _OPC_LEFT_OUT.finditer(output)})


def opc_operations(package: Path) -> tuple[set[str], list[str]]:
    """The operations of openapi-python-client's endpoint modules, and the modules whose method
    and URL could not be read (each is counted as an operation of its own)."""
    found: set[str] = set()
    unread: list[str] = []
    for module in sorted((package / "api").rglob("*.py")):
        if module.name == "__init__.py":
            continue
        match = _OPC_ENDPOINT.search(module.read_text(encoding="utf-8"))
        if match is None:
            unread.append(str(module.relative_to(package)))
            found.add(f"module {module.relative_to(package)}")
        else:
            found.add(f"{match['verb'].upper()} {match['path']}")
    return found, unread


def packages_in(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "__init__.py").is_file())


# -- running the tools ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tools:
    scimgen: list[str]
    opc: Path | None
    """openapi-python-client's venv's bin folder, with --peer."""
    check_python: Path
    timeout: float


def mypy_requirement() -> str:
    """The project's pinned mypy (its test extra), so the benchmark checks as the tests do."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = [r for r in project["project"]["optional-dependencies"]["test"] if r.startswith("mypy")]
    return str(pins[0])


def install_tools(peer: bool, timeout: float) -> Tools:
    opc = venv(f"venv-{OPC}", f"{OPC}=={OPC_VERSION}").parent if peer else None
    # The generated packages' dependencies: scimgen's (httpx, pydantic) and the peer's (httpx
    # below 0.29, attrs), so one environment imports and checks both.
    check = venv(
        "venv-realworld-check",
        mypy_requirement(),
        "httpx>=0.27,<0.29",
        "pydantic>=2.11,<3",
        "attrs>=22.2",
    )
    return Tools(scimgen(), opc, check, timeout)


def run_process(
    command: list[str], work: Path, name: str, env: dict[str, str], timeout: float
) -> tuple[Sample, str]:
    """Run one command from an empty folder in `work`, its output into files there; how it ran
    and what it printed (stdout, then stderr)."""
    out_path, err_path = work / f"{name}.stdout", work / f"{name}.stderr"
    cwd = work / f"{name}-cwd"
    cwd.mkdir()
    with out_path.open("wb") as stdout, err_path.open("wb") as stderr:
        sample = run_measured(
            command, cwd=cwd, env=env, stdout=stdout, stderr=stderr, timeout=timeout
        )
    return sample, out_path.read_text(errors="replace") + err_path.read_text(errors="replace")


def run_tool(
    tool: str, command: list[str], work: Path, env: dict[str, str], timeout: float
) -> tuple[Run, str]:
    """Run a generator: the start of its Run, and what it printed."""
    sample, output = run_process(command, work, _short(tool), env, timeout)
    run = Run(
        tool=tool,
        exit=sample.returncode,
        timed_out=sample.timed_out,
        seconds=round(sample.seconds, 2),
        peak_mib=round(sample.tree_rss_mib, 1),
        traceback=TRACEBACK in output,
    )
    return run, output


def run_scimgen(spec_file: Path, work: Path, tools: Tools) -> Run:
    out = work / "scimgen-out"
    command = [*tools.scimgen, "generate", "--no-cache", "--spec", str(spec_file)]
    env = clean_env(work / "xdg-scimgen")
    run, output = run_tool(SCIMGEN, [*command, "--output", str(out)], work, env, tools.timeout)
    run.findings, run.warnings, run.errors = scimgen_findings(output, str(spec_file))
    run.internal_error = "scimgen: internal error (" in output
    run.left_out = sorted({op for f in run.findings if f.level == "warning" for op in f.operations})
    if run.generated:
        generated = readme_operations((out / "README.md").read_text(encoding="utf-8"))
        account(run, generated)
        summary = _SUMMARY.search(output)
        if summary is None or int(summary["count"]) != run.operations:
            said = summary["count"] if summary else "no"
            run.notes.append(f"README lists {run.operations} operations, the summary {said}")
        check_package(run, out, work, tools)
        run.not_black = not_black_files(out)
    return run


def not_black_files(out: Path) -> list[str]:
    """The .py files under `out` that are not exactly what black makes of them, in the mode
    scimgen formats with."""
    import black

    sys.path.insert(0, str(ROOT))
    from generator import fmt

    mode = fmt.black_mode()
    found = []
    for path in sorted(out.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if black.format_str(text, mode=mode) != text:
            found.append(path.relative_to(out).as_posix())
    return found


def run_opc(spec_file: Path, work: Path, tools: Tools) -> Run:
    assert tools.opc is not None
    out = work / "opc-out"
    env = clean_env(work / "xdg-opc")
    env["PATH"] = os.pathsep.join([str(tools.opc), env.get("PATH", "")])
    command = [
        str(tools.opc / OPC),
        "generate",
        "--path",
        str(spec_file),
        "--output-path",
        str(out),
    ]
    run, output = run_tool(OPC, command, work, env, tools.timeout)
    run.left_out = opc_left_out(output)
    run.warnings = len(re.findall(r"^WARNING parsing ", output, re.MULTILINE))
    run.errors = int("client was not created" in output)
    if run.generated:
        run.hooks_ran = "Skipping Integration" not in output and "ruff failed" not in output
        packages = packages_in(out)
        if packages:
            found, unread = opc_operations(out / packages[0])
            account(run, found)
            run.notes += [f"method and URL not found in {module}" for module in unread]
        check_package(run, out, work, tools)
    return run


def account(run: Run, generated: set[str]) -> None:
    """Count the operations generated; an operation both generated and named as left out would
    hide a silent loss (the two are subtracted from MANIFEST's count), so it is noted."""
    run.operations = len(generated)
    both = sorted(generated.intersection(run.left_out))
    if both:
        run.notes.append(f"{len(both)} operations generated and named as left out: {both[:3]}")


def check_package(run: Run, out: Path, work: Path, tools: Tools) -> None:
    """Import every module of the generated package, and type-check it with mypy --strict."""
    packages = packages_in(out)
    if len(packages) != 1:
        run.notes.append(f"{len(packages)} packages in the output: {packages}")
        run.imports, run.mypy_clean = False, False
        return
    package, name = packages[0], _short(run.tool)
    env = clean_env(work / f"xdg-check-{name}")
    python = str(tools.check_python)
    command = [python, "-I", "-c", IMPORT_ALL, str(out), package]
    importing, output = run_process(command, work, f"import-{name}", env, tools.timeout)
    run.imports = importing.returncode == 0
    if not run.imports:
        lines = output.strip().splitlines()
        run.import_error = lines[-1] if lines else f"exit {importing.returncode}"
    env["MYPYPATH"] = str(out)
    command = [python, "-m", "mypy", "--strict", "--config-file", os.devnull]
    command += ["--cache-dir", str(work / f"mypy-cache-{name}"), "-p", package]
    checking, output = run_process(command, work, f"mypy-{name}", env, tools.timeout)
    run.mypy_clean = checking.returncode == 0
    codes = re.findall(r": error: .*\[([a-z0-9-]+)\]$", output, re.MULTILINE)
    run.mypy_codes = dict(sorted(Counter(codes).items()))
    for step, sample in (("import", importing), ("mypy", checking)):
        if sample.timed_out:
            run.notes.append(f"{step} ran out of time ({tools.timeout:.0f} s)")
    if checking.returncode not in (0, 1) and not checking.timed_out:
        run.notes.append(f"mypy exited {checking.returncode}")


def spec_input(corpus: Path, spec: Spec, work: Path) -> Path:
    """The description as a file the tools can read: itself, or decompressed into `work`."""
    source = corpus / spec.file
    if not spec.file.endswith(".gz"):
        return source
    folder = work / "spec"
    folder.mkdir()
    target = folder / spec.file.removesuffix(".gz")
    with gzip.open(source) as compressed, target.open("wb") as plain:
        shutil.copyfileobj(compressed, plain)
    return target


def measure_spec(corpus: Path, spec: Spec, tools: Tools) -> Result:
    with tempfile.TemporaryDirectory(prefix=f"realworld-{spec.name}-") as folder:
        work = Path(folder)
        spec_file = spec_input(corpus, spec, work)
        runs = {SCIMGEN: run_scimgen(spec_file, work, tools)}
        if tools.opc is not None:
            runs[OPC] = run_opc(spec_file, work, tools)
    log(f"{spec.name}: " + "; ".join(f"{tool} {_brief(run, spec)}" for tool, run in runs.items()))
    return Result(spec, runs)


def _brief(run: Run, spec: Spec) -> str:
    return f"exit {run.exit}, {run.operations}/{spec.operations}, {run.seconds:.1f} s"


# -- the report -----------------------------------------------------------------------------------


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole * 100:.1f}%" if whole else "-"


def _runs(results: Iterable[Result], tool: str) -> list[tuple[Spec, Run]]:
    return [(r.spec, r.runs[tool]) for r in results if tool in r.runs]


def summary_column(results: list[Result], tool: str) -> list[str]:
    """The cells of one tool's column of the summary table, row by row (see SUMMARY_ROWS)."""
    runs = _runs(results, tool)
    total = sum(spec.operations for spec, _ in runs)
    generated = [run for _, run in runs if run.generated]
    operations = sum(run.operations for _, run in runs)
    silent = [(spec, run) for spec, run in runs if run.silent_loss(spec.operations)]
    lost = sum(run.silent_loss(spec.operations) for spec, run in silent)
    internal = str(sum(run.internal_error for _, run in runs)) if tool == SCIMGEN else "-"
    by_family = []
    for family in sorted({spec.family for spec, _ in runs}):
        part = [(spec, run) for spec, run in runs if spec.family == family]
        done = sum(run.operations for _, run in part)
        whole = sum(spec.operations for spec, _ in part)
        by_family.append(f"{family}: {done:,}/{whole:,} ({_ratio(done, whole)})")
    hooks = [run.hooks_ran for run in generated if run.hooks_ran is not None]
    return [
        f"{len(generated)}/{len(runs)}",
        f"{operations:,}/{total:,} ({_ratio(operations, total)})",
        f"{sum(run.traceback for _, run in runs)} / {internal} / {len(silent)} ({lost} operations)",
        f"{sum(bool(run.imports) for run in generated)}/{len(generated)}, "
        f"{sum(bool(run.mypy_clean) for run in generated)}/{len(generated)}",
        "; ".join(by_family),
        _not_black_cell([run for run in generated if run.not_black is not None]),
        str(sum(run.timed_out for _, run in runs)),
        f"{sum(hooks)}/{len(hooks)}" if tool == OPC else "-",
    ]


SUMMARY_ROWS = (
    "generated (exit 0)",
    "operations generated, of MANIFEST's",
    "tracebacks / internal errors / specs with silent operation loss",
    "generated packages importing, `mypy --strict` clean",
    "operations generated by spec version",
    "generated .py files not black's output (specs with any)",
    "out of time",
    "ruff post-hooks ran",
)


def _not_black_cell(checked: list[Run]) -> str:
    if not checked:
        return "-"
    files = sum(len(run.not_black or ()) for run in checked)
    return f"{files} ({sum(bool(run.not_black) for run in checked)}/{len(checked)})"


def summary_table(results: list[Result], tools: Sequence[str]) -> list[str]:
    columns = [summary_column(results, tool) for tool in tools]
    heads = [SCIMGEN if t == SCIMGEN else f"{t} {OPC_VERSION}" for t in tools]
    lines = [f"| | {' | '.join(heads)} |", "| --- |" + " --- |" * len(tools)]
    for index, row in enumerate(SUMMARY_ROWS):
        lines.append(f"| {row} | {' | '.join(column[index] for column in columns)} |")
    return lines


def _cells(run: Run | None, spec: Spec) -> list[str]:
    if run is None:
        return []
    exit_cell = "time" if run.timed_out else str(run.exit)
    if run.traceback:
        exit_cell += " (traceback)"
    checks = "-"
    if run.generated:
        checks = ("import" if run.imports else "NO import") + ", "
        checks += "mypy ok" if run.mypy_clean else f"mypy {sum(run.mypy_codes.values())} errors"
        if run.not_black is not None:
            checks += f", {len(run.not_black)} not black's" if run.not_black else ", black's"
    return [
        exit_cell,
        f"{run.operations}/{spec.operations}",
        str(run.warnings),
        str(run.errors),
        f"{run.seconds:.1f}",
        f"{run.peak_mib:.0f}",
        checks,
    ]


def spec_table(results: list[Result], tools: Sequence[str]) -> list[str]:
    cells = ("exit", "operations", "warnings", "errors", "s", "peak MiB", "checks")
    head = ["spec", "version"] + [f"{_short(t)} {c}" for t in tools for c in cells]
    lines = [f"| {' | '.join(head)} |", "| --- | --- |" + " ---: |" * (len(head) - 2)]
    for result in results:
        row = [result.spec.name, result.spec.version]
        for tool in tools:
            row += _cells(result.runs.get(tool), result.spec)
        lines.append(f"| {' | '.join(row)} |")
    return lines


def _short(tool: str) -> str:
    return "opc" if tool == OPC else tool


@dataclass
class Kinds:
    """scimgen's findings by kind: operations left out (spec name, 'METHOD /path'), the number of
    diagnostics, the specs refused, and the messages no pattern matched."""

    left_out: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    diagnostics: Counter[str] = field(default_factory=Counter)
    refused: dict[str, dict[str, Spec]] = field(default_factory=dict)
    others: set[str] = field(default_factory=set)


def tally_kinds(results: list[Result]) -> Kinds:
    kinds = Kinds()
    for spec, run in _runs(results, SCIMGEN):
        for finding in run.findings:
            kind = kind_of(finding.message)
            if kind == OTHER:
                kinds.others.add(f"{finding.level}: {finding.message}")
            if finding.level == "error":
                kinds.refused.setdefault(kind, {})[spec.file] = spec
                continue
            kinds.diagnostics[kind] += 1
            kinds.left_out.setdefault(kind, set()).update(
                (spec.name, op) for op in finding.operations
            )
    return kinds


def kinds_table(kinds: Kinds) -> list[str]:
    """scimgen's left-out operations and refusals, by kind, with counts. An operation left out
    for two kinds counts in each."""
    lines = [
        "| scimgen leaves out, by kind | operations | specs | diagnostics |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, operations in sorted(
        kinds.left_out.items(), key=lambda item: (-len(item[1]), item[0])
    ):
        affected = len({name for name, _ in operations})
        lines.append(f"| {kind} | {len(operations)} | {affected} | {kinds.diagnostics[kind]} |")
    if not kinds.left_out:
        lines.append("| none | 0 | 0 | 0 |")
    lines += ["", "| scimgen refuses the document, by kind | specs | their operations |"]
    lines.append("| --- | --- | ---: |")
    if not kinds.refused:
        lines.append("| none | - | 0 |")
    for kind, refused in sorted(kinds.refused.items()):
        names = ", ".join(sorted(spec.name for spec in refused.values()))
        lines.append(f"| {kind} | {names} | {sum(s.operations for s in refused.values())} |")
    others = sorted(kinds.others)
    lines += ["", f"Messages of kind {OTHER!r}: {len(others)}" + (":" if others else ".")]
    lines += [f"- {message}" for message in others]
    return lines


def failures(results: list[Result]) -> list[str]:
    """What failed after generating (imports, mypy) and every note, per spec and tool."""
    lines = []
    for result in results:
        for tool, run in result.runs.items():
            problems = list(run.notes)
            if run.generated and not run.imports:
                problems.append(f"import fails: {run.import_error}")
            if run.generated and not run.mypy_clean and run.mypy_codes:
                codes = ", ".join(f"{code} x{count}" for code, count in run.mypy_codes.items())
                problems.append(f"mypy --strict: {codes}")
            if run.not_black:
                problems.append(f"not black's output: {', '.join(run.not_black)}")
            if run.silent_loss(result.spec.operations):
                problems.append(
                    f"{run.silent_loss(result.spec.operations)} operations lost silently"
                )
            lines += [f"- {result.spec.name}, {_short(tool)}: {p}" for p in problems]
    return lines or ["- none"]


def report(results: list[Result], tools: Sequence[str], header: Sequence[str]) -> str:
    lines = [
        *header,
        "",
        *summary_table(results, tools),
        "",
        *spec_table(results, tools),
        "",
        *kinds_table(tally_kinds(results)),
        "",
        "Failed checks, silent losses and notes:",
        "",
        *failures(results),
    ]
    return "\n".join(lines) + "\n"


def run_header(argv: Sequence[str], started: float, tools: Tools) -> list[str]:
    """Where and when: the command, this repository's commit (scimgen's, when it is installed
    from here, as README's set-up does: the scimgen that ran is named), date and machine."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty", "--abbrev=40"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return [
        f"- command: `python benchmarks/realworld.py {' '.join(argv)}`",
        f"- commit measured: {commit or 'unknown'}; scimgen: {' '.join(tools.scimgen)}",
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}; wall time {time.perf_counter() - started:.0f} s; "
        f"{len(os.sched_getaffinity(0))} cores, load average at the end {os.getloadavg()[0]:.2f}",
    ]


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("corpus", type=Path, metavar="CORPUS_DIR")
    parser.add_argument("--peer", action="store_true", help=f"run {OPC} {OPC_VERSION} too")
    parser.add_argument("--jobs", type=int, default=1, help="descriptions measured at once")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME", help="these specs only")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the raw results here")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="s per process")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = args.corpus.resolve()
    specs = select(read_manifest(corpus), args.only)
    CACHE.mkdir(exist_ok=True)
    tools = install_tools(args.peer, args.timeout)
    log(f"{len(specs)} descriptions, {args.jobs} at a time")
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(lambda spec: measure_spec(corpus, spec, tools), specs))
    names = [SCIMGEN, OPC] if args.peer else [SCIMGEN]
    print(report(results, names, run_header(argv, started, tools)), end="")
    if args.json is not None:
        raw = [
            {
                "spec": dataclasses.asdict(r.spec),
                "runs": {t: dataclasses.asdict(run) for t, run in r.runs.items()},
            }
            for r in results
        ]
        args.json.write_text(json.dumps(raw, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
