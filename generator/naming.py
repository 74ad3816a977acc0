"""Naming rules: how spec strings become Python identifiers.

Every Python name in the generated code is decided here, once, by the normalizer; templates never
case-convert raw spec strings. That includes the names derived from where things are: singulars
of path nouns, parameter enums, method names of operations with no name, paging helpers, async
twins and endpoint constants. Names are checked against Python keywords, names the generated modules
use themselves, and each other (`NameSpace.claim`), so two spec names can never end up as one Python name.

This module imports nothing from the rest of the generator.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# The public attributes of pydantic's BaseModel, which a model field must not shadow. A literal, so
# that generated output never depends on the installed pydantic (tests/test_reserved.py checks
# it against the installed one). Everything else a spec name must not take is read from the
# templates themselves (`reserved.py`).
PYDANTIC_MODEL_NAMES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)


@dataclass(frozen=True)
class Reserved:
    """The names the templates put in each namespace that spec names land in (`reserved.scan`)."""

    classes: frozenset[str] = frozenset()
    """Top-level names of the modules that hold or import models, enums and API classes."""
    fields: frozenset[str] = frozenset()
    """What a model's class body reads (annotations, `Field`, `float`) and its base's members."""
    methods: frozenset[str] = frozenset()
    """An API class's own members and what its class body reads (defaults, decorators)."""
    parameters: frozenset[str] = frozenset()
    """What an API method's body reads that a parameter would shadow (`self`, `_endpoints`)."""
    constants: frozenset[str] = frozenset()
    """Top-level names of `_endpoints.py`."""
    members: frozenset[str] = frozenset()
    """What an enum's class body reads and its base's members."""


# Device names Windows refuses as file or folder names, whatever the extension or case.
WINDOWS_RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
    | {"com\u00b9", "com\u00b2", "com\u00b3", "lpt\u00b9", "lpt\u00b2", "lpt\u00b3"}
)

# Python's hard keywords, as a literal: `keyword.kwlist` (and its soft keywords, which are valid
# names anyway) changes between Python versions, and the output must not.
PYTHON_KEYWORDS = frozenset(
    {
        "False",
        "None",
        "True",
        "and",
        "as",
        "assert",
        "async",
        "await",
        "break",
        "class",
        "continue",
        "def",
        "del",
        "elif",
        "else",
        "except",
        "finally",
        "for",
        "from",
        "global",
        "if",
        "import",
        "in",
        "is",
        "lambda",
        "nonlocal",
        "not",
        "or",
        "pass",
        "raise",
        "return",
        "try",
        "while",
        "with",
        "yield",
    }
)

_URN_SCIM_PREFIX = ("urn", "ietf", "params", "scim", "schemas")
_URN_NOISE = frozenset({"core", "extension"})
_VERSION = re.compile(r"v?\d+(\.\d+)*")
_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]+")


