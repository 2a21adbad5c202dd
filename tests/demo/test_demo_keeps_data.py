"""`cannocchiale demo` run again never destroys what it finds: it keeps the plan and loads what is missing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cannocchiale.audit.models import AuditEvent
from cannocchiale.demo.loader import demo_load
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.monitoring.models import Measurement, MonitoringRound, Submission
from cannocchiale.planning.models import Indicator, Plan

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

PERSON = "mrossi (riga di comando)"


def _counts(plan: Plan) -> dict[str, int]:
    return {
        "plans": Plan.objects.filter(organization=plan.organization).count(),
        "indicators": Indicator.objects.filter(plan=plan).count(),
        "rounds": MonitoringRound.objects.filter(plan=plan).count(),
        "submissions": Submission.objects.filter(round__plan=plan).count(),
        "measurements": Measurement.objects.filter(indicator__plan=plan).count(),
        "scores": ComputedScore.objects.filter(plan=plan).count(),
    }


def test_running_the_demo_twice_keeps_a_measurement_added_in_between() -> None:
    first = demo_load(actor_name=PERSON)
    assert first["counts"]["indicators"] > 0
    assert first["simulated_measurements"] > 0
    plan = Plan.objects.get(organization__code="lucca", year=2018)
    indicator = Indicator.objects.filter(plan=plan).order_by("pk").first()
    assert indicator is not None
    added = Measurement.objects.create(
        organization=plan.organization,
        indicator=indicator,
        date=dt.date(2018, 9, 30),
        value=Decimal("42"),
        note="inserita da una persona tra le due esecuzioni",
    )
    before = _counts(plan)

    second = demo_load(actor_name=PERSON)

    assert second["kept"] is True
    assert second["simulated_measurements"] == 0
    assert Plan.objects.get(pk=plan.pk).pk == plan.pk  # the same row, not a copy
    assert Measurement.objects.filter(pk=added.pk, value=Decimal("42")).exists()
    assert _counts(plan) == before
    assert not AuditEvent.objects.filter(action="plan.replace").exists()
    # The one import of the plan is recorded under the person who ran the demo, not «sistema».
    (event,) = AuditEvent.objects.filter(action="plan.import")
    assert event.actor_name == PERSON


def test_the_demo_keeps_an_approved_plan_with_its_monitoring_and_scores() -> None:
    from cannocchiale.evaluation.batch import plan_rescore

    demo_load(actor_name=PERSON)
    plan = Plan.objects.get(organization__code="lucca", year=2018)
    Plan.objects.filter(pk=plan.pk).update(
        status=Plan.Status.APPROVED,
        approval_act="Delibera di Giunta n. 1",
        approval_date=dt.date(2018, 1, 31),
    )
    plan_rescore(plan)
    before = _counts(plan)
    assert before["rounds"] == 1
    assert before["submissions"] > 0
    assert before["scores"] > 0

    demo_load(actor_name=PERSON)

    assert _counts(plan) == before
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.APPROVED
