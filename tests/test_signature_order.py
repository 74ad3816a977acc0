"""Generated methods take their arguments in the order the IR decides once (`Operation.arguments`),
and the paging helpers work whatever the spec documents: corpus specs generated, imported and
called against httpx.MockTransport."""

from __future__ import annotations

import ast
import importlib
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import parse_qs

import httpx
import pytest
from codecheck import build
from conftest import padded_package

from generator import write

SPECS = Path(__file__).parent / "specs"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], ModuleType]]:
    """Generate a corpus spec, and import its package's `api` module."""
    root = tmp_path_factory.mktemp("order")
    sys.path.insert(0, str(root))
    packages: list[str] = []

    def api_of(stem: str) -> ModuleType:
        package = padded_package("order_" + stem)
        built = build(SPECS / f"{stem}.yaml", package)
        assert built.files is not None, built.diagnostics
        write.write_tree(built.files, root / stem)
        sys.path.insert(0, str(root / stem))
        packages.append(package)
        return importlib.import_module(f"{package}.api")

    yield api_of
    sys.path[:] = [p for p in sys.path if not p.startswith(str(root))]
    for name in [m for m in sys.modules if m.split(".")[0] in packages]:
        del sys.modules[name]


def _client(api: ModuleType, handler: Callable[[httpx.Request], httpx.Response]) -> object:
    client_module = importlib.import_module(api.__name__.rsplit(".", 1)[0] + "._client")
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return client_module.Client(
        base_url="https://api.example.test", access_token="t0ken", http_client=http
    )


def test_two_path_parameters_are_taken_in_the_paths_order(
    generated: Callable[[str], ModuleType],
) -> None:
    api = generated("two_path_parameters")
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, json={"id": "u"})

    user = api.DefaultApi(_client(api, handler)).get_user("o", "u")
    assert seen == ["/orgs/o/users/u"]
    assert user.id == "u"


def test_paging_without_documented_defaults_starts_at_1_with_pages_of_its_own_size(
    generated: Callable[[str], ModuleType],
) -> None:
    api = generated("paging_without_defaults")
    asked: list[tuple[str, str]] = []
    users = [{"id": f"u{i}"} for i in range(1, 251)]

    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.url.query.decode())
        start, count = query["startIndex"][0], query["count"][0]
        asked.append((start, count))
        page = users[int(start) - 1 : int(start) - 1 + int(count)]
        return httpx.Response(200, json={"totalResults": len(users), "Resources": page})

    found = [user.id for user in api.DefaultApi(_client(api, handler)).iter_users()]
    assert found == [user["id"] for user in users]
    assert asked == [("1", "100"), ("101", "100"), ("201", "100")]


def test_a_paging_helper_never_takes_an_operations_name(
    generated: Callable[[str], ModuleType],
) -> None:
    api = generated("paging_helper_name_taken")
    tree = ast.parse(Path(api.__file__ or "").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = [
                item.name
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
            ]
            assert len(names) == len(set(names)), node.name
            assert {"get_users", "iter_users", "iter_users_2"} <= set(names)
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        if request.url.path == "/users/iter":
            return httpx.Response(200)
        return httpx.Response(200, json={"totalResults": 1, "Resources": [{"id": "u1"}]})

    default_api = api.DefaultApi(_client(api, handler))
    assert default_api.iter_users() is None  # the operation, not the helper
    assert [user.id for user in default_api.iter_users_2()] == ["u1"]
    assert asked == ["/users/iter", "/users"]
