"""The headers of every page: Content-Security-Policy with a nonce for the page's own scripts,
Permissions-Policy, nothing kept in caches once signed in; and the idle timeout of a session."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from cannocchiale.core.csp import script_hash
from cannocchiale.core.middleware import SESSION_SEEN
from tests.web.helpers import PASSWORD, World

SRC = Path(__file__).parents[2] / "src" / "cannocchiale"
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)


@pytest.fixture
def member(db: None) -> AbstractUser:
    return get_user_model().objects.create_user(username="senza-ente", password=PASSWORD)


def _inline_scripts_allowed(html: str, policy: str) -> list[str]:
    """The inline scripts of the page that the policy would refuse."""
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src")).split()
    nonces = {value[len("'nonce-") : -1] for value in script_src if value.startswith("'nonce-")}
    refused = []
    for match in SCRIPT.finditer(html):
        attrs, body = match.group("attrs"), match.group("body")
        if "src=" in attrs:
            continue
        nonce = re.search(r'nonce="([^"]+)"', attrs)
        if nonce and nonce.group(1) in nonces:
            continue
        if script_hash(body) in script_src:
            continue
        refused.append(body.strip()[:80])
    return refused


def test_every_inline_script_of_a_page_is_allowed_by_its_policy_and_nothing_more(
    world: World, client: Client
) -> None:
    client.force_login(world.users["planning_office"])
    pages = ["/accedi/", f"/o/{world.organization.code}/2018/albero/", f"/o/{world.organization.code}/"]
    client.logout()
    login = client.get(pages[0])
    client.force_login(world.users["planning_office"])
    for path, response in [(pages[0], login), *((p, client.get(p)) for p in pages[1:])]:
        assert response.status_code == 200, path
        policy = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0], path
        assert "'unsafe-eval'" not in policy, path
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy
        assert _inline_scripts_allowed(response.content.decode(), policy) == [], path
    # A fresh nonce on every response: a nonce seen once cannot be reused by injected markup.
    first = client.get(pages[2])["Content-Security-Policy"]
    assert first != client.get(pages[2])["Content-Security-Policy"]


def test_no_template_uses_inline_event_handlers() -> None:
    """onclick=, onchange=, hx-on: run code from an attribute, which the policy refuses: each would
    silently stop working in the browser."""
    handler = re.compile(r"""\s(on[a-z]+|hx-on(:[\w:-]+)?)\s*=\s*["']""")
    found = []
    for template in sorted(SRC.glob("*/templates/**/*.html")):
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), start=1):
            if handler.search(line):
                found.append(f"{template.relative_to(SRC)}:{number}")
    assert found == []


def test_permissions_policy_and_caching_of_signed_in_pages(member: AbstractUser, client: Client) -> None:
    assert "camera=()" in client.get("/accedi/")["Permissions-Policy"]
    # Nothing personal before signing in: the middleware leaves those responses alone.
    assert "no-store" not in client.get("/password/cambiata/").get("Cache-Control", "")
    client.force_login(member)
    for path in ("/", "/password/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path
        assert "camera=()" in response["Permissions-Policy"]


def _expiry(client: Client) -> float:
    return Session.objects.get(session_key=client.session.session_key).expire_date.timestamp()


def test_a_session_idle_for_longer_than_the_timeout_is_over(member: AbstractUser, client: Client) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(member)
    assert client.get("/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=Session.objects.get(session_key=client.session.session_key).expire_date.replace(year=2000)
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accedi/")


def test_the_timeout_slides_with_use_without_a_write_on_every_request(
    member: AbstractUser, client: Client
) -> None:
    client.force_login(member)
    client.get("/")
    renewed = _expiry(client)
    # Used again at once: the session is not written again.
    client.get("/")
    assert _expiry(client) == renewed
    # Its last renewal is older than SESSION_REFRESH_SECONDS: this use renews it (and its cookie).
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    # Ten minutes left: well inside the timeout, well short of the half hour a renewal gives.
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=10)
    )
    before = _expiry(client)
    response = client.get("/")
    assert response.status_code == 200
    assert _expiry(client) > before
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_the_django_admin_works_under_the_policy(db: None, client: Client) -> None:
    root = get_user_model().objects.create_superuser(username="radice", password=PASSWORD)
    client.force_login(root)
    for path in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{root.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert _inline_scripts_allowed(html, response["Content-Security-Policy"]) == [], path
        assert not re.search(r"""\son[a-z]+\s*=\s*["']""", html), path
