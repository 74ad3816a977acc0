"""Every example of the generated docs/SCIMApi.md type-checks with `mypy --strict` (issue 14,
point 4): each ```python block is written to a module of its own and all are checked in one run.
The PATCH examples build a real PatchOp body with the patch helpers."""

from __future__ import annotations

import re
from pathlib import Path

import mypy.api

BLOCK = re.compile(r"^### Example\n\n```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def test_every_method_page_example_passes_mypy_strict(generated_dir: Path, tmp_path: Path) -> None:
    page = (generated_dir / "docs" / "SCIMApi.md").read_text(encoding="utf-8")
    blocks = BLOCK.findall(page)
    assert len(blocks) >= 34  # one an operation
    paths = []
    for index, block in enumerate(blocks):
        path = tmp_path / f"example_{index}.py"
        path.write_text(block, encoding="utf-8")
        paths.append(str(path))
    stdout, stderr, status = mypy.api.run(
        ["--strict", "--cache-dir", str(tmp_path / "mypy-cache"), *paths]
    )
    assert status == 0, stdout + stderr
    patches = [b for b in blocks if "api.patch_scim" in b]
    assert patches and all("patch_request(replace(" in b for b in patches)
