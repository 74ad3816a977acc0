"""Loopback servers for the end-to-end tests: scim2-server (a SCIM server this project did not
write) mounted where Genesys Cloud serves SCIM, an OAuth2 token endpoint, and a scripted fault
server. Each runs in a thread on 127.0.0.1 with a free port and is stopped by its fixture."""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

import trustme
from scim2_models import ResourceType, Schema, ScimProvider, ServiceProviderConfig
from scim2_server.applications.wsgi import WSGIApplication
from scim2_server.memory import InMemoryStorage
from scim2_server.service import ScimService
from scim2_server.utils import (
    load_default_resource_types,
    load_default_schemas,
    load_default_service_provider_config,
)

GENESYS_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User"
SCIM_ROOT = "/api/v2/scim"
"""Where Genesys Cloud serves SCIM: `/api/v2/scim/v2/...`, and the older paths without `/v2`."""
DISCOVERY = {
    "serviceproviderconfig": "ServiceProviderConfig",
    "resourcetypes": "ResourceTypes",
    "schemas": "Schemas",
}
"""The vendor's lower-case discovery paths, and the names RFC 7644 (and scim2-server) use."""

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@dataclass(frozen=True)
class Seen:
    """One request as the server received it, before any decoding."""

    method: str
    raw_path: str
    """The request target's path, exactly as sent (still percent-encoded)."""
    query: str
    headers: dict[str, str]
    """Lower-case names."""
    body: bytes


@dataclass
class RequestLog:
    requests: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seen: Seen) -> None:
        with self.lock:
            self.requests.append(seen)

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()

    def count(self, method: str | None = None, path_contains: str = "") -> int:
        with self.lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r.method == method) and path_contains in r.raw_path
            )


# ---- the thread running a server ------------------------------------------------------------


class _QuietWSGIHandler(WSGIRequestHandler):
    def get_environ(self) -> dict[str, Any]:
        environ: dict[str, Any] = super().get_environ()
        environ["RAW_URI"] = self.path
        environ["RAW_HEADERS"] = {k.lower(): v for k, v in self.headers.items()}
        return environ

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 512
    allow_reuse_address = True


class Running:
    """A server running in a thread; `url` is its base URL; `stop()` shuts it down and joins."""

    def __init__(self, server: Any) -> None:
        self.server = server
        host, port = server.server_address[:2]
        self.url = f"http://{host}:{port}"
        self.thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class _LoopbackHTTPServer(ThreadingHTTPServer):
    """The scripted servers' own: a thread a connection, none kept at exit."""

    daemon_threads = True
    request_queue_size = 128


class _QuietHTTPHandler(BaseHTTPRequestHandler):
    """HTTP/1.1 (kept-alive connections), logging nothing."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve_wsgi(app: WSGIApp) -> Running:
    server = _ThreadingWSGIServer(("127.0.0.1", 0), _QuietWSGIHandler)
    server.set_app(app)
    return Running(server)


# ---- scim2-server, mounted like Genesys Cloud -------------------------------------------------


def genesys_user_schema() -> Schema:
    """The vendor's user extension (routing skills and languages), as a SCIM schema."""

    def proficiency_list(name: str, description: str) -> dict[str, Any]:
        return {
            "name": name,
            "type": "complex",
            "multiValued": True,
            "description": description,
            "required": False,
            "mutability": "readWrite",
            "returned": "default",
            "subAttributes": [
                {"name": "name", "type": "string", "multiValued": False, "required": True,
                 "caseExact": False, "mutability": "readWrite", "returned": "default",
                 "uniqueness": "none"},
                {"name": "proficiency", "type": "decimal", "multiValued": False,
                 "required": False, "mutability": "readWrite", "returned": "default"},
            ],
        }  # fmt: skip

    return Schema.model_validate(
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
            "id": GENESYS_USER_SCHEMA,
            "name": "GenesysUser",
            "description": "Genesys Cloud user extension",
            "attributes": [
                proficiency_list("routingSkills", "The routing skills of the user."),
                proficiency_list("routingLanguages", "The routing languages of the user."),
            ],
        }
    )


def build_scim_app(*, max_results: int | None = None) -> WSGIApplication:
    """scim2-server's WSGI app over a new in-memory store, knowing the vendor's user extension."""
    provider = _provider(max_results)
    return WSGIApplication(InMemoryStorage(), provider, ScimService(provider, secret="test"))


