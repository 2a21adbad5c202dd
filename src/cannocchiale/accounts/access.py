"""The access rules, in one place: every view and action asks here.

An `Access` is what one user may do in one organization. The rules follow the roles of the
performance cycle: the planning office runs the plan; the Segretario generale, Dirigenti and
PO see and weigh their part of the cascade; offices enter their measurements; the OIV reads
everything, comments and validates; an administrator manages the organization's roles.

Access comes only from memberships: a superuser of the installation is nobody in an organization
unless a membership there says so (the Django admin is for users; the cycle's data is read-only there).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.utils.translation import gettext as _

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.core.errors import PermissionRefused
from cannocchiale.organization.models import Organization, OrgUnit, Position


class EvaluationParties(Protocol):
    """What the evaluation rules need of an individual evaluation (avoids importing the evaluation app)."""

    evaluated_position_id: int
    evaluator_position_id: int | None
    status: str


class CommentParties(Protocol):
    """What the comment rules need of a comment (avoids importing the oversight app)."""

    author_id: int | None
    resolved: bool


@dataclass(frozen=True)
class Access:
    user_id: int | None
    organization: Organization
    roles: frozenset[str]
    position_ids: frozenset[int] = field(default_factory=frozenset)
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    # The command line and the demo loader: the installation's operator, who runs the
    # organization's cycle from a shell (`cannocchiale import`, `demo load`); never a web request.
    is_system: bool = False

    @classmethod
    def system(cls, organization: Organization) -> Access:
        """The access of the command line in this organization: the planning office's and the
        administrator's rules, nobody's positions (it fills no evaluation, it is nobody's evaluator)."""
        return cls(
            user_id=None,
            organization=organization,
            roles=frozenset({Role.PLANNING_OFFICE, Role.ADMIN}),
            is_system=True,
        )

    def require(
        self,
        allowed: bool,
        *,
        organization_id: int | None,
        message: str,
        refusal: type[PermissionRefused] = PermissionRefused,
    ) -> None:
        """Refuse (`PermissionRefused`, or the writer's own subclass of it; nothing changed)
        unless the object is of this access's organization and the rule allows it: every writer
        asks here, inside the service."""
        self.require_organization(organization_id, refusal=refusal)
        if not allowed:
            raise refusal(message)

    def require_organization(
        self, organization_id: int | None, *, refusal: type[PermissionRefused] = PermissionRefused
    ) -> None:
        """Refuse an object of another organization, whatever the roles held here."""
        if organization_id != self.organization.pk:
            raise refusal(_("questo dato è di un altro ente: operazione non consentita"))

    # --- who is this ------------------------------------------------------------------------------

    @property
    def is_member(self) -> bool:
        return bool(self.roles)

    def has(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_planning_office(self) -> bool:
        return self.has(Role.PLANNING_OFFICE)

    @property
    def is_admin(self) -> bool:
        return self.has(Role.ADMIN)

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

    def can_read_documents(self) -> bool:
        """The planning office, the OIV, administrators and managers read the documents; offices do not."""
        return self.can_view_everything() or self.is_manager

    def can_request_documents(self) -> bool:
        return self.can_edit_plan()

    # --- the cascade and monitoring -----------------------------------------------------------------

    def can_weigh(
        self, *, level: str, assignee_unit_chain: Collection[int], held: Collection[Position]
    ) -> bool:
        """May this user set the weights and complexity of an assignee's objectives?

        The planning office weighs everything; the Segretario generale the Dirigenti's objectives;
        a Dirigente the PO and offices of their own directorate. `assignee_unit_chain` is the
        assignee's unit and its ancestors; `held` the positions this user holds."""
        if self.is_planning_office:
            return True
        if not self.is_manager:
            return False
        own = [p for p in held if p.pk in self.position_ids]
        if level == "director":
            return any(p.role == Position.Role.SECRETARY_GENERAL for p in own)
        if level in ("po", "office"):
            return any(
                p.role == Position.Role.DIRECTOR
                and p.unit_id is not None
                and p.unit_id in assignee_unit_chain
                for p in own
            )
        return False

    def can_enter_measurement(
        self, *, responsible_unit_ids: Collection[int], own_unit_ids: Collection[int]
    ) -> bool:
        """The planning office enters any value; an office (or a PO, Dirigente…) the values of the
        indicators its unit answers for. `own_unit_ids`: the user's units, from memberships and positions."""
        if self.is_planning_office:
            return True
        if not (self.is_office or self.is_manager):
            return False
        return any(unit in responsible_unit_ids for unit in own_unit_ids)

    def can_read_any_evidence(self) -> bool:
        """Evidence files may carry personal data: the planning office and the OIV read them all."""
        return self.is_planning_office or self.is_oiv

    def can_read_evidence(
        self, *, responsible_unit_chain: Collection[int], own_unit_ids: Collection[int]
    ) -> bool:
        """An indicator's evidence: the planning office, the OIV, and the offices and managers
        whose unit answers for the indicator or stands above one that does.
        `responsible_unit_chain`: the responsible units and their ancestors."""
        if self.can_read_any_evidence():
            return True
        if not (self.is_office or self.is_manager):
            return False
        return any(unit in responsible_unit_chain for unit in own_unit_ids)

    # --- individual evaluation (art. 9 D.Lgs. 150/2009) ----------------------------------------------

    def can_edit_scoring_policy(self) -> bool:
        return self.is_planning_office

    def can_open_evaluations(self) -> bool:
        return self.is_planning_office

    def is_evaluator_of(self, evaluation: EvaluationParties) -> bool:
        """The evaluator's position holder; for the Segretario generale, evaluated by the Giunta,
        the OIV fills in the proposal."""
        if evaluation.evaluator_position_id is None:
            return self.is_oiv
        return evaluation.evaluator_position_id in self.position_ids

    def is_evaluated_in(self, evaluation: EvaluationParties) -> bool:
        return evaluation.evaluated_position_id in self.position_ids

    def can_view_evaluation(self, evaluation: EvaluationParties) -> bool:
        """Personal data: the two parties, the planning office and the OIV; not the administrator."""
        return (
            self.is_planning_office
            or self.is_oiv
            or self.is_evaluator_of(evaluation)
            or self.is_evaluated_in(evaluation)
        )

    def can_fill_evaluation(self, evaluation: EvaluationParties) -> bool:
        return evaluation.status == "open" and self.is_evaluator_of(evaluation)

    def can_acknowledge_evaluation(self, evaluation: EvaluationParties) -> bool:
        return evaluation.status in ("closed", "reviewed") and self.is_evaluated_in(evaluation)

    def can_request_review(self, evaluation: EvaluationParties) -> bool:
        return evaluation.status == "closed" and self.is_evaluated_in(evaluation)

    def can_decide_review(self, evaluation: EvaluationParties) -> bool:
        return evaluation.status == "review_requested" and self.is_evaluator_of(evaluation)

    def owns_position(self, position: Position | None) -> bool:
        return position is not None and position.pk in self.position_ids

    def owns_unit(self, unit: OrgUnit | None) -> bool:
        return unit is not None and unit.pk in self.unit_ids

    # --- the OIV's comments and validations -------------------------------------------------------

    def can_read_comments(self) -> bool:
        """Comments are part of the organization's record: every member reads them."""
        return self.is_member

    def can_resolve_comment(self, comment: CommentParties) -> bool:
        """The author closes their own remark; the planning office closes any, once acted upon."""
        if comment.resolved:
            return False
        return self.is_planning_office or (self.user_id is not None and comment.author_id == self.user_id)


def _access(
    user: AbstractBaseUser,
    organization: Organization,
    memberships: Sequence[tuple[str, int | None, int | None]],
) -> Access:
    """The access given by these (role, position, unit) memberships."""
    return Access(
        user_id=int(user.pk),
        organization=organization,
        roles=frozenset(role for role, _, _ in memberships),
        position_ids=frozenset(p for _, p, _ in memberships if p is not None),
        unit_ids=frozenset(u for _, _, u in memberships if u is not None),
    )


def access_for(user: AbstractBaseUser | AnonymousUser, organization: Organization) -> Access:
    if not user.is_authenticated:
        return Access(user_id=None, organization=organization, roles=frozenset())
    memberships = list(
        Membership.objects.filter(user_id=user.pk, organization=organization, active=True).values_list(
            "role", "position_id", "unit_id"
        )
    )
    return _access(user, organization, memberships)


def access_at(user: AbstractBaseUser | AnonymousUser, code: str) -> Access | None:
    """The user's access in the organization with this code, or None if there is no such organization.

    The same rules as `access_for`, read with the organization in one query: every page of an
    organization asks this first, so one query less on each.
    """
    if not user.is_authenticated:
        found = Organization.objects.filter(code=code).first()
        return None if found is None else Access(user_id=None, organization=found, roles=frozenset())
    rows = list(
        Membership.objects.filter(user_id=user.pk, organization__code=code, active=True).select_related(
            "organization"
        )
    )
    organization = rows[0].organization if rows else Organization.objects.filter(code=code).first()
    if organization is None:
        return None
    return _access(user, organization, [(m.role, m.position_id, m.unit_id) for m in rows])


def organizations_of(user: AbstractBaseUser | AnonymousUser) -> list[Organization]:
    if not user.is_authenticated:
        return []
    member_of = Membership.objects.filter(user_id=user.pk, active=True).values("organization_id")
    return list(Organization.objects.filter(pk__in=member_of).order_by("name"))
