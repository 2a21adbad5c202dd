"""The SMVP in force: which stored version applies to a year, read as the engine's settings."""

from __future__ import annotations

from dataclasses import dataclass

from cannocchiale.engine.individual import (
    DEFAULT_INDIVIDUAL_POLICY,
    IndividualPolicy,
    individual_policy_from_dict,
)
from cannocchiale.engine.policy import DEFAULT_POLICY, ScoringPolicy, policy_from_dict
from cannocchiale.evaluation.models import ScoringPolicy as ScoringPolicyRow
from cannocchiale.organization.models import Organization

# The individual-evaluation settings live beside the engine's scoring settings in the same row.
INDIVIDUAL_KEY = "individual"


@dataclass(frozen=True)
class PolicyInForce:
    """The scoring and individual-evaluation settings of a year, and the stored version (None: default)."""

    scoring: ScoringPolicy
    individual: IndividualPolicy
    row: ScoringPolicyRow | None

    @property
    def version_label(self) -> str:
        return str(self.row) if self.row is not None else "SMVP predefinito"


def policy_row_for_year(*, organization: Organization, year: int) -> ScoringPolicyRow | None:
    """The stored version in force for `year`: the latest version valid from that year or before."""
    return (
        ScoringPolicyRow.objects.filter(organization=organization, valid_from_year__lte=year)
        .order_by("-valid_from_year", "-version")
        .first()
    )


def policy_of_row(row: ScoringPolicyRow | None) -> PolicyInForce:
    if row is None:
        return PolicyInForce(DEFAULT_POLICY, DEFAULT_INDIVIDUAL_POLICY, None)
    return PolicyInForce(
        policy_from_dict(row.settings),
        individual_policy_from_dict(row.settings.get(INDIVIDUAL_KEY)),
        row,
    )


def policy_in_force(*, organization: Organization, year: int) -> PolicyInForce:
    return policy_of_row(policy_row_for_year(organization=organization, year=year))


def policy_for_year(*, organization: Organization, year: int) -> ScoringPolicy:
    """The SMVP in force for `year`: the latest version valid from that year or before; else the default."""
    row = policy_row_for_year(organization=organization, year=year)
    return policy_from_dict(row.settings) if row is not None else DEFAULT_POLICY


def individual_policy_for_year(*, organization: Organization, year: int) -> IndividualPolicy:
    """The individual-evaluation part of the SMVP in force for `year`."""
    return policy_in_force(organization=organization, year=year).individual
