"""Scores written back: every figure of many plans at their monitoring dates, stored as ComputedScore rows.

Pages and reports read the stored rows instead of scoring on every request. Two ways in:
- `batch_score` scores every plan of many organizations at every date, reading plans a chunk
  at a time (a fixed number of queries per chunk) and writing rows in bulk (PostgreSQL COPY
  where available);
- `rescore_after_measurement` refreshes one plan at one date after a new measurement, rewriting
  only the rows whose figures moved; `plan_rescore` does it for the plan's current figures
  (stored at the date `CURRENT`), which the albero and the sheets read through `current_scores`.
The figures are `plan_score`'s: the same engine calls on the same inputs. Each row also keeps the
achievement unrounded (`exact` in its explanation), so that what is read back is identical to
what `plan_score` returns, not just equal to six decimals.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import multiprocessing
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import orjson
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, connections, transaction
from django.db.models.fields.json import KT
from django.utils import timezone

from cannocchiale.audit.services import audit_record
from cannocchiale.core.statistics import refresh_planner_statistics
from cannocchiale.engine.explanation import Explanation, decimal_json
from cannocchiale.engine.scoring import Score
from cannocchiale.evaluation.freshness import plan_versions, state_record
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.evaluation.services import (
    PlanInputs,
    PlanScores,
    ScoredItem,
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
    processes: int = 1
    # Seconds spent reading, scoring and writing, summed over the chunks (and the processes).
    stages: dict[str, float] = field(default_factory=dict)


def stored_explanation(explanation: Explanation, score: Score | None = None) -> dict[str, Any]:
    """The explanation as stored: its children summarised, since each child is stored in its own row.

    Storing whole trees would repeat the plan's every indicator under each area and again under
    the plan: the rows would grow with the square of the plan's depth instead of with its size.
    With `score`, also what the columns cannot keep: the unrounded achievement and whether a
    person forced it.
    """
    extra: dict[str, Any] = {}
    if score is not None:
        # A missing key, not a JSON null: the database reads both back differently.
        extra = {"forced": score.forced}
        if score.achievement is not None:
            extra["exact"] = decimal_json(score.achievement)
    return {
        **extra,
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


# The plan's figures as they stand, from every measurement entered so far, not final: what
# `plan_score(plan=plan)` returns. A date no monitoring round can take keeps them apart from the
# rounds' rows without another column.
CURRENT = dt.date(9999, 12, 31)


def _is_final(plan: Plan, as_of: dt.date) -> bool:
    # The round at year end is the final one: a value still missing then scores 0 %.
    return as_of != CURRENT and as_of >= dt.date(plan.year, 12, 31)


def _items(scores: PlanScores) -> list[ScoredItem]:
    return [
        *scores.indicators,
        *scores.projects,
        *scores.strategic_objectives,
        *scores.areas,
        *([scores.plan_score] if scores.plan_score else []),
        *scores.annual_objectives,
        *scores.assignees,
    ]


# A row as written: the columns of _COLUMNS but the last (`computed_at`, set when writing). Plain
# tuples, not model instances: building ~700 ComputedScore objects cost more than scoring a plan.
Row = tuple[Any, ...]
_SUBJECT_TYPE, _SUBJECT_CODE, _EXPLANATION = 4, 5, 11


def _rows(scores: PlanScores, plan: Plan, as_of: dt.date) -> Iterator[Row]:
    for item in _items(scores):
        yield score_row(plan, as_of, scores.final, item.kind, item.key, item.score)


def score_row(plan: Plan, as_of: dt.date, final: bool, kind: str, key: str, s: Score) -> Row:
    """One figure as the row that stores it (without `computed_at`)."""
    return (
        plan.organization_id,
        plan.pk,
        as_of,
        final,
        kind,
        key,
        stored_achievement(s.achievement),
        s.status or "",
        s.data_state,
        s.flagged,
        s.flag or "",
        stored_explanation(s.explanation, s),
    )


def _instance(row: Row) -> ComputedScore:
    return ComputedScore(**dict(zip(_COLUMNS, row, strict=False)))


def round_dates_of(plans: Sequence[Plan]) -> dict[int, list[dt.date]]:
    """Each plan's monitoring dates; a plan without rounds is scored at the end of its year."""
    dates: dict[int, list[dt.date]] = {p.pk: [] for p in plans}
    for plan_id, as_of in (
        MonitoringRound.objects.filter(plan__in=plans).order_by("as_of").values_list("plan_id", "as_of")
    ):
        dates[plan_id].append(as_of)
    return {p.pk: dates[p.pk] or [dt.date(p.year, 12, 31)] for p in plans}


