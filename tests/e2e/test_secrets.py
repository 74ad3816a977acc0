"""Issue 11, secrets: a token endpoint handing out a token with a line break in it, the requests
exceptions expose, plain http to hosts that are not this machine, and the suite's own leak
check (`no_secret_leaks`), proven to catch a leak planted in each phase of a test."""

from __future__ import annotations

import textwrap
from pathlib import Path

import httpx
import pytest
from genesys_cloud_scim import (
    ApiConnectionError,
    ApiError,
    AuthenticationError,
    Client,
    NotFoundError,
    NotModified,
    RedirectError,
    ResponseError,
    SCIMApi,
    ScimClientError,
)
from genesys_cloud_scim._exceptions import transport_problem
from genesys_cloud_scim.patch import patch_request, replace

from .conftest import (
    CLIENT_ID,
    CLIENT_SECRET,
    FAST_RETRIES,
    FIXED_TOKEN,
    ScimStack,
    exposed_requests,
)
from .servers import FaultServer, Reply

USER = {"id": "u1", "userName": "ann@example.com"}


# ---- tokens that are not bearer tokens -----------------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["\r\nX-Injected: yes", "\n", "\r", "\x00", " two words", "\x7f", "-é"]
)
def test_a_fetched_token_with_a_control_or_odd_character_is_refused(
    scim: ScimStack, bad: str, no_secret_leaks: list[BaseException]
) -> None:
    scim.tokens.issue = lambda n: f"token-{n}{bad}"
    with pytest.raises(ResponseError, match="characters a bearer token cannot have") as caught:
        SCIMApi(scim.client()).get_scim_v2_users()
    assert scim.log.count() == 0  # nothing was sent to the API with it
    assert caught.value.body == b""  # the refused answer, which holds the token, is not kept
    assert caught.value in no_secret_leaks  # and "token-1" shows in no message (checked after)


@pytest.mark.parametrize("bad", ["\r\n", "\n", "\x00", " ", "é"])
def test_a_fixed_token_that_cannot_be_sent_is_refused_when_given(bad: str) -> None:
    token = f"fixed{bad}Tok3n"
    with pytest.raises(ValueError, match="characters a bearer token cannot have") as caught:
        Client(base_url="https://api.example.com", access_token=token)
    assert "Tok3n" not in str(caught.value)


def test_transport_error_text_never_reaches_a_message() -> None:
    # h11 quotes an illegal header value in its message; a header value may be a token.
    illegal = httpx.LocalProtocolError(f"Illegal header value b'Bearer {FIXED_TOKEN}\\r\\n'")
    assert transport_problem(illegal) == "LocalProtocolError"
    remote = httpx.RemoteProtocolError(f"illegal header line: b'X: {FIXED_TOKEN}'")
    assert transport_problem(remote) == "RemoteProtocolError"
    refused = httpx.ConnectError("[Errno 111] Connection refused")
    assert transport_problem(refused) == "ConnectError: [Errno 111] Connection refused"


# ---- what exceptions expose --------------------------------------------------------------------


def _assert_no_credentials(error: BaseException) -> None:
    # exposed_requests() follows __cause__ and __context__ too: an httpx error chained to ours
    # would hold the request as it was sent, token and all.
    requests = list(exposed_requests(error))
    for request in requests:
        assert "authorization" not in request.headers, type(error).__name__
        assert request.content == b""  # a SCIM body may hold a password


def test_authentication_errors_expose_no_credentials(scim: ScimStack) -> None:
    # The token endpoint refusing: its request carried the client id and secret (Basic).
    client = Client.from_client_credentials(
        CLIENT_ID, "wrong", base_url=scim.api_url, login_url=scim.login_url
    )
    with pytest.raises(AuthenticationError) as refused:
        SCIMApi(client).get_scim_v2_users()
    assert refused.value.response.request.url.path == "/oauth/token"
    _assert_no_credentials(refused.value)
    # The API refusing a token, even after a refresh: its requests carried the bearer token.
    scim.tokens.valid = set()
    with pytest.raises(AuthenticationError) as rejected:
        SCIMApi(scim.client()).get_scim_v2_users()
    assert rejected.value.response.request.url.path == "/api/v2/scim/v2/users"
    assert rejected.value.response.request.headers["user-agent"].startswith("genesys-cloud-scim/")
    _assert_no_credentials(rejected.value)


