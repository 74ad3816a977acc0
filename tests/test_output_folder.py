"""`--output` never destroys what scimgen did not write: scenario tests that run the CLI on
temporary folders and check, file by file, that the user's files survive.

The rule (README, "The output folder"): a folder is replaced only if it is absent, empty, or holds
only what scimgen wrote (its manifest lists it, or it is byte for byte what is about to be
written); anything else is refused with exit 2, and `--force` overrides that, but never for the
current folder, a folder holding it, a folder holding the spec, the configuration, the templates
or scimgen itself. A file is refused. A mount point is written into, not swapped.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import generator
from generator import cli, write

SPEC_TEXT = json.dumps(
    {
        "openapi": "3.0.3",
        "info": {"title": "Output", "version": "1"},
        "paths": {
            "/things": {
                "get": {
                    "operationId": "getThings",
                    "tags": ["Things"],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
)


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under `folder`: a file's bytes, a link's target, or '<dir>'."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[key] = f"-> {os.readlink(path)}"
        else:
            found[key] = path.read_bytes() if path.is_file() else "<dir>"
    return found


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's folder: the spec, their own notes and code; the current folder of the run."""
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "spec.json").write_text(SPEC_TEXT)
    (folder / "notes.txt").write_text("mine\n")
    (folder / "src").mkdir()
    (folder / "src" / "app.py").write_text("print('mine')\n")
    monkeypatch.chdir(folder)
    return folder


def run(*arguments: str) -> Result:
    return CliRunner().invoke(cli.main, list(arguments))


def generate(*arguments: str) -> Result:
    return run("generate", "--spec", "spec.json", "--quiet", *arguments)


def refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output
    assert "refusing" in result.output or "is a file" in result.output, result.output
    for word in words:
        assert word in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_the_current_folder_is_never_replaced(project: Path, force: bool) -> None:
    before = snapshot(project)
    result = generate("--output", ".", *(["--force"] if force else []))
    refused(result, "it is the current folder")
    assert snapshot(project) == before


@pytest.mark.parametrize("output", ["..", "../.."])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_a_folder_holding_the_current_one_is_never_replaced(
    project: Path, output: str, force: bool
) -> None:
    before = snapshot(project.parent)
    result = generate("--output", output, *(["--force"] if force else []))
    refused(result, "holds the current one")
    assert snapshot(project.parent) == before


