"""The roles page: the organization's administrator grants and revokes roles, each change recorded;
every other role, every other organization and every attempt on one's own roles is refused."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.test import Client

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.audit.models import AuditEvent
from cannocchiale.organization.models import OrgUnit, Position
from tests.web.helpers import World, make_user


def _url(world: World, suffix: str = "") -> str:
    return f"/o/{world.organization.code}/ruoli/{suffix}"


def _office(world: World) -> OrgUnit:
    return OrgUnit.objects.filter(organization=world.organization, kind=OrgUnit.Kind.OFFICE).order_by("pk")[0]


def _role_events(after: int = 0) -> QuerySet[AuditEvent]:
    """The records of role changes after the event `after` (building the world grants roles too)."""
    return AuditEvent.objects.filter(object_type="accounts.Membership", pk__gt=after).order_by("pk")


def _last_event() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def test_the_administrator_grants_a_role_and_it_is_recorded(world: World, client: Client) -> None:
    newcomer = get_user_model().objects.create_user(username="nuova", first_name="Anna", last_name="Neri")
    client.force_login(world.users["admin"])
    start = _last_event()
    assert client.get(_url(world)).status_code == 200

    response = client.post(_url(world), {"username": "nuova", "role": Role.OFFICE, "unit": _office(world).pk})

    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, organization=world.organization)
    assert (membership.role, membership.unit, membership.active) == (Role.OFFICE, _office(world), True)
    event = _role_events(start).get()  # one record of the change, not two
    assert event.action == "role.grant"
    assert event.actor == world.users["admin"]
    assert event.organization == world.organization
    assert event.object_id == str(membership.pk)
    assert event.before is None
    assert event.after == {
        "user": "nuova",
        "role": Role.OFFICE,
        "position": None,
        "unit": _office(world).code,
        "active": True,
    }
    page = client.get(_url(world)).content.decode()
    assert "ruolo assegnato" in page
    assert "role.grant" not in page
    # The newcomer now reads the organization's plan.
    client.force_login(newcomer)
    assert client.get(f"/o/{world.organization.code}/2018/albero/").status_code == 200


def test_the_administrator_revokes_a_role_and_it_is_recorded(world: World, client: Client) -> None:
    office = world.users["office"]
    membership = Membership.objects.get(user=office, organization=world.organization)
    client.force_login(world.users["admin"])
    start = _last_event()

    response = client.post(_url(world, f"{membership.pk}/revoca/"))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    event = _role_events(start).get()
    assert event.action == "role.revoke"
    assert event.actor == world.users["admin"]
    assert event.object_id == str(membership.pk)
    assert event.before == {
        "user": "ufficio",
        "role": Role.OFFICE,
        "position": None,
        "unit": _office(world).code,
        "active": True,
    }
    assert event.after is None
    page = client.get(_url(world)).content.decode()
    assert "ruolo revocato" in page
    assert "role.revoke" not in page
    client.force_login(office)
    assert client.get(f"/o/{world.organization.code}/").status_code == 404
    # Granted again, and recorded again.
    client.force_login(world.users["admin"])
    client.post(_url(world), {"username": "ufficio", "role": Role.OFFICE, "unit": _office(world).pk})
    assert Membership.objects.filter(user=office, organization=world.organization, active=True).exists()
    assert list(_role_events(start).values_list("action", flat=True)) == ["role.revoke", "role.grant"]


@pytest.mark.parametrize("role", ["planning_office", "secretary_general", "director", "office", "oiv"])
def test_other_roles_may_not_grant_or_revoke(world: World, client: Client, role: str) -> None:
    target = Membership.objects.get(user=world.users["oiv" if role != "oiv" else "office"])
    client.force_login(world.users[role])
    start = _last_event()
    assert client.get(_url(world)).status_code == 403
    grant = client.post(_url(world), {"username": world.users[role].username, "role": Role.ADMIN})
    revoke = client.post(_url(world, f"{target.pk}/revoca/"))
    assert (grant.status_code, revoke.status_code) == (403, 403)
    assert not Membership.objects.filter(user=world.users[role], role=Role.ADMIN).exists()
    assert Membership.objects.filter(pk=target.pk, active=True).exists()
    assert not _role_events(start).exists()


def test_an_administrator_of_another_organization_changes_nothing_here(world: World, client: Client) -> None:
    other_admin = make_user("amministratore-altro", world.other, Role.ADMIN)
    office = Membership.objects.get(user=world.users["office"])
    client.force_login(other_admin)
    start = _last_event()
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), {"username": "estraneo", "role": Role.ADMIN}).status_code == 404
    assert client.post(_url(world, f"{office.pk}/revoca/")).status_code == 404
    # Nor, from its own page, a membership of this organization.
    assert client.post(f"/o/{world.other.code}/ruoli/{office.pk}/revoca/").status_code == 404
    assert Membership.objects.filter(pk=office.pk, active=True).exists()
    assert not Membership.objects.filter(user__username="estraneo", organization=world.organization).exists()
    assert not _role_events(start).exists()


def test_unknown_roles_and_another_organization_s_positions_are_refused(world: World, client: Client) -> None:
    get_user_model().objects.create_user(username="nuova")
    foreign_position = Position.objects.filter(organization=world.other).first()
    foreign_unit = OrgUnit.objects.filter(organization=world.other).first()
    assert foreign_position is not None
    assert foreign_unit is not None
    client.force_login(world.users["admin"])
    start = _last_event()
    attempts = [
        {"username": "nuova", "role": "superuser"},
        {"username": "nuova", "role": Role.MANAGER, "position": foreign_position.pk},
        {"username": "nuova", "role": Role.OFFICE, "unit": foreign_unit.pk},
        {"username": "nuova", "role": Role.MANAGER},  # a manager's role needs a position
        {"username": "nuova", "role": Role.OIV, "unit": _office(world).pk},  # the OIV's role has no unit
        {"username": "nessuno", "role": Role.OIV},
        {"username": "nuova", "role": ""},  # no role chosen: nothing preselected to grant by mistake
    ]
    for data in attempts:
        response = client.post(_url(world), data)
        assert response.status_code == 400, data
        assert (
            'class="invalid-feedback' in response.content.decode()
            or "alert-danger" in response.content.decode()
        )
    assert not Membership.objects.filter(user__username="nuova").exists()
    assert not _role_events(start).exists()


def test_nobody_changes_their_own_roles(world: World, client: Client) -> None:
    admin = world.users["admin"]
    own = Membership.objects.get(user=admin, organization=world.organization)
    client.force_login(admin)
    start = _last_event()

    grant = client.post(_url(world), {"username": admin.username, "role": Role.PLANNING_OFFICE})
    revoke = client.post(_url(world, f"{own.pk}/revoca/"), follow=True)

    assert grant.status_code == 400
    assert "Non puoi modificare i tuoi ruoli" in grant.content.decode()
    assert "Non puoi modificare i tuoi ruoli" in revoke.content.decode()
    assert list(Membership.objects.filter(user=admin).values_list("role", "active")) == [(Role.ADMIN, True)]
    assert not _role_events(start).exists()


def test_granting_a_role_already_held_is_refused(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    response = client.post(_url(world), {"username": "oiv", "role": Role.OIV})
    assert response.status_code == 400
    assert "già questo ruolo" in response.content.decode()
    assert Membership.objects.filter(user=world.users["oiv"]).count() == 1
