"""OAuth2 client credentials against the test token endpoint: fetched once, cached, renewed before
expiry, refreshed once on a 401; and no secret or token ever shown."""

from __future__ import annotations

import logging
import threading
import time

import pytest
from genesys_cloud_scim import (
    AuthenticationError,
    Client,
    SCIMApi,
    environment_urls,
)

from .conftest import CLIENT_ID, CLIENT_SECRET, FIXED_TOKEN, SECRETS, ScimStack


def test_the_token_is_fetched_once_and_reused(scim: ScimStack) -> None:
    api = SCIMApi(scim.client())
    assert scim.tokens.fetches == 0  # nothing happens before the first call
    for _ in range(5):
        api.get_scim_v2_users()
    api.with_options(timeout=3.0).get_scim_v2_serviceproviderconfig()
    assert scim.tokens.fetches == 1
    assert api.client.token_fetches == 1


def test_an_expiring_token_is_renewed_shortly_before_it_expires(scim: ScimStack) -> None:
    scim.tokens.expires_in = 0.3  # treated as expired a tenth of its life early: after 0.27 s
    api = SCIMApi(scim.client())
    api.get_scim_v2_users()
    api.get_scim_v2_users()
    assert scim.tokens.fetches == 1
    time.sleep(0.3)
    api.get_scim_v2_users()
    assert scim.tokens.fetches == 2
    assert scim.log.requests[-1].headers["authorization"] == "Bearer token-2"


def test_a_401_fetches_a_new_token_once_and_retries(scim: ScimStack) -> None:
    api = SCIMApi(scim.client())
    api.get_scim_v2_users()
    scim.revoke_all()  # the API no longer accepts token-1, though it has not expired
    scim.log.clear()
    assert api.get_scim_v2_users().total_results == 0
    assert scim.tokens.fetches == 2
    assert [r.headers["authorization"] for r in scim.log.requests] == [
        "Bearer token-1",
        "Bearer token-2",
    ]


def test_a_post_answered_401_is_sent_again_with_the_new_token(scim: ScimStack) -> None:
    from genesys_cloud_scim.models import ScimV2CreateUser

    api = SCIMApi(scim.client())
    api.get_scim_v2_users()
    scim.revoke_all()
    scim.log.clear()
    api.post_scim_v2_users(ScimV2CreateUser(user_name="p@example.com", display_name="P"))
    # The first POST was refused before anything was created: exactly one user exists.
    assert scim.log.count("POST") == 2
    assert api.get_scim_v2_users().total_results == 1


def test_a_token_refused_again_after_the_refresh_is_an_authentication_error(
    scim: ScimStack, no_secret_leaks: list[BaseException]
) -> None:
    scim.tokens.valid = set()  # issued tokens are never accepted by the API
    api = SCIMApi(scim.client())
    with pytest.raises(AuthenticationError) as caught:
        api.get_scim_v2_users()
    assert caught.value.status_code == 401
    assert scim.tokens.fetches == 2  # the first one, and one refresh: no loop
    assert scim.log.count("GET") == 2
    assert caught.value in no_secret_leaks  # the leak check sees the errors raised


def test_wrong_credentials_are_an_authentication_error_without_the_secret(scim: ScimStack) -> None:
    client = Client.from_client_credentials(
        CLIENT_ID, "wrong-" + CLIENT_SECRET, base_url=scim.api_url, login_url=scim.login_url
    )
    with pytest.raises(AuthenticationError) as caught:
        SCIMApi(client).get_scim_v2_users()
    message = str(caught.value)
    assert "invalid_client" in message and CLIENT_ID in message
    assert CLIENT_SECRET not in message
    assert scim.log.count() == 0  # nothing was sent to the API without a token


def test_an_unreachable_token_endpoint_is_a_connection_error(scim: ScimStack) -> None:
    from genesys_cloud_scim import ApiConnectionError

    client = Client.from_client_credentials(
        CLIENT_ID, CLIENT_SECRET, base_url=scim.api_url, login_url="http://127.0.0.1:9"
    )
    with pytest.raises(ApiConnectionError, match="token endpoint"):
        SCIMApi(client).get_scim_v2_users()


