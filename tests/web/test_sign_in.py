"""Sign-in: pages need it, brute force is stopped, organizations are not disclosed to strangers."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.helpers import PASSWORD, World


def test_pages_need_sign_in(world: World, client: Client) -> None:
    response = client.get(f"/o/{world.organization.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accedi/")


def test_five_wrong_passwords_lock_the_account(world: World, client: Client) -> None:
    for _ in range(5):
        client.post("/accedi/", {"username": "programmazione", "password": "sbagliata"})
    response = client.post("/accedi/", {"username": "programmazione", "password": PASSWORD})
    assert response.status_code == 429
    assert "bloccato" in response.content.decode()


def test_a_member_of_another_organization_gets_not_found(world: World, client: Client) -> None:
    client.force_login(world.users["stranger"])
    assert client.get(f"/o/{world.organization.code}/").status_code == 404
    assert client.get(f"/o/{world.other.code}/").status_code == 200


@pytest.mark.parametrize(
    "role", ["planning_office", "secretary_general", "director", "office", "oiv", "admin"]
)
def test_every_role_sees_its_organization_home(world: World, client: Client, role: str) -> None:
    client.force_login(world.users[role])
    response = client.get(f"/o/{world.organization.code}/")
    assert response.status_code == 200
    assert world.organization.name in response.content.decode()


def test_pages_say_when_figures_are_simulated(world: World, client: Client) -> None:
    from cannocchiale.monitoring.models import Measurement

    # The fixture marks one value simulated (the plan format's flag); start from real figures only.
    measurements = Measurement.objects.filter(organization=world.organization)
    measurements.update(simulated=False)
    client.force_login(world.users["planning_office"])
    page = client.get(f"/o/{world.organization.code}/").content.decode()
    assert "Dati simulati" not in page
    measurements.filter(pk=measurements.values("pk")[:1]).update(simulated=True)
    page = client.get(f"/o/{world.organization.code}/").content.decode()
    assert "Dati simulati" in page
