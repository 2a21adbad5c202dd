from __future__ import annotations

import pytest

from tests.web.helpers import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_planning_officer_signs_in_and_lands_on_the_organization(live_server, page, screenshot) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    page.goto(f"{live_server.url}/")
    assert "/accedi/" in page.url
    screenshot("login")
    page.get_by_label("Nome utente").fill("programmazione")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url(f"**/o/{world.organization.code}/")
    assert page.get_by_role("heading", level=1).inner_text() == world.organization.name
    screenshot("org-home")


def test_a_wrong_password_is_refused_with_a_clear_message(live_server, page) -> None:  # type: ignore[no-untyped-def]
    build_world()
    page.goto(f"{live_server.url}/accedi/")
    page.get_by_label("Nome utente").fill("programmazione")
    page.get_by_label("Password").fill("sbagliata")
    page.get_by_role("button", name="Accedi").click()
    assert page.get_by_role("alert").inner_text().strip() == "Nome utente o password non corretti."
