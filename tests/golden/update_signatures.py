"""Regenerate ``signatures.txt`` from ``SCIMApi.md``.

Run ``python tests/golden/update_signatures.py`` after replacing the vendor
page; review and commit the resulting diff of ``signatures.txt``.
"""

from __future__ import annotations

import sys
from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent
DOC_PAGE = GOLDEN_DIR / "SCIMApi.md"
SIGNATURES = GOLDEN_DIR / "signatures.txt"


def main() -> None:
    """Parse the page, render it and write the golden file."""
    if str(GOLDEN_DIR.parent) not in sys.path:
        sys.path.insert(0, str(GOLDEN_DIR.parent))
    from golden.docpage import parse_doc_page
    from golden.signatures import render_documented

    text = render_documented(parse_doc_page(DOC_PAGE.read_text(encoding="utf-8")))
    SIGNATURES.write_text(text, encoding="utf-8")
    print(f"wrote {SIGNATURES} ({text.count(chr(10))} lines)")


if __name__ == "__main__":
    main()
