"""Brute-force lockout behind a reverse proxy: keyed on the client's address as the trusted proxy
reports it, not on the proxy's own address (which every user behind it shares)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from cannocchiale.core.client_ip import client_ip
from tests.web.helpers import PASSWORD

PROXY = "10.0.0.1"


@pytest.fixture
def user(db: None) -> None:
    get_user_model().objects.create_user(username="programmazione", password=PASSWORD)


def _behind_proxy(client_address: str, forwarded: str | None = None) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded or client_address)


def _fail_five_times(client: Client) -> None:
    for _ in range(5):
        client.post("/accedi/", {"username": "programmazione", "password": "sbagliata"})


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_two_clients_behind_the_same_proxy_are_not_locked_together(user: None) -> None:
    attacker = _behind_proxy("203.0.113.7")
    colleague = _behind_proxy("198.51.100.20")
    _fail_five_times(attacker)

    assert attacker.post("/accedi/", {"username": "programmazione", "password": PASSWORD}).status_code == 429
    response = colleague.post("/accedi/", {"username": "programmazione", "password": PASSWORD})
    assert response.status_code == 302


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_client_cannot_escape_the_lockout_by_writing_the_header_itself(user: None) -> None:
    _fail_five_times(_behind_proxy("203.0.113.7"))
    # The proxy appends the address it saw; what the client wrote before it is not believed.
    forger = _behind_proxy("203.0.113.7", forwarded="198.51.100.20, 203.0.113.7")
    assert forger.post("/accedi/", {"username": "programmazione", "password": PASSWORD}).status_code == 429


def test_without_trusted_proxies_the_header_is_ignored(rf: pytest.FixtureRequest) -> None:
    request = rf.get("/", REMOTE_ADDR="192.0.2.5", HTTP_X_FORWARDED_FOR="198.51.100.20")  # type: ignore[attr-defined]
    assert client_ip(request) == "192.0.2.5"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        two = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20, 10.0.0.9")  # type: ignore[attr-defined]
        assert client_ip(two) == "198.51.100.20"
        # Fewer entries than proxies: the request did not come through them all.
        assert client_ip(rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.0.0.9")) == PROXY  # type: ignore[attr-defined]
        garbage = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="<script>, 10.0.0.9")  # type: ignore[attr-defined]
        assert client_ip(garbage) == PROXY