def ascii_fold(text: str) -> str:
    """Drop accents and any character that has no ASCII form: 'Café' -> 'Cafe'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii")


def urn_words(urn: str) -> list[str]:
    """The readable part of a URN, as raw words.

    SCIM URNs carry a fixed prefix, a `core`/`extension` marker and a version, none of which help
    a reader: `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` -> ['enterprise', 'User'].
    """
    parts = urn.split(":")
    if tuple(p.lower() for p in parts[: len(_URN_SCIM_PREFIX)]) == _URN_SCIM_PREFIX:
        parts = parts[len(_URN_SCIM_PREFIX) :]
        if parts and parts[0].lower() in _URN_NOISE:
            parts = parts[1:]
    elif parts and parts[0].lower() == "urn":
        parts = parts[1:]
    return [p for p in parts if p and not _VERSION.fullmatch(p)]


_NAME_CACHE = 1 << 16
"""How many spec strings each name function remembers: a large spec asks for the words of the
same few thousand names (fields, parameters, tags) tens of thousands of times."""


def words(text: str) -> list[str]:
    """Split any spec string into lower-case ASCII words: 'If-Match' -> ['if', 'match']."""
    return list(_words(text))


@lru_cache(maxsize=_NAME_CACHE)
def _words(text: str) -> tuple[str, ...]:
    pieces = urn_words(text) if text.lower().startswith("urn:") else [text]
    result: list[str] = []
    for piece in pieces:
        for chunk in _NON_ALNUM.split(ascii_fold(piece)):
            result.extend(w.lower() for w in _WORD_BOUNDARY.split(chunk) if w)
    return tuple(result)


@lru_cache(maxsize=_NAME_CACHE)
def snake_case(text: str) -> str:
    """'excludedAttributes' -> 'excluded_attributes'; '$ref' -> 'ref'; may be '' for no words."""
    return "_".join(_words(text))


@lru_cache(maxsize=_NAME_CACHE)
def pascal_case(text: str) -> str:
    """'scimV2 user' -> 'ScimV2User'; keeps an existing capital run: 'SCIM' -> 'SCIM'."""
    if text.lower().startswith("urn:"):
        return "".join(w.capitalize() for w in _words(text))
    result = []
    for chunk in _NON_ALNUM.split(ascii_fold(text)):
        if chunk:
            result.append(chunk[0].upper() + chunk[1:])
    return "".join(result)


def upper_snake_case(text: str) -> str:
    """'userName' -> 'USER_NAME', for enum members."""
    return snake_case(text).upper()


def _safe(name: str, *, empty: str, digit_prefix: str, reserved: frozenset[str]) -> str:
    if not name:
        name = empty
    if name[0].isdigit():
        name = f"{digit_prefix}{name}"
    if name in PYTHON_KEYWORDS or name in reserved:
        name = f"{name}_"
    return name


def field_name(
    json_name: str, python_name: str | None = None, reserved: frozenset[str] = frozenset()
) -> str:
    """The attribute name of a model field (`reserved`: `Reserved.fields`)."""
    raw = python_name if python_name is not None else snake_case(json_name)
    return _safe(raw, empty="field", digit_prefix="field_", reserved=reserved)


def parameter_name(
    json_name: str, python_name: str | None = None, reserved: frozenset[str] = frozenset()
) -> str:
    """The argument name of an operation parameter: builtins such as `filter` and `id` are kept
    (they only shadow inside the method), keywords and `reserved` (`Reserved.parameters`) get a
    trailing underscore."""
    raw = python_name if python_name is not None else snake_case(json_name)
    return _safe(raw, empty="param", digit_prefix="param_", reserved=reserved)


def method_name(
    text: str, python_name: str | None = None, reserved: frozenset[str] = frozenset()
) -> str:
    """The method name of an operation (its operationId or SDK method name, or one derived from
    verb and path); `python_name`, an `x-python-name`, is taken as it is, but for keywords and
    `reserved` (`Reserved.methods`), which get a trailing underscore like any other name."""
    raw = python_name if python_name is not None else snake_case(text)
    return _safe(raw, empty="operation", digit_prefix="op_", reserved=reserved)


def class_name(text: str, reserved: frozenset[str] = frozenset()) -> str:
    """The class name of a model, enum or API class (`reserved`: `Reserved.classes`)."""
    name = pascal_case(text)
    return _safe(name, empty="Model", digit_prefix="Model", reserved=reserved)


_ENUM_NAMES = frozenset({"NAME", "VALUE"})


def enum_member_name(value: object, reserved: frozenset[str] = frozenset()) -> str:
    """The member name of an enum value: 'userName' -> 'USER_NAME', 1 -> 'VALUE_1', '' -> 'EMPTY'."""
    if isinstance(value, bool) or not isinstance(value, str):
        text = str(value).replace("-", "minus ").replace(".", " point ")
    else:
        text = value
    name = upper_snake_case(text)
    if not name:
        return "EMPTY" if value == "" else "VALUE"
    if name[0].isdigit():
        name = f"VALUE_{name}"
    if name in PYTHON_KEYWORDS or name.startswith("_") or name in _ENUM_NAMES or name in reserved:
        # `name` and `value` are Enum attributes; upper-case members cannot clash, but keep the
        # rule explicit for members that would read like them.
        name = f"{name}_"
    return name


# fullmatch, not match with `$`: `$` also matches before a final newline, and "x\n" is no name.
_PLAIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def is_plain_name(text: object) -> bool:
    """An ASCII identifier that is not a keyword and starts with a letter: what an `x-python-name`
    override must be (a leading underscore would make a field private to pydantic)."""
    return (
        isinstance(text, str) and bool(_PLAIN_NAME.fullmatch(text)) and text not in PYTHON_KEYWORDS
    )


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot be the generated package's name (it becomes a folder), or None."""
    if not is_plain_name(name) or name != name.lower():
        return "it must be a lower-case ASCII Python identifier (letters, digits, '_')"
    if name in WINDOWS_RESERVED_NAMES:
        return "it is a reserved device name on Windows"
    return None