def _json(value: dict[str, Any]) -> str:
    # orjson: the explanations are most of a batch's bytes, and it encodes them 5-10x faster.
    return orjson.dumps(value).decode()


def _write(rows: list[Row]) -> None:
    if not rows:
        return
    if connection.vendor == "postgresql":
        _copy(rows)
    else:
        _insert_many(rows)


def _insert_many(rows: list[Row]) -> None:
    """One prepared INSERT for all the rows: building a model instance per row cost five times more.

    The values are adapted as the fields would adapt them (dates and times through the backend,
    Decimals as text, the explanation as JSON).
    """
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    achievement = _SUBJECT_CODE + 1
    table = ops.quote_name(ComputedScore._meta.db_table)
    names = ", ".join(ops.quote_name(c) for c in _COLUMNS)
    marks = ", ".join(["%s"] * len(_COLUMNS))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",
            [
                (
                    *r[:2],
                    ops.adapt_datefield_value(r[2]),
                    *r[3:achievement],
                    ops.adapt_decimalfield_value(r[achievement], 12, 6),
                    *r[achievement + 1 : _EXPLANATION],
                    _json(r[_EXPLANATION]),
                    now,
                )
                for r in rows
            ],
        )


def _copy(rows: list[Row]) -> None:
    """PostgreSQL COPY: several times faster than multi-row INSERTs for this many rows."""
    now = timezone.now()
    table = ComputedScore._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3's own cursor, under Django's wrapper
        with raw.copy(f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((*r[:_EXPLANATION], _json(r[_EXPLANATION]), now))


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
    workers: int = 1,
) -> BatchResult:
    """Scores every plan at `dates` (default: each plan's monitoring dates) and stores every figure.

    The rows of those plans and dates are replaced; each chunk of plans is its own transaction, so
    a long run holds no lock for long and a failure keeps the chunks already written. With
    `workers` above 1 on PostgreSQL, outside a transaction, the chunks are shared among that many
    processes (each with its own connection): plans are independent, so the work divides.
    """
    chunks = _chunks(plans, CHUNK_PLANS)
    parallel = workers > 1 and connection.vendor == "postgresql" and not connection.in_atomic_block
    done = _in_processes(chunks, dates, workers) if parallel else (_score_chunk(c, dates) for c in chunks)
    result = BatchResult(processes=workers if parallel else 1)
    for part in done:
        result.plans += part.plans
        result.dates += part.dates
        result.rows += part.rows
        for subject, count in part.by_subject.items():
            result.by_subject[subject] = result.by_subject.get(subject, 0) + count
        for stage, seconds in part.stages.items():
            result.stages[stage] = result.stages.get(stage, 0.0) + seconds
    refresh_planner_statistics([ComputedScore])
    audit_record(
        organization=None,
        actor=actor,
        action="scores.batch",
        object_type="evaluation.ComputedScore",
        object_repr=f"{result.plans} piani, {result.rows} punteggi",
        after={"plans": result.plans, "dates": result.dates, "rows": result.rows},
    )
    return result


