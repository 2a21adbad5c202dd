"""Access to an organization comes only from a membership there, never from being a superuser.

A superuser used to be a member of every organization, and the demo made its per-organization
administrator one: an administrator of one organization read another's albero and documents.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.test import Client

from cannocchiale.accounts.access import access_at, access_for, organizations_of
from tests.web.helpers import World


@pytest.fixture
def superuser(world: World) -> AbstractUser:
    return get_user_model().objects.create_superuser(username="radice", password="x-radice-2018-x")


def _pages(code: str) -> list[str]:
    return [
        f"/o/{code}/",
        f"/o/{code}/2018/albero/",
        f"/o/{code}/2018/documenti/",
        f"/o/{code}/2018/obiettivi/1A/",
        f"/o/{code}/attivita/",
    ]


def test_a_superuser_who_is_no_member_finds_no_organization(
    world: World, superuser: AbstractUser, client: Client
) -> None:
    client.force_login(superuser)
    statuses = {path: client.get(path).status_code for path in _pages(world.organization.code)}
    assert set(statuses.values()) == {404}, statuses
    assert organizations_of(superuser) == []
    assert not access_for(superuser, world.organization).is_member
    access = access_at(superuser, world.organization.code)
    assert access is not None
    assert not access.is_admin
    assert not access.can_view_everything()


def test_a_superuser_with_a_membership_has_exactly_that_role(
    world: World, superuser: AbstractUser, client: Client
) -> None:
    from cannocchiale.accounts.models import Membership, Role
    from cannocchiale.organization.models import OrgUnit

    unit = OrgUnit.objects.filter(organization=world.organization, kind=OrgUnit.Kind.OFFICE).first()
    Membership.objects.create(organization=world.organization, user=superuser, role=Role.OFFICE, unit=unit)
    client.force_login(superuser)
    assert client.get(f"/o/{world.organization.code}/2018/albero/").status_code == 200
    # An office does not read the documents; being a superuser adds nothing.
    assert client.get(f"/o/{world.organization.code}/2018/documenti/").status_code == 403
    assert client.get(f"/o/{world.other.code}/2018/albero/").status_code == 404


def test_an_organization_administrator_cannot_read_another_organization(world: World, client: Client) -> None:
    client.force_login(world.users["admin"])
    assert client.get(f"/o/{world.organization.code}/2018/albero/").status_code == 200
    statuses = {path: client.get(path).status_code for path in _pages(world.other.code)}
    assert set(statuses.values()) == {404}, statuses
