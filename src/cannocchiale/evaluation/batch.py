"""Scores written back: every figure of many plans at their monitoring dates, stored as ComputedScore rows.

Pages and reports read the stored rows instead of scoring on every request. Two ways in:
- `batch_score` scores every plan of many organizations at every date, reading plans a chunk
  at a time (a fixed number of queries per chunk) and writing rows in bulk (PostgreSQL COPY
  where available);
- `rescore_after_measurement` refreshes one plan at one date after a new measurement, reusing
  the stored scores of the indicators that did not change, and rewriting only the rows whose
  figures moved.
The figures are `plan_score`'s: the same engine calls on the same inputs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.utils import timezone

from cannocchiale.audit.services import audit_record
from cannocchiale.engine.explanation import Explanation
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.evaluation.services import (
    PlanInputs,
    PlanScores,
    load_plan_inputs,
    rollup_plan_inputs,
    score_indicator_input,
)
from cannocchiale.monitoring.models import MonitoringRound
from cannocchiale.planning.models import Plan

CHUNK_PLANS = 20
_COLUMNS = (
    "organization_id",
    "plan_id",
    "as_of",
    "final",
    "subject_type",
    "subject_code",
    "achievement",
    "status",
    "data_state",
    "flagged",
    "flag",
    "explanation",
    "computed_at",
)


@dataclass
class BatchResult:
    plans: int = 0
    dates: int = 0
    rows: int = 0
    by_subject: dict[str, int] = field(default_factory=dict)


def stored_explanation(explanation: Explanation) -> dict[str, Any]:
    """The explanation as stored: its children summarised, since each child is stored in its own row.

    Storing whole trees would repeat the plan's every indicator under each area and again under
    the plan: the rows would grow with the square of the plan's depth instead of with its size.
    """
    return {
        "key": explanation.key,
        "rule_id": explanation.rule_id,
        "rule": explanation.rule,
        "inputs": dict(explanation.inputs),
        "outcome": explanation.outcome,
        "notes": list(explanation.notes),
        "children": [
            {"key": c.key, "rule_id": c.rule_id, "outcome": c.outcome} for c in explanation.children
        ],
    }


_SIX_PLACES = Decimal("0.000001")


def stored_achievement(achievement: Decimal | None) -> Decimal | None:
    """The achievement as the column keeps it: six decimals, rounded half up.

    Rounded here, not by the database, so that PostgreSQL (half away from zero) and SQLite
    (Django's half-even) store the same figure.
    """
    return None if achievement is None else achievement.quantize(_SIX_PLACES, rounding=ROUND_HALF_UP)


def _is_final(plan: Plan, as_of: dt.date) -> bool:
    # The round at year end is the final one: a value still missing then scores 0 %.
    return as_of >= dt.date(plan.year, 12, 31)


def _rows(scores: PlanScores, plan: Plan, as_of: dt.date) -> Iterator[ComputedScore]:
    items = [
        *scores.indicators,
        *scores.projects,
        *scores.strategic_objectives,
        *scores.areas,
        *([scores.plan_score] if scores.plan_score else []),
        *scores.annual_objectives,
        *scores.assignees,
    ]
    for item in items:
        s = item.score
        yield ComputedScore(
            organization_id=plan.organization_id,
            plan_id=plan.pk,
            as_of=as_of,
            final=scores.final,
            subject_type=item.kind,
            subject_code=item.key,
            achievement=stored_achievement(s.achievement),
            status=s.status or "",
            data_state=s.data_state,
            flagged=s.flagged,
            flag=s.flag or "",
            explanation=stored_explanation(s.explanation),
        )


def round_dates_of(plans: Sequence[Plan]) -> dict[int, list[dt.date]]:
    """Each plan's monitoring dates; a plan without rounds is scored at the end of its year."""
    dates: dict[int, list[dt.date]] = {p.pk: [] for p in plans}
    for plan_id, as_of in (
        MonitoringRound.objects.filter(plan__in=plans).order_by("as_of").values_list("plan_id", "as_of")
    ):
        dates[plan_id].append(as_of)
    return {p.pk: dates[p.pk] or [dt.date(p.year, 12, 31)] for p in plans}


def _write(rows: list[ComputedScore]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(rows)
    else:
        ComputedScore.objects.bulk_create(rows, batch_size=2000)


def _copy(rows: list[ComputedScore]) -> None:
    """PostgreSQL COPY: several times faster than multi-row INSERTs for this many rows."""
    now = timezone.now()
    table = ComputedScore._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's own cursor, under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row(
                    (
                        r.organization_id,
                        r.plan_id,
                        r.as_of,
                        r.final,
                        r.subject_type,
                        r.subject_code,
                        r.achievement,
                        r.status,
                        r.data_state,
                        r.flagged,
                        r.flag,
                        json.dumps(r.explanation, ensure_ascii=False),
                        now,
                    )
                )


def _chunks(plans: Iterable[Plan], size: int) -> Iterator[list[Plan]]:
    chunk: list[Plan] = []
    for plan in plans:
        chunk.append(plan)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def batch_score(
    *,
    plans: Iterable[Plan],
    dates: Sequence[dt.date] | None = None,
    actor: AbstractBaseUser | AnonymousUser | None = None,
) -> BatchResult:
    """Scores every plan at `dates` (default: each plan's monitoring dates) and stores every figure.

    The rows of those plans and dates are replaced; each chunk of plans is its own transaction, so
    a long run holds no lock for long and a failure keeps the chunks already written.
    """
    result = BatchResult()
    by_subject: dict[str, int] = {}
    for chunk in _chunks(plans, CHUNK_PLANS):
        chunk_dates = {p.pk: list(dates) for p in chunk} if dates else round_dates_of(chunk)
        rows: list[ComputedScore] = []
        for inputs in load_plan_inputs(chunk):
            plan = inputs.plan
            for as_of in chunk_dates[plan.pk]:
                scores = _score_at(inputs, as_of)
                rows.extend(_rows(scores, plan, as_of))
            result.dates += len(chunk_dates[plan.pk])
        with transaction.atomic():
            for plan in chunk:
                ComputedScore.objects.filter(plan=plan, as_of__in=chunk_dates[plan.pk]).delete()
            _write(rows)
        for r in rows:
            by_subject[r.subject_type] = by_subject.get(r.subject_type, 0) + 1
        result.plans += len(chunk)
        result.rows += len(rows)
    result.by_subject = by_subject
    audit_record(
        organization=None,
        actor=actor,
        action="scores.batch",
        object_type="evaluation.ComputedScore",
        object_repr=f"{result.plans} piani, {result.rows} punteggi",
        after={"plans": result.plans, "dates": result.dates, "rows": result.rows},
    )
    return result


def _score_at(inputs: PlanInputs, as_of: dt.date) -> PlanScores:
    final = _is_final(inputs.plan, as_of)
    scores = {
        i.pk: score_indicator_input(i, year=inputs.year, final=final, policy=inputs.policy, as_of=as_of)
        for i in inputs.indicators
    }
    return rollup_plan_inputs(inputs, scores, final=final)


# --- one plan after one measurement --------------------------------------------------------------


def _figures(r: ComputedScore) -> tuple[Any, ...]:
    return (r.achievement, r.status, r.data_state, r.flagged, r.flag)


def rescore_after_measurement(*, plan: Plan, as_of: dt.date) -> int:
    """Refreshes the stored figures of `plan` at `as_of` after a new measurement; returns the rows changed.

    The whole plan is scored again (a measurement moves its indicator and every figure above it,
    up to the plan and the assignees), but only the rows whose figures moved are rewritten.
    No audit event: the measurement that causes this is the recorded change, and these rows
    are derived from it.
    """
    fresh = {
        (r.subject_type, r.subject_code): r
        for r in _rows(_score_at(load_plan_inputs([plan])[0], as_of), plan, as_of)
    }
    stored = {
        (row[1], row[2]): (row[0], row[3:])
        for row in ComputedScore.objects.filter(plan=plan, as_of=as_of).values_list(
            "pk", "subject_type", "subject_code", "achievement", "status", "data_state", "flagged", "flag"
        )
    }
    changed = [r for key, r in fresh.items() if key not in stored or stored[key][1] != _figures(r)]
    gone = [pk for key, (pk, _) in stored.items() if key not in fresh]
    stale = [
        stored[(r.subject_type, r.subject_code)][0]
        for r in changed
        if (r.subject_type, r.subject_code) in stored
    ]
    if changed or gone:
        with transaction.atomic():
            ComputedScore.objects.filter(pk__in=stale + gone).delete()
            ComputedScore.objects.bulk_create(changed)
    return len(changed) + len(gone)