@functools.cache
def _provider(max_results: int | None) -> ScimProvider:
    """The description of the service (built once: it builds pydantic models, which is slow)."""
    schemas = [*load_default_schemas().values(), genesys_user_schema()]
    resource_types = []
    for resource_type in load_default_resource_types().values():
        data = resource_type.model_dump()
        if data["id"] == "User":
            data["schemaExtensions"].append({"schema": GENESYS_USER_SCHEMA, "required": False})
        resource_types.append(ResourceType.model_validate(data))
    config: ServiceProviderConfig = load_default_service_provider_config()
    if max_results is not None:
        assert config.filter is not None
        config.filter.max_results = max_results
    return ScimProvider.from_discovery(schemas, resource_types, config=config)


def _json_response(
    start_response: Callable[..., Any],
    status: str,
    body: object,
    headers: Iterable[tuple[str, str]] = (),
) -> list[bytes]:
    content = json.dumps(body).encode()
    start_response(
        status,
        [
            ("Content-Type", "application/scim+json"),
            ("Content-Length", str(len(content))),
            *headers,
        ],
    )
    return [content]


class GenesysMount:
    """WSGI middleware putting a SCIM app where Genesys Cloud serves SCIM.

    * strips `/api/v2/scim/v2` (or `/api/v2/scim`) and maps the vendor's lower-case discovery
      paths to the RFC names (scim2-server matches those case-sensitively);
    * refuses a request without one of `tokens` as its bearer token (401, SCIM error body);
    * records every request (raw path, headers, body) in `log`;
    * with `vendor_style=True`, answers the way Genesys Cloud documents rather than the RFC: a
      stale `If-Match` gives 400 `invalidVers` (not 412), PATCH answers 200 with the resource (not
      204), and error `status` is a string.
    """

    def __init__(self, app: WSGIApp, tokens: set[str], log: RequestLog) -> None:
        self.app = app
        self.tokens = tokens
        self.log = log
        self.vendor_style = False

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        headers: dict[str, str] = environ["RAW_HEADERS"]
        raw = environ.get("RAW_URI", environ.get("PATH_INFO", ""))
        raw_path, _, query = raw.partition("?")
        self.log.add(Seen(environ["REQUEST_METHOD"], raw_path, query, headers, body))

        scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
        if scheme.lower() != "bearer" or token not in self.tokens:
            return _json_response(
                start_response,
                "401 Unauthorized",
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "401",
                 "detail": "Authentication required"},
                [("WWW-Authenticate", "Bearer")],
            )  # fmt: skip

        path = environ.get("PATH_INFO", "")
        if not (path == SCIM_ROOT or path.startswith(SCIM_ROOT + "/")):
            return _json_response(start_response, "404 Not Found", {"detail": "not SCIM"})
        # Mounted at /api/v2/scim: scim2-server takes an optional /v2 itself, which serves both
        # /api/v2/scim/v2/users (SCIM 2.0) and the older /api/v2/scim/users.
        environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + SCIM_ROOT
        segments = path.removeprefix(SCIM_ROOT).split("/")
        at = 2 if len(segments) > 2 and segments[1] == "v2" else 1
        if len(segments) > at and segments[at].lower() in DISCOVERY:
            segments[at] = DISCOVERY[segments[at].lower()]
        environ["PATH_INFO"] = "/".join(segments)
        environ["wsgi.input"] = _Body(body)

        if not self.vendor_style:
            return self.app(environ, start_response)
        return self._vendor(environ, start_response)

    def _vendor(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        status, headers, content = _call(self.app, environ)
        code = int(status.split()[0])
        if code == 412:
            return _json_response(
                start_response,
                "400 Bad Request",
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400",
                 "scimType": "invalidVers", "detail": "The version does not match."},
            )  # fmt: skip
        if code >= 400 and content:
            error = json.loads(content)
            error["status"] = str(error.get("status", code))
            return _json_response(start_response, status, error)
        if code == 204 and environ["REQUEST_METHOD"] == "PATCH":
            get = dict(environ, REQUEST_METHOD="GET", CONTENT_LENGTH="", QUERY_STRING="")
            get.pop("HTTP_IF_MATCH", None)
            get["wsgi.input"] = _Body(b"")
            status, headers, content = _call(self.app, get)
        start_response(status, headers)
        return [content]


class _Body:
    def __init__(self, content: bytes) -> None:
        self.content = content
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.content) if size is None or size < 0 else self.offset + size
        chunk = self.content[self.offset : end]
        self.offset += len(chunk)
        return chunk


