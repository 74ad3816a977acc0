"""Requests as a real server receives them: a package generated from the corpus case
`form_and_multipart_bodies.yaml` sends forms, multipart bodies with file parts, text and bytes to
the loopback fault server, which records the bytes on the wire; they are read back with the
standard library's own parsers (urllib for forms, email for multipart). One generated from
`path_key_query_fragment.yaml` sends the path its odd path keys stand for."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import io
import sys
from collections.abc import Iterator
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import pytest
from codecheck import build, write_package
from conftest import padded_package

from .conftest import FIXED_TOKEN
from .servers import FaultServer, Reply, Seen

SPECS = Path(__file__).parent.parent / "specs"


@contextlib.contextmanager
def generated(spec: Path, package: str, folder: Path) -> Iterator[ModuleType]:
    """The package generated from `spec`, imported (and forgotten afterwards)."""
    built = build(spec, package)
    assert built.files is not None, built.diagnostics
    write_package(built.files, folder)
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    with generated(
        SPECS / "form_and_multipart_bodies.yaml",
        padded_package("e2e_request_bodies"),
        tmp_path_factory.mktemp("bodies"),
    ) as module:
        yield module


@pytest.fixture
def api(package: ModuleType, faults: FaultServer) -> Iterator[Any]:
    faults.script(Reply(status=204))
    with package.Client(base_url=faults.url, access_token=FIXED_TOKEN, timeout=2.0) as client:
        yield package.DefaultApi(client)


def models(package: ModuleType) -> Any:
    return importlib.import_module(f"{package.__name__}.models")


def only_request(faults: FaultServer) -> Seen:
    assert len(faults.log.requests) == 1
    return faults.log.requests[0]


def parts(seen: Seen) -> list[Message]:
    head = f"Content-Type: {seen.headers['content-type']}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + seen.body)
    assert message.is_multipart()
    return list(message.iter_parts())  # type: ignore[attr-defined]


def test_a_form_body_is_sent_url_encoded_from_its_model(
    package: ModuleType, api: Any, faults: FaultServer
) -> None:
    m = models(package)
    body = m.CreateTokenBody(
        grant_type=m.CreateTokenBodyGrantType.CLIENT_CREDENTIALS,
        scope=["read users", "write&groups"],
        remember=True,
    )
    api.create_token(body)
    seen = only_request(faults)
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert seen.body == (
        b"grant_type=client_credentials&remember=true&scope=read+users&scope=write%26groups"
    )
    assert parse_qsl(seen.body.decode()) == [
        ("grant_type", "client_credentials"),
        ("remember", "true"),
        ("scope", "read users"),
        ("scope", "write&groups"),
    ]


def test_a_dict_form_body_is_validated_and_fields_not_given_are_not_sent(
    api: Any, faults: FaultServer
) -> None:
    api.create_token({"grant_type": "refresh_token"})
    assert only_request(faults).body == b"grant_type=refresh_token"
    faults.log.clear()
    with pytest.raises(ValueError, match="grant_type"):
        api.create_token({"grant_type": "password"})
    assert faults.log.requests == []


def test_multipart_parts_carry_filenames_and_content_types(
    package: ModuleType, api: Any, faults: FaultServer
) -> None:
    m = models(package)
    upload = m.Upload(
        file=("report.csv", b"a,b\n1,2\n", "text/csv"),
        attachments=[b"\x00\x01raw", io.BytesIO(b"from a file object")],
        attributes=m.UploadAttributes(name="report", parent_id=7),
        tag="q3",
    )
    api.upload_file(upload)
    seen = only_request(faults)
    assert seen.headers["content-type"].startswith("multipart/form-data; boundary=")
    found = [
        (
            part.get_param("name", header="content-disposition"),
            part.get_filename(),
            part.get_content_type() if part.get("content-type") else None,
            part.get_payload(decode=True),
        )
        for part in parts(seen)
    ]
    # Fields first (an API such as Box wants its JSON attributes before the file), then files.
    assert found == [
        ("attributes", None, None, b'{"name":"report","parent_id":7}'),
        ("tag", None, None, b"q3"),
        ("attachments", "upload", "application/octet-stream", b"\x00\x01raw"),
        ("attachments", "upload", "application/octet-stream", b"from a file object"),
        ("file", "report.csv", "text/csv", b"a,b\n1,2\n"),
    ]


def test_a_file_part_takes_only_what_httpx_can_send(package: ModuleType) -> None:
    m = models(package)
    with pytest.raises(ValueError, match="a file is bytes, a binary file object"):
        m.Upload(file=12)
    with pytest.raises(ValueError, match="a file is bytes"):
        m.Upload(file=("name", ("nested", b"x")))


def test_text_is_preferred_last_and_bytes_are_sent_as_they_are(
    package: ModuleType, api: Any, faults: FaultServer
) -> None:
    # /notes takes text/plain, multipart and a form: the form is chosen.
    api.put_note(body=models(package).PutNoteBody(text="été ✓"))
    seen = only_request(faults)
    assert seen.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qsl(seen.body.decode()) == [("text", "été ✓")]
    faults.log.clear()
    api.put_blob(bytes(range(256)))
    seen = only_request(faults)
    assert seen.headers["content-type"] == "application/octet-stream"
    assert seen.body == bytes(range(256))
    with pytest.raises(TypeError, match="body must be bytes"):
        api.put_blob("not bytes")


def test_an_optional_body_left_out_sends_nothing(api: Any, faults: FaultServer) -> None:
    api.put_note()
    seen = only_request(faults)
    assert seen.body == b""
    assert "content-type" not in seen.headers


def test_json_is_preferred_over_a_form(api: Any, faults: FaultServer) -> None:
    api.post_both({"name": "x"})
    seen = only_request(faults)
    assert seen.headers["content-type"] == "application/scim+json"
    assert seen.body == b'{"name":"x"}'


def test_the_docstring_says_which_media_type_is_sent(package: ModuleType) -> None:
    doc = " ".join((package.DefaultApi.put_note.__doc__ or "").split())
    assert "Sent as form fields (application/x-www-form-urlencoded)." in doc
    assert "The API also takes multipart/form-data, text/plain: not sent by this client." in doc
    upload = " ".join((package.DefaultApi.upload_file.__doc__ or "").split())
    assert "Sent as form fields and file parts (multipart/form-data)." in upload


def test_a_path_key_s_query_is_sent_and_its_fragment_is_not(
    faults: FaultServer, tmp_path: Path
) -> None:
    faults.script(Reply(status=204))
    package = padded_package("e2e_path_keys")
    with (
        generated(SPECS / "path_key_query_fragment.yaml", package, tmp_path) as module,
        module.Client(base_url=faults.url, access_token=FIXED_TOKEN, timeout=2.0) as client,
    ):
        api = module.DefaultApi(client)
        api.refresh_token()
        api.get_full_item("a b/c")
    first, second = faults.log.requests
    assert (first.method, first.raw_path, first.query) == ("POST", "/token", "")
    assert (second.raw_path, second.query) == ("/items/a%20b%2Fc", "view=full&beta=")


def test_the_async_client_sends_the_same_multipart_body(
    package: ModuleType, faults: FaultServer
) -> None:
    faults.script(Reply(status=204))
    m = models(package)

    async def main() -> None:
        async with package.AsyncClient(
            base_url=faults.url, access_token=FIXED_TOKEN, timeout=2.0
        ) as client:
            await package.AsyncDefaultApi(client).upload_file(
                m.Upload(file=("a.txt", io.BytesIO(b"hello"), "text/plain"))
            )

    asyncio.run(main())
    [part] = parts(only_request(faults))
    assert (part.get_filename(), part.get_content_type()) == ("a.txt", "text/plain")
    assert part.get_payload(decode=True) == b"hello"