class NameSpace:
    """One scope of Python names (a module, a class, a signature): hands out unique names.

    `claim(name)` returns `name` if it is free, else `name_2`, `name_3`, ... Clashes are decided
    case-insensitively when `fold_case` is set, for names that become files or that users type
    from documentation where case is easy to miss.
    """

    def __init__(self, taken: frozenset[str] = frozenset(), *, fold_case: bool = False) -> None:
        self._fold_case = fold_case
        self._taken = {self._key(n) for n in taken}
        # The next counter to try for each name claimed more than once: 50,000 names that fold to
        # one would otherwise try 2, 3, ... again on every claim (quadratic).
        self._next: dict[str, int] = {}

    def _key(self, name: str) -> str:
        return name.lower() if self._fold_case else name

    def is_free(self, name: str) -> bool:
        return self._key(name) not in self._taken

    def claim(self, name: str) -> str:
        candidate = name
        if not self.is_free(candidate):
            key = self._key(name)
            counter = self._next.get(key, 2)
            while True:
                candidate = f"{name}_{counter}" if not name.endswith("_") else f"{name}{counter}"
                counter += 1
                if self.is_free(candidate):
                    break
            self._next[key] = counter
        self._taken.add(self._key(candidate))
        return candidate


def assign_names(candidates: dict[str, list[str]], taken: frozenset[str]) -> dict[str, str]:
    """A class name for each key, from its candidates (its own name first, then names that say
    more about where it is used), so that the result depends on which keys want which names,
    never on the order in which they were met.

    Round by round, a name that exactly one key wants (and nobody has) is given to it; every key
    that shares its name with another, or wants a taken one, moves on to its next candidate. Keys
    left with one name and nothing further to try are numbered in the order of their keys:
    `Name`, `Name_2`, ... (by key, not by meeting: the keys are where the classes are declared).
    """
    level = dict.fromkeys(candidates, 0)
    used = set(taken)
    assigned: dict[str, str] = {}
    while len(assigned) < len(candidates):
        wanting: dict[str, list[str]] = {}
        for key in sorted(set(candidates) - set(assigned)):
            wanting.setdefault(candidates[key][level[key]], []).append(key)
        moved = False
        for name, keys in sorted(wanting.items()):
            if len(keys) == 1 and name not in used:
                assigned[keys[0]] = name
                used.add(name)
                continue
            for key in keys:
                if level[key] + 1 < len(candidates[key]):
                    level[key] += 1
                    moved = True
        if moved:
            continue
        # No one can move on: number those that still share a name (or want a taken one). One
        # namespace for all of them: a copy of `used` per name would make this quadratic.
        names = NameSpace(frozenset(used))
        for name, keys in sorted(wanting.items()):
            for key in keys:
                if key not in assigned:
                    assigned[key] = names.claim(name)
                    used.add(assigned[key])
    return assigned


# -- names derived from where things are: paths, parameters, operations ---------------------------

