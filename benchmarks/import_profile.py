"""Where `import genesys_cloud_scim` goes beyond `import httpx, pydantic`, module by module.

    python benchmarks/import_profile.py            # 9 runs
    python benchmarks/import_profile.py --runs 15

Runs `python -X importtime -c "import genesys_cloud_scim"` in fresh interpreters (bytecode
written and reused, as a user runs it) and prints, for each module the floor (`import httpx,
pydantic`) does not import, its best self time over the runs; third-party modules are summed by
the library that pulls them in. The ratios of issue 15 come from `benchmarks/run.py
--only-imports`; this is the profile behind them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from collections import defaultdict

PACKAGE = "genesys_cloud_scim"
FLOOR = "import httpx, pydantic"
LIBRARIES = {
    "pydantic's model machinery (pydantic.main, .fields, .types, annotated_types, ...)": (
        "pydantic",
        "annotated_types",
        "typing_inspection",
        "zoneinfo",
        "_zoneinfo",
        "sysconfig",
        "_sysconfigdata",
        "secrets",
        "hmac",
    ),
    "httpcore (h11, anyio, certifi, importlib.resources)": (
        "httpcore",
        "h11",
        "h2",
        "anyio",
        "sniffio",
        "trio",
        "socksio",
        "certifi",
        "importlib.resources",
        "pathlib",
        "ntpath",
    ),
}


def import_times(statement: str) -> dict[str, tuple[int, int]]:
    """Self and cumulative microseconds of every module `statement` imports, in a fresh
    interpreter."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    stderr = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stderr
    times = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, cumulative, name = line.split(":", 1)[1].split("|")
        times[name.strip()] = (int(own), int(cumulative))
    return times


def library_of(module: str) -> str:
    if module.split(".")[0] == PACKAGE:
        return module
    for label, prefixes in LIBRARIES.items():
        if any(module == p or module.startswith((f"{p}.", f"{p}_")) for p in prefixes):
            return label
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    floor = set(import_times(FLOOR))
    best: dict[str, int] = {}
    totals = []
    for _ in range(args.runs):
        times = import_times(f"import {PACKAGE}")
        totals.append(times[PACKAGE][1])
        for module, (own, _) in times.items():
            if module not in floor:
                best[module] = min(best.get(module, own), own)
    by_library: dict[str, int] = defaultdict(int)
    for module, own in best.items():
        by_library[library_of(module)] += own
    print(
        f"`import {PACKAGE}` (cumulative, {args.runs} runs): best {min(totals) / 1000:.1f} ms, "
        f"median {statistics.median(totals) / 1000:.1f} ms"
    )
    print(f"beyond `{FLOOR}` (best self times, summed): {sum(best.values()) / 1000:.1f} ms")
    for label, own in sorted(by_library.items(), key=lambda item: -item[1]):
        if own >= 100:
            print(f"  {own / 1000:6.1f} ms  {label}")


if __name__ == "__main__":
    main()
