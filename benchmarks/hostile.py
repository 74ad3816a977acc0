"""Big hostile inputs, and what scimgen does with them: `python benchmarks/hostile.py [FOLDER]`.

Writes each input into FOLDER (default `benchmarks/.work/hostile/`, git-ignored; nothing big is
committed), runs `scimgen generate --no-cache --quiet` on it under `/usr/bin/time -v`, and prints
per input: the exit code, wall time, maximum resident set size and the first line scimgen
printed. The target (issue 9): every input of up to 50 MB is generated or refused within a minute
and 2 GB. Inputs:

- `alias300`: one 1 MB YAML string aliased 300 times (a 300 MB document from a 1 MB file);
- `enum50k`: an enum of 50,000 values that all fold to the member name `A`;
- `refchain200k`: a chain of 200,000 `$ref` aliases, used at its head;
- `nest200`: 200 models, each holding the next;
- `allof1200`: a 1,200-level `allOf` chain, each level adding a property;
- `wide50mb`: 50 MB of plain, valid JSON: thousands of operations and models;
- `prose50mb`: 50 MB of JSON that is mostly one description;
- `nodes_bound`: the synthetic spec just under the 1,000,000-node bound (21,000 operations);
- `output_bound`: the synthetic spec whose output is just under the 24 MB bound (7,500 operations):
  the worst that is generated, not refused.

`--only NAME` (repeatable) runs some; `--write-only` writes the inputs and runs nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_FOLDER = HERE / ".work" / "hostile"
MB = 1024 * 1024
LIMIT_SECONDS, LIMIT_MB = 60, 2048


def _base(paths: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Hostile", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _returning(ref: str, operation_id: str = "getThing") -> dict[str, Any]:
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}
    return {
        "/thing": {
            "get": {
                "operationId": operation_id,
                "responses": {"200": {"description": "ok", "content": content}},
            }
        }
    }


def alias300() -> tuple[str, str]:
    """YAML: a 1 MB string anchored once and aliased 300 times, as 300 descriptions."""
    big = "x" * MB
    lines = [
        "openapi: 3.0.3",
        "info: {title: Hostile, version: '1'}",
        "paths:",
        "  /thing:",
        "    get:",
        "      operationId: getThing",
        "      responses:",
        "        '200':",
        "          description: ok",
        "          content:",
        "            application/json:",
        "              schema: {$ref: '#/components/schemas/Big'}",
        "components:",
        "  schemas:",
        "    Big:",
        "      type: object",
        "      properties:",
        f"        p0: {{type: string, description: &big {big}}}",
    ]
    lines += [f"        p{i}: {{type: string, description: *big}}" for i in range(1, 300)]
    return "yaml", "\n".join(lines) + "\n"


def enum50k() -> tuple[str, str]:
    """50,000 distinct values that all become the member name `A` (letters with punctuation)."""
    marks = "!#$%&()*+,-./:;<=>?@[]^`{|}~ "
    values = []
    for index in range(50_000):
        suffix, number = "", index
        while True:
            suffix += marks[number % len(marks)]
            number //= len(marks)
            if not number:
                break
        values.append("a" + suffix)
    schemas = {"Kind": {"type": "string", "enum": values}}
    return "json", json.dumps(_base(_returning("Kind"), schemas))


def refchain200k() -> tuple[str, str]:
    length = 200_000
    schemas: dict[str, Any] = {
        f"S{i}": {"$ref": f"#/components/schemas/S{i + 1}"} for i in range(length)
    }
    schemas[f"S{length}"] = {"type": "object", "properties": {"x": {"type": "string"}}}
    return "json", json.dumps(_base(_returning("S0"), schemas))


def nest200() -> tuple[str, str]:
    count = 200
    schemas: dict[str, Any] = {
        f"M{i}": {
            "type": "object",
            "properties": {
                "name": {"type": "string"},
                "next": {"$ref": f"#/components/schemas/M{i + 1}"},
            },
        }
        for i in range(count - 1)
    }
    schemas[f"M{count - 1}"] = {"type": "object", "properties": {"name": {"type": "string"}}}
    return "json", json.dumps(_base(_returning("M0"), schemas))


def allof1200() -> tuple[str, str]:
    depth = 1_200
    schemas: dict[str, Any] = {"S0": {"type": "object", "properties": {"p0": {"type": "string"}}}}
    for i in range(1, depth + 1):
        schemas[f"S{i}"] = {
            "allOf": [{"$ref": f"#/components/schemas/S{i - 1}"}],
            "type": "object",
            "properties": {f"p{i}": {"type": "string"}},
        }
    return "json", json.dumps(_base(_returning(f"S{depth}"), schemas))


def wide50mb() -> tuple[str, str]:
    """Valid, plain JSON of about 50 MB: the synthetic benchmark spec, grown to that size."""
    sys.path.insert(0, str(HERE))
    import synthetic  # a sibling script, not a package

    operations = 5_000
    text = json.dumps(synthetic.spec(operations))
    operations = int(operations * 50 * MB / len(text))
    return "json", json.dumps(synthetic.spec(operations))


def _synthetic(operations: int) -> tuple[str, str]:
    sys.path.insert(0, str(HERE))
    import synthetic  # a sibling script, not a package

    return "json", json.dumps(synthetic.spec(operations))


def nodes_bound() -> tuple[str, str]:
    return _synthetic(21_000)


def output_bound() -> tuple[str, str]:
    return _synthetic(7_500)


def prose50mb() -> tuple[str, str]:
    """One operation whose description is 50 MB of words."""
    phrase = "lorem ipsum dolor sit amet consectetur adipiscing elit "
    words = (phrase * (50 * MB // len(phrase) + 1))[: 50 * MB]
    document = _base(
        _returning("Thing"), {"Thing": {"type": "object", "properties": {"x": {"type": "string"}}}}
    )
    document["paths"]["/thing"]["get"]["description"] = words
    return "json", json.dumps(document)


INPUTS: dict[str, Callable[[], tuple[str, str]]] = {
    "alias300": alias300,
    "enum50k": enum50k,
    "refchain200k": refchain200k,
    "nest200": nest200,
    "allof1200": allof1200,
    "wide50mb": wide50mb,
    "prose50mb": prose50mb,
    "nodes_bound": nodes_bound,
    "output_bound": output_bound,
}


def write(folder: Path, names: list[str]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names:
        suffix, text = INPUTS[name]()
        path = folder / f"{name}.{suffix}"
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written


def measure(spec: Path, timeout: float) -> dict[str, Any]:
    """One `scimgen generate` of `spec` into a fresh folder, under /usr/bin/time -v."""
    scimgen = shutil.which("scimgen")
    if scimgen is None:
        raise SystemExit("scimgen is not installed (README, command 1)")
    with tempfile.TemporaryDirectory() as work:
        command = ["/usr/bin/time", "-v", scimgen, "generate", "--spec", str(spec)]
        command += ["--output", str(Path(work) / "out"), "--no-cache", "--quiet"]
        try:
            completed = subprocess.run(
                command, capture_output=True, text=True, cwd=work, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return {"exit": "killed", "seconds": timeout, "mb": 0.0, "said": "(timed out)"}
    report = completed.stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    status = re.search(r"Exit status: (\d+)", report)
    seconds = 0.0
    if wall:
        for part in wall[1].split(":"):
            seconds = seconds * 60 + float(part)
    said = [line for line in report.splitlines() if line.startswith(("scimgen", str(spec)))]
    first = said[0] if said else ""
    more = f" (+{len(said) - 1} lines)" if len(said) > 1 else ""
    return {
        "exit": int(status[1]) if status else completed.returncode,
        "seconds": seconds,
        "mb": int(rss[1]) / 1024 if rss else 0.0,
        "said": (first[:150] + ("..." if len(first) > 150 else "")).replace(str(spec), spec.name)
        + more,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--only", action="append", choices=sorted(INPUTS), default=[])
    parser.add_argument("--write-only", action="store_true")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per run (600)")
    arguments = parser.parse_args()
    names = arguments.only or list(INPUTS)
    specs = write(arguments.folder, names)
    if arguments.write_only:
        for path in specs.values():
            print(f"{path}  {path.stat().st_size / MB:.1f} MB")
        return
    print("| input | size MB | exit | wall s | max RSS MB | within 60 s, 2 GB | scimgen said |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    for name, path in specs.items():
        result = measure(path, arguments.timeout)
        within = result["seconds"] <= LIMIT_SECONDS and result["mb"] <= LIMIT_MB
        print(
            f"| {name} | {path.stat().st_size / MB:.1f} | {result['exit']} | "
            f"{result['seconds']:.1f} | {result['mb']:.0f} | {'yes' if within else 'NO'} | "
            f"{result['said']} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
