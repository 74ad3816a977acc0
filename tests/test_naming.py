"""naming.py: how spec strings become Python names."""

from __future__ import annotations

import keyword

import pytest

from generator import naming
from generator.reserved import builtin


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("excludedAttributes", "excluded_attributes"),
        ("If-Match", "if_match"),
        ("$ref", "ref"),
        ("SCIMUser", "scim_user"),
        ("userV2Name", "user_v2_name"),
        ("already_snake", "already_snake"),
        ("Café au lait", "cafe_au_lait"),
        ("名前", ""),
        ("", ""),
        ("__init__", "init"),
        ("../../x", "x"),
    ],
)
def test_snake_case(text: str, expected: str) -> None:
    assert naming.snake_case(text) == expected


@pytest.mark.parametrize(
    ("urn", "expected"),
    [
        ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "enterprise_user"),
        (
            "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User",
            "genesys_purecloud_user",
        ),
        ("urn:ietf:params:scim:schemas:core:2.0:User", "user"),
        ("urn:ietf:params:scim:schemas:core:2.0:User:userName", "user_user_name"),
        ("urn:example:v1:thing", "example_thing"),
    ],
)
def test_urn_rule(urn: str, expected: str) -> None:
    assert naming.snake_case(urn) == expected


def test_enum_members() -> None:
    assert naming.enum_member_name("urn:ietf:params:scim:schemas:core:2.0:User:userName") == (
        "USER_USER_NAME"
    )
    assert naming.enum_member_name("1st") == "VALUE_1ST"
    assert naming.enum_member_name("") == "EMPTY"
    assert naming.enum_member_name("!!!") == "VALUE"
    assert naming.enum_member_name(-1) == "MINUS_1"
    assert naming.enum_member_name(7) == "VALUE_7"
    assert naming.enum_member_name("name") == "NAME_"
    assert naming.enum_member_name("class") == "CLASS"


@pytest.mark.parametrize("word", sorted(naming.PYTHON_KEYWORDS))
def test_keywords_get_an_underscore(word: str) -> None:
    assert naming.parameter_name(word) in (f"{word.lower()}_", word.lower())
    assert naming.parameter_name(word).isidentifier()
    assert not keyword.iskeyword(naming.parameter_name(word))
    assert not keyword.iskeyword(naming.field_name(word))
    assert not keyword.iskeyword(naming.method_name(word))


def test_keyword_list_is_pythons() -> None:
    assert set(keyword.kwlist) == naming.PYTHON_KEYWORDS


def test_builtins_are_kept_for_parameters_but_not_where_they_shadow() -> None:
    reserved = builtin()
    assert naming.parameter_name("filter", reserved=reserved.parameters) == "filter"
    assert naming.parameter_name("id", reserved=reserved.parameters) == "id"
    assert naming.parameter_name("type") == "type"  # a soft keyword: a valid name
    assert naming.parameter_name("from") == "from_"
    assert naming.parameter_name("self", reserved=reserved.parameters) == "self_"
    assert naming.field_name("schema", reserved=reserved.fields) == "schema_"
    # would shadow the `date` annotation
    assert naming.field_name("date", reserved=reserved.fields) == "date_"
    assert naming.field_name("to_dict", reserved=reserved.fields) == "to_dict_"
    assert naming.class_name("IntEnum", reserved.classes) == "IntEnum_"
    assert naming.class_name("None") == "None_"


def test_names_are_never_empty_or_start_with_a_digit() -> None:
    assert naming.field_name("名前") == "field"
    assert naming.parameter_name("1x") == "param_1x"
    assert naming.method_name("") == "operation"
    assert naming.class_name("2fa") == "Model2fa"
    assert naming.class_name("/etc/passwd") == "EtcPasswd"


def test_overrides() -> None:
    assert naming.field_name("x", "nice_name") == "nice_name"
    assert naming.is_plain_name("nice_name")
    for bad in ("_private", "a b", "x=1", "class", "ünï", "", 42, None, "a\nb", "x\n", "x\r\n"):
        assert not naming.is_plain_name(bad)


def test_namespace_claim() -> None:
    space = naming.NameSpace(frozenset({"taken"}))
    assert space.claim("taken") == "taken_2"
    assert space.claim("free") == "free"
    assert space.claim("free") == "free_2"
    assert space.claim("free") == "free_3"
    assert space.claim("from_") == "from_"
    assert space.claim("from_") == "from_2"
    assert space.claim("Free") == "Free"


def test_namespace_folding_case() -> None:
    space = naming.NameSpace(fold_case=True)
    assert space.claim("User") == "User"
    assert space.claim("USER") == "USER_2"
    assert not space.is_free("user")


@pytest.mark.parametrize(
    "name",
    ["con", "nul", "com1", "lpt9", "Pkg", "my-pkg", "1pkg", "_pkg", "a/b", "..", "", "class"],
)
def test_bad_package_names(name: str) -> None:
    assert naming.package_name_problem(name) is not None


def test_good_package_names() -> None:
    assert naming.package_name_problem("genesys_cloud_scim") is None
    assert naming.package_name_problem("console") is None


def test_claiming_one_name_many_times_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each claim of a name already taken starts where the last one stopped: 20,000 claims of
    `A` test about 20,000 candidates, not 200 million."""
    space = naming.NameSpace(frozenset({"A_3"}))
    tested: list[str] = []
    real = space.is_free

    def is_free(name: str) -> bool:
        tested.append(name)
        return real(name)

    monkeypatch.setattr(space, "is_free", is_free)
    claimed = [space.claim("A") for _ in range(20_000)]
    assert claimed[:3] == ["A", "A_2", "A_4"] and len(set(claimed)) == 20_000
    assert len(tested) < 3 * 20_000


def test_words_are_remembered_but_each_caller_gets_its_own_list() -> None:
    """`words` is cached (a large spec asks for the same names again and again): a caller that
    changes the list it got must not change what the next caller gets."""
    first = naming.words("If-Match")
    first.append("changed")
    assert naming.words("If-Match") == ["if", "match"]
    assert naming.words("If-Match") is not naming.words("If-Match")
    # The cached functions answer as they did before the first call.
    for _ in range(2):
        assert naming.snake_case("urn:ietf:params:scim:schemas:core:2.0:User") == "user"
        assert naming.pascal_case("urn:ietf:params:scim:schemas:core:2.0:User") == "User"
        assert naming.pascal_case("scimV2 user") == "ScimV2User"
