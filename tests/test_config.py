"""`[tool.scimgen]` in pyproject.toml (generator/config.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from generator import config
from generator.diagnostics import GeneratorError

ROOT = Path(__file__).resolve().parent.parent


def _write(folder: Path, table: str) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(f"[project]\nname = 'x'\n\n[tool.scimgen]\n{table}", encoding="utf-8")
    return path


def test_every_key_is_read_and_paths_are_taken_from_the_file_s_folder(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'spec = "api/swagger.json"\noutput = "client"\npackage = "acme_scim"\n'
        'distribution = "acme-scim"\nversion = "2.1.0"\ntags = ["SCIM", "Users"]\n'
        'operations = ["getUser"]\ntemplates = "my-templates"\nexclude-tags = ["Fax"]\n'
        'exclude-operations = ["getUserRoles"]\nmethod-name-extension = "x-acme-method-name"\n',
    )
    settings = config.read(path)
    assert settings == config.Config(
        spec=str(tmp_path / "api" / "swagger.json"),
        output=str(tmp_path / "client"),
        package="acme_scim",
        distribution="acme-scim",
        version="2.1.0",
        tags=("SCIM", "Users"),
        operations=("getUser",),
        exclude_tags=("Fax",),
        exclude_operations=("getUserRoles",),
        method_name_extension="x-acme-method-name",
        templates=str(tmp_path / "my-templates"),
        source=str(path),
    )


def test_no_table_and_no_file_give_the_defaults(tmp_path: Path) -> None:
    assert config.load(None, tmp_path) == config.Config()
    path = tmp_path / "pyproject.toml"
    path.write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert config.load(None, tmp_path) == config.Config(source=str(path))


def test_flags_override_the_file(tmp_path: Path) -> None:
    settings = config.read(_write(tmp_path, 'package = "a"\ntags = ["SCIM"]\n'))
    overridden = settings.with_flags(package="b", tags=("Users",), spec=None, operations=())
    assert (overridden.package, overridden.tags) == ("b", ("Users",))
    assert overridden.spec == settings.spec


def test_explicit_config_path_wins_over_the_current_folder(tmp_path: Path) -> None:
    _write(tmp_path, 'package = "here"\n')
    other = tmp_path / "other"
    other.mkdir()
    path = _write(other, 'package = "there"\n')
    assert config.load(str(path), tmp_path).package == "there"
    with pytest.raises(GeneratorError, match="does not exist"):
        config.load(str(tmp_path / "missing.toml"), tmp_path)


@pytest.mark.parametrize(
    ("table", "pointer", "message"),
    [
        ('specs = "a.yaml"\n', "#/tool/scimgen/specs", "unknown key 'specs'"),
        ('tags = "SCIM"\n', "#/tool/scimgen/tags", "list of strings"),
        ("version = 1\n", "#/tool/scimgen/version", "non-empty string"),
        ('package = "not-an-identifier"\n', "#/tool/scimgen/package", "Python identifier"),
        ('package = "Upper"\n', "#/tool/scimgen/package", "lower-case"),
        ('package = "aux"\n', "#/tool/scimgen/package", "reserved device name"),
        ('distribution = "bad name!"\n', "#/tool/scimgen/distribution", "distribution name"),
        ('version = "1 2"\n', "#/tool/scimgen/version", "not a valid version"),
        ("exclude-tags = 1\n", "#/tool/scimgen/exclude-tags", "list of strings"),
        (
            'method-name-extension = "purecloud"\n',
            "#/tool/scimgen/method-name-extension",
            "must start with 'x-'",
        ),
        ("method-name-extension = 1\n", "#/tool/scimgen/method-name-extension", "a string"),
    ],
)
def test_mistakes_are_diagnostics_with_their_key(
    tmp_path: Path, table: str, pointer: str, message: str
) -> None:
    with pytest.raises(GeneratorError) as raised:
        config.read(_write(tmp_path, table))
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.pointer == pointer
    assert message in diagnostic.message


def test_invalid_toml_is_a_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.scimgen\n", encoding="utf-8")
    with pytest.raises(GeneratorError, match="not valid TOML"):
        config.read(path)


def test_this_repository_needs_no_flags() -> None:
    table = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["scimgen"]
    assert set(table) <= set(config.KEYS)
    assert table["spec"] == "specs/genesys-cloud-scim.yaml"
    assert table["output"] == "generated"


def test_the_method_name_extension_can_be_turned_off(tmp_path: Path) -> None:
    settings = config.read(_write(tmp_path, 'method-name-extension = ""\n'))
    assert settings.method_name_extension == ""
    assert config.Config().method_name_extension == "x-purecloud-method-name"


def test_readme_documents_every_key() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration") :]
    for key in config.KEYS:
        assert f"`{key}`" in section, key


def test_a_flag_is_named_in_its_diagnostic_and_checked_once(tmp_path: Path) -> None:
    settings = config.read(_write(tmp_path, 'package = "mine"\n'))
    with pytest.raises(GeneratorError) as raised:
        settings.with_flags(package="Mine", version="1 2")
    assert [
        (d.pointer, d.message.endswith(("(from --package)", "(from --package-version)")))
        for d in raised.value.diagnostics
    ] == [
        ("#/tool/scimgen/package", True),
        ("#/tool/scimgen/version", True),
    ]


def test_what_config_accepts_the_normalizer_takes_as_it_is(tmp_path: Path) -> None:
    """config.py is the one validator: every value it lets through builds normalize.Settings."""
    from generator import normalize

    path = _write(
        tmp_path,
        'package = "acme_scim2"\ndistribution = "acme.scim-2"\nversion = "2.1.0rc1+local"\n',
    )
    settings = config.read(path).with_flags(tags=("SCIM",), method_name_extension="")
    assert settings.to_settings() == normalize.Settings(
        package="acme_scim2",
        distribution="acme.scim-2",
        package_version="2.1.0rc1+local",
        tags=("SCIM",),
        method_name_extension="",
    )


def test_a_templates_folder_must_exist(tmp_path: Path) -> None:
    settings = config.read(_write(tmp_path, 'templates = "mine"\n'))
    with pytest.raises(GeneratorError) as raised:
        settings.templates_folder()
    [diagnostic] = raised.value.diagnostics
    assert diagnostic.pointer == "#/tool/scimgen/templates"
    assert "does not exist" in diagnostic.message
    (tmp_path / "mine").mkdir()
    assert settings.templates_folder() == tmp_path / "mine"
    assert config.Config().templates_folder() is None