_NOT_PLURAL = frozenset({"series", "species", "news"})


def singular(word: str) -> str:
    """A plural English word made singular by the common rules only: 'attributes' -> 'attribute'.
    Words in -ss, -us, -is and -ics ('status', 'analytics') are taken as singular already."""
    if word in _NOT_PLURAL or word.endswith("ics"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


def path_nouns(path: str) -> list[list[str]]:
    """The segments of a path that name things, as words: `/api/v2/scim/v2/users/{userId}` ->
    [['scim'], ['users']]; `api`, version segments and `{templates}` name nothing."""
    nouns = []
    for segment in path.split("/"):
        if not segment or "{" in segment or segment.lower() == "api":
            continue
        if _VERSION.fullmatch(segment):
            continue
        found = words(segment)
        if found:
            nouns.append(found)
    return nouns


def parameter_enum_name(path: str, parameter: str, *, array: bool) -> str:
    """The name of an enum declared inline in a parameter: the nouns of its path, each made
    singular, then the parameter's name (made singular too if the parameter is an array).

    `attributes` of `/api/v2/scim/v2/users/{userId}` -> `ScimUserAttribute`. A path noun that the
    parameter's name starts with is not repeated: `schemaId` of `/api/v2/scim/schemas/{schemaId}`
    -> `ScimSchemaId`. Empty if the path names nothing.
    """
    nouns = [[*noun[:-1], singular(noun[-1])] for noun in path_nouns(path)]
    if not nouns:
        return ""
    own = words(parameter) or ["value"]
    if array:
        own = [*own[:-1], singular(own[-1])]
    while nouns and "".join(own).startswith("".join(nouns[-1])):
        nouns.pop()
    return pascal_case(" ".join([*(w for noun in nouns for w in noun), *own]))


def parameter_enum_fallback_name(method: str, parameter: str) -> str:
    """The name of a parameter's enum after where it is used (`getUsers`, `filter` ->
    `GetUsersFilter`), should another enum want its `parameter_enum_name`."""
    return pascal_case(" ".join([*words(method), *words(parameter)]))


def path_method_name(verb: str, path: str, reserved: frozenset[str] = frozenset()) -> str:
    """The method name of an operation with no name of its own: `get /users/{id}` ->
    `get_users_by_id`."""
    segments = [
        f"by {s[1:-1]}" if s.startswith("{") and s.endswith("}") else s
        for s in path.split("/")
        if s
    ]
    return method_name(" ".join([verb, *segments]), reserved=reserved)


def iterator_name(method: str) -> str:
    """The paging helper of a list method: `get_users` -> `iter_users`."""
    return "iter_" + method.removeprefix("get_")


def endpoint_constant(method: str) -> str:
    """The `_endpoints.py` constant of a method: `get_users` -> `GET_USERS`."""
    return method.upper()


def endpoint_constant_apart(constant: str) -> str:
    """An endpoint constant that would take a class's or the module's own name, made another."""
    return f"{constant}_ENDPOINT"


MAX_SERVICE_NAME = 64
"""API class names name files (docs/<name>.md): short enough for any file system and checkout."""


def service_class_name(tag: str, reserved: frozenset[str] = frozenset()) -> str:
    """The API class of a tag: `Users` -> `UsersApi` (see `short_service_name`)."""
    return class_name(f"{tag} Api", reserved)


def short_service_name(name: str) -> str:
    """An API class name cut to MAX_SERVICE_NAME characters, keeping its `Api`."""
    return name if len(name) <= MAX_SERVICE_NAME else name[: MAX_SERVICE_NAME - 3] + "Api"


def async_class_name(name: str) -> str:
    """The async twin of an API class: `UsersApi` -> `AsyncUsersApi`."""
    return "Async" + name


def words_name(text: str) -> str:
    """A spec name's words as one PascalCase name part: `user-name` -> `UserName`."""
    return pascal_case(" ".join(words(text)))
