"""Shared helpers for web tests: a loaded demo plan and users for each role."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_file
from cannocchiale.organization.models import Organization, OrgUnit, Position

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "una-password-di-prova-2018"


@dataclass
class World:
    organization: Organization
    other: Organization
    users: dict[str, AbstractUser]


def make_user(
    username: str,
    organization: Organization,
    role: str,
    *,
    position: str | None = None,
    unit: str | None = None,
    superuser: bool = False,
) -> AbstractUser:
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_superuser=superuser, is_staff=superuser
    )
    Membership.objects.create(
        organization=organization,
        user=user,
        role=role,
        position=Position.objects.get(organization=organization, code=position) if position else None,
        unit=OrgUnit.objects.get(organization=organization, code=unit) if unit else None,
    )
    return user


def build_world(name: str = "full_features.yaml") -> World:
    """The full-features plan, one user per role, and a second organization with its own user."""
    result = plan_import(document=load_file(FIXTURES / name))
    org = Organization.objects.get(code=result.organization_code)
    plan_import(document=load_file(FIXTURES / "minimal.yaml"))
    other = Organization.objects.get(code="demo")
    positions = list(Position.objects.filter(organization=org).order_by("position"))
    offices = list(OrgUnit.objects.filter(organization=org, kind=OrgUnit.Kind.OFFICE).order_by("position"))
    users = {
        "planning_office": make_user("programmazione", org, Role.PLANNING_OFFICE),
        "secretary_general": make_user("segretario", org, Role.MANAGER, position=positions[0].code),
        "director": make_user("dirigente", org, Role.MANAGER, position=positions[1].code),
        "office": make_user("ufficio", org, Role.OFFICE, unit=offices[0].code),
        "oiv": make_user("oiv", org, Role.OIV),
        "admin": make_user("amministratore", org, Role.ADMIN),
        "stranger": make_user("estraneo", other, Role.PLANNING_OFFICE),
    }
    return World(organization=org, other=other, users=users)
