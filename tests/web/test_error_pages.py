"""Error pages speak Italian and belong to Cannocchiale, not to the theme's placeholders."""

from __future__ import annotations

from django.test import Client

from tests.web.helpers import World


def test_a_missing_page_says_so_in_italian(world: World, client: Client) -> None:
    client.force_login(world.users["planning_office"])
    response = client.get(f"/o/{world.organization.code}/2018/obiettivi/ZZ/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina non trovata" in page
    assert "Lorem" not in page


def test_a_refused_action_explains_why(world: World, client: Client) -> None:
    client.force_login(world.users["office"])
    response = client.get(f"/o/{world.organization.code}/smvp/")
    assert response.status_code == 403
    assert "Operazione non consentita" in response.content.decode()