def test_a_link_to_the_current_folder_is_the_current_folder(project: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(project, target_is_directory=True)
    before = snapshot(project)
    refused(generate("--output", str(link), "--force"), "it is the current folder")
    assert snapshot(project) == before


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_the_folder_holding_the_spec_is_never_replaced(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    before = snapshot(project)
    result = run(
        "generate",
        "--spec",
        str(project / "spec.json"),
        "--output",
        str(project),
        *(["--force"] if force else []),
    )
    refused(result, "it holds the spec", str(project))
    assert snapshot(project) == before


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_the_folder_holding_the_config_is_never_replaced(project: Path, force: bool) -> None:
    settings = project / "settings"
    settings.mkdir()
    (settings / "pyproject.toml").write_text('[tool.scimgen]\nspec = "../spec.json"\n')
    before = snapshot(project)
    result = run(
        "generate",
        "--config",
        "settings/pyproject.toml",
        "--output",
        "settings",
        *(["--force"] if force else []),
    )
    refused(result, "it holds the configuration")
    assert snapshot(project) == before


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_scimgen_s_own_code_is_never_replaced(project: Path, force: bool) -> None:
    own = Path(generator.__file__).resolve().parent
    before = sorted(p.name for p in own.iterdir())
    result = generate("--output", str(own), *(["--force"] if force else []))
    refused(result, "scimgen's own code")
    assert sorted(p.name for p in own.iterdir()) == before


def test_a_file_is_refused_by_generate_and_check(project: Path) -> None:
    before = snapshot(project)
    refused(generate("--output", "notes.txt", "--force"), "notes.txt is a file")
    refused(run("check", "--spec", "spec.json", "--output", "notes.txt"), "is a file")
    assert snapshot(project) == before


def test_a_folder_of_the_user_s_files_is_refused_and_force_replaces_it(project: Path) -> None:
    before = snapshot(project)
    result = generate("--output", "src")
    refused(result, "src", "did not write", "app.py", "--force")
    assert snapshot(project) == before

    assert generate("--output", "src", "--force").exit_code == 0
    assert not (project / "src" / "app.py").exists()
    assert (project / "src" / "pyproject.toml").is_file()
    assert (project / "notes.txt").read_text() == "mine\n"


def test_many_foreign_files_are_counted_not_all_listed(project: Path) -> None:
    folder = project / "many"
    folder.mkdir()
    for index in range(120):
        (folder / f"f{index:03}.txt").write_text("x\n")
    result = generate("--output", "many")
    refused(result, "f000.txt", "f004.txt", "95 or more others")
    assert len(list(folder.iterdir())) == 120


def test_absent_and_empty_folders_are_written(project: Path) -> None:
    (project / "empty").mkdir()
    for output in ("absent", "empty", "deeper/still/absent"):
        result = generate("--output", output)
        assert result.exit_code == 0, result.output
        assert (project / output / write.MANIFEST).is_file()


def test_a_folder_scimgen_wrote_is_replaced_keeping_the_user_s_dot_entries(project: Path) -> None:
    assert generate("--output", "out").exit_code == 0
    out = project / "out"
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / ".gitattributes").write_text("* linguist-generated\n")
    stale = sorted(p.name for p in (out / "docs").iterdir())
    spec = json.loads(SPEC_TEXT)
    spec["paths"]["/things"]["get"]["tags"] = ["Items"]  # docs/ThingsApi.md -> docs/ItemsApi.md
    (project / "spec.json").write_text(json.dumps(spec))

    result = generate("--output", "out")
    assert result.exit_code == 0, result.output
    assert stale == ["ThingsApi.md", "client.md", "models.md"]
    assert sorted(p.name for p in (out / "docs").iterdir()) == [
        "ItemsApi.md",
        "client.md",
        "models.md",
    ]
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert (out / ".gitattributes").read_text() == "* linguist-generated\n"
    assert run("check", "--spec", "spec.json", "--output", "out").exit_code == 0


def test_a_file_added_to_a_generated_folder_is_not_deleted_without_force(project: Path) -> None:
    assert generate("--output", "out").exit_code == 0
    (project / "out" / "my_notes.md").write_text("mine\n")
    result = generate("--output", "out", "--package-version", "2.0.0")
    refused(result, "my_notes.md")
    assert (project / "out" / "my_notes.md").read_text() == "mine\n"
    assert 'version = "0.1.0"' in (project / "out" / "pyproject.toml").read_text()


def test_a_generated_folder_without_its_manifest_is_still_scimgen_s(project: Path) -> None:
    """Files that hold exactly what is about to be written lose nothing when replaced."""
    assert generate("--output", "out").exit_code == 0
    (project / "out" / write.MANIFEST).unlink()
    before = snapshot(project / "out")
    result = generate("--output", "out")
    assert result.exit_code == 0, result.output
    assert snapshot(project / "out").keys() == {*before, write.MANIFEST}
    assert all(snapshot(project / "out")[key] == value for key, value in before.items())
    # ... but one changed by hand is the user's.
    readme = project / "out" / "README.md"
    readme.write_text(readme.read_text() + "my addition\n")
    (project / "out" / write.MANIFEST).unlink()
    refused(generate("--output", "out"), "README.md")
    assert readme.read_text().endswith("my addition\n")


@pytest.fixture
def mount_point(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """`volume/` as a mount point: the folder itself cannot be renamed or replaced."""
    volume = project / "volume"
    volume.mkdir()
    (volume / ".keep").write_text("the volume's own\n")
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == volume or real_ismount(p))
    real_rename = os.rename

    def rename(source: str | Path, target: str | Path) -> None:
        if volume in (Path(source), Path(target)):
            raise OSError(errno.EBUSY, "Device or resource busy", str(source))
        real_rename(source, target)

    monkeypatch.setattr(os, "rename", rename)
    return volume


def test_a_mount_point_is_written_into_not_swapped(mount_point: Path, project: Path) -> None:
    inode = mount_point.stat().st_ino
    result = generate("--output", "volume")
    assert result.exit_code == 0, result.output
    assert mount_point.stat().st_ino == inode
    assert (mount_point / ".keep").read_text() == "the volume's own\n"
    assert run("check", "--spec", "spec.json", "--output", "volume").exit_code == 0

    result = generate("--output", "volume", "--package-version", "2.0.0")
    assert result.exit_code == 0, result.output
    assert 'version = "2.0.0"' in (mount_point / "pyproject.toml").read_text()
    assert not [p for p in os.listdir(mount_point) if p.startswith(".scimgen.")]
    check = run("check", "--spec", "spec.json", "--output", "volume", "--package-version", "2.0.0")
    assert check.exit_code == 0, check.output


def test_a_bind_mount_ismount_cannot_tell_is_written_into(
    mount_point: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renaming it fails with EBUSY: the run writes into it instead."""
    monkeypatch.setattr(os.path, "ismount", lambda p: False)
    real_exchange = write._exchange

    def exchange(first: Path, second: Path) -> bool:
        if Path(second) == mount_point:
            raise OSError(errno.EBUSY, "Device or resource busy", str(second))
        return real_exchange(first, second)

    monkeypatch.setattr(write, "_exchange", exchange)
    assert generate("--output", "volume").exit_code == 0
    assert generate("--output", "volume", "--package-version", "2.0.0").exit_code == 0
    assert (mount_point / ".keep").read_text() == "the volume's own\n"
    assert 'version = "2.0.0"' in (mount_point / "pyproject.toml").read_text()


def test_a_mount_point_with_the_user_s_files_is_refused(mount_point: Path) -> None:
    (mount_point / "data.csv").write_text("1,2\n")
    refused(generate("--output", "volume"), "data.csv")
    assert (mount_point / "data.csv").read_text() == "1,2\n"


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_the_templates_folder_is_never_replaced(project: Path, force: bool) -> None:
    """`--templates DIR` is an input: an output folder that is, or holds, it is refused."""
    overrides = project / "overrides"
    (overrides / "package").mkdir(parents=True)
    (overrides / "package" / "models.py.jinja").write_text("# my own template\n")
    before = snapshot(project)
    for output in ("overrides", "."):
        result = generate(
            "--templates", "overrides", "--output", output, *(["--force"] if force else [])
        )
        refused(result)
        assert snapshot(project) == before
    result = generate("--templates", "overrides", "--output", "overrides", "--force")
    assert "the templates" in result.output, result.output


REAL_MOUNT_SCRIPT = r"""
set -e
mount -t tmpfs scimgen-test volume
echo "the volume's own" > volume/.keep
"$PYTHON" -c 'from generator.cli import main; main()' generate --spec spec.json --output volume --quiet
"$PYTHON" -c 'from generator.cli import main; main()' generate --spec spec.json --output volume \
    --package-version 2.0.0 --quiet
"$PYTHON" -c 'from generator.cli import main; main()' check --spec spec.json --output volume \
    --package-version 2.0.0
"$PYTHON" - <<'PY'
import json, os
print(json.dumps({
    "still_a_mount": os.stat("volume").st_dev != os.stat(".").st_dev,
    "keep": open("volume/.keep").read(),
    "pyproject": open("volume/pyproject.toml").read(),
    "entries": sorted(os.listdir("volume")),
}))
PY
"""


def test_a_real_tmpfs_mount_point_is_written_into(project: Path) -> None:
    """A real mount (tmpfs, in a user and mount namespace of the test's own, so no root is
    needed): the folder cannot be swapped, so its contents are written inside it, and it stays
    the mount it was."""
    (project / "volume").mkdir()
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", REAL_MOUNT_SCRIPT],
        cwd=project,
        env={**os.environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["still_a_mount"]
    assert seen["keep"] == "the volume's own\n"
    assert 'version = "2.0.0"' in seen["pyproject"]
    assert ".keep" in seen["entries"] and "README.md" in seen["entries"]
    assert not [name for name in seen["entries"] if name.startswith(".scimgen.")]
