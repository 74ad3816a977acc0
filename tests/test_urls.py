"""Nothing in a spec reaches past the API's own host: path keys and server URLs are checked by the
normalizer, and the generated client refuses any URL that would leave the base URL it was given."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from genesys_cloud_scim import Client
from genesys_cloud_scim._endpoint import Endpoint

from generator import load, normalize, wire
from generator.diagnostics import GeneratorError


def document(paths: dict[str, Any], **top: Any) -> load.LoadedSpec:
    text = json.dumps(
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, **top}
    )
    return load.load_text("spec.json", text)


OK = {"get": {"operationId": "getA", "responses": {"200": {"description": "ok"}}}}


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        (".attacker.example/x", "must start with '/'"),
        ("@attacker.example/x", "must start with '/'"),
        (":8443/x", "must start with '/'"),
        ("x", "must start with '/'"),
        ("", "must start with '/'"),
        ("//attacker.example/x", "'//'"),
        ("/a/../b", "'..' segments"),
        ("/a/./b", "'..' segments"),
        ("/a/%2e%2E/b", "'..' segments"),
        ("/a/..?b=1", "'..' segments"),
        ("/a/..#b", "'..' segments"),
        ("//attacker.example?b=1", "'//'"),
        ("/a?b={c}", "{templates}"),
        ("/a?b=c d", "' '"),
        ("/a?b=\r\n", "'\\r'"),
        ("/a\\b", "'\\\\'"),
        ("/a b", "' '"),
        ("/a\r\nHost: x", "'\\r'"),
        ("/a/%zz", "'%'"),
        ("/a/{id", "'{'"),
    ],
)
def test_path_keys_that_could_leave_the_host_are_refused(path: str, problem: str) -> None:
    target = wire.request_target(path)
    found = wire.path_problem(target.path) or wire.query_problem(target.query_text)
    assert problem in (found or "")
    with pytest.raises(GeneratorError) as raised:
        normalize.normalize(document({path: OK}), normalize.Settings())
    assert any(problem in d.message for d in raised.value.diagnostics)


@pytest.mark.parametrize(
    ("key", "path", "query"),
    [
        ("/a?b=1", "/a", (("b", "1"),)),
        ("/a?b=1&c&d=%26", "/a", (("b", "1"), ("c", ""), ("d", "&"))),
        ("/a#b", "/a", ()),
        ("/a?b=1#c?d=2", "/a", (("b", "1"),)),
    ],
)
def test_a_path_key_s_query_is_sent_and_its_fragment_dropped(
    key: str, path: str, query: tuple[tuple[str, str], ...]
) -> None:
    target = wire.request_target(key)
    assert (target.path, target.query) == (path, query)
    api, warnings = normalize.normalize(document({key: OK}), normalize.Settings())
    [operation] = api.operations
    assert (operation.path, operation.request_path, operation.fixed_query) == (key, path, query)
    assert [w.message.split(":")[0] for w in warnings] == [
        f"the path key {key!r} is not a plain path"
    ]


@pytest.mark.parametrize(
    "path", ["/", "/a", "/a/{id}/b", "/a:b@c!$&'()*+,;=-._~", "/a%20b", "/{a}{b}", "/a/.../b"]
)
def test_url_paths_are_accepted(path: str) -> None:
    assert wire.path_problem(path) is None


def test_an_unselected_broken_path_is_not_reported() -> None:
    paths = {
        "x/evil": {"get": {**OK["get"], "operationId": "evil", "tags": ["Other"]}},
        "/a": {"get": {**OK["get"], "tags": ["Mine"]}},
    }
    api, warnings = normalize.normalize(document(paths), normalize.Settings(tags=("Mine",)))
    assert [op.name for op in api.operations] == ["get_a"] and not warnings


@pytest.mark.parametrize(
    ("server", "expected"),
    [
        ({"url": "https://api.example.com/v2/"}, "https://api.example.com/v2"),
        ({"url": "http://127.0.0.1:8080"}, "http://127.0.0.1:8080"),
        ({"url": "https://[::1]:8443/api"}, "https://[::1]:8443/api"),
        (
            {
                "url": "https://{region}.example.com/{v}",
                "variables": {"region": {"default": "eu"}, "v": {"default": "v2"}},
            },
            "https://eu.example.com/v2",
        ),
        ({"url": "/"}, None),
        ({"url": "/api/v2"}, None),
        ({"url": "https://user:pw@api.example.com"}, None),
        ({"url": "javascript:alert(1)"}, None),
        ({"url": "file:///etc/passwd"}, None),
        ({"url": "https://"}, None),
        ({"url": "https://api.example.com?x=1"}, None),
        ({"url": "https://api.example.com/#frag"}, None),
        ({"url": "https://api.example.com:99999"}, None),
        ({"url": 'https://api.example.com/"); import os'}, None),
        ({"url": "https://exa mple.com"}, None),
        ({"url": "https://{host}/x"}, None),
    ],
)
def test_only_http_urls_of_a_host_become_the_default_base_url(
    server: dict[str, Any], expected: str | None
) -> None:
    api, warnings = normalize.normalize(
        document({"/a": OK}, servers=[server]), normalize.Settings()
    )
    assert api.server_url == expected
    assert bool(warnings) == (expected is None and server["url"] != "/")
    assert all("pw" not in d.message for d in warnings)


# -- the generated client: defence in depth --------------------------------------------------------


def _client(base_url: str, sent: list[httpx.URL]) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Client(base_url=base_url, access_token="secret-token", http_client=http)


def _endpoint(path: str) -> Endpoint[None]:
    return Endpoint(name="probe", method="GET", path=path, params=(), response=None)


LEAVING = [
    ("https://api.test", ".attacker.example/x"),
    ("https://api.test", "@attacker.example/x"),
    ("https://api.test", ":8443/x"),
    ("https://api.test", "x"),
    ("https://api.test/api/v2", ".attacker.example/x"),
    ("https://api.test/api/v2", "@attacker.example/x"),
    ("https://api.test/api/v2", "/../../x"),
    ("https://api.test/api/v2", "/a/../../../x"),
]


@pytest.mark.parametrize(("base", "path"), LEAVING)
def test_no_endpoint_path_changes_the_scheme_host_or_port(base: str, path: str) -> None:
    sent: list[httpx.URL] = []
    client = _client(base, sent)
    with pytest.raises(ValueError, match="would leave"):
        client.call(_endpoint(path), {})
    assert sent == []


def test_paths_are_added_under_the_base_url() -> None:
    sent: list[httpx.URL] = []
    client = _client("https://api.test/api/v2/", sent)
    client.call(_endpoint("/scim/v2/Users"), {})
    client.call(_endpoint("//not-a-host/x"), {})
    assert [str(u) for u in sent] == [
        "https://api.test/api/v2/scim/v2/Users",
        "https://api.test/api/v2//not-a-host/x",
    ]
    assert all(u.host == "api.test" for u in sent)
