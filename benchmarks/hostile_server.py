"""The generated client against a hostile server: peak memory and wall time of one call.

    python benchmarks/hostile_server.py                 # every case, ours and plain httpx
    python benchmarks/hostile_server.py --cases bomb    # some cases (ok, huge-declared,
                                                        # huge-chunked, bomb, trickle)
    python benchmarks/hostile_server.py --skip-peers    # the generated client only

The server runs in its own process, and each call in a process of its own under
`/usr/bin/time -v`, so that "Maximum resident set size" is the calling process's alone. The
client runs with the cap and the deadline at their defaults (64 MiB, 120 s); the trickle case
also passes `timeout=2.0`, as a caller would who wants a call to last a few seconds at most.
The peer is plain httpx (`httpx.Client().get(...)`, the same timeout), i.e. what a client that
trusts the server's answer costs; a peer still reading after the client's deadline + 30 s is
killed and reported as such. Cases:

* ok: a small user (the floor: interpreter, httpx, pydantic, the package);
* huge-declared: `Content-Length: 1073741824`, zeros streamed for as long as the client reads;
* huge-chunked: 1 GiB of zeros, chunked (no length: only reading tells the size);
* bomb: 1 GiB of zeros gzip-compressed (about 1 MiB on the wire), `Content-Encoding: gzip`;
* trickle: a chunked body that never ends, one byte every 0.5 s (no read ever times out).

Takes about five minutes with every case (the trickle runs to the 120 s deadline, and its peer
is killed at 150 s). Needs the generated package installed (README, command 2) and GNU time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

GIB = 1024**3
BLOCK = b"\0" * (1024 * 1024)
USER = json.dumps({"id": "u1", "userName": "ann@example.com", "displayName": "Ann"}).encode()
CASES = ("ok", "huge-declared", "huge-chunked", "bomb", "trickle")
TRICKLE_TIMEOUT = 2.0
DEFAULT_DEADLINE = 120.0


def gzip_bomb(size: int) -> bytes:
    """`size` zero bytes gzip-compressed, built block by block (never `size` bytes at once)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    parts = [compressor.compress(BLOCK) for _ in range(size // len(BLOCK))]
    parts.append(compressor.flush())
    return b"".join(parts)


# ---- the server process -----------------------------------------------------------------------


def serve() -> None:
    bomb = gzip_bomb(GIB)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            case = self.path.split("/")[1]
            self.close_connection = True
            try:
                if case == "ok":
                    self._head({"Content-Length": str(len(USER))})
                    self.wfile.write(USER)
                elif case == "huge-declared":
                    self._head({"Content-Length": str(GIB)})
                    for _ in range(GIB // len(BLOCK)):
                        self.wfile.write(BLOCK)
                elif case == "huge-chunked":
                    self._head({"Transfer-Encoding": "chunked"})
                    for _ in range(GIB // len(BLOCK)):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(BLOCK), BLOCK))
                    self.wfile.write(b"0\r\n\r\n")
                elif case == "bomb":
                    self._head({"Content-Length": str(len(bomb)), "Content-Encoding": "gzip"})
                    self.wfile.write(bomb)
                elif case == "trickle":
                    self._head({"Transfer-Encoding": "chunked"})
                    while True:
                        self.wfile.write(b"1\r\n \r\n")
                        self.wfile.flush()
                        time.sleep(0.5)
            except OSError:  # the client closed the connection
                pass

        def _head(self, headers: dict[str, str]) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/scim+json")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()

    class Server(ThreadingHTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    print(f"READY http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


# ---- one call, in its own process ---------------------------------------------------------------


def call(case: str, url: str, client: str) -> None:
    timeout = TRICKLE_TIMEOUT if case == "trickle" else None
    started = time.monotonic()
    try:
        if client == "genesys_cloud_scim":
            from genesys_cloud_scim import Client, SCIMApi

            with Client(base_url=f"{url}/{case}", access_token="t", timeout=timeout) as api_client:
                user = SCIMApi(api_client).get_scim_v2_user("u1")
            outcome = f"returned a user ({user.id})"
        else:
            import httpx

            with httpx.Client(timeout=timeout or 30.0) as http:
                response = http.get(f"{url}/{case}/api/v2/scim/v2/users/u1")
            outcome = f"read {len(response.content):,} bytes"
    except Exception as error:  # reported, whatever it is
        outcome = f"{type(error).__name__}: {str(error)[-110:]}"
    print(json.dumps({"outcome": outcome, "seconds": time.monotonic() - started}))


# ---- the driver -----------------------------------------------------------------------------------


def measure(case: str, url: str, client: str, limit: float) -> dict[str, Any]:
    command = ["/usr/bin/time", "-v", sys.executable, __file__, "call", case, url, client]
    started = time.monotonic()
    # A session of its own, so that a call still reading at the limit is killed with `time`.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return {"rss_mib": None, "wall": time.monotonic() - started,
                "outcome": f"still reading after {limit:.0f} s: killed"}  # fmt: skip
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    result = json.loads(stdout.strip().splitlines()[-1])
    return {
        "rss_mib": int(rss.group(1)) / 1024 if rss else None,
        "wall": time.monotonic() - started,
        "outcome": result["outcome"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--skip-peers", action="store_true", help="measure only the client")
    arguments = parser.parse_args()
    if shutil.which("/usr/bin/time") is None:
        sys.exit("needs GNU time at /usr/bin/time (apt-get install time)")
    server = subprocess.Popen(
        [sys.executable, __file__, "serve"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = server.stdout.readline().split()[1]
        clients = ["genesys_cloud_scim"] + ([] if arguments.skip_peers else ["httpx"])
        print("| case | client | peak RSS MiB | wall s | outcome |")
        print("| --- | --- | ---: | ---: | --- |")
        for case in arguments.cases:
            for client in clients:
                figures = measure(case, url, client, limit=DEFAULT_DEADLINE + 30)
                rss = "-" if figures["rss_mib"] is None else f"{figures['rss_mib']:.0f}"
                print(
                    f"| {case} | {client} | {rss} | {figures['wall']:.1f} | "
                    f"{figures['outcome'].replace('|', '/')} |",
                    flush=True,
                )
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve()
    elif len(sys.argv) > 1 and sys.argv[1] == "call":
        call(*sys.argv[2:5])
    else:
        main()
