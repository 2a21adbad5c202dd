"""The albero and the sheets read the stored figures: the same as plan_score, kept fresh by every change."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from tests.monitoring.helpers import access, june_round, submission
from tests.web.helpers import World, build_world

from cannocchiale.engine.explanation import format_percent
from cannocchiale.evaluation.batch import CURRENT, current_scores, plan_rescore
from cannocchiale.evaluation.freshness import bump_data_version
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.evaluation.services import plan_score
from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from cannocchiale.planning.models import Indicator, Plan
from cannocchiale.planning.selectors import TreeFilters, plan_tree

pytestmark = pytest.mark.django_db

KINDS = {"area": "area", "objective": "strategic_objective", "project": "project"}


@pytest.fixture
def world() -> World:
    return build_world()


def the_plan(world: World) -> Plan:
    return Plan.objects.get(organization=world.organization, year=2018)


def live_figures(plan: Plan) -> dict[tuple[str, str], tuple[object, ...]]:
    scores = plan_score(plan=plan)
    items = [*scores.indicators, *scores.projects, *scores.strategic_objectives, *scores.areas]
    items += [scores.plan_score] if scores.plan_score else []
    items += [*scores.annual_objectives, *scores.assignees]
    return {
        (i.kind, i.key): (i.score.achievement, i.score.status, i.score.data_state, i.score.flagged)
        for i in items
    }


def stored_figures(plan: Plan) -> dict[tuple[str, str], tuple[object, ...]]:
    return {
        key: (s.achievement, s.status, s.data_state, s.flagged) for key, s in current_scores(plan).items()
    }


def test_the_figures_read_back_from_the_stored_rows_are_exactly_plan_scores(world: World) -> None:
    plan = the_plan(world)
    assert not ComputedScore.objects.filter(plan=plan).exists()
    first = stored_figures(plan)  # nothing stored: scored in memory, and nothing written
    assert not ComputedScore.objects.filter(plan=plan).exists()
    plan_rescore(plan)
    assert ComputedScore.objects.filter(plan=plan, as_of=CURRENT).count() == len(first)
    second = stored_figures(plan)  # the next ones read the rows
    assert second == first == live_figures(plan)


def test_reading_fresh_stored_figures_costs_two_queries_whatever_the_plan(
    world: World, django_assert_num_queries: object
) -> None:
    plan = the_plan(world)
    plan_rescore(plan)
    with django_assert_num_queries(2):  # type: ignore[operator]
        current_scores(plan)


def test_the_tree_shows_the_same_percentages_and_lights_as_plan_score(world: World) -> None:
    plan = the_plan(world)
    live = plan_score(plan=plan)
    expected = {("area", i.key): i.score for i in live.areas} | {
        ("objective", i.key): i.score for i in live.strategic_objectives
    }
    expected |= {("project", i.key): i.score for i in live.projects}
    plan_rescore(plan)  # stored first, so the tree below reads the rows
    tree = plan_tree(plan=plan, filters=TreeFilters())
    nodes = [n for a in tree.areas for n in (a, *a.children)]
    nodes += [j for a in tree.areas for o in a.children for p in o.children for j in p.children]
    assert nodes
    for node in nodes:
        score = expected.get((node.kind, node.code))
        assert node.achievement_text == format_percent(score.achievement if score else None), node.code
        assert node.status == (score.status or "none" if score and score.achievement is not None else "none")
    assert live.plan_score is not None
    assert tree.plan_achievement_text == format_percent(live.plan_score.score.achievement)


def test_entering_a_measurement_updates_the_stored_figures_and_the_tree(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    plan = the_plan(world)
    client = Client()
    client.force_login(world.users["oiv"])
    url = reverse("web:tree", args=[world.organization.code, 2018]) + "?q=1A0101"
    plan_rescore(plan)
    client.get(url)
    before = current_scores(plan)[("indicator", "1A0101.1")]
    round_ = june_round(world)
    with django_capture_on_commit_callbacks(execute=True):
        measurement_submit(
            access=access(world, "office"),
            actor=world.users["office"],
            submission=submission(round_, "1A0101.1"),
            data=MeasurementInput(value=Decimal("72"), explanation="Personale ridotto", action="Task force"),
        )
    row = ComputedScore.objects.get(
        plan=plan, as_of=CURRENT, subject_type="indicator", subject_code="1A0101.1"
    )
    assert row.achievement == Decimal(80)  # stored after the submission's commit, before anyone looks
    assert before.achievement != row.achievement
    assert stored_figures(plan) == live_figures(plan)
    project = plan_score(plan=plan).projects
    expected = next(p for p in project if p.key == "1A0101").score.achievement
    assert format_percent(expected) in client.get(url).content.decode()


def test_a_change_of_the_data_version_after_the_figures_were_stored_makes_the_next_visit_score_again(
    world: World,
) -> None:
    plan = the_plan(world)
    plan_rescore(plan)
    # A weight changed by a writer whose rescoring after commit has not run: its version bump
    # marks the rows stale (the audit event plays no part).
    indicator = (
        Indicator.objects.filter(plan=plan, weight__isnull=False).first()
        or Indicator.objects.filter(plan=plan).first()
    )
    assert indicator is not None
    indicator.weight = Decimal("1")
    indicator.save(update_fields=["weight"])
    bump_data_version(plan)
    assert stored_figures(plan) == live_figures(plan)
