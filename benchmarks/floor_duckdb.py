"""The floor for batch scoring: the same achievements and weighted roll-up as one hand-written DuckDB query.

The rows are read from the database into Python lists and handed to an in-process DuckDB; only
the query is timed. It applies the default SMVP's rules for each target kind (ratio capped at
100 %, strict thresholds only equalled score 99 %, ranges, deadlines, milestones, assessed
qualitative targets, met-or-not against a reference year, 0 % for a value still missing at the
final round), the objective means (weighted where every weight is given), the tree
(project → programme → strategic objective → area → plan) and the assignees' weighted means.
It does not write explanations, flags or rows back: that is the work the floor leaves out.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb

from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import (
    AnnualObjective,
    Indicator,
    Programme,
    Project,
    StrategicObjective,
    Target,
)

QUERY = """
WITH meas_at AS (
    SELECT d.as_of, m.ind_id, m.date, m.value, m.done, m.completed_on, m.assessed,
           row_number() OVER (
               PARTITION BY m.ind_id, d.as_of, year(m.date) ORDER BY m.date DESC, m.pk DESC
           ) AS rn
    FROM meas m JOIN dates d ON m.date <= d.as_of
),
cur AS (SELECT * FROM meas_at WHERE rn = 1 AND year(date) = $year),
ref AS (SELECT ind_id, as_of, year(date) AS y, value FROM meas_at WHERE rn = 1 AND year(date) <> $year),
raw AS (
    SELECT i.plan_id, i.ind_id, i.owner_kind, i.owner_id, i.weight, d.as_of, d.final,
        CASE
            WHEN i.kind = 'milestone'
                OR (i.kind = 'completion' AND c.value IS NULL AND c.done IS NOT NULL)
                THEN CASE WHEN c.done THEN 100 WHEN NOT c.done THEN 0 END
            WHEN i.kind = 'qualitative' THEN c.assessed
            WHEN i.kind = 'deadline'
                THEN CASE WHEN c.completed_on IS NULL THEN NULL
                          WHEN c.completed_on <= i.deadline THEN 100 ELSE 0 END
            WHEN c.value IS NULL THEN NULL
            WHEN i.ref_year IS NOT NULL THEN CASE
                WHEN r.value IS NULL THEN NULL
                WHEN i.kind = 'at_least'
                    AND (c.value > r.value OR (NOT i.strict AND c.value = r.value)) THEN 100
                WHEN i.kind = 'at_most'
                    AND (c.value < r.value OR (NOT i.strict AND c.value = r.value)) THEN 100
                ELSE 0 END
            WHEN i.kind = 'range' THEN CASE
                WHEN c.value BETWEEN i.low AND i.high THEN 100
                WHEN c.value < i.low AND c.value > 0 THEN 100 * c.value / i.low
                WHEN c.value > i.high THEN 100 * i.high / c.value
                ELSE 0 END
            WHEN i.kind IN ('at_least', 'completion') THEN CASE
                WHEN i.strict AND c.value = i.value THEN 99
                WHEN c.value <= 0 OR i.value <= 0 THEN CASE WHEN c.value >= i.value THEN 100 ELSE 0 END
                ELSE least(100, 100 * c.value / i.value) END
            WHEN i.kind = 'at_most' THEN CASE
                WHEN i.strict AND c.value = i.value THEN 99
                WHEN c.value <= i.value THEN 100
                WHEN c.value <= 0 OR i.value <= 0 THEN 0
                ELSE 100 * i.value / c.value END
        END AS ach
    FROM ind i CROSS JOIN dates d
    LEFT JOIN cur c ON c.ind_id = i.ind_id AND c.as_of = d.as_of
    LEFT JOIN ref r ON r.ind_id = i.ind_id AND r.as_of = d.as_of AND r.y = i.ref_year
),
scored AS (SELECT *, CASE WHEN ach IS NULL AND final THEN 0 ELSE ach END AS a FROM raw),
owner AS (
    SELECT plan_id, as_of, owner_kind, owner_id,
        CASE WHEN count(weight) = count(*) AND sum(weight) > 0
             THEN sum(a * weight) / sum(weight) ELSE avg(a) END AS a
    FROM scored WHERE a IS NOT NULL GROUP BY ALL
),
programme_a AS (
    SELECT p.programme_id, o.as_of, avg(o.a) AS a
    FROM project p JOIN owner o ON o.owner_kind = 'project' AND o.owner_id = p.project_id GROUP BY ALL
),
so_a AS (
    SELECT s.so_id, s.area_id, s.plan_id, d.as_of,
        coalesce(max(own.a), avg(pa.a)) AS a
    FROM so s CROSS JOIN dates d
    LEFT JOIN owner own ON own.owner_kind = 'so' AND own.owner_id = s.so_id AND own.as_of = d.as_of
    LEFT JOIN programme pr ON pr.so_id = s.so_id
    LEFT JOIN programme_a pa ON pa.programme_id = pr.programme_id AND pa.as_of = d.as_of
    GROUP BY ALL
),
area_a AS (SELECT area_id, plan_id, as_of, avg(a) AS a FROM so_a GROUP BY ALL),
plan_a AS (SELECT plan_id, as_of, avg(a) AS a FROM area_a GROUP BY ALL),
assignee_a AS (
    SELECT an.plan_id, an.assignee, o.as_of,
        CASE WHEN count(an.weight) = count(*)
             THEN sum(o.a * an.weight) / sum(an.weight) ELSE avg(o.a) END AS a
    FROM annual an JOIN owner o ON o.owner_kind = 'annual' AND o.owner_id = an.annual_id
    WHERE an.assignee IS NOT NULL GROUP BY ALL
)
SELECT 'indicator' AS kind, count(*) AS n, avg(a) AS mean FROM scored
UNION ALL SELECT 'objective', count(*), avg(a) FROM owner
UNION ALL SELECT 'strategic_objective', count(*), avg(a) FROM so_a
UNION ALL SELECT 'area', count(*), avg(a) FROM area_a
UNION ALL SELECT 'plan', count(*), avg(a) FROM plan_a
UNION ALL SELECT 'assignee', count(*), avg(a) FROM assignee_a
"""


def _owner(i: Any) -> tuple[str, int]:
    if i["strategic_objective_id"] is not None:
        return "so", i["strategic_objective_id"]
    if i["project_id"] is not None:
        return "project", i["project_id"]
    return "annual", i["annual_objective_id"]


def export_tables(plan_ids: Sequence[int], year: int) -> dict[str, list[tuple[Any, ...]]]:
    """The plans' rows, as plain tuples for DuckDB."""
    targets = {
        t["indicator_id"]: t["structured"]
        for t in Target.objects.filter(indicator__plan_id__in=plan_ids, year=year).values(
            "indicator_id", "structured"
        )
    }
    ind = []
    for i in Indicator.objects.filter(plan_id__in=plan_ids).values(
        "pk", "plan_id", "weight", "strategic_objective_id", "project_id", "annual_objective_id"
    ):
        t = targets.get(i["pk"]) or {"kind": "qualitative"}
        kind, owner_id = _owner(i)
        reference = t.get("reference") or {}
        ref_year = reference.get("year") or (
            year - reference["years_back"] if "years_back" in reference else None
        )
        deadline = t.get("deadline")
        ind.append(
            (
                i["plan_id"],
                i["pk"],
                kind,
                owner_id,
                float(i["weight"]) if i["weight"] is not None else None,
                t["kind"],
                _f(t.get("value")),
                _f(t.get("low")),
                _f(t.get("high")),
                bool(t.get("strict")),
                dt.date.fromisoformat(deadline) if isinstance(deadline, str) else None,
                ref_year,
            )
        )
    meas = [
        (m[0], m[1], m[2], _f(m[3]), m[4], m[5], _f(m[6]))
        for m in Measurement.objects.filter(indicator__plan_id__in=plan_ids).values_list(
            "indicator_id", "date", "pk", "value", "done", "completed_on", "assessed"
        )
    ]
    return {
        "ind": ind,
        "meas": meas,
        "project": list(Project.objects.filter(plan_id__in=plan_ids).values_list("pk", "programme_id")),
        "programme": list(Programme.objects.filter(plan_id__in=plan_ids).values_list("pk", "objective_id")),
        "so": list(
            StrategicObjective.objects.filter(plan_id__in=plan_ids).values_list("pk", "area_id", "plan_id")
        ),
        "annual": [
            (a[0], a[1], a[2] or a[3], float(a[4]) if a[4] is not None else None)
            for a in AnnualObjective.objects.filter(plan_id__in=plan_ids).values_list(
                "pk", "plan_id", "assignee_position__code", "assignee_unit__code", "weight"
            )
        ],
    }


