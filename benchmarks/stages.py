"""Where a cold `scimgen generate --no-cache` goes, stage by stage, in milliseconds of CPU (with the
formatter pool's children) and wall:
`python benchmarks/stages.py [SPEC] [--runs N]` (default: the SCIM spec, 5 runs, medians).

Each run is a fresh interpreter (`-X importtime` off, no template bytecode cache, an empty output
folder), so imports and template compilation are paid as a user's first run pays them. Python's
own bytecode is written and reused, as run.py has it (a first run, not counted, compiles it):
PYTHONDONTWRITEBYTECODE would make every run compile every module it imports again. The stages
are the pipeline's own steps, called in order (`imports` includes openapi-pydantic's 3.1 models,
imported as the parse imports them, without the package's `__init__`; black is counted where it
is used); `interpreter` is a `python -c pass` beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("imports", "parse", "template compile", "normalize", "render", "black", "write")

_CHILD = r"""
import json, resource, sys, time
def clock():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return cpu, time.perf_counter()
marks = {}
def mark(name, start):
    now = clock()
    marks[name] = [(now[0] - start[0]) * 1000, (now[1] - start[1]) * 1000]
    return now
spec, output = sys.argv[1], sys.argv[2]
at = clock()
from pathlib import Path
import generator.cli
from generator import config, manifest, pipeline, write, load, normalize, render, reserved
import jinja2, yaml  # what the cold path imports before it parses
from generator.load import read
read._import_openapi_31()  # openapi-pydantic's 3.1 models, as the parse imports them
at = mark("imports", at)
source, text = load.read_source(spec)
loaded = load.load_text(source, text)
at = mark("parse", at)
environment = render.make_environment(None, bytecode_cache=False)
for item in render.OUTPUT_FILES:
    if not item.copied:
        environment.get_template(item.template)
names = reserved.scan(environment)
at = mark("template compile", at)
api, warnings = normalize.normalize(loaded, config.Config().to_settings(), names)
at = mark("normalize", at)
rendered = render.render(api, environment)
at = mark("render", at)
cache = manifest.OutputCache(Path(output), enabled=False)
files = cache.format(rendered, render.python_paths(api.package, environment), None)
at = mark("black", at)
write.write_tree(files, Path(output))
at = mark("write", at)
marks["black imported"] = [float("black" in sys.modules)] * 2
print(json.dumps(marks))
"""


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def interpreter_ms() -> tuple[float, float]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", "import time; print(time.process_time())"],
        capture_output=True,
        text=True,
        check=True,
        env=_environment(),
    )
    return float(result.stdout) * 1000, (time.perf_counter() - started) * 1000


def one_run(spec: str) -> dict[str, list[float]]:
    with tempfile.TemporaryDirectory() as work:
        output = Path(work) / "out"
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, spec, str(output)],
            capture_output=True,
            text=True,
            cwd=work,
            env=_environment(),
        )
        if result.returncode != 0:
            sys.exit(result.stderr)
        shutil.rmtree(output, ignore_errors=True)
    marks: dict[str, list[float]] = json.loads(result.stdout)
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spec", nargs="?", default=str(ROOT / "specs" / "genesys-cloud-scim.yaml"))
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    one_run(arguments.spec)  # compiles the bytecode the counted runs reuse
    runs = [one_run(arguments.spec) for _ in range(arguments.runs)]
    interpreters = [interpreter_ms() for _ in range(arguments.runs)]
    print("| stage | CPU ms | wall ms |\n| --- | ---: | ---: |")
    print(
        f"| interpreter | {statistics.median(i[0] for i in interpreters):.0f} "
        f"| {statistics.median(i[1] for i in interpreters):.0f} |"
    )
    total = [0.0, 0.0]
    for stage in STAGES:
        cpu = statistics.median(r[stage][0] for r in runs)
        wall = statistics.median(r[stage][1] for r in runs)
        total = [total[0] + cpu, total[1] + wall]
        print(f"| {stage} | {cpu:.0f} | {wall:.0f} |")
    print(f"| total (without interpreter) | {total[0]:.0f} | {total[1]:.0f} |")
    print(f"\nblack imported: {'yes' if runs[0]['black imported'][0] else 'no'}")


if __name__ == "__main__":
    main()
