"""The same spec gives the same bytes: across runs, hash seeds, and orders of the spec's keys."""

from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from generator import pipeline, write

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"
SEEDS = ("0", "1", "4242")


def tree_bytes(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (
            p.read_bytes() if p.is_file() else b"",
            stat.S_IMODE(p.stat().st_mode),
        )
        for p in sorted(folder.rglob("*"))
        if "__pycache__" not in p.parts and not p.name.endswith(".egg-info")
    }


def test_same_bytes_under_different_hash_seeds(tmp_path: Path) -> None:
    runs = {}
    for seed in SEEDS:  # started together: the three runs overlap on two cores
        output = tmp_path / f"seed-{seed}"
        command = [sys.executable, "-m", "generator.cli", "generate", "--output", str(output)]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        runs[seed] = (output, subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE))
    trees = []
    for _seed, (output, process) in runs.items():
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        trees.append(tree_bytes(output))
    assert trees[0] == trees[1] == trees[2]
    committed = {k: v for k, v in tree_bytes(ROOT / "generated").items() if k in trees[0]}
    assert committed == trees[0]


def _shuffled(node: Any, rng: random.Random, key: str = "") -> Any:
    """Every mapping with its keys in a random order; lists keep their order (parameters are a
    signature's order) except `required`, which is a set."""
    if isinstance(node, dict):
        items = list(node.items())
        rng.shuffle(items)
        return {k: _shuffled(v, rng, k) for k, v in items}
    if isinstance(node, list):
        items = [_shuffled(v, rng) for v in node]
        if key == "required":
            rng.shuffle(items)
        return items
    return node


def test_same_bytes_when_the_spec_keys_are_reordered(tmp_path: Path) -> None:
    original = pipeline.build(pipeline.Options(spec=str(SPEC), output=tmp_path)).files
    raw = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    for seed in (1, 2):
        reordered = tmp_path / f"reordered-{seed}.json"
        shuffled = _shuffled(raw, random.Random(seed))
        assert list(shuffled["paths"]) != list(raw["paths"])
        reordered.write_text(json.dumps(shuffled, indent=1), encoding="utf-8")
        files = pipeline.build(pipeline.Options(spec=str(reordered), output=tmp_path)).files
        assert files == original


def test_repeated_runs_write_identical_trees(tmp_path: Path) -> None:
    options = pipeline.Options(spec=str(SPEC), output=tmp_path / "out")
    pipeline.generate(options)
    first = tree_bytes(tmp_path / "out")
    pipeline.generate(options)
    assert tree_bytes(tmp_path / "out") == first
    assert write.compare_tree(pipeline.build(options).files, tmp_path / "out").current