def _score_chunk(chunk: list[Plan], dates: Sequence[dt.date] | None) -> BatchResult:
    chunk_dates = {p.pk: list(dates) for p in chunk} if dates else round_dates_of(chunk)
    rows: list[Row] = []
    result = BatchResult(plans=len(chunk))
    started = time.perf_counter()
    # Read before the inputs: the stored current figures are at least this recent (freshness.py).
    versions = dict(Plan.objects.filter(pk__in=[p.pk for p in chunk]).values_list("pk", "data_version"))
    inputs = load_plan_inputs(chunk)
    loaded = time.perf_counter()
    # Scoring makes millions of small objects and no reference cycles: the cyclic collector's
    # passes over them would cost a fifth of the time and free nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for plan_inputs in inputs:
            plan = plan_inputs.plan
            for as_of in chunk_dates[plan.pk]:
                rows.extend(_rows(_score_at(plan_inputs, as_of), plan, as_of))
            result.dates += len(chunk_dates[plan.pk])
    finally:
        if collecting:
            gc.enable()
    scored = time.perf_counter()
    with transaction.atomic():
        for plan in chunk:
            ComputedScore.objects.filter(plan=plan, as_of__in=chunk_dates[plan.pk]).delete()
        _write(rows)
        for plan in chunk:
            if CURRENT in chunk_dates[plan.pk]:
                state_record(plan, versions[plan.pk])
    result.stages = {
        "load": loaded - started,
        "score": scored - loaded,
        "write": time.perf_counter() - scored,
    }
    for r in rows:
        result.by_subject[r[_SUBJECT_TYPE]] = result.by_subject.get(r[_SUBJECT_TYPE], 0) + 1
    result.rows = len(rows)
    return result


def _in_processes(
    chunks: Iterable[list[Plan]], dates: Sequence[dt.date] | None, workers: int
) -> Iterator[BatchResult]:
    ids = [p.pk for chunk in chunks for p in chunk]
    # Smaller chunks than one process would take, so that every worker has a share to the end.
    size = max(1, min(CHUNK_PLANS, math.ceil(len(ids) / (workers * 4))))
    id_chunks = [ids[i : i + size] for i in range(0, len(ids), size)]
    # Forked workers must not share the parent's connection: closed before the fork, each worker
    # opens its own, and the parent reads nothing until they are done.
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = [pool.submit(_score_chunk_by_ids, ids, dates) for ids in id_chunks]
        for future in pending:
            yield future.result()


def _score_chunk_by_ids(plan_ids: list[int], dates: Sequence[dt.date] | None) -> BatchResult:
    plans = list(Plan.objects.filter(pk__in=plan_ids).select_related("organization").order_by("pk"))
    return _score_chunk(plans, dates)


def _score_at(inputs: PlanInputs, as_of: dt.date) -> PlanScores:
    final = _is_final(inputs.plan, as_of)
    scores = {
        i.pk: score_indicator_input(i, year=inputs.year, final=final, policy=inputs.policy, as_of=as_of)
        for i in inputs.indicators
    }
    return rollup_plan_inputs(inputs, scores, final=final)


# --- one plan after one measurement --------------------------------------------------------------


def _stored_figures() -> tuple[Any, ...]:
    """The stored columns that make a figure, in the order `_figures` compares them."""
    return ("achievement", "status", "data_state", "flagged", "flag", KT("explanation__exact"))


def _figures(r: Row) -> tuple[Any, ...]:
    return (*r[6:_EXPLANATION], r[_EXPLANATION].get("exact"))


def _store(plan: Plan, as_of: dt.date, scores: PlanScores) -> int:
    """Writes the rows of `scores` whose figures moved; returns how many rows changed.

    The plan's row is always written (its `computed_at` is when the figures were last known
    fresh: see `current_scores`), the others only when they moved.
    """
    fresh = {(r[_SUBJECT_TYPE], r[_SUBJECT_CODE]): r for r in _rows(scores, plan, as_of)}
    stored = {
        (row[1], row[2]): (row[0], row[3:])
        for row in ComputedScore.objects.filter(plan=plan, as_of=as_of).values_list(
            "pk", "subject_type", "subject_code", *_stored_figures(), "explanation"
        )
    }
    # The explanation too: a new value with the same figure (3 instead of 3.8 days, both 100 %)
    # must not leave the old value cited.
    moved = [
        key
        for key, r in fresh.items()
        if key not in stored or stored[key][1] != (*_figures(r), r[_EXPLANATION])
    ]
    written = set(moved) | {key for key in fresh if key[0] == "plan"}
    gone = [pk for key, (pk, _) in stored.items() if key not in fresh]
    with transaction.atomic():
        ComputedScore.objects.filter(pk__in=gone).delete()
        store_rows([_instance(fresh[key]) for key in written])
    return len(moved) + len(gone)