@pytest.mark.parametrize(
    ("reply", "error_class"),
    [
        (Reply(404, {"detail": "no such user"}), NotFoundError),
        (Reply(304, b"", {"ETag": 'W/"1"'}), NotModified),
        (Reply(302, b"", {"Location": "https://elsewhere.example/"}), RedirectError),
        (Reply(200, b"<html>"), ResponseError),
        (Reply(drop=True), ApiConnectionError),
    ],
)
def test_no_error_exposes_the_token(
    faults: FaultServer, reply: Reply, error_class: type[ScimClientError]
) -> None:
    faults.script(reply)
    client = Client(base_url=faults.url, access_token=FIXED_TOKEN, max_retries=FAST_RETRIES)
    with pytest.raises(error_class) as caught:
        SCIMApi(client).patch_scim_v2_user("u1", patch_request(replace("password", "hunter2")))
    assert faults.log.requests[0].headers["authorization"] == f"Bearer {FIXED_TOKEN}"
    _assert_no_credentials(caught.value)
    if isinstance(caught.value, ApiError | NotModified | ResponseError):
        assert caught.value.response.request.method == "PATCH"
    else:  # no httpx error is chained to it (it held the request as sent)
        assert caught.value.__context__ is None and caught.value.__cause__ is None


# ---- plain http ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://scim.example.com", "http://10.0.0.7:8080", "http://[2001:db8::1]", "http://api"]
)
def test_plain_http_to_another_host_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="plain http:// to a host that is not this machine"):
        Client(base_url=url, access_token="t")
    with pytest.raises(ValueError, match="login_url"):
        Client.from_client_credentials("id", "secret", base_url="https://api.x", login_url=url)
    with pytest.raises(ValueError, match="base_url"):
        Client.from_client_credentials("id", "secret", base_url=url, login_url="https://login.x")


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080", "http://127.8.9.10", "http://localhost:1", "http://[::1]:80"]
)
def test_plain_http_to_this_machine_is_allowed(url: str) -> None:
    assert Client(base_url=url, access_token="t").base_url == url


def test_plain_http_elsewhere_is_sent_once_allowed(faults: FaultServer) -> None:
    # The fault server stands in for a proxy on the way to hosts that are not this machine, so
    # the requests really go out to http://scim.example.test and http://login.example.test.
    faults.script(
        Reply(200, {"access_token": "token-1", "expires_in": 60}, {"Content-Type": "application/json"}),
        Reply(200, USER),
    )  # fmt: skip
    with httpx.Client(proxy=faults.url) as http:
        client = Client.from_client_credentials(
            CLIENT_ID, CLIENT_SECRET, base_url="http://scim.example.test",
            login_url="http://login.example.test", http_client=http, allow_insecure_http=True,
        )  # fmt: skip
        assert SCIMApi(client).get_scim_v2_user("u1").id == "u1"
    assert [r.raw_path for r in faults.log.requests] == [
        "http://login.example.test/oauth/token",
        "http://scim.example.test/api/v2/scim/v2/users/u1",
    ]


# ---- the suite's own leak check ------------------------------------------------------------------

PLANTED = """
import logging

import httpx
import pytest
from genesys_cloud_scim import ApiError, ScimClientError

from e2e.conftest import CLIENT_SECRET, FIXED_TOKEN

logger = logging.getLogger("genesys_cloud_scim")


@pytest.fixture
def leaky_setup():
    logger.debug("set up with %s", CLIENT_SECRET)


def test_leak_in_setup(leaky_setup):
    pass


def test_leak_in_call():
    # What a retry that logged its headers would do.
    logger.debug("retrying with Authorization: Bearer %s", FIXED_TOKEN)


def test_leak_in_a_message():
    ScimClientError(f"failed with token {FIXED_TOKEN}")


def test_leak_in_an_exposed_request():
    request = httpx.Request("GET", "https://api.example.com/", headers={"Authorization": "x"})
    ApiError(httpx.Response(404, request=request))


def test_no_leak():
    logger.debug("GET https://api.example.com/ -> 200")
"""


def test_the_leak_check_catches_a_leak_planted_in_each_phase(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before the fix, only the teardown phase was read: the first two leaks passed unseen.
    monkeypatch.setenv("PYTHONPATH", str(Path(__file__).resolve().parent.parent))
    pytester.makeconftest("from e2e.conftest import no_secret_leaks  # noqa: F401\n")
    pytester.makepyfile(test_planted=textwrap.dedent(PLANTED))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=5, errors=4)
    result.stdout.fnmatch_lines_random(
        [
            "*ERROR at teardown of test_leak_in_setup*",
            "*ERROR at teardown of test_leak_in_call*",
            "*ERROR at teardown of test_leak_in_a_message*",
            "*ERROR at teardown of test_leak_in_an_exposed_request*",
        ]
    )
    assert "ERROR at teardown of test_no_leak" not in result.stdout.str()
    assert result.stdout.str().count("a secret leaked") >= 4
