from __future__ import annotations

from cannocchiale.engine.policy import DEFAULT_POLICY, ScoringPolicy, policy_from_dict
from cannocchiale.evaluation.models import ScoringPolicy as ScoringPolicyRow
from cannocchiale.organization.models import Organization


def policy_for_year(*, organization: Organization, year: int) -> ScoringPolicy:
    """The SMVP in force for `year`: the latest version valid from that year or before; else the default."""
    row = (
        ScoringPolicyRow.objects.filter(organization=organization, valid_from_year__lte=year)
        .order_by("-valid_from_year", "-version")
        .first()
    )
    return policy_from_dict(row.settings) if row is not None else DEFAULT_POLICY
