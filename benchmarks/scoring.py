"""Batch scoring of the simulated system against the DuckDB floor, and how it grows with the organizations."""

from __future__ import annotations

import math
import os
import resource
import time
from collections.abc import Sequence

from django.db import connection

from benchmarks.floor_duckdb import export_tables, floor_query
from benchmarks.memory import peak_memory
from benchmarks.result import Figure
from cannocchiale.evaluation.batch import batch_score
from cannocchiale.planning.models import Plan
from cannocchiale.simulation.generator import PLAN_YEAR, round_dates
from cannocchiale.simulation.selectors import SIMULATED
from cannocchiale.simulation.services import simulation_create

MIB = 1024 * 1024
ROUNDS = 4


def fitted_exponent(sizes: Sequence[float], values: Sequence[float]) -> float | None:
    """The slope of log(value) against log(size), by least squares: 1 means linear growth."""
    points = [(math.log(s), math.log(v)) for s, v in zip(sizes, values, strict=True) if s > 0 and v > 0]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def _simulated_plans() -> list[Plan]:
    return list(Plan.objects.filter(organization__in=_ids()).select_related("organization").order_by("pk"))


def _ids() -> list[int]:
    from cannocchiale.organization.models import Organization

    return list(Organization.objects.filter(SIMULATED).values_list("pk", flat=True))


def measure_size(organizations: int, *, seed: int = 1) -> dict[str, float]:
    """Simulates `organizations`, then times batch scoring and its floor over the same rows."""
    started = time.perf_counter()
    result = simulation_create(organizations=organizations, seed=seed, rounds=ROUNDS)
    simulate_seconds = time.perf_counter() - started
    plans = _simulated_plans()
    dates = round_dates(ROUNDS)
    # One process per core where the database takes concurrent writers, as a national run would.
    workers = (os.cpu_count() or 1) if connection.vendor == "postgresql" else 1
    with peak_memory() as peak:
        started = time.perf_counter()
        scored = batch_score(plans=plans, dates=dates, workers=workers)
        batch_seconds = time.perf_counter() - started
    # Workers' memory: the largest worker's resident size counted once per worker, which counts the
    # pages they share with the parent several times over: an upper bound.
    worker_bytes = (
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024 if scored.processes > 1 else 0
    )
    floor_seconds, _ = floor_query(export_tables([p.pk for p in plans], PLAN_YEAR), dates, PLAN_YEAR)
    return {
        "organizations": organizations,
        "indicators": result.counts.get("indicator", 0),
        "measurements": result.counts.get("measurement", 0),
        "rows": scored.rows,
        "simulate_s": simulate_seconds,
        "batch_s": batch_seconds,
        "floor_s": floor_seconds,
        "peak_mib": (peak.extra_bytes + scored.processes * worker_bytes) / MIB,
        "processes": scored.processes,
        **{f"{stage}_s": seconds for stage, seconds in scored.stages.items()},
    }


def run(sizes: Sequence[int]) -> list[Figure]:
    points = [measure_size(n) for n in sizes]
    figures = []
    for p in points:
        n = int(p["organizations"])
        figures.append(
            Figure(
                f"punteggi in blocco, {n} enti ({int(p['indicators'])} ind. × {ROUNDS}, "
                f"{int(p['processes'])} proc.)",
                p["batch_s"],
                "s",
                floor=p["floor_s"],
                floor_name="query DuckDB sulle stesse righe",
                goal="≤ 2× il limite",
                met=p["batch_s"] <= 2 * p["floor_s"],
                details=p,
            )
        )
        # Where the time goes, summed over the worker processes: what limits the figure above.
        for stage, label in (("load", "lettura"), ("score", "calcolo"), ("write", "scrittura")):
            if f"{stage}_s" in p:
                figures.append(
                    Figure(
                        f"  di cui {label} (somma dei processi)",
                        p[f"{stage}_s"],
                        "s",
                        floor=p["floor_s"] if stage == "score" else None,
                        floor_name="query DuckDB sulle stesse righe" if stage == "score" else "",
                    )
                )
        figures.append(
            Figure(
                f"memoria di picco, {n} enti",
                p["peak_mib"],
                "MiB",
                goal="< 2048 MiB",
                met=p["peak_mib"] < 2048,
            )
        )
    sizes_f = [p["organizations"] for p in points]
    for label, key in (("del tempo", "batch_s"), ("della memoria", "peak_mib")):
        exponent = fitted_exponent(sizes_f, [p[key] for p in points])
        if exponent is not None:
            figures.append(
                Figure(
                    f"crescita {label}: esponente (log-log)",
                    exponent,
                    "",
                    goal="≈ 1 (lineare)",
                    met=exponent <= 1.2,
                    details={"sizes": sizes_f, "values": [p[key] for p in points]},
                )
            )
    return figures
