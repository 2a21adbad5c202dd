"""Rescoring only the path above a changed indicator stores exactly what scoring the whole plan stores."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from tests.web.helpers import World, build_world

from cannocchiale.demo.loader import demo_document_text
from cannocchiale.evaluation.batch import CURRENT, batch_score
from cannocchiale.evaluation.freshness import bump_data_version, plan_refresh
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_text
from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import Indicator, Plan
from cannocchiale.simulation.services import simulation_create

pytestmark = pytest.mark.django_db


def stored(plan: Plan) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {
        (row[0], row[1]): row[2:]
        for row in ComputedScore.objects.filter(plan=plan, as_of=CURRENT).values_list(
            "subject_type",
            "subject_code",
            "achievement",
            "status",
            "data_state",
            "flagged",
            "flag",
            "explanation",
        )
    }


def indicators_rescore(plan: Plan, indicator_ids: list[int]) -> bool:
    """What a writer does (its version bump) and what runs after its commit; True when only the
    figures above the indicators were recomputed. The test's transaction never commits, so the
    rescoring is called here."""
    bump_data_version(plan, indicators=indicator_ids)
    return plan_refresh(plan.pk, indicator_ids) == "incremental"


def scored_from_scratch(plan: Plan) -> dict[tuple[str, str], tuple[Any, ...]]:
    ComputedScore.objects.filter(plan=plan, as_of=CURRENT).delete()
    batch_score(plans=[plan], dates=[CURRENT])
    return stored(plan)


def measure(plan: Plan, indicator: Indicator, rng: random.Random) -> None:
    """A value of any shape: a number, a done flag, a completion date, an assessment, or nothing.

    At the year's last day (the latest measurement, so that it is the one that counts): one value
    per indicator and date, so a second one replaces the first, as a new entry does."""
    Measurement.objects.update_or_create(
        indicator=indicator,
        date=dt.date(plan.year, 12, 31),
        defaults={
            "organization_id": plan.organization_id,
            "value": rng.choice([None, Decimal(rng.randint(-5, 400)), Decimal(rng.randint(0, 10000)) / 100]),
            "done": rng.choice([None, True, False]),
            "completed_on": rng.choice([None, dt.date(plan.year, rng.randint(1, 12), rng.randint(1, 28))]),
            "assessed": rng.choice([None, Decimal(rng.randint(0, 100))]),
            "entered_by_name": "test",
        },
    )


def check_every_indicator(plan: Plan, *, sample: int | None = None, seed: int = 5) -> int:
    rng = random.Random(seed)
    scored_from_scratch(plan)
    indicators = list(Indicator.objects.filter(plan=plan).order_by("pk"))
    # Each indicator twice over: a value, then another on top of it.
    indicators = indicators * 2 if sample is None else rng.sample(indicators, min(sample, len(indicators)))
    for indicator in indicators:
        measure(plan, indicator, rng)
        assert indicators_rescore(plan, [indicator.pk]), indicator.code
        after_path = stored(plan)
        assert after_path == scored_from_scratch(plan), indicator.code
    return len(indicators)


def test_every_indicator_of_the_full_featured_plan_rescored_by_its_path_equals_a_full_scoring() -> None:
    world: World = build_world()
    plan = Plan.objects.get(organization=world.organization, year=2018)
    assert check_every_indicator(plan) == 2 * Indicator.objects.filter(plan=plan).count() >= 20


def test_a_project_measured_anew_moves_the_annual_objectives_that_realise_it_and_those_above() -> None:
    # Without their own indicators, DIR-AREA1-1 is measured by the project it realises, SG-1 by
    # DIR-AREA1-1 (which derives from it) and ENTE-1 by SG-1: a chain of three.
    world: World = build_world()
    plan = Plan.objects.get(organization=world.organization, year=2018)
    Indicator.objects.filter(plan=plan, annual_objective__code__in=["ENTE-1", "SG-1", "DIR-AREA1-1"]).delete()
    scored_from_scratch(plan)
    chain = ["DIR-AREA1-1", "SG-1", "ENTE-1"]
    before = {code: stored(plan)[("annual_objective", code)] for code in chain}
    assert check_every_indicator(plan) > 0
    after = {code: stored(plan)[("annual_objective", code)] for code in chain}
    assert all(before[code][0] != after[code][0] for code in chain)


def test_on_the_lucca_plan_the_path_rescoring_equals_a_full_scoring() -> None:
    result = plan_import(document=load_text(demo_document_text(), source="demo"), replace=True)
    plan = Plan.objects.get(organization__code=result.organization_code, year=result.year)
    check_every_indicator(plan, sample=40)


def test_on_a_simulated_plan_the_path_rescoring_equals_a_full_scoring() -> None:
    simulation_create(organizations=1, seed=4, rounds=2)
    plan = Plan.objects.get(organization__code__startswith="sim")
    check_every_indicator(plan, sample=40)


def test_another_change_since_the_stored_rows_makes_it_score_the_whole_plan() -> None:
    world = build_world()
    plan = Plan.objects.get(organization=world.organization, year=2018)
    scored_from_scratch(plan)
    indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
    assert indicator is not None
    # Weights changed by another writer, whose rescoring has not run: two versions behind.
    bump_data_version(plan)
    measure(plan, indicator, random.Random(1))
    assert not indicators_rescore(plan, [indicator.pk])
    assert stored(plan) == scored_from_scratch(plan)


def test_without_stored_rows_it_scores_the_whole_plan() -> None:
    world = build_world()
    plan = Plan.objects.get(organization=world.organization, year=2018)
    indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
    assert indicator is not None
    assert not indicators_rescore(plan, [indicator.pk])
    assert stored(plan) == scored_from_scratch(plan)


def test_the_path_rescoring_reads_a_fixed_number_of_queries_whatever_the_plan() -> None:
    counts = []
    simulation_create(organizations=2, seed=9, rounds=1)
    for plan in Plan.objects.filter(organization__code__startswith="sim").order_by("pk"):
        scored_from_scratch(plan)
        indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
        assert indicator is not None
        measure(plan, indicator, random.Random(2))
        bump_data_version(plan, indicators=[indicator.pk])
        with CaptureQueriesContext(connection) as queries:
            assert plan_refresh(plan.pk, [indicator.pk]) == "incremental"
        counts.append(len(queries))
    assert len(set(counts)) == 1
    assert counts[0] <= 20
