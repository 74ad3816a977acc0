"""Every example of the docs a user reads runs against a real SCIM server and passes `mypy --strict`
(issue 14, point 4): each ```python block of the generated README.md, of generated/docs/*.md and
of the project's README.md.

How blocks make scripts (docs/decisions.md, "The docs' examples are run"): a method's example
(a block under a `### Example` heading, as on the vendor's page) is whole by itself and is a
script of its own; every other block of a page continues the page's script, in order, so a
block may use what the blocks above it defined.

The examples are run exactly as written, with the vendor's host names in them: the subprocess
gets `HTTPS_PROXY` and `SSL_CERT_FILE` (which httpx honours), and the proxy (`VendorHosts`)
answers for `api.<environment>` and `login.<environment>` with scim2-server and the token
endpoint on 127.0.0.1. Nothing reaches another host.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import mypy.api
import pytest

from .conftest import CLIENT_ID, CLIENT_SECRET, ScimStack
from .servers import VendorHosts

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
ENVIRONMENTS = ("mypurecloud.com", "mypurecloud.ie")
"""The regions the examples name: the proxy answers for their api. and login. hosts."""
FENCE = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
WHOLE = "### Example\n\n"
"""What stands before a block that is whole by itself (a method's example)."""
RUNNER = """\
import runpy
import sys
import traceback

failed = 0
for path in sys.argv[1:]:
    print(f"=== {path}", flush=True)
    try:
        runpy.run_path(path, run_name="__main__")
    except BaseException:
        failed += 1
        traceback.print_exc()
        print(f"!!! {path} raised", flush=True)
sys.exit(1 if failed else 0)
"""


SAID = {
    "generated/docs/client.md": (
        "stale version: 412",
        "taken: 409",
        "missing: 404",
        "unchanged: version",
        "engineers: 1",
    ),
}
"""What a page's script prints when its examples do what the page says they do (a caught
error is a line of these: an example whose call fails in another way prints another)."""


@dataclass(frozen=True)
class Script:
    """What runs as one program: one block, or a page's blocks in order."""

    name: str
    """`<page>` or `<page>_<n>`, a valid module name."""
    text: str
    first_line: int
    """The line of the page its first block starts on (for messages)."""


def pages() -> list[Path]:
    """Every page a user reads: the generated README, the generated docs, the project README."""
    return [GENERATED / "README.md", *sorted((GENERATED / "docs").glob("*.md")), ROOT / "README.md"]


def page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def scripts(page: Path) -> list[Script]:
    text = page.read_text(encoding="utf-8")
    slug = re.sub(r"\W", "_", page_id(page).removesuffix(".md")).lower()
    whole: list[Script] = []
    continued: list[tuple[int, str]] = []
    for match in FENCE.finditer(text):
        line = text.count("\n", 0, match.start(1)) + 1
        if text[: match.start()].endswith(WHOLE):
            whole.append(Script(f"{slug}_{len(whole)}", match.group(1), line))
        else:
            continued.append((line, match.group(1)))
    if continued:
        joined = "\n".join(block for _, block in continued)
        whole.insert(0, Script(slug, joined, continued[0][0]))
    return whole


def every_script() -> list[Script]:
    return [script for page in pages() for script in scripts(page)]


def written(folder: Path, scripts_: list[Script]) -> list[Path]:
    paths = []
    for script in scripts_:
        path = folder / f"{script.name}.py"
        path.write_text(script.text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def vendor_hosts(scim: ScimStack, tmp_path: Path) -> Iterator[VendorHosts]:
    hosts = {}
    for environment in ENVIRONMENTS:
        hosts[f"api.{environment}"] = scim.api_server
        hosts[f"login.{environment}"] = scim.login_server
    proxy = VendorHosts(hosts, str(tmp_path))
    try:
        yield proxy
    finally:
        proxy.stop()


def run_examples(
    paths: list[Path], proxy: VendorHosts, folder: Path
) -> subprocess.CompletedProcess[str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.lower().endswith("_proxy") and not name.startswith("GENESYS_CLOUD")
    }
    environment.update(
        HTTPS_PROXY=proxy.url,
        SSL_CERT_FILE=proxy.ca_file,
        GENESYS_CLOUD_CLIENT_ID=CLIENT_ID,
        GENESYS_CLOUD_CLIENT_SECRET=CLIENT_SECRET,
    )
    runner = folder / "run_examples.py"
    runner.write_text(RUNNER, encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(runner), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
        cwd=folder,
    )


def test_the_pages_have_the_examples_they_should() -> None:
    found = {page_id(page): scripts(page) for page in pages()}
    assert set(found) >= {"generated/README.md", "generated/docs/SCIMApi.md",
                          "generated/docs/client.md", "generated/docs/models.md"}  # fmt: skip
    assert len(found["generated/docs/SCIMApi.md"]) == 34  # one an operation
    for page in ("generated/README.md", "generated/docs/client.md", "generated/docs/models.md"):
        assert found[page], f"{page} has no example"
    # The project README shows the CLI, not the client: it has no Python example to run.
    assert found["README.md"] == []


@pytest.mark.parametrize("page", pages(), ids=page_id)
def test_every_example_of_the_page_runs_against_scim2_server(
    page: Path, vendor_hosts: VendorHosts, scim: ScimStack, tmp_path: Path
) -> None:
    page_scripts = scripts(page)
    if not page_scripts:
        assert page == ROOT / "README.md"
        return
    result = run_examples(written(tmp_path, page_scripts), vendor_hosts, tmp_path)
    where = ", ".join(f"{s.name} from line {s.first_line}" for s in page_scripts)
    assert result.returncode == 0, f"{where}:\n{result.stdout}\n{result.stderr}"
    assert CLIENT_SECRET not in result.stdout + result.stderr
    # They did reach the servers, through the vendor's host names alone.
    assert vendor_hosts.tunnels and set(vendor_hosts.tunnels) <= {
        f"{kind}.{environment}" for kind in ("api", "login") for environment in ENVIRONMENTS
    }
    assert scim.log.count() > 0
    # A method's example runs with placeholder ids (`"user_id_example"`), as on the vendor's
    # page: a 404 is its expected outcome, and a 409 that of a create repeating a name another
    # example took on the same server. Any other error (a 400 for a body a server refuses) is
    # an example that does not work.
    for failure in re.finditer(r"^(\w+) failed: (.*)$", result.stdout, re.MULTILINE):
        assert re.search(r" answered (404|409) ", failure[2]), failure[0]
    for line in SAID.get(page_id(page), ()):
        assert line in result.stdout, f"{page_id(page)} does not print {line!r}:\n{result.stdout}"


def test_every_example_passes_mypy_strict(tmp_path: Path) -> None:
    all_scripts = every_script()
    paths = written(tmp_path, all_scripts)
    stdout, stderr, status = mypy.api.run(
        ["--strict", "--cache-dir", str(tmp_path / "mypy-cache"), *map(str, paths)]
    )
    assert status == 0, stdout + stderr
    assert f"no issues found in {len(paths)} source files" in stdout


def test_the_patch_examples_send_a_real_patch_body() -> None:
    methods = [s for s in scripts(GENERATED / "docs" / "SCIMApi.md") if "api.patch_scim" in s.text]
    assert methods and all("patch_request(replace(" in s.text for s in methods)
