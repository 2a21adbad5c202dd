"""Batch scoring writes back the same figures as plan_score, and rescoring follows a new measurement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cannocchiale.evaluation.batch import batch_score, rescore_after_measurement, stored_achievement
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.evaluation.services import plan_score
from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import Plan
from cannocchiale.simulation.services import simulation_create


def _figures(plan: Plan, as_of: dt.date) -> dict[tuple[str, str], tuple[Decimal | None, str, bool]]:
    return {
        (r.subject_type, r.subject_code): (r.achievement, r.status, r.flagged)
        for r in ComputedScore.objects.filter(plan=plan, as_of=as_of)
    }


def _expected(
    plan: Plan, as_of: dt.date, final: bool
) -> dict[tuple[str, str], tuple[Decimal | None, str, bool]]:
    scores = plan_score(plan=plan, as_of=as_of, final=final)
    items = [
        *scores.indicators,
        *scores.projects,
        *scores.strategic_objectives,
        *scores.areas,
        scores.plan_score,
        *scores.annual_objectives,
        *scores.assignees,
    ]
    return {
        (i.kind, i.key): (
            stored_achievement(i.score.achievement),
            i.score.status or "",
            i.score.flagged,
        )
        for i in items
        if i is not None
    }


@pytest.mark.django_db
def test_batch_scoring_stores_every_figure_of_plan_score_at_each_round() -> None:
    simulation_create(organizations=2, seed=2, rounds=2)
    plans = list(Plan.objects.filter(organization__code__startswith="sim-").select_related("organization"))
    dates = [dt.date(2018, 6, 30), dt.date(2018, 12, 31)]
    result = batch_score(plans=plans, dates=dates)
    assert result.plans == 2
    for plan in plans:
        assert _figures(plan, dates[0]) == _expected(plan, dates[0], final=False)
        assert _figures(plan, dates[1]) == _expected(plan, dates[1], final=True)
    assert set(result.by_subject) == {
        "indicator",
        "project",
        "strategic_objective",
        "area",
        "plan",
        "annual_objective",
        "assignee",
    }
    # Mid-year figures differ from the year's end: the rounds really are scored as of their date.
    assert _figures(plans[0], dates[0]) != _figures(plans[0], dates[1])


@pytest.mark.django_db
def test_scoring_again_replaces_the_rows_instead_of_adding_to_them() -> None:
    simulation_create(organizations=1, seed=2, rounds=1)
    plans = list(Plan.objects.filter(organization__code__startswith="sim-"))
    first = batch_score(plans=plans, dates=[dt.date(2018, 12, 31)])
    batch_score(plans=plans, dates=[dt.date(2018, 12, 31)])
    assert ComputedScore.objects.count() == first.rows


@pytest.mark.django_db
def test_rescoring_after_a_measurement_updates_the_indicator_and_what_is_above_it() -> None:
    simulation_create(organizations=1, seed=5, rounds=1)
    plan = Plan.objects.select_related("organization").get(organization__code="sim-00001")
    as_of = dt.date(2018, 12, 31)
    batch_score(plans=[plan], dates=[as_of])
    target = plan.indicators.filter(targets__kind="completion").first()
    assert target is not None
    # One value per indicator and date: the new one replaces the simulated one, if any.
    Measurement.objects.update_or_create(
        indicator=target, date=as_of, defaults={"organization": plan.organization, "value": Decimal(10)}
    )
    changed = rescore_after_measurement(plan=plan, as_of=as_of)
    assert changed >= 2  # the indicator and at least its objective
    assert _figures(plan, as_of) == _expected(plan, as_of, final=True)
    row = ComputedScore.objects.get(
        plan=plan, as_of=as_of, subject_type="indicator", subject_code=target.code
    )
    assert row.achievement == Decimal(10)
    assert rescore_after_measurement(plan=plan, as_of=as_of) == 0


@pytest.mark.django_db(transaction=True)
def test_shared_among_worker_processes_the_batch_stores_the_same_rows_as_one_process() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("worker processes score on PostgreSQL only (SQLite takes one writer at a time)")
    simulation_create(organizations=3, seed=6, rounds=2)
    plans = list(Plan.objects.select_related("organization").order_by("pk"))
    columns = (
        "plan_id",
        "as_of",
        "subject_type",
        "subject_code",
        "achievement",
        "status",
        "flag",
        "explanation",
    )

    def rows() -> list[tuple[object, ...]]:
        return list(ComputedScore.objects.order_by(*columns[:4]).values_list(*columns))

    alone = batch_score(plans=plans)
    first = rows()
    shared = batch_score(plans=plans, workers=2)
    assert (shared.processes, alone.processes) == (2, 1)
    assert (shared.plans, shared.rows, shared.by_subject) == (alone.plans, alone.rows, alone.by_subject)
    assert rows() == first
    assert len(first) == alone.rows > 0
