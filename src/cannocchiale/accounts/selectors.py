"""Reads for the roles page: the organization's memberships and the record of their changes, in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.audit.labels import action_label
from cannocchiale.audit.models import AuditEvent
from cannocchiale.organization.models import Organization


def membership_words(membership: Membership) -> str:
    """ "Mario Rossi (mrossi) — Ufficio (Registro imprese)": who holds which role, where."""
    user = membership.user
    name = user.get_full_name() or user.get_username()
    who = f"{name} ({user.get_username()})" if name != user.get_username() else name
    scope = membership.position or membership.unit
    role = str(membership.get_role_display())
    return f"{who} — {role}" + (f" ({scope})" if scope else "")


def memberships_of(organization: Organization) -> list[Membership]:
    """The organization's active roles, by user."""
    return list(
        Membership.objects.filter(organization=organization, active=True)
        .select_related("user", "position", "unit")
        .order_by("user__last_name", "user__first_name", "user__username", "role", "pk")
    )


@dataclass(frozen=True)
class RoleChange:
    at: datetime
    actor: str
    what: str
    subject: str
    before: str
    after: str


ROLE_ACTIONS = ("role.grant", "role.change", "role.revoke")


def role_changes(organization: Organization, *, limit: int = 30) -> list[RoleChange]:
    """The latest grants and revocations in the organization, from the record of changes."""
    events = AuditEvent.objects.filter(
        organization=organization, object_type="accounts.Membership", action__in=ROLE_ACTIONS
    ).order_by("-at", "-pk")[:limit]
    return [
        RoleChange(
            at=event.at,
            actor=event.actor_name,
            what=str(action_label(event.action)),
            subject=event.object_repr,
            before=role_text(event.before),
            after=role_text(event.after),
        )
        for event in events
    ]


def role_text(snapshot: object) -> str:
    """A recorded role in words: "Ufficio (UFF-REG)", "revocato" when inactive, "—" when none."""
    if not isinstance(snapshot, dict) or snapshot.get("role") is None:
        return "—"
    labels = dict(Role.choices)
    role = snapshot.get("role")
    text = str(labels.get(role, _("ruolo non riconosciuto"))) if isinstance(role, str) else "—"
    scope = snapshot.get("position") or snapshot.get("unit")
    if scope:
        text += f" ({scope})"
    if snapshot.get("active") is False:
        text += " — " + _("non attivo")
    return text
