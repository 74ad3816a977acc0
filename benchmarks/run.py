"""scimgen against its peers, on this machine, in one run: `python benchmarks/run.py`.

Run from the repository with scimgen installed (README, command 1). The script installs what it
compares with into its own virtual environments under `benchmarks/.cache/` (git-ignored), with
pip and npm: openapi-python-client, the vendor's SDK `purecloudplatformclientv2`, orjson, and
GitHub's REST description (`npm pack @octokit/openapi`). It then measures, each as whole processes:

1. the SCIM spec: scimgen generate cold (empty output, `--no-cache`, no template cache), warm
   (nothing changed) and check on a fresh clone (the committed generated/ with its manifest and
   nothing else), against openapi-python-client generate (with and without its ruff hooks);
2. the same on GitHub's REST description (~1,200 operations, 13 MB), and cold on one core
   (`--jobs 1`);
3. synthetic specs of 100, 1,000 and 10,000 operations;
4. `import genesys_cloud_scim` against `import httpx, pydantic` (fresh interpreters), each alone
   and followed by a first call to a local server (what an import leaves for later, that pays);
5. the generated client's runtime: parsing a 1,000-user list response and serialising a user
   (`benchmarks/runtime.py`, in a venv of its own with the vendor's SDK beside it);

and writes `benchmarks/RESULTS.md`, starting with each goal of issue 15 as measured in the same
run (ratios of wall and CPU time against openapi-python-client). Options: `--runs N` (default 5; 3 for the large spec),
`--quick` (fewer runs, no 10,000-operation spec), `--skip-large`, `--skip-runtime`,
`--only-imports` (step 4 alone, printed, RESULTS.md left as it is).

Peak memory is reported twice: the largest single process (`ru_maxrss` from wait4) and the peak
of the sum over the process tree (proportional set size, so pages a forked worker shares with its
parent count once; sampled every 20 ms from /proc), since scimgen's formatter pool
and openapi-python-client's ruff hooks run in child processes.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
WORK = HERE / ".work"
SCIM_SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"
OPC_VERSION = "0.29.1"
OCTOKIT = "@octokit/openapi@23.0.2"
GITHUB_JSON = "package/generated/api.github.com.json"
SYNTHETIC_SIZES = (100, 1000, 10000)
IMPORT_RUNS = 15


# -- measuring a process ------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float
    max_rss_mib: float
    tree_rss_mib: float
    returncode: int
    timed_out: bool = False
    cpu_seconds: float = 0.0
    """User + system time of the process and every child it waited for (black's pool, ruff)."""


def _memory_kib(pid: int) -> int:
    """A process's proportional set size (PSS): its private pages plus its share of the pages it
    shares, so that forked workers sharing their parent's memory are not counted twice. RSS where
    the kernel gives no PSS."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def _tree_rss_kib(pid: int) -> int:
    """The memory of a process and all its descendants, summed (PSS, see `_memory_kib`)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        total += _memory_kib(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as handle:
                stack.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def measure(command: list[str], *, cwd: Path = WORK, env: dict[str, str] | None = None) -> Sample:
    """Run a command to its end, timing it and sampling its memory (see `run_measured`).

    The default folder is the benchmark's work folder, not the repository, where scimgen would
    read this repository's [tool.scimgen] (which selects tag SCIM). The end of the command's
    stderr is shown if it failed other than by `check`'s exit 1."""
    WORK.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile() as error_output:
        sample = run_measured(command, cwd=cwd, env=env, stderr=error_output)
        if sample.returncode not in (0, 1):
            error_output.seek(0)
            sys.stderr.write(error_output.read().decode(errors="replace")[-3000:])
    return sample


def run_measured(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str] | None = None,
    stdout: IO[bytes] | int = subprocess.DEVNULL,
    stderr: IO[bytes] | int = subprocess.DEVNULL,
    timeout: float | None = None,
) -> Sample:
    """Run a command to its end, timing it and sampling its memory.

    Wall time, ru_maxrss of it (and its waited-for children), and the peak of the RSS summed
    over its process tree. With a `timeout`, the command runs in a session of its own and its
    whole process group is killed when the time is up (`timed_out`, a negative returncode):
    without one it stays in ours, so that Ctrl-C reaches it."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=stderr,
        start_new_session=timeout is not None,
    )
    peak = 0
    done = threading.Event()
    expired = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(process.pid))
            done.wait(0.02)

    def kill() -> None:
        expired.set()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timer = threading.Timer(timeout, kill) if timeout is not None else None
    if timer is not None:
        timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if timer is not None:
        timer.cancel()
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Sample(
        seconds,
        usage.ru_maxrss / 1024,
        max(peak, usage.ru_maxrss) / 1024,
        process.returncode,
        timed_out=expired.is_set(),
        cpu_seconds=usage.ru_utime + usage.ru_stime,
    )


@dataclass
class Series:
    label: str
    samples: list[Sample]

    @property
    def median(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def spread(self) -> str:
        times = [s.seconds for s in self.samples]
        return f"{min(times):.2f}-{max(times):.2f}"

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu_seconds for s in self.samples)

    @property
    def rss(self) -> float:
        return statistics.median(s.max_rss_mib for s in self.samples)

    @property
    def tree(self) -> float:
        return statistics.median(s.tree_rss_mib for s in self.samples)

    def row(self, reference: Series | None) -> str:
        wall = f"{self.median / reference.median:.3f}" if reference else ""
        cpu = f"{self.cpu / reference.cpu:.3f}" if reference and reference.cpu else ""
        return (
            f"| {self.label} | {self.median:.3f} | {self.spread} | {self.cpu:.3f} | "
            f"{len(self.samples)} | {self.rss:.0f} | {self.tree:.0f} | {wall} | {cpu} |"
        )


HEADER = (
    "| run | median wall s | spread s (min-max) | median CPU s | runs "
    "| peak RSS MiB (largest process) | peak PSS MiB (process tree) "
    "| wall ratio to openapi-python-client | CPU ratio |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def clean_env(cache_home: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # As a user runs them: bytecode written and reused by every tool alike.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache_home is not None:
        env["XDG_CACHE_HOME"] = str(cache_home)
    return env


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- set-up -------------------------------------------------------------------------------------


def venv(name: str, *requirements: str) -> Path:
    """A virtual environment under .cache with `requirements` (pip, only once)."""
    folder = CACHE / name
    python = folder / "bin" / "python"
    marker = folder / ".installed"
    wanted = "\n".join(requirements)
    if marker.exists() and marker.read_text() == wanted:
        return python
    log(f"installing {' '.join(requirements)} into {folder}")
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(folder)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
    marker.write_text(wanted)
    return python


def github_spec() -> Path:
    target = CACHE / "api.github.com.json"
    if target.exists():
        return target
    log(f"fetching {OCTOKIT} with npm pack")
    CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["npm", "pack", OCTOKIT, "--silent"], cwd=CACHE, check=True, capture_output=True, text=True
    )
    archive = CACHE / result.stdout.strip().splitlines()[-1]
    with tarfile.open(archive) as tar:
        member = tar.extractfile(GITHUB_JSON)
        assert member is not None
        target.write_bytes(member.read())
    archive.unlink()
    return target


def scimgen() -> list[str]:
    found = shutil.which("scimgen")
    if found is None:
        sys.exit("scimgen is not installed: see README, command 1")
    return [found]


# -- the generators -----------------------------------------------------------------------------


@dataclass
class SpecRuns:
    name: str
    cold: Series
    warm: Series
    check: Series
    opc: Series
    opc_no_hooks: Series | None
    cold_one_core: Series | None
    stats: dict[str, int]
    opc_stats: dict[str, int]


def _fresh_clone(source: Path, target: Path) -> None:
    """What a clone has: the generated files and the manifest; no __pycache__, no other state."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))


def run_spec(
    name: str, spec: Path, runs: int, opc: Path, *, with_no_hooks: bool, one_core: bool = False
) -> SpecRuns:
    work = WORK / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ours = scimgen()
    opc_bin = str(opc.parent / "openapi-python-client")
    no_hooks = work / "opc-no-hooks.json"
    no_hooks.write_text(json.dumps({"post_hooks": []}))
    out, clone, opc_out = work / "generated", work / "clone", work / "opc-out"
    cold, warm, check, opc_runs, opc_nh, cold_one = [], [], [], [], [], []
    for index in range(runs):
        log(f"{name}: run {index + 1}/{runs}")
        # Interleaved, so that both tools see the same load on the machine.
        if out.exists():
            shutil.rmtree(out)
        empty_cache = work / f"xdg-{index}"
        cold.append(
            measure(
                [*ours, "generate", "--no-cache", "--spec", str(spec), "--output", str(out)],
                env=clean_env(empty_cache),
            )
        )
        warm.append(
            measure([*ours, "generate", "--spec", str(spec), "--output", str(out)], env=clean_env())
        )
        if one_core:
            single = work / "generated-jobs-1"
            shutil.rmtree(single, ignore_errors=True)
            cold_one.append(
                measure(
                    [
                        *ours,
                        "generate",
                        "--no-cache",
                        "--jobs",
                        "1",
                        "--spec",
                        str(spec),
                        "--output",
                        str(single),
                    ],
                    env=clean_env(work / f"xdg-one-{index}"),
                )
            )
        _fresh_clone(out, clone)
        check.append(
            measure(
                [*ours, "check", "--spec", str(spec), "--output", str(clone)],
                env=clean_env(work / f"xdg-clone-{index}"),
            )
        )
        if opc_out.exists():
            shutil.rmtree(opc_out)
        command = [opc_bin, "generate", "--path", str(spec), "--output-path", str(opc_out)]
        opc_runs.append(measure([*command, "--overwrite"], cwd=work, env=clean_env()))
        if with_no_hooks:
            shutil.rmtree(opc_out, ignore_errors=True)
            opc_nh.append(
                measure(
                    [*command, "--overwrite", "--config", str(no_hooks)],
                    cwd=work,
                    env=clean_env(),
                )
            )
    for series in (cold, warm, check, opc_runs):
        failed = [s.returncode for s in series if s.returncode != 0]
        if failed:
            log(f"{name}: a run exited with {failed}")
    manifest = json.loads((out / ".scimgen-manifest.json").read_text())
    stats = dict(manifest["stats"])
    stats["warnings"] = len(manifest["warnings"])
    stats["python_lines"] = sum(
        p.read_text().count("\n") for p in out.rglob("*.py") if "__pycache__" not in p.parts
    )
    return SpecRuns(
        name=name,
        cold=Series("scimgen generate, cold (--no-cache, empty output)", cold),
        warm=Series("scimgen generate, warm (nothing changed)", warm),
        check=Series("scimgen check, fresh clone", check),
        opc=Series(f"openapi-python-client {OPC_VERSION} generate (ruff hooks on)", opc_runs),
        opc_no_hooks=Series(f"openapi-python-client {OPC_VERSION} generate, hooks off", opc_nh)
        if opc_nh
        else None,
        cold_one_core=Series("scimgen generate, cold, one core (--jobs 1)", cold_one)
        if cold_one
        else None,
        stats=stats,
        opc_stats=_opc_stats(opc_out),
    )


def _opc_stats(folder: Path) -> dict[str, int]:
    packages = [p for p in folder.iterdir() if p.is_dir() and (p / "__init__.py").exists()]
    if not packages:
        return {}
    package = packages[0]
    return {
        "operations": sum(1 for p in (package / "api").rglob("*.py") if p.name != "__init__.py"),
        "models": sum(1 for p in (package / "models").glob("*.py") if p.name != "__init__.py"),
        "python_lines": sum(p.read_text().count("\n") for p in package.rglob("*.py")),
    }


def run_synthetic(sizes: tuple[int, ...]) -> list[tuple[int, int, Sample, Sample]]:
    sys.path.insert(0, str(HERE))
    import synthetic

    rows = []
    for size in sizes:
        spec = CACHE / f"synthetic-{size}.json"
        spec.write_text(json.dumps(synthetic.spec(size)))
        out = WORK / f"synthetic-{size}"
        shutil.rmtree(out, ignore_errors=True)
        log(f"synthetic: {size} operations")
        cold = measure(
            [*scimgen(), "generate", "--no-cache", "--spec", str(spec), "--output", str(out)],
            env=clean_env(WORK / f"xdg-synthetic-{size}"),
        )
        check = measure(
            [*scimgen(), "check", "--spec", str(spec), "--output", str(out)], env=clean_env()
        )
        models = json.loads((out / ".scimgen-manifest.json").read_text())["stats"]["models"]
        rows.append((size, models, cold, check))
    return rows


# -- runtime ------------------------------------------------------------------------------------


def run_runtime() -> dict[str, object]:
    python = venv(
        "venv-runtime",
        str(ROOT / "generated"),
        "orjson==3.13.0",
        "purecloudplatformclientv2==269.0.0",
    )
    log("runtime: parsing and serialising")
    result = subprocess.run(
        [str(python), str(HERE / "runtime.py")],
        check=True,
        capture_output=True,
        text=True,
        env=clean_env(),
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


# -- the report ---------------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    except (OSError, ValueError, IndexError):
        pass
    black = subprocess.run(
        [sys.executable, "-c", "import black; print(black.__version__)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return [
        f"- machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores ({cpu}){memory}; "
        f"load average at the start {os.getloadavg()[0]:.2f}",
        f"- {platform.platform()}; Python {platform.python_version()}",
        f"- scimgen {_version(sys.executable, 'scimgen')}, black {black}, "
        f"openapi-python-client {OPC_VERSION}, GitHub spec from `npm pack {OCTOKIT}`",
        f"- date: {time.strftime('%Y-%m-%d %H:%M %Z')}",
    ]


def _version(python: str, distribution: str) -> str:
    return subprocess.run(
        [python, "-c", f"import importlib.metadata as m; print(m.version({distribution!r}))"],
        capture_output=True,
        text=True,
    ).stdout.strip()


def spec_section(runs: SpecRuns) -> list[str]:
    lines = [HEADER]
    reference = runs.opc
    for series in (runs.cold, runs.warm, runs.check):
        lines.append(series.row(reference))
    lines.append(runs.opc.row(None))
    if runs.opc_no_hooks is not None:
        lines.append(runs.opc_no_hooks.row(reference))
    stats, theirs = runs.stats, runs.opc_stats
    lines += [
        "",
        f"- scimgen: {stats.get('operations', 0)} operations generated, "
        f"{stats.get('skipped_operations', 0)} skipped (with a warning); "
        f"{stats.get('models', 0)} models and enums; {stats.get('warnings', 0)} warnings; "
        f"{stats.get('python_lines', 0):,} lines of Python.",
        f"- openapi-python-client: {theirs.get('operations', 0)} endpoint modules, "
        f"{theirs.get('models', 0)} model modules, {theirs.get('python_lines', 0):,} lines "
        "of Python.",
        f"- peak PSS (process tree): scimgen cold {runs.cold.tree:.0f} MiB"
        + (
            f", cold on one core {runs.cold_one_core.tree:.0f} MiB"
            if runs.cold_one_core is not None
            else ""
        )
        + f"; openapi-python-client {reference.tree:.0f} MiB.",
    ]
    if runs.cold_one_core is not None:
        lines.insert(2, runs.cold_one_core.row(reference))
    return lines


# -- the goals (issue 15) -----------------------------------------------------------------------


@dataclass
class Goal:
    name: str
    measured: str
    target: str
    met: bool


def _ratio(ours: Series, theirs: Series) -> tuple[float, float]:
    return ours.median / theirs.median, ours.cpu / theirs.cpu


def goals(
    scim: SpecRuns,
    large: SpecRuns | None,
    synthetic_rows: list[tuple[int, int, Sample, Sample]],
    imports: dict[str, ImportCase] | None,
) -> list[Goal]:
    found: list[Goal] = []
    wall, cpu = _ratio(scim.cold, scim.opc)
    found.append(
        Goal(
            "SCIM cold generate --no-cache",
            f"{wall:.3f}x wall ({scim.cold.median:.3f} s vs {scim.opc.median:.3f} s), "
            f"{cpu:.3f}x CPU ({scim.cold.cpu:.3f} s vs {scim.opc.cpu:.3f} s)",
            "<= 0.5x wall, <= 0.6x CPU",
            wall <= 0.5 and cpu <= 0.6,
        )
    )
    for series, label in ((scim.warm, "SCIM warm generate"), (scim.check, "SCIM check, fresh")):
        wall, cpu = _ratio(series, scim.opc)
        found.append(
            Goal(
                label,
                f"{wall:.3f}x wall ({series.median:.3f} s), {cpu:.3f}x CPU ({series.cpu:.3f} s)",
                "<= 0.1x",
                wall <= 0.1 and cpu <= 0.1,
            )
        )
    if large is not None and large.cold_one_core is not None:
        one = large.cold_one_core
        wall, cpu = _ratio(one, large.opc)
        found.append(
            Goal(
                "GitHub REST cold, --jobs 1",
                f"{cpu:.3f}x CPU ({one.cpu:.2f} s vs {large.opc.cpu:.2f} s), {wall:.3f}x wall; "
                f"peak PSS {one.tree:.0f} MiB vs {large.opc.tree:.0f} MiB",
                "<= 0.5x CPU, peak memory below opc's",
                cpu <= 0.5 and one.tree < large.opc.tree,
            )
        )
    if synthetic_rows:
        size, _, cold, _ = synthetic_rows[-1]
        per_100 = [row[2].cpu_seconds / row[0] * 100 for row in synthetic_rows[1:]]
        linear = len(per_100) < 2 or per_100[-1] <= per_100[0] * 1.25
        found.append(
            Goal(
                f"synthetic {size:,} operations",
                f"{cold.cpu_seconds:.2f} CPU-s, {cold.seconds:.2f} s wall, "
                f"{cold.tree_rss_mib:.0f} MiB peak PSS; CPU-s per 100 operations "
                + " -> ".join(f"{x:.3f}" for x in per_100),
                "<= 15 CPU-s, <= 250 MiB, linear",
                cold.cpu_seconds <= 15 and cold.tree_rss_mib <= 250 and linear,
            )
        )
    if imports is not None:
        found.append(import_goal(imports))
    return found


def import_goal(imports: dict[str, ImportCase]) -> Goal:
    client, floor = imports["client"], imports["floor"]
    wall = client.import_wall / floor.import_wall
    cpu = client.import_cpu / floor.import_cpu
    return Goal(
        "import genesys_cloud_scim vs import httpx, pydantic",
        f"{wall:.3f}x wall ({client.import_wall * 1000:.1f} vs "
        f"{floor.import_wall * 1000:.1f} ms), {cpu:.3f}x CPU "
        f"({client.import_cpu * 1000:.1f} vs {floor.import_cpu * 1000:.1f} ms); "
        "import + first call "
        f"{client.first_call_wall / floor.first_call_wall:.3f}x wall, "
        f"{client.first_call_cpu / floor.first_call_cpu:.3f}x CPU",
        "<= 1.15x",
        wall <= 1.15 and cpu <= 1.15,
    )


def goals_section(found: list[Goal]) -> list[str]:
    lines = [
        "## Goals (issue 15)",
        "",
        "| goal | measured | target | met |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {g.name} | {g.measured} | {g.target} | {'yes' if g.met else 'no'} |" for g in found
    ]
    return [*lines, ""]


_IMPORT_PROBE = (
    "import resource, sys, time\n"
    "def clock():\n"
    "    u = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    return time.perf_counter(), u.ru_utime + u.ru_stime\n"
    "start = clock()\n"
    "exec(sys.argv[1])\n"
    "imported = clock()\n"
    "exec(sys.argv[2])\n"
    "called = clock()\n"
    "print(*(now[i] - start[i] for now in (imported, called) for i in (0, 1)))\n"
)

FIRST_CALL_USERS = 25
"""Users in the page the first call reads (the default `count` of a list call)."""


@dataclass(frozen=True)
class ImportCase:
    """What one way of importing costs in a fresh interpreter (medians, seconds): the import
    alone, and the import followed by a first call (one page of users from a local server).
    """

    label: str
    import_wall: float
    import_cpu: float
    first_call_wall: float
    first_call_cpu: float


IMPORT_CASES = {
    "floor": (
        "`import httpx, pydantic` (the floor)",
        "import httpx, pydantic",
        "with httpx.Client() as http:\n    http.get(URL + '/api/v2/scim/v2/users').json()",
    ),
    "one model": (
        "`import httpx, pydantic` and one `BaseModel` class (reference)",
        "import httpx, pydantic\nclass Page(pydantic.BaseModel):\n    totalResults: int = 0",
        "with httpx.Client() as http:\n"
        "    Page.model_validate_json(http.get(URL + '/api/v2/scim/v2/users').content)",
    ),
    "client": (
        "`import genesys_cloud_scim`",
        "import genesys_cloud_scim",
        "with genesys_cloud_scim.Client(base_url=URL, access_token='t') as client:\n"
        "    genesys_cloud_scim.SCIMApi(client).get_scim_v2_users()",
    ),
}
"""Each case: its label, the import measured, then the first call (`URL` is the local server)."""


@contextlib.contextmanager
def users_server() -> Iterator[str]:
    """A server on 127.0.0.1 answering every GET with one page of users (benchmarks/runtime.py's
    fully populated ones), as the first call of each import case reads; yields its URL.
    """
    sys.path.insert(0, str(HERE))
    import runtime

    page = json.dumps(
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": FIRST_CALL_USERS,
            "itemsPerPage": FIRST_CALL_USERS,
            "startIndex": 1,
            "Resources": [runtime.user(i) for i in range(FIRST_CALL_USERS)],
        }
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/scim+json")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def run_imports(runs: int = IMPORT_RUNS) -> dict[str, ImportCase]:
    """What `import genesys_cloud_scim` costs in a fresh interpreter, against importing httpx
    and pydantic alone (what any such client must import), and with one pydantic model class
    defined (what any client with pydantic models must also import: pydantic's model machinery);
    each also with a first call after the import, since what an import leaves for later the
    first call pays. Interleaved, medians; bytecode compiled beforehand by a first run of each.
    """
    python = sys.executable
    timings: dict[str, list[list[float]]] = {name: [] for name in IMPORT_CASES}
    with users_server() as url:

        def probe(name: str) -> list[float]:
            _, imported, called = IMPORT_CASES[name]
            out = subprocess.run(
                [python, "-c", f"URL = {url!r}\n{_IMPORT_PROBE}", imported, called],
                check=True,
                capture_output=True,
                text=True,
                env=clean_env(),
            ).stdout
            return [float(figure) for figure in out.split()]

        for name in IMPORT_CASES:
            probe(name)
        log("imports: the generated client against httpx and pydantic")
        for _ in range(runs):
            for name in IMPORT_CASES:
                timings[name].append(probe(name))
    return {
        name: ImportCase(
            IMPORT_CASES[name][0],
            *(statistics.median(run[i] for run in timings[name]) for i in range(4)),
        )
        for name in IMPORT_CASES
    }


def imports_section(cases: dict[str, ImportCase]) -> list[str]:
    floor = cases["floor"]
    lines = [
        "## Importing the generated client",
        "",
        f"Fresh interpreters, medians of {IMPORT_RUNS}, interleaved; bytecode compiled beforehand. "
        "The first call: for the client `SCIMApi(Client(...)).get_scim_v2_users()`, for the "
        "others an `httpx.Client().get(...)` of the same page (and the one model's "
        f"`model_validate_json`), a page of {FIRST_CALL_USERS} users from a server on 127.0.0.1.",
        "",
        "| import | wall ms | CPU ms | x floor (wall, CPU) | import + first call: wall ms "
        "| CPU ms | x floor (wall, CPU) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for case in cases.values():
        lines.append(
            f"| {case.label} | {case.import_wall * 1000:.1f} | {case.import_cpu * 1000:.1f} | "
            f"{case.import_wall / floor.import_wall:.3f}, {case.import_cpu / floor.import_cpu:.3f} | "
            f"{case.first_call_wall * 1000:.1f} | {case.first_call_cpu * 1000:.1f} | "
            f"{case.first_call_wall / floor.first_call_wall:.3f}, "
            f"{case.first_call_cpu / floor.first_call_cpu:.3f} |"
        )
    return [*lines, ""]


def write_results(
    scim: SpecRuns,
    large: SpecRuns | None,
    synthetic_rows: list[tuple[int, int, Sample, Sample]],
    runtime: dict[str, object] | None,
    started: float,
    imports: dict[str, ImportCase] | None = None,
) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Written by `python benchmarks/run.py` (one run; every figure below comes from it). "
        "Times are whole processes: wall clock, and CPU (user + system, the process's and every "
        "child's it waited for: black's pool, openapi-python-client's ruff hooks); medians over "
        "the runs, with the spread. "
        "openapi-python-client has no check or warm mode: its one command, generate, is the "
        "reference of every ratio.",
        "",
        *machine(),
        "",
        *goals_section(goals(scim, large, synthetic_rows, imports)),
        "## SCIM spec (specs/genesys-cloud-scim.yaml)",
        "",
        *spec_section(scim),
        "",
    ]
    if large is not None:
        lines += [
            "## Large spec: GitHub REST (api.github.com.json, 13 MB)",
            "",
            *spec_section(large),
            "",
        ]
    if synthetic_rows:
        lines += [
            "## Synthetic specs (benchmarks/synthetic.py), scimgen",
            "",
            "| operations | models and enums | cold generate wall s | CPU s "
            "| peak RSS MiB (largest) | peak PSS MiB (tree) | CPU s per 100 operations "
            "| check (fresh) s |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for size, models, cold, check in synthetic_rows:
            lines.append(
                f"| {size:,} | {models:,} | {cold.seconds:.2f} | {cold.cpu_seconds:.2f} | "
                f"{cold.max_rss_mib:.0f} | {cold.tree_rss_mib:.0f} | "
                f"{cold.cpu_seconds / size * 100:.3f} | {check.seconds:.3f} |"
            )
        lines.append("")
    if imports is not None:
        lines += imports_section(imports)
    if runtime is not None:
        lines += ["## Runtime of the generated client (benchmarks/runtime.py)", ""]
        lines += [str(line) for line in runtime["lines"]]  # type: ignore[attr-defined]
        lines.append("")
    lines.append(f"Total benchmark time: {time.perf_counter() - started:.0f} s.")
    text = "\n".join(lines) + "\n"
    results = HERE / "RESULTS.md"
    kept = other_sections(results.read_text() if results.exists() else "")
    results.write_text(text + "".join("\n" + section for section in kept))
    return text


# The sections write_results writes; any other "## " section of RESULTS.md was put there from
# another script's output (realworld.py's) and is kept as it is.
OWN_SECTIONS = (
    "## Goals",
    "## SCIM spec",
    "## Large spec",
    "## Synthetic specs",
    "## Runtime of the",
)


def other_sections(text: str) -> list[str]:
    """The sections of a RESULTS.md that this script did not write, in their order."""
    sections = re.split(r"^(?=## )", text, flags=re.MULTILINE)[1:]
    return [s.rstrip("\n") + "\n" for s in sections if not s.startswith(OWN_SECTIONS)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--skip-large", action="store_true")
    parser.add_argument("--skip-runtime", action="store_true")
    parser.add_argument(
        "--only-imports",
        action="store_true",
        help="measure only what importing the generated client costs; print, write nothing",
    )
    args = parser.parse_args()
    if args.only_imports:
        imports = run_imports()
        print("\n".join([*goals_section([import_goal(imports)]), *imports_section(imports)]))
        return
    started = time.perf_counter()
    CACHE.mkdir(exist_ok=True)
    opc = venv("venv-openapi-python-client", f"openapi-python-client=={OPC_VERSION}")
    runs = 2 if args.quick else args.runs
    scim = run_spec("scim", SCIM_SPEC, runs, opc, with_no_hooks=True)
    large = None
    if not args.skip_large:
        large = run_spec(
            "github",
            github_spec(),
            1 if args.quick else max(3, runs // 2),
            opc,
            with_no_hooks=True,
            one_core=True,
        )
    sizes = SYNTHETIC_SIZES[:2] if args.quick else SYNTHETIC_SIZES
    synthetic_rows = run_synthetic(sizes)
    imports = run_imports()
    runtime = None if args.skip_runtime else run_runtime()
    print(write_results(scim, large, synthetic_rows, runtime, started, imports))
    shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
