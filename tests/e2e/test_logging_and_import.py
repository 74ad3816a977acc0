"""Logging switched on by GENESYS_CLOUD_SCIM_LOG, and the cost of importing the package; both in
a fresh interpreter, since they concern process-wide state."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from .conftest import CLIENT_ID, CLIENT_SECRET, SECRETS, ScimStack

SCRIPT = """
import sys
from genesys_cloud_scim import Client, SCIMApi, NotFoundError
client = Client.from_client_credentials(sys.argv[1], sys.argv[2], base_url=sys.argv[3],
                                        login_url=sys.argv[4])
api = SCIMApi(client)
api.get_scim_v2_users(filter='userName eq "x"')
try:
    api.get_scim_v2_user("missing")
except NotFoundError:
    pass
"""


def _run(scim: ScimStack, level: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GENESYS_CLOUD_SCIM_LOG"}
    if level is not None:
        env["GENESYS_CLOUD_SCIM_LOG"] = level
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, CLIENT_ID, CLIENT_SECRET, scim.api_url, scim.login_url],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_logging_is_off_by_default(scim: ScimStack) -> None:
    result = _run(scim, None)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_info_logs_one_line_per_request_without_secrets(scim: ScimStack) -> None:
    result = _run(scim, "info")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    pattern = r" genesys_cloud_scim INFO (GET) (\S+) -> (\d{3}) in \d+ ms \((\d+) retries\)$"
    found = [re.search(pattern, line) for line in lines]
    assert all(found), lines
    assert [(m.group(1), m.group(2), m.group(3), m.group(4)) for m in found if m] == [
        ("GET", scim.api_url + "/api/v2/scim/v2/users", "200", "0"),
        ("GET", scim.api_url + "/api/v2/scim/v2/users/missing", "404", "0"),
    ]
    for secret in SECRETS:
        assert secret not in result.stderr
    assert "Bearer" not in result.stderr and "Authorization" not in result.stderr


def test_debug_also_logs_the_token_fetch(scim: ScimStack) -> None:
    result = _run(scim, "debug")
    assert "fetched an access token from " + scim.login_url + "/oauth/token" in result.stderr
    for secret in SECRETS:
        assert secret not in result.stderr


PROBE = """
import json, resource, sys, threading, time
events = []
def audit(event, args):
    if event.startswith(("socket.", "subprocess.", "os.system", "os.fork", "os.exec")) or (
        event == "open" and isinstance(args[1], str) and any(c in args[1] for c in "wax+")
    ):
        events.append(event)
sys.addaudithook(audit)
before = set(threading.enumerate())
started = time.perf_counter()
import genesys_cloud_scim
import genesys_cloud_scim.models, genesys_cloud_scim.filters, genesys_cloud_scim.patch
elapsed = time.perf_counter() - started
try:  # this process's own peak: ru_maxrss also counts the parent's, as it was at the fork
    with open("/proc/self/status") as status:
        peak_kb = int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
except OSError:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "new_threads": [t.name for t in set(threading.enumerate()) - before],
    "events": events,
    "elapsed": elapsed,
    "maxrss_kb": peak_kb,
}))
"""


def test_importing_starts_no_thread_and_does_no_io() -> None:
    env = {k: v for k, v in os.environ.items() if k != "GENESYS_CLOUD_SCIM_LOG"}
    env["GENESYS_CLOUD_SCIM_LOG"] = "debug"  # even with logging asked for, import stays silent
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report["new_threads"] == []
    assert report["events"] == []  # no socket, no process, no file written
    assert report["elapsed"] < 5.0
    assert report["maxrss_kb"] < 200_000
