# scimgen's runtime, copied unchanged into every package it generates. Do not edit by hand.
"""The sync client's sockets, each wait cut to the deadline of the call using it (see
`_client._call_ends`): httpcore asks its network backend for every connect, read and write, and
`with_deadlines` wraps the backend of each connection pool of an httpx client this package
creates.

`_client` imports this module where it creates an httpx client, not at the top: like httpx, which
imports httpcore only when it builds a transport, importing the package costs neither.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from ._client import cut_to_deadline


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read and write ends by the deadline of the call using it."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(
            max_bytes, cut_to_deadline(timeout, httpcore.ReadTimeout)
        )

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, cut_to_deadline(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = cut_to_deadline(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(
            self._stream.start_tls(ssl_context, server_hostname, wait)
        )

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """Opens `DeadlineStream`s, through the backend httpcore would have used."""

    def __init__(self, backend: httpcore.NetworkBackend) -> None:
        self._backend = backend

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        wait = cut_to_deadline(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(
            self._backend.connect_tcp(host, port, wait, local_address, socket_options)
        )

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        wait = cut_to_deadline(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(
            self._backend.connect_unix_socket(path, wait, socket_options)
        )

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


def with_deadlines(http: httpx.Client) -> httpx.Client:
    """`http`, a client this package made, with `DeadlineBackend`s in its connection pools.

    httpx has no public way to reach the pools (its own transport and one per proxy taken from
    the environment); where they are not found, the deadline is still checked before each
    request and between the chunks of a body, and every timeout is cut to the time left.
    """
    transports = [getattr(http, "_transport", None)]
    transports.extend(getattr(http, "_mounts", {}).values())
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if isinstance(backend, httpcore.NetworkBackend):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return http
