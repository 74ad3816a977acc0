"""`mypy --strict` holds users to the API's types: a misuse is refused, and every value the docs
show as a plain string is accepted as one. (The docs' own examples are type-checked and run by
test_doc_examples.py.)"""

from __future__ import annotations

from pathlib import Path

import mypy.api
import pytest


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One cache for both runs: the second reuses what the first learnt of the package."""
    return str(tmp_path_factory.mktemp("mypy-cache"))


def _mypy_strict(path: Path, source: str, cache: str) -> tuple[str, str, int]:
    """mypy --strict over one script written to `path`: (stdout, stderr, exit status)."""
    path.write_text(source)
    return mypy.api.run(["--strict", "--cache-dir", cache, str(path)])


def test_mypy_strict_catches_a_misuse(tmp_path: Path, mypy_cache: str) -> None:
    # The docs' examples pass mypy --strict (test_doc_examples.py); the same check refuses a
    # wrong use of the API.
    stdout, _, status = _mypy_strict(
        tmp_path / "bad.py",
        "from genesys_cloud_scim import Client, SCIMApi\n"
        "api = SCIMApi(Client(access_token='t'))\n"
        "user = api.get_scim_v2_user('u1')\n"
        "api.patch_scim_v2_user(user.id, None, if_match=user.meta.version)\n",
        mypy_cache,
    )
    assert status == 1
    assert 'incompatible type "str | None"; expected "str"' in stdout
    assert 'Item "None" of "ScimMetadata | None" has no attribute "version"' in stdout


def test_documented_strings_type_check_where_the_enums_are_taken(
    tmp_path: Path, mypy_cache: str
) -> None:
    # Issue 14, point 2: every value the docs show as a string is accepted as that string by
    # mypy --strict (the `<Enum>Value` literals), and a value outside a closed set is not.
    stdout, stderr, status = _mypy_strict(
        tmp_path / "documented.py",
        "from genesys_cloud_scim import Client, SCIMApi\n"
        "from genesys_cloud_scim.models import ScimEmail, ScimPhoneNumber, ScimV2MemberReference\n"
        "api = SCIMApi(Client(access_token='t'))\n"
        "ScimEmail(type='work', value='ann@example.com')\n"
        "ScimPhoneNumber(type='mobile', value='+353 1 555 0100')\n"
        "ScimV2MemberReference(type='User', value='u1')\n"
        "def calls() -> None:\n"
        "    api.get_scim_v2_users(attributes=['id', 'userName'], excluded_attributes=['groups'])\n"
        "    api.get_scim_v2_resourcetype('User')\n"
        "    api.get_scim_v2_schema('urn:ietf:params:scim:schemas:core:2.0:User')\n"
        "    api.get_scim_v2_groups('displayName sw Eng', attributes=['displayName', 'members'])\n",
        mypy_cache,
    )
    assert status == 0, stdout + stderr
    stdout, _, status = _mypy_strict(
        tmp_path / "undocumented.py",
        "from genesys_cloud_scim import Client, SCIMApi\n"
        "from genesys_cloud_scim.models import ScimEmail\n"
        "api = SCIMApi(Client(access_token='t'))\n"
        "ScimEmail(type='wrok')\n"
        "def calls() -> None:\n"
        "    api.get_scim_v2_resourcetype('Usr')\n"
        "    api.get_scim_v2_users(attributes=['id', 'nickName'])\n",
        mypy_cache,
    )
    assert status == 1
    assert "undocumented.py:4: error" in stdout
    assert "undocumented.py:6: error" in stdout
    assert "undocumented.py:7: error" in stdout
