"""From the vendor's kind of document: Swagger 2.0, SCIM one tag among others, parameter enums
inline. `--tag SCIM` must give exactly the package our own spec gives.

The fixture (tests/fixtures/vendor-swagger.json) is written in the vendor's style: camelCase
operationIds, `produces`/`consumes`, `x-inin-requires-permissions`, inline
`items: {type: string, enum: [...]}` for the attributes parameters, `ErrorBody` error responses,
and unrelated tags (Users, Routing, Fax), operations (a formData file upload, a `multi` array)
and definitions that must not be generated.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator import load, normalize
from generator.pipeline import Options, build, generate
from generator.write import compare_tree

TESTS = Path(__file__).resolve().parent
VENDOR = TESTS / "fixtures" / "vendor-swagger.json"
SIGNATURES = TESTS / "golden" / "signatures.txt"
SCIM = normalize.Settings(tags=("SCIM",))


def test_tag_scim_of_the_vendor_document_gives_the_committed_package(
    generated_dir: Path, tmp_path: Path
) -> None:
    result = build(Options(spec=str(VENDOR), output=tmp_path, settings=SCIM))
    assert result.warnings == ()
    comparison = compare_tree(result.files, generated_dir)
    assert comparison.current, comparison.diff


def test_only_schemas_reached_from_the_selected_operations_are_generated() -> None:
    api, _ = normalize.normalize(load.load(str(VENDOR)), SCIM)
    names = {m.name for m in api.models} | {e.name for e in api.enums}
    assert not names & {"ErrorBody", "Detail", "User", "Division", "Queue", "Entity"}
    assert {s.tag for s in api.services} == {"SCIM"}
    assert len(api.operations) == 34


def test_package_generated_from_the_vendor_document_matches_the_golden_signatures(
    tmp_path: Path,
) -> None:
    """Generated under another name into a temporary folder and imported in a fresh process,
    so it cannot be confused with the installed `genesys_cloud_scim`."""
    package = "vendor_scim_client"
    settings = normalize.Settings(
        package=package, distribution="vendor-scim-client", tags=("SCIM",)
    )
    generate(Options(spec=str(VENDOR), output=tmp_path / "out", settings=settings))
    script = (
        "import sys\n"
        "from golden.signatures import render_generated\n"
        f"sys.stdout.write(render_generated(package={package!r}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": f"{tmp_path / 'out'}:{TESTS}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == SIGNATURES.read_text(encoding="utf-8")


def test_operation_selection_by_operation_id_adds_to_tags() -> None:
    settings = normalize.Settings(tags=("Routing",), operation_ids=("getScimV2User",))
    api, _ = normalize.normalize(load.load(str(VENDOR)), settings)
    assert sorted(op.name for op in api.operations) == ["get_scim_v2_user", "post_routing_queues"]
    names = {m.name for m in api.models}
    assert {"Queue", "CreateQueueRequest", "ScimV2User"} <= names
    assert "ScimGroupListResponse" not in names
