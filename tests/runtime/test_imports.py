"""What importing the generated client costs a sync user: not asyncio (the async client imports
it where it awaits), and not httpcore (httpx imports it when it builds a transport, and the
client's socket deadlines with it)."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(statement: str) -> set[str]:
    probe = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_importing_the_client_does_not_import_asyncio() -> None:
    loaded = _modules_after("import genesys_cloud_scim")
    assert "genesys_cloud_scim._client" in loaded
    assert "asyncio" not in loaded


def test_importing_the_client_does_not_import_httpcore() -> None:
    loaded = _modules_after("import genesys_cloud_scim")
    assert "httpcore" not in loaded
    assert "genesys_cloud_scim._socket_deadlines" not in loaded


def test_a_client_puts_socket_deadlines_in_the_pool_httpx_builds() -> None:
    loaded = _modules_after(
        "import genesys_cloud_scim as g\n"
        "from genesys_cloud_scim._socket_deadlines import DeadlineBackend\n"
        "client = g.Client(access_token='t')\n"
        "assert isinstance(client._http._transport._pool._network_backend, DeadlineBackend)\n"
        "client.close()"
    )
    assert "httpcore" in loaded


def test_a_sync_call_path_does_not_import_asyncio() -> None:
    loaded = _modules_after(
        "import genesys_cloud_scim as g\n"
        "client = g.Client(access_token='t')\n"
        "g.SCIMApi(client)\n"
        "client.close()"
    )
    assert "asyncio" not in loaded


def test_the_async_client_still_works_without_it_imported_up_front() -> None:
    loaded = _modules_after(
        "import asyncio\n"
        "import genesys_cloud_scim as g\n"
        "async def main():\n"
        "    async with g.AsyncClient(access_token='t') as client:\n"
        "        g.AsyncSCIMApi(client)\n"
        "asyncio.run(main())"
    )
    assert "asyncio" in loaded
