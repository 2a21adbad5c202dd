"""Shared by the oversight tests: the access of a world's user, the world's plan."""

from __future__ import annotations

from cannocchiale.accounts.access import Access, access_for
from cannocchiale.planning.models import Plan
from tests.web.helpers import World


def access(world: World, role: str) -> Access:
    return access_for(world.users[role], world.organization)


def plan_of(world: World) -> Plan:
    return Plan.objects.get(organization=world.organization, year=2018)
