"""scimgen on the vendor's own whole documents: `python benchmarks/vendor.py VENDOR_DIR`.

VENDOR_DIR holds copies of the vendor's published Platform API document (Swagger 2.0, minified),
named like `...sdk-29.0.0...swagger.json`; nothing from it is kept. The script

1. generates the newest one whole (no `--tag`) into a temporary folder, as a separate process
   timed by `/usr/bin/time -v` (or by wait4 where that is missing): exit code, operations
   generated out of those in the document, warnings by kind, wall time, peak memory;
2. runs `scimgen changes` from the one before it to the newest (no selection): breaking and
   non-breaking changes;
3. shows how the run scales: the stages of one in-process run (load, normalize, render, black),
   and whole-process runs on growing shares of the document's tags.

Both commands run in an empty folder, so no `[tool.scimgen]` selects anything. Prints Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

SUMMARY = re.compile(r"scimgen: (\d+) operations(?: \((\d+) operations left out\))?, (\d+) models")
TIME_FIELDS = {
    "Elapsed (wall clock) time (h:mm:ss or m:ss)": "wall",
    "Maximum resident set size (kbytes)": "max_rss_kib",
    "Exit status": "exit",
}


def _version_key(path: Path) -> tuple[int, ...]:
    found = re.search(r"sdk-(\d+(?:\.\d+)*)", path.name)
    return tuple(int(p) for p in found.group(1).split(".")) if found else ()


def _scimgen() -> list[str]:
    return [sys.executable, "-m", "generator.cli"]


def _timed(
    command: list[str], cwd: Path
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run `command`; its figures from /usr/bin/time -v, or from wait4 where that is missing."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    if Path("/usr/bin/time").exists():
        done = subprocess.run(
            ["/usr/bin/time", "-v", *command], cwd=cwd, env=env, capture_output=True, text=True
        )
        figures = {}
        for line in done.stderr.splitlines():
            key, _, value = line.strip().rpartition(": ")
            if key in TIME_FIELDS:
                figures[TIME_FIELDS[key]] = value
        return done, figures
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return done, {
        "wall": f"{time.perf_counter() - started:.2f} s",
        "max_rss_kib": str(usage.ru_maxrss),
        "exit": str(done.returncode),
    }


def _kind(message: str) -> str:
    """A warning (or a change) with its particulars left out: the pointer, the operations it
    leaves out, what is in parentheses, quoted names and values."""
    text = message.split(": ", 2)[-1] if message.startswith(("warning: ", "error: ")) else message
    text = re.sub(
        r"; (\d+ operations are|\S+\(\) \([A-Z]+ [^)]*\) is) left out.*", "; ... left out", text
    )
    text = re.sub(r"\([^()]*\)", "(...)", text)
    text = re.sub(r"(?<![A-Za-z])'[^']*'|\"[^\"]*\"|`[^`]*`", "'...'", text)
    return re.sub(r"(?<![A-Za-z])\d+", "N", text)


def _operations(document: Path) -> tuple[int, list[str]]:
    raw = json.loads(document.read_text(encoding="utf-8"))
    verbs = {"get", "put", "post", "delete", "options", "head", "patch"}
    tags: Counter[str] = Counter()
    count = 0
    for item in raw.get("paths", {}).values():
        for verb, operation in item.items():
            if verb in verbs:
                count += 1
                tags.update(operation.get("tags") or ["default"])
    return count, [tag for tag, _n in tags.most_common()]


def generate_whole(document: Path, work: Path) -> list[str]:
    total, _tags = _operations(document)
    output = work / "out"
    command = [*_scimgen(), "generate", "--spec", str(document), "--output", str(output)]
    done, figures = _timed([*command, "--package", "platform"], work)
    warnings = [
        line.split(": ", 1)[1] for line in done.stderr.splitlines() if ": warning: " in line
    ]
    summary = SUMMARY.search(done.stderr)
    generated = summary.group(1) if summary else "?"
    kinds = Counter(_kind(w) for w in warnings)
    lines = [
        f"## Generate, whole document: {document.name}",
        "",
        f"`scimgen generate --spec {document.name} --output <tmp> --package platform` (no --tag)",
        "",
        f"- exit code: {done.returncode}",
        f"- operations generated: {generated} of {total}",
        f"- models and enums: {summary.group(3) if summary else '?'}",
        f"- wall time: {figures.get('wall', '?')}; peak memory (max RSS): "
        f"{int(figures.get('max_rss_kib', 0)) / 1024:.0f} MiB",
        f"- warnings: {len(warnings)}",
        "",
        "| warnings | kind |",
        "| ---: | --- |",
        *(f"| {n} | {kind} |" for kind, n in kinds.most_common()),
    ]
    errors = [line for line in done.stderr.splitlines() if ": error: " in line]
    if errors:
        lines += ["", "Errors:", "", *(f"    {e}" for e in errors[:20])]
    shutil.rmtree(output, ignore_errors=True)
    return lines


def changes(old: Path, new: Path, work: Path) -> list[str]:
    command = [*_scimgen(), "changes", str(old), str(new), "--format", "json"]
    done, figures = _timed(command, work)
    lines = [f"## Changes: {old.name} -> {new.name}", "", f"- exit code: {done.returncode}"]
    if done.returncode not in (0, 3):
        return [*lines, "", "    " + done.stderr.strip().replace("\n", "\n    ")]
    report = json.loads(done.stdout)
    found = report["changes"]
    breaking = [c for c in found if c["breaking"]]
    by_kind = Counter((c["breaking"], c["kind"], _kind(c["detail"])) for c in found)
    return [
        *lines,
        f"- changes: {len(found)}: {len(breaking)} breaking, {len(found) - len(breaking)} not "
        f"breaking; suggested bump: {report['bump']}",
        f"- wall time: {figures.get('wall', '?')}",
        "",
        "| changes | breaking | kind | detail |",
        "| ---: | --- | --- | --- |",
        *(
            f"| {n} | {'yes' if b else 'no'} | {kind} | {detail} |"
            for (b, kind, detail), n in by_kind.most_common()
        ),
    ]


def stages(document: Path, work: Path) -> list[str]:
    """One in-process run, stage by stage (the second normalizer pass included)."""
    from generator import load, normalize, render
    from generator.pipeline import Options, build

    clock = time.perf_counter
    started = clock()
    spec = load.load(str(document))
    loaded = clock()
    api, _warnings = normalize.normalize(spec, normalize.Settings(package="platform"))
    normalized = clock()
    rendered = render.render(api, render.make_environment())
    done_render = clock()
    lines = sum(text.count("\n") for text in rendered.values())
    del spec, api
    whole_started = clock()
    build(
        Options(
            spec=str(document),
            output=work / "none",
            settings=normalize.Settings(package="platform"),
            use_cache=False,
        )
    )
    whole = clock() - whole_started
    return [
        "## Where the time goes (one process, in-process stages)",
        "",
        "| stage | seconds |",
        "| --- | ---: |",
        f"| load (parse JSON, convert Swagger 2.0, validate) | {loaded - started:.2f} |",
        f"| normalize (two passes, for the names) | {normalized - loaded:.2f} |",
        f"| render ({len(rendered)} files, {lines:,} lines) | {done_render - normalized:.2f} |",
        f"| whole build, black included | {whole:.2f} |",
    ]


def scaling(document: Path, work: Path) -> list[str]:
    """Whole-process generate on the tags that hold a growing share of the operations."""
    total, tags = _operations(document)
    raw = json.loads(document.read_text(encoding="utf-8"))
    rows = []
    for share in (0.1, 0.25, 0.5):
        picked: list[str] = []
        counted = 0
        for tag in reversed(tags):  # small tags first, until the share is reached
            if counted >= share * total:
                break
            picked.append(tag)
            counted += sum(
                1
                for item in raw["paths"].values()
                for verb, op in item.items()
                if verb != "parameters" and tag in (op.get("tags") or ["default"])
            )
        output = work / f"share-{share}"
        command = [*_scimgen(), "generate", "--spec", str(document), "--output", str(output)]
        command += ["--package", "platform", *(f"--tag={t}" for t in picked)]
        done, figures = _timed(command, work)
        summary = SUMMARY.search(done.stderr)
        rows.append(
            f"| {len(picked)} | {summary.group(1) if summary else '?'} | {figures.get('wall', '?')} "
            f"| {int(figures.get('max_rss_kib', 0)) / 1024:.0f} |"
        )
        shutil.rmtree(output, ignore_errors=True)
    return [
        "## Scaling: part of the document (--tag)",
        "",
        "| tags | operations generated | wall time | peak RSS MiB |",
        "| ---: | ---: | ---: | ---: |",
        *rows,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vendor_dir", type=Path, help="folder of the vendor's *.swagger.json")
    parser.add_argument("--skip-scaling", action="store_true", help="only the whole document")
    arguments = parser.parse_args()
    documents = sorted(arguments.vendor_dir.glob("*.json"), key=_version_key)
    if not documents:
        parser.error(f"no *.json in {arguments.vendor_dir}")
    newest = documents[-1]
    with tempfile.TemporaryDirectory(prefix="scimgen-vendor-") as folder:
        work = Path(folder)
        out = [f"# scimgen on the vendor's documents ({arguments.vendor_dir})", ""]
        out += [*generate_whole(newest, work), ""]
        if len(documents) > 1:
            out += [*changes(documents[-2], newest, work), ""]
        if not arguments.skip_scaling:
            out += [*stages(newest, work), "", *scaling(newest, work), ""]
    print("\n".join(out))


if __name__ == "__main__":
    main()
