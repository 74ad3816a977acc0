"""The corpus: small broken or awkward specs under tests/specs/, one problem each.

Each `<name>.<yaml|json>` has a sidecar `<name>.expected`: the first line says whether it generates,
then the diagnostics (sorted, with pointer and line), then for specs that generate the surface of
the package (models, enum members, method signatures). Regenerate the sidecars after a deliberate
change with `SCIMGEN_UPDATE_EXPECTED=1 python -m pytest tests/test_corpus.py`, and review the diff.

Specs that generate are also written to a temporary folder, checked against the AST allow-list
(`codecheck.ast_problems`), imported in one subprocess, and a sample is type-checked with one
`mypy --strict` run.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from codecheck import Built, ast_problems, build, expected_text, import_packages, run_mypy
from conftest import padded_package

from generator import naming, write

SPECS = Path(__file__).parent / "specs"
CASES = sorted(p for p in SPECS.iterdir() if p.suffix in (".yaml", ".json"))
UPDATE = os.environ.get("SCIMGEN_UPDATE_EXPECTED") == "1"


def _generates(spec: Path) -> bool:
    """What the spec's sidecar says: its first line is `generated: ...` or `error`."""
    sidecar = spec.with_suffix(".expected")
    return sidecar.exists() and sidecar.read_text(encoding="utf-8").startswith("generated")


# test_expected_result checks every sidecar's first line against the real run, so these are the
# specs that really generate.
GENERATING = [p for p in CASES if _generates(p)]
# Type-checking is slow: a sample that covers the constructs most likely to upset mypy.
MYPY_SAMPLE = (
    "additional_properties",
    "defaults_mismatch",
    "enum_integers",
    "enum_non_identifiers",
    "field_named_self",
    "injection_defaults_enums",
    "injection_names",
    "keyword_parameters",
    "nullable_31",
    "one_of_any_of",
    "paging_start_parameter",
    "paging_helper_name_taken",
    "paging_without_defaults",
    "two_path_parameters",
    "recursive_model",
    "reserved_names",
    "response_not_json",
    "multiple_tags",
    "enum_default_in_union",
    "form_and_multipart_bodies",
    "unknown_format",
    "discriminator",
    "external_refs",
    "openapi_31_features",
    "ref_into_schema",
    "swagger_in_the_wild",
)


def package_of(spec: Path) -> str:
    return padded_package("corpus_" + re.sub(r"\W", "_", spec.stem))


@pytest.fixture(scope="module")
def built() -> dict[str, Built]:
    return {spec.stem: build(spec, package_of(spec)) for spec in CASES}


@pytest.fixture(scope="module")
def written(built: dict[str, Built], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("corpus")
    folders = {}
    for spec in CASES:
        files = built[spec.stem].files
        if files is not None:
            folders[spec.stem] = root / spec.stem
            write.write_tree(files, folders[spec.stem])
    return folders


@pytest.fixture(scope="module")
def imported(written: dict[str, Path]) -> dict[str, str]:
    return import_packages(
        [(folder, package_of(SPECS / f"{stem}.yaml")) for stem, folder in written.items()]
    )


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert all(p.with_suffix(".expected").exists() or UPDATE for p in CASES)


@pytest.mark.parametrize("spec", CASES, ids=lambda p: p.name)
def test_expected_result(spec: Path, built: dict[str, Built]) -> None:
    # Messages name the spec file; the sidecar holds its name without this checkout's folder.
    actual = expected_text(built[spec.stem], package_of(spec)).replace(f"{SPECS}/", "")
    sidecar = spec.with_suffix(".expected")
    if UPDATE:
        sidecar.write_text(actual, encoding="utf-8")
    assert actual == sidecar.read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", GENERATING, ids=lambda p: p.name)
def test_generated_code_holds_only_what_the_templates_write(
    spec: Path, built: dict[str, Built]
) -> None:
    files = built[spec.stem].files
    assert files is not None
    assert ast_problems(files, package_of(spec)) == []


@pytest.mark.parametrize("spec", GENERATING, ids=lambda p: p.name)
def test_no_class_defines_a_name_twice(spec: Path, built: dict[str, Built]) -> None:
    """A second `def` of a name silently replaces the first (a paging helper named like an
    operation would be lost): every method and field name is claimed once per class, and every
    endpoint constant once in _endpoints.py."""
    files = built[spec.stem].files
    assert files is not None
    for module in ("api.py", "models.py"):
        tree = ast.parse(files[f"{package_of(spec)}/{module}"])
        for node in (n for n in tree.body if isinstance(n, ast.ClassDef)):
            names = [
                item.name
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                else ast.unparse(item.target)
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef | ast.AnnAssign)
            ]
            assert len(names) == len(set(names)), f"{module}: {node.name}"
    endpoints = ast.parse(files[f"{package_of(spec)}/_endpoints.py"])
    constants = [ast.unparse(n.target) for n in endpoints.body if isinstance(n, ast.AnnAssign)]
    assert len(constants) == len(set(constants)), "_endpoints.py"


@pytest.mark.parametrize("spec", GENERATING, ids=lambda p: p.name)
def test_file_names_are_safe_on_every_system(spec: Path, built: dict[str, Built]) -> None:
    """Distinct ignoring case (macOS, Windows), short, and no Windows device name."""
    files = built[spec.stem].files
    assert files is not None
    assert len({path.lower() for path in files}) == len(files)
    for path in files:
        for part in path.split("/"):
            assert len(part) <= 80, path
            assert part.split(".")[0].lower() not in naming.WINDOWS_RESERVED_NAMES, path
            assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", part), path


@pytest.mark.parametrize("spec", GENERATING, ids=lambda p: p.name)
def test_generated_package_imports(spec: Path, imported: dict[str, str]) -> None:
    assert imported[package_of(spec)] == "ok"


def test_both_families_are_present() -> None:
    assert 25 <= len(GENERATING) < len(CASES)


def test_a_sample_passes_mypy_strict(
    written: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> None:
    sample = [(written[stem], package_of(SPECS / stem)) for stem in MYPY_SAMPLE]
    completed = run_mypy(sample, tmp_path_factory.mktemp("mypy") / "cache")
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_every_python_file_is_what_black_makes_of_it(built: dict[str, Built]) -> None:
    """fmt.plan takes most chunks as rendered, without black: black over each written Python
    file must change nothing, on every corpus package."""
    import black

    from generator import fmt

    mode = fmt.black_mode()
    checked = 0
    for stem, result in built.items():
        for path, text in (result.files or {}).items():
            if path.endswith(".py"):
                assert black.format_str(text, mode=mode) == text, f"{stem}: {path}"
                checked += 1
    assert checked > 100


def test_every_generated_package_passes_ruff(written: dict[str, Path]) -> None:
    """One ruff run over every package (each with the settings of its own pyproject.toml)."""
    folders = [str(folder) for folder in written.values()]
    completed = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", *folders],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