def _f(value: Any) -> float | None:
    return None if value is None else float(value)


_SCHEMAS = {
    "ind": "plan_id BIGINT, ind_id BIGINT, owner_kind VARCHAR, owner_id BIGINT, weight DOUBLE, kind VARCHAR, "
    "value DOUBLE, low DOUBLE, high DOUBLE, strict BOOLEAN, deadline DATE, ref_year INTEGER",
    "meas": "ind_id BIGINT, date DATE, pk BIGINT, value DOUBLE, done BOOLEAN, completed_on DATE, "
    "assessed DOUBLE",
    "project": "project_id BIGINT, programme_id BIGINT",
    "programme": "programme_id BIGINT, so_id BIGINT",
    "so": "so_id BIGINT, area_id BIGINT, plan_id BIGINT",
    "annual": "annual_id BIGINT, plan_id BIGINT, assignee VARCHAR, weight DOUBLE",
    "dates": "as_of DATE, final BOOLEAN",
}


def floor_query(
    tables: dict[str, list[tuple[Any, ...]]], dates: Sequence[dt.date], year: int
) -> tuple[float, list[tuple[Any, ...]]]:
    """Loads the tables into an in-memory DuckDB and runs the query; returns (seconds of the query, rows)."""
    con = duckdb.connect(":memory:")
    try:
        all_tables = {**tables, "dates": [(d, d >= dt.date(year, 12, 31)) for d in dates]}
        with tempfile.TemporaryDirectory() as folder:
            for name, rows in all_tables.items():
                con.execute(f"CREATE TABLE {name} ({_SCHEMAS[name]})")
                # Through a CSV file: DuckDB reads it in bulk, where row-by-row inserts crawl.
                path = Path(folder) / f"{name}.csv"
                with path.open("w", newline="") as out:
                    csv.writer(out).writerows(rows)
                if rows:
                    con.execute(f"COPY {name} FROM '{path}' (HEADER false, NULLSTR '')")
        started = time.perf_counter()
        result = con.execute(QUERY.replace("$year", str(int(year)))).fetchall()
        return time.perf_counter() - started, result
    finally:
        con.close()
