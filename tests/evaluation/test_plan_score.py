"""Scoring a stored plan: the figures the engine computes, with their explanations, in bounded queries."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cannocchiale.evaluation.models import ScoringPolicy
from cannocchiale.evaluation.services import plan_score
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_file
from cannocchiale.planning.models import Plan

FIXTURES = Path(__file__).parents[1] / "fixtures"
pytestmark = pytest.mark.django_db


def _plan(name: str = "minimal.yaml") -> Plan:
    result = plan_import(document=load_file(FIXTURES / name))
    return Plan.objects.get(organization__code=result.organization_code, year=result.year)


def _by_key(items: list, key: str):  # type: ignore[no-untyped-def]
    return next(item for item in items if item.key == key)


def test_at_most_indicator_met_scores_100_with_its_explanation() -> None:
    scores = plan_score(plan=_plan())
    row = _by_key(scores.indicators, "1A.1")  # "< 5gg", actual 4.5
    assert row.score.achievement == Decimal(100)
    assert row.score.status == "green"
    assert row.score.explanation.inputs


def test_indicator_without_actual_is_left_out_during_the_year_and_zero_at_year_end() -> None:
    plan = _plan()
    during = _by_key(plan_score(plan=plan).indicators, "1A0101.1")
    final = _by_key(plan_score(plan=plan, final=True).indicators, "1A0101.1")
    assert during.score.achievement is None
    assert during.score.flagged
    assert final.score.achievement == Decimal(0)
    assert final.score.flagged


def test_strategic_objective_and_area_roll_up_from_their_indicators() -> None:
    scores = plan_score(plan=_plan())
    assert _by_key(scores.strategic_objectives, "1A").score.achievement == Decimal(100)
    assert _by_key(scores.areas, "1").score.achievement == Decimal(100)


def test_assignee_result_is_the_weighted_mean_of_their_objectives() -> None:
    plan = _plan()
    scores = plan_score(plan=plan, final=True)
    sg = _by_key(scores.assignees, "SG")
    sg1 = _by_key(scores.annual_objectives, "SG-1").score.achievement
    sg2 = _by_key(scores.annual_objectives, "SG-2").score.achievement
    assert sg.score.achievement == (sg1 * 60 + sg2 * 40) / 100


def test_organization_policy_in_force_for_the_year_is_applied() -> None:
    plan = _plan()
    ScoringPolicy.objects.create(
        organization=plan.organization,
        version=1,
        valid_from_year=2018,
        settings={
            "status_rules": [
                {"min_achievement": "100", "status": "blu"},
                {"min_achievement": "0", "status": "grigio"},
            ]
        },
    )
    row = _by_key(plan_score(plan=plan).indicators, "1A.1")
    assert row.score.status == "blu"


def test_scores_are_computed_in_a_bounded_number_of_queries(django_assert_max_num_queries: object) -> None:
    plan = _plan("full_features.yaml")
    with django_assert_max_num_queries(15):  # type: ignore[operator]
        scores = plan_score(plan=plan, final=True)
    assert scores.to_dict()["assignees"]