def _call(app: WSGIApp, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    captured: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
        captured["status"], captured["headers"] = status, headers

    content = b"".join(app(environ, start_response))
    return captured["status"], captured["headers"], content


# ---- the OAuth2 token endpoint ----------------------------------------------------------------


class TokenEndpoint:
    """`POST /oauth/token` (client credentials, HTTP Basic), issuing `token-N` tokens.

    Issued tokens are added to `valid` (the set the SCIM mount accepts); `fetches` counts the
    tokens issued; `expires_in` is what the next answers announce; `delay` slows every answer;
    `issue(n)` makes the n-th token (a hostile endpoint puts a line break in it).
    """

    def __init__(self, client_id: str, client_secret: str, valid: set[str]) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.valid = valid
        self.expires_in: float = 3600
        self.delay = 0.0
        self.fetches = 0
        self.lock = threading.Lock()
        self.forms: list[str] = []
        self.issue: Callable[[int], str] = lambda n: f"token-{n}"

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = environ["wsgi.input"].read(length).decode()
        if environ.get("PATH_INFO") != "/oauth/token" or environ["REQUEST_METHOD"] != "POST":
            return _json_response(start_response, "404 Not Found", {"error": "not_found"})
        expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if environ.get("HTTP_AUTHORIZATION") != f"Basic {expected}":
            return _json_response(
                start_response,
                "401 Unauthorized",
                {"error": "invalid_client", "error_description": "client not found"},
            )
        if self.delay:
            time.sleep(self.delay)
        with self.lock:
            self.forms.append(form)
            self.fetches += 1
            token = self.issue(self.fetches)
            self.valid.add(token)
        return _json_response(
            start_response,
            "200 OK",
            {"access_token": token, "token_type": "bearer", "expires_in": self.expires_in},
        )


# ---- the fault server ---------------------------------------------------------------------------


@dataclass
class Reply:
    """One scripted answer: a status, headers and body; or `drop` the connection unanswered; or
    `delay` seconds first. A hostile answer may also trickle (`trickle` seconds between the
    bytes of its body, or of its status line and headers too with `trickle_head`), or stream a
    body produced as it is sent (`stream`: chunked, unless `length` declares a size)."""

    status: int = 200
    body: bytes | str | dict[str, Any] | list[Any] = b""
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False
    delay: float = 0.0
    trickle: float = 0.0
    trickle_head: bool = False
    stream: Callable[[], Iterable[bytes]] | None = None
    length: int | None = None

    def content(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


@dataclass(frozen=True)
class Sent:
    """What the server managed to send of one answer: `complete` is False when the client
    closed the connection before the end (or the server stopped an endless body)."""

    body_bytes: int
    complete: bool


class FaultServer:
    """An HTTP/1.1 server answering each request with the next scripted `Reply` (the last one is
    repeated), or with what `answer_with(function)` computes from the request; recording what it
    received (`log`) and what it sent (`sent`). Runs in a thread; `url`, `stop()`."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.answer: Callable[[Seen], Reply] | None = None
        self.log = RequestLog()
        self.sent: list[Sent] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        outer = self

        class Handler(_QuietHTTPHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path, _, query = self.path.partition("?")
                headers = {k.lower(): v for k, v in self.headers.items()}
                seen = Seen(self.command, path, query, headers, body)
                outer.log.add(seen)
                reply = outer.next_reply(seen)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.drop:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if reply.trickle or reply.stream is not None:
                    self.close_connection = True
                    outer.record(outer.write_slowly(self.wfile, reply))
                    return
                content = reply.content()
                self.send_response(reply.status)
                headers = {"Content-Type": "application/scim+json", **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                try:
                    self.wfile.write(content)
                except OSError:
                    outer.record(Sent(0, complete=False))
                else:
                    outer.record(Sent(len(content), complete=True))

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self.running = Running(_LoopbackHTTPServer(("127.0.0.1", 0), Handler))
        self.url = self.running.url

    def script(self, *replies: Reply) -> None:
        with self.lock:
            self.replies = list(replies)
            self.answer = None
            self.sent.clear()
        self.log.clear()

    def answer_with(self, answer: Callable[[Seen], Reply]) -> None:
        """Answer every request with `answer(request)` (a server that computes its pages)."""
        with self.lock:
            self.answer = answer
            self.sent.clear()
        self.log.clear()

    def next_reply(self, seen: Seen) -> Reply:
        with self.lock:
            if self.answer is not None:
                answer = self.answer
            elif not self.replies:
                return Reply(500, {"detail": "nothing scripted"})
            else:
                return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]
        return answer(seen)

    def record(self, sent: Sent) -> None:
        with self.lock:
            self.sent.append(sent)

    def write_slowly(self, wfile: Any, reply: Reply) -> Sent:
        """Write a trickled or streamed answer; stop when the client goes away."""
        headers = {"Content-Type": "application/scim+json", **reply.headers}
        body: Iterable[bytes]
        if reply.stream is not None:
            body = reply.stream()
            if reply.length is not None:
                headers["Content-Length"] = str(reply.length)
            else:
                headers["Transfer-Encoding"] = "chunked"
        else:
            content = reply.content()
            headers["Content-Length"] = str(len(content))
            body = (content[i : i + 1] for i in range(len(content)))
        head = f"HTTP/1.1 {reply.status} Scripted\r\n" + "".join(
            f"{name}: {value}\r\n" for name, value in headers.items()
        )
        chunked = headers.get("Transfer-Encoding") == "chunked"
        sent = 0
        try:
            if reply.trickle_head:
                for byte in (head + "\r\n").encode():
                    wfile.write(bytes([byte]))
                    wfile.flush()
                    time.sleep(reply.trickle)
            else:
                wfile.write((head + "\r\n").encode())
            for piece in body:
                if self.stopping.is_set():
                    return Sent(sent, complete=False)
                wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                wfile.flush()
                sent += len(piece)
                if reply.trickle:
                    time.sleep(reply.trickle)
            if chunked:
                wfile.write(b"0\r\n\r\n")
            wfile.flush()
        except OSError:  # the client closed the connection
            return Sent(sent, complete=False)
        return Sent(sent, complete=True)

    def stop(self) -> None:
        self.stopping.set()
        self.running.stop()


# ---- a server that sends any bytes at all ---------------------------------------------------------


class RawServer:
    """Answers every request with the bytes `answer` holds (a status line, headers and body as
    they should, or should not, be), then closes the connection. For the property test that
    throws arbitrary answers at the client. Runs in a thread; `url`, `stop()`."""

    def __init__(self) -> None:
        self.answer = b"HTTP/1.1 500 Nothing scripted\r\nContent-Length: 0\r\n\r\n"
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def handle(self) -> None:
                with contextlib.suppress(OSError):
                    head = b""
                    while b"\r\n\r\n" not in head:
                        data = self.connection.recv(65536)
                        if not data:
                            return
                        head += data
                    header_block, _, body = head.partition(b"\r\n\r\n")
                    for line in header_block.split(b"\r\n"):
                        name, _, value = line.partition(b":")
                        if name.strip().lower() == b"content-length":
                            missing = int(value) - len(body)
                            while missing > 0:
                                data = self.connection.recv(missing)
                                if not data:
                                    return
                                missing -= len(data)
                    outer.requests += 1
                    self.connection.sendall(outer.answer)
                    self.connection.shutdown(socket.SHUT_WR)

        self.running = Running(_LoopbackHTTPServer(("127.0.0.1", 0), Handler))
        self.url = self.running.url

    def stop(self) -> None:
        self.running.stop()


# ---- the vendor's hosts, on this machine ------------------------------------------------------


class VendorHosts:
    """An HTTPS proxy on 127.0.0.1 that answers for the vendor's hosts: it takes the `CONNECT`
    of a host in `hosts` (`api.mypurecloud.com` -> a running server), speaks TLS with a
    certificate `trustme` issued for those names, and hands each decrypted connection to that
    host's server. Any other host is refused (403), so nothing leaves this machine.

    A program run with `HTTPS_PROXY=url` and `SSL_CERT_FILE=ca_file` (which httpx honours)
    reaches the loopback servers while it names the vendor's hosts: the docs' examples run
    exactly as a user reads them. Runs in a thread; `url`, `ca_file`, `stop()`."""

    def __init__(self, hosts: dict[str, Running], ca_folder: str) -> None:
        authority = trustme.CA()
        certificate = authority.issue_cert(*hosts)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        certificate.configure_cert(context)
        self.ca_file = str(Path(ca_folder) / "vendor-hosts-ca.pem")
        authority.cert_pem.write_to_path(self.ca_file)
        self.tunnels: list[str] = []
        outer = self

        class Handler(_QuietHTTPHandler):
            def do_CONNECT(self) -> None:
                host, _, port = self.path.rpartition(":")
                target = hosts.get(host)
                if target is None or port != "443":
                    self.send_error(403, "not a host of the vendor's this proxy answers for")
                    return
                outer.tunnels.append(host)
                self.send_response(200, "Connection established")
                self.end_headers()
                self.close_connection = True
                try:
                    tls = context.wrap_socket(self.connection, server_side=True)
                except (OSError, ssl.SSLError):
                    return
                with contextlib.suppress(OSError):
                    target.server.finish_request(tls, self.client_address)
                with contextlib.suppress(OSError):
                    tls.close()

        self.running = Running(_LoopbackHTTPServer(("127.0.0.1", 0), Handler))
        self.url = self.running.url

    def stop(self) -> None:
        self.running.stop()
