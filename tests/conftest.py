"""Shared test fixtures: where the repository's files are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "specs" / "genesys-cloud-scim.yaml"
GENERATED = ROOT / "generated"


@pytest.fixture(scope="session")
def spec_path() -> Path:
    return SPEC


@pytest.fixture(scope="session")
def generated_dir() -> Path:
    return GENERATED
