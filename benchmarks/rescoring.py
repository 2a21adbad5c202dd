"""Rescoring one organization after one new measurement, as the web application does it."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.db.models import F

from benchmarks.result import Figure
from cannocchiale.audit.services import audit_record
from cannocchiale.evaluation.batch import CURRENT, batch_score, plan_rescore
from cannocchiale.evaluation.freshness import plan_refresh
from cannocchiale.evaluation.services import load_plan_inputs
from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import Plan
from cannocchiale.simulation.selectors import SIMULATED


def run(repeats: int = 15) -> list[Figure]:
    plan = (
        Plan.objects.filter(organization__in=_simulated())
        .select_related("organization")
        .order_by("pk")
        .first()
    )
    if plan is None:
        return []
    as_of = dt.date(plan.year, 12, 31)
    # The current figures, which the albero reads and a submitted measurement refreshes.
    batch_score(plans=[plan], dates=[CURRENT])
    indicators = list(plan.indicators.order_by("pk").values_list("pk", flat=True))
    times, floors, whole = [], [], []
    for n in range(repeats):
        # One measurement per indicator and date: a new value at the year's end replaces the one there.
        measurement, _ = Measurement.objects.update_or_create(
            organization_id=plan.organization_id,
            indicator_id=indicators[n % len(indicators)],
            date=as_of,
            defaults={"value": n + 1, "done": n % 2 == 0, "entered_by_name": "bench"},
        )
        # As the submission service records it, before rescoring.
        audit_record(
            organization=plan.organization,
            actor=None,
            action="monitoring.submit",
            object_type="monitoring.Measurement",
            object_id=str(measurement.pk),
            after={"value": str(measurement.value)},
        )
        # What bump_data_version records, without the after-commit rescoring it schedules (in
        # autocommit that runs at once, inside the bump): the rescoring is what is timed below.
        Plan.objects.filter(pk=plan.pk).update(data_version=F("data_version") + 1)
        started = time.perf_counter()
        path_only = plan_refresh(plan.pk, [measurement.indicator_id]) == "incremental"
        times.append(time.perf_counter() - started)
        if not path_only:
            raise RuntimeError("the stored figures were not fresh: the whole plan was scored")
        started = time.perf_counter()
        load_plan_inputs([plan])
        floors.append(time.perf_counter() - started)
        started = time.perf_counter()
        plan_rescore(plan)
        whole.append(time.perf_counter() - started)
    value, floor = statistics.median(times) * 1000, statistics.median(floors) * 1000
    return [
        Figure(
            f"ricalcolo di un ente dopo una rilevazione ({len(indicators)} ind.)",
            value,
            "ms",
            floor=floor,
            floor_name="lettura delle righe del piano",
            goal="< 20 ms",
            met=value < 20,
            details={
                "median_ms": value,
                "p95_ms": sorted(times)[int(0.95 * (len(times) - 1))] * 1000,
                "whole_plan_median_ms": statistics.median(whole) * 1000,
            },
        )
    ]


def _simulated() -> list[int]:
    from cannocchiale.organization.models import Organization

    return list(Organization.objects.filter(SIMULATED).values_list("pk", flat=True))
