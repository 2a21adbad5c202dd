"""Writing the SMVP: every change is a new version; a year whose evaluations are closed keeps its own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Max

from cannocchiale.audit.services import audit_record
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.engine.individual import (
    DEFAULT_INDIVIDUAL_POLICY,
    IndividualPolicy,
    individual_policy_to_dict,
)
from cannocchiale.engine.policy import DEFAULT_POLICY, ScoringPolicy, policy_to_dict
from cannocchiale.evaluation.models import IndividualEvaluation
from cannocchiale.evaluation.models import ScoringPolicy as ScoringPolicyRow
from cannocchiale.evaluation.policies import INDIVIDUAL_KEY, policy_row_for_year
from cannocchiale.organization.models import Organization

Actor = AbstractBaseUser | AnonymousUser | None


class PolicyLocked(CannocchialeError):
    """The change would alter the rules of a year whose evaluations are already closed."""


def policy_settings(scoring: ScoringPolicy, individual: IndividualPolicy) -> dict[str, Any]:
    return {**policy_to_dict(scoring), INDIVIDUAL_KEY: individual_policy_to_dict(individual)}


def scoring_policy_create(
    *,
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
    with transaction.atomic():
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
        return row


def scoring_policy_ensure_default(*, organization: Organization, year: int, actor: Actor) -> ScoringPolicyRow:
    """The version in force for `year`, creating the default SMVP as version 1 when there is none."""
    row = policy_row_for_year(organization=organization, year=year)
    if row is not None:
        return row
    return scoring_policy_create(
        organization=organization,
        actor=actor,
        valid_from_year=year,
        scoring=DEFAULT_POLICY,
        individual=DEFAULT_INDIVIDUAL_POLICY,
        note="Sistema predefinito (Linee guida DFP): da adattare al sistema adottato dall'ente",
    )
