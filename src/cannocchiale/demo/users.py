"""The demo's sample users, one for each role, with passwords made fresh at each load."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.organization.models import Organization, OrgUnit, Position


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    position: str | None = None
    unit: str | None = None


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("programmazione", "Ufficio Programmazione e controllo", Role.PLANNING_OFFICE),
    DemoUser("segretario", "Roberto Camisi (Segretario generale)", Role.MANAGER, position="SG"),
    DemoUser("dirigente", "Dirigente Area Anagrafico", Role.MANAGER, position="DIR-ANAG"),
    DemoUser("ufficio", "Ufficio Registro Imprese", Role.OFFICE, unit="registro-imprese"),
    DemoUser("oiv", "Organismo indipendente di valutazione", Role.OIV),
    # An administrator of Lucca only: a membership with the role, not a superuser of the installation.
    DemoUser("admin", "Amministratore", Role.ADMIN),
)


def demo_users_create(*, organization: Organization) -> list[tuple[DemoUser, str]]:
    """Create or reset the sample users; returns each with its password (to be printed, once)."""
    fixed = os.environ.get("CANNOCCHIALE_DEMO_PASSWORD")
    user_model = get_user_model()
    created = []
    for spec in DEMO_USERS:
        password = fixed or secrets.token_urlsafe(9)
        first, _, last = spec.full_name.partition(" ")
        user, _ = user_model.objects.get_or_create(username=spec.username)
        user.first_name, user.last_name = first, last
        user.email = f"{spec.username}@example.invalid"
        # Also demotes a superuser left by an earlier version of the demo.
        user.is_staff = False
        user.is_superuser = False
        user.set_password(password)
        user.save()
        Membership.objects.filter(user=user, organization=organization).delete()
        Membership.objects.create(
            organization=organization,
            user=user,
            role=spec.role,
            position=Position.objects.get(organization=organization, code=spec.position)
            if spec.position
            else None,
            unit=OrgUnit.objects.get(organization=organization, code=spec.unit) if spec.unit else None,
        )
        created.append((spec, password))
    return created