def test_threads_sharing_a_client_fetch_one_token(scim: ScimStack) -> None:
    scim.tokens.delay = 0.2  # every thread arrives while the first fetch is still running
    api = SCIMApi(scim.client())
    results: list[int | None] = []
    threads = [
        threading.Thread(target=lambda: results.append(api.get_scim_v2_users().total_results))
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert results == [0] * 20
    assert scim.tokens.fetches == 1


@pytest.mark.parametrize(
    ("environment", "api_url", "login_url"),
    [
        ("mypurecloud.com", "https://api.mypurecloud.com", "https://login.mypurecloud.com"),
        ("mypurecloud.ie", "https://api.mypurecloud.ie", "https://login.mypurecloud.ie"),
        ("mypurecloud.de", "https://api.mypurecloud.de", "https://login.mypurecloud.de"),
        ("mypurecloud.jp", "https://api.mypurecloud.jp", "https://login.mypurecloud.jp"),
        ("usw2.pure.cloud", "https://api.usw2.pure.cloud", "https://login.usw2.pure.cloud"),
        ("https://api.mypurecloud.de", "https://api.mypurecloud.de", "https://login.mypurecloud.de"),
        ("https://api.usw2.pure.cloud/", "https://api.usw2.pure.cloud", "https://login.usw2.pure.cloud"),
    ],
)  # fmt: skip
def test_environments_give_the_api_and_login_hosts(
    environment: str, api_url: str, login_url: str
) -> None:
    assert environment_urls(environment) == (api_url, login_url)
    client = Client.from_client_credentials("id", CLIENT_SECRET, environment=environment)
    assert client.base_url == api_url
    assert repr(client._tokens._credentials) == (
        f"ClientCredentials(client_id='id', client_secret=<redacted>, "
        f"token_url='{login_url}/oauth/token')"
    )


def test_a_full_url_whose_login_host_cannot_be_told_needs_login_url() -> None:
    with pytest.raises(ValueError, match="login_url"):
        Client.from_client_credentials("id", CLIENT_SECRET, environment="https://scim.example.com")
    with pytest.raises(ValueError, match="login_url"):
        Client.from_client_credentials("id", CLIENT_SECRET, base_url="http://127.0.0.1:8080")


def test_no_repr_shows_a_secret_or_a_token(scim: ScimStack) -> None:
    client = scim.client()
    SCIMApi(client).get_scim_v2_users()  # holds token-1 now
    fixed = Client(base_url=scim.api_url, access_token=FIXED_TOKEN)
    token = client._tokens._token
    assert token is not None and token.value == "token-1"
    texts = [
        repr(client),
        str(client),
        repr(fixed),
        repr(client._tokens),
        repr(fixed._tokens),
        repr(client._tokens._credentials),
        repr(token),
        str(token),
        repr(SCIMApi(client).with_options(timeout=1.0).client),
    ]
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, text
    assert "redacted" in repr(token)


def test_debug_logging_shows_requests_but_no_secret(
    scim: ScimStack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="genesys_cloud_scim")
    api = SCIMApi(scim.client())
    api.get_scim_v2_users()
    scim.revoke_all()
    api.get_scim_v2_users()
    with pytest.raises(AuthenticationError):
        SCIMApi(Client(base_url=scim.api_url, access_token=FIXED_TOKEN)).get_scim_v2_users()
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("genesys_cloud_scim")]
    assert any(
        line.startswith("GET " + scim.api_url + "/api/v2/scim/v2/users -> 200") for line in lines
    )
    assert any("token" in line and "fetched" in line for line in lines)
    for secret in SECRETS:
        assert secret not in caplog.text
    assert "Authorization" not in caplog.text and "Bearer" not in caplog.text
