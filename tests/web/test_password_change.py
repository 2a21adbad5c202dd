"""Changing one's own password: linked from the header, the old one asked first, the new one checked."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client
from django.utils.html import escape

from tests.web.helpers import PASSWORD

NEW = "Una-Nuova-Password-2019!"


@pytest.fixture
def user(db: None) -> AbstractUser:
    return get_user_model().objects.create_user(username="mrossi", password=PASSWORD)


def test_the_header_links_to_the_page_and_a_visitor_is_sent_to_sign_in(
    user: AbstractUser, client: Client
) -> None:
    response = client.get("/password/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accedi/")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert 'href="/password/"' in page
    assert "Cambia la password" in client.get("/password/").content.decode()


def test_the_password_is_changed_and_the_old_one_no_longer_works(user: AbstractUser, client: Client) -> None:
    client.force_login(user)
    response = client.post(
        "/password/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/password/cambiata/"
    assert "Password cambiata" in response.content.decode()
    assert client.get("/").status_code == 200  # still signed in here
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"old_password": "sbagliata", "new_password1": NEW, "new_password2": NEW}, "old_password"),
        ({"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}, "new_password2"),
        (
            {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
            "new_password2",
        ),
    ],
)
def test_a_wrong_old_password_or_a_weak_new_one_changes_nothing(
    user: AbstractUser, client: Client, data: dict[str, str], field: str
) -> None:
    client.force_login(user)
    response = client.post("/password/", data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors
    # Said on the page, next to its field.
    assert escape(errors[0]) in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