# What identifies a stored row, and what a newer figure replaces in it.
_UNIQUE = ("plan", "as_of", "subject_type", "subject_code")
_REPLACED = (
    "organization",
    "final",
    "achievement",
    "status",
    "data_state",
    "flagged",
    "flag",
    "explanation",
    "computed_at",
)


def store_rows(rows: list[ComputedScore]) -> None:
    """Inserts the rows, or replaces the figures of those already stored (INSERT … ON CONFLICT DO
    UPDATE): a row another writer stored meanwhile is overwritten, never a unique-key error."""
    ComputedScore.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=_UNIQUE, update_fields=_REPLACED
    )


def plan_lock(plan: Plan) -> None:
    """Locks the plan's row until the transaction ends, so that its figures are rescored by one
    writer at a time (FOR NO KEY UPDATE: rows that merely refer to the plan are still written)."""
    Plan.objects.select_for_update(no_key=True).filter(pk=plan.pk).values_list("pk", flat=True).first()


def rescore_after_measurement(*, plan: Plan, as_of: dt.date) -> int:
    """Refreshes the stored figures of `plan` at `as_of` after a new measurement; returns the rows changed.

    The whole plan is scored again (a measurement moves its indicator and every figure above it,
    up to the plan and the assignees), but only the rows whose figures moved are rewritten.
    No audit event: the measurement that causes this is the recorded change, and these rows
    are derived from it.
    """
    return _store(plan, as_of, _score_at(load_plan_inputs([plan])[0], as_of))


def plan_rescore(plan: Plan, *, data_version: int | None = None) -> PlanScores:
    """Scores the plan's current figures (what the albero and the sheets show), stores them with
    the versions they were computed from, and returns them.

    `data_version`: the plan's, read by the caller under the plan's lock before any input; without
    it, read here the same way. Called after the writer's commit (evaluation/freshness.py) and by
    `cannocchiale rescore`, never on a GET.
    """
    with transaction.atomic():
        plan_lock(plan)
        if data_version is None:
            versions = plan_versions(plan.pk)
            data_version = versions.data if versions is not None else 0
        scores = _score_at(load_plan_inputs([plan])[0], CURRENT)
        _store(plan, CURRENT, scores)
        state_record(plan, data_version)
    return scores


def _stored_score(
    code: str, achievement: Any, status: str, data_state: str, flagged: bool, flag: str, exact: Any
) -> Score:
    return Score(
        achievement=Decimal(exact) if exact is not None else achievement,
        status=status or None,
        data_state=data_state,  # type: ignore[arg-type]
        flagged=flagged,
        # Pages that show a figure's reasoning read the row's explanation; this one is for display.
        explanation=Explanation(
            rule_id="stored", rule="punteggio memorizzato", inputs={}, outcome="", key=code
        ),
        flag=flag or None,
        key=code,
    )


def current_scores(plan: Plan, kinds: Iterable[str] | None = None) -> dict[tuple[str, str], Score]:
    """The plan's current figures by (subject type, code), read from the stored rows when fresh.

    With `kinds`, only those subject types (and the plan's own figure) are read: the albero
    needs some sixty rows of a plan's seven hundred.

    Two queries when the rows are fresh: the plan's versions (evaluation/freshness.py), and the
    rows. When they are stale (the plan's data changed since, or the scoring rules) the plan is
    scored in memory and nothing is written: a reader never writes, the rescoring after the
    writer's commit or `cannocchiale rescore` stores them.
    """
    versions = plan_versions(plan.pk)
    if versions is not None and versions.fresh:
        wanted = ComputedScore.objects.filter(plan=plan, as_of=CURRENT)
        if kinds is not None:
            wanted = wanted.filter(subject_type__in=[*kinds, "plan"])
        rows = list(wanted.values_list("subject_type", "subject_code", *_stored_figures()))
        if any(row[0] == "plan" for row in rows):
            return {(row[0], row[1]): _stored_score(row[1], *row[2:8]) for row in rows}
    scores = _score_at(load_plan_inputs([plan])[0], CURRENT)
    return {
        (item.kind, item.key): item.score
        for item in _items(scores)
        if kinds is None or item.kind in kinds or item.kind == "plan"
    }
