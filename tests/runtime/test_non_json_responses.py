"""Operations whose success is not JSON (the vendor's text/plain templates, binary media): the
body is returned as it comes, and the request asks for that media type."""

from __future__ import annotations

import httpx
from genesys_cloud_scim._endpoint import Endpoint, Param, build_request, read_response


def _endpoint(response: type, response_format: str, accept: str) -> Endpoint[object]:
    return Endpoint(
        name="get_template",
        method="GET",
        path="/templates/{name}",
        params=(Param("name", "path"),),
        response=response,
        response_format=response_format,  # type: ignore[arg-type]
        accept=accept,
    )


def _answer(content: bytes, media_type: str) -> httpx.Response:
    return httpx.Response(
        200,
        content=content,
        headers={"Content-Type": media_type},
        request=httpx.Request("GET", "http://x/templates/a"),
    )


def test_text_is_returned_as_str_and_asked_for() -> None:
    endpoint = _endpoint(str, "text", "text/plain")
    assert build_request(endpoint, {"name": "a"}).headers["Accept"] == "text/plain"
    text = "{{ not json }}\nline two ✓"
    answer = _answer(text.encode(), "text/plain; charset=utf-8")
    assert read_response(endpoint, answer) == text


def test_anything_else_is_returned_as_bytes() -> None:
    endpoint = _endpoint(bytes, "bytes", "application/octet-stream, audio/ogg")
    assert build_request(endpoint, {"name": "a"}).headers["Accept"] == (
        "application/octet-stream, audio/ogg"
    )
    data = bytes(range(256))
    assert read_response(endpoint, _answer(data, "audio/ogg")) == data


def test_json_operations_keep_the_client_s_accept_header() -> None:
    endpoint: Endpoint[None] = Endpoint(name="x", method="GET", path="/x", params=(), response=None)
    assert "Accept" not in build_request(endpoint, {}).headers
