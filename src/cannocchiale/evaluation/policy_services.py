"""Writing the SMVP: every change is a new version; a year whose evaluations are closed keeps its own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.audit.services import audit_record
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.engine.individual import (
    DEFAULT_INDIVIDUAL_POLICY,
    IndividualPolicy,
    individual_policy_to_dict,
)
from cannocchiale.engine.policy import DEFAULT_POLICY, ScoringPolicy, policy_to_dict
from cannocchiale.evaluation.freshness import bump_plans
from cannocchiale.evaluation.models import IndividualEvaluation
from cannocchiale.evaluation.models import ScoringPolicy as ScoringPolicyRow
from cannocchiale.evaluation.policies import INDIVIDUAL_KEY, policy_row_for_year
from cannocchiale.organization.models import AGGREGATE_MIN_GROUP_FLOOR, Organization
from cannocchiale.planning.models import Plan

Actor = AbstractBaseUser | AnonymousUser | None


class MinGroupRefused(CannocchialeError):
    """The minimum size of the groups whose aggregated figures are shown was refused."""


class PolicyLocked(CannocchialeError):
    """The change would alter the rules of a year whose evaluations are already closed."""


def policy_settings(scoring: ScoringPolicy, individual: IndividualPolicy) -> dict[str, Any]:
    return {**policy_to_dict(scoring), INDIVIDUAL_KEY: individual_policy_to_dict(individual)}


def scoring_policy_create(
    *,
    access: Access,
    organization: Organization,
    actor: Actor,
    valid_from_year: int,
    scoring: ScoringPolicy,
    individual: IndividualPolicy,
    note: str = "",
) -> ScoringPolicyRow:
    """A new version of the SMVP, in force from `valid_from_year`; earlier versions are never edited.

    Refused when a year from `valid_from_year` on already has closed evaluations: their sheets
    were computed with the rules in force then, and the plan's scores of that year must not move.
    """
    access.require(
        access.can_edit_scoring_policy(),
        organization_id=organization.pk,
        message=_("solo l'Ufficio Programmazione e controllo adotta il sistema di misurazione e valutazione"),
    )
    with transaction.atomic():
        # The organization's row locked: two new versions at once would both number themselves
        # from the same last one.
        Organization.objects.select_for_update().filter(pk=organization.pk).values_list("pk", flat=True).get()
        closed_year = (
            IndividualEvaluation.objects.filter(organization=organization, year__gte=valid_from_year)
            .exclude(status=IndividualEvaluation.Status.OPEN)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        if closed_year is not None:
            raise PolicyLocked(
                f"le valutazioni del {closed_year} sono già concluse con il sistema in vigore: "
                f"la nuova versione può valere al più dal {closed_year + 1}"
            )
        previous = policy_row_for_year(organization=organization, year=valid_from_year)
        last = ScoringPolicyRow.objects.filter(organization=organization).aggregate(v=Max("version"))["v"]
        row = ScoringPolicyRow.objects.create(
            organization=organization,
            version=(last or 0) + 1,
            valid_from_year=valid_from_year,
            settings=policy_settings(scoring, individual),
            note=note,
        )
        audit_record(
            organization=organization,
            actor=actor,
            action="scoring_policy.create",
            object_type="evaluation.ScoringPolicy",
            object_id=str(row.pk),
            object_repr=str(row),
            before=previous.settings if previous is not None else None,
            after=row.settings,
            reason=note,
        )
        # Every plan the new version applies to is scored with it from now on.
        bump_plans(Plan.objects.filter(organization=organization, year__gte=valid_from_year))
        return row


def scoring_policy_ensure_default(
    *, access: Access, organization: Organization, year: int, actor: Actor
) -> ScoringPolicyRow:
    """The version in force for `year`, creating the default SMVP as version 1 when there is none."""
    row = policy_row_for_year(organization=organization, year=year)
    if row is not None:
        return row
    return scoring_policy_create(
        access=access,
        organization=organization,
        actor=actor,
        valid_from_year=year,
        scoring=DEFAULT_POLICY,
        individual=DEFAULT_INDIVIDUAL_POLICY,
        note="Sistema predefinito (Linee guida DFP): da adattare al sistema adottato dall'ente",
    )


def evaluation_min_group_set(
    *, access: Access, organization: Organization, minimum: int, actor: Actor
) -> Organization:
    """How many concluded evaluations a group needs before its aggregated figures are shown.

    Never below the floor: with two people, each one reads the other's score from the mean and
    their own."""
    access.require(
        access.can_edit_scoring_policy(),
        organization_id=organization.pk,
        message=_("solo l'Ufficio Programmazione e controllo imposta il numero minimo"),
    )
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < AGGREGATE_MIN_GROUP_FLOOR:
        raise MinGroupRefused(
            f"numero minimo di valutazioni per i dati aggregati: «{minimum}» non ammesso, "
            f"serve un numero intero non inferiore a {AGGREGATE_MIN_GROUP_FLOOR}"
        )
    with transaction.atomic():
        locked = Organization.objects.select_for_update().get(pk=organization.pk)
        before = locked.evaluation_min_group
        locked.evaluation_min_group = minimum
        locked.save(update_fields=["evaluation_min_group"])
        audit_record(
            organization=locked,
            actor=actor,
            action="scoring_policy.min_group",
            object_type="organization.Organization",
            object_id=str(locked.pk),
            object_repr=str(locked),
            before={"evaluation_min_group": before},
            after={"evaluation_min_group": minimum},
        )
    organization.evaluation_min_group = minimum
    return locked
