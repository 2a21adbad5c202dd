"""The access rules, in one place: every view and action asks here.

An `Access` is what one user may do in one organization. The rules follow the roles of the
performance cycle: the planning office runs the plan; the Segretario generale, Dirigenti and
PO see and weigh their part of the cascade; offices enter their measurements; the OIV reads
everything, comments and validates; an administrator manages users and organizations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.organization.models import Organization, OrgUnit, Position


@dataclass(frozen=True)
class Access:
    user_id: int | None
    organization: Organization
    roles: frozenset[str]
    position_ids: frozenset[int] = field(default_factory=frozenset)
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    superuser: bool = False

    # --- who is this ------------------------------------------------------------------------------

    @property
    def is_member(self) -> bool:
        return bool(self.roles) or self.superuser

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_planning_office(self) -> bool:
        return self.has(Role.PLANNING_OFFICE)

    @property
    def is_admin(self) -> bool:
        return self.superuser or self.has(Role.ADMIN)

    @property
    def is_oiv(self) -> bool:
        return self.has(Role.OIV)

    @property
    def is_manager(self) -> bool:
        return self.has(Role.MANAGER)

    @property
    def is_office(self) -> bool:
        return self.has(Role.OFFICE)

    # --- what may it do -------------------------------------------------------------------------

    def can_view_plan(self) -> bool:
        """Every role of the organization reads its plan (managers and offices see the whole tree
        to understand where their work sits; what they may change is narrower)."""
        return self.is_member

    def can_view_everything(self) -> bool:
        return self.is_planning_office or self.is_oiv or self.is_admin

    def can_edit_plan(self) -> bool:
        return self.is_planning_office

    def can_manage_lifecycle(self) -> bool:
        """Approve, publish, revise, open and lock monitoring rounds."""
        return self.is_planning_office

    def can_comment(self) -> bool:
        return self.is_oiv or self.is_planning_office

    def can_validate(self) -> bool:
        return self.is_oiv

    def can_manage_users(self) -> bool:
        return self.is_admin

    def can_review_measurements(self) -> bool:
        return self.is_planning_office

    def owns_position(self, position: Position | None) -> bool:
        return position is not None and position.pk in self.position_ids

    def owns_unit(self, unit: OrgUnit | None) -> bool:
        return unit is not None and unit.pk in self.unit_ids


def access_for(user: AbstractBaseUser | AnonymousUser, organization: Organization) -> Access:
    if not user.is_authenticated:
        return Access(user_id=None, organization=organization, roles=frozenset())
    memberships = list(
        Membership.objects.filter(user_id=user.pk, organization=organization, active=True).values_list(
            "role", "position_id", "unit_id"
        )
    )
    return Access(
        user_id=int(user.pk),
        organization=organization,
        roles=frozenset(role for role, _, _ in memberships),
        position_ids=frozenset(p for _, p, _ in memberships if p is not None),
        unit_ids=frozenset(u for _, _, u in memberships if u is not None),
        superuser=bool(getattr(user, "is_superuser", False)),
    )


def organizations_of(user: AbstractBaseUser | AnonymousUser) -> list[Organization]:
    if not user.is_authenticated:
        return []
    if getattr(user, "is_superuser", False):
        return list(Organization.objects.order_by("name"))
    member_of = Membership.objects.filter(user_id=user.pk, active=True).values("organization_id")
    return list(Organization.objects.filter(pk__in=member_of).order_by("name"))
