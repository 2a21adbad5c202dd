"""Runs the benchmarks and prints each figure beside its floor and the ratio (`cannocchiale bench`)."""

from __future__ import annotations

import json
import os
import platform
import time
from collections.abc import Callable, Sequence

from django.db import connection

from benchmarks import documents_pdf, interchange, measurement_load, pages, rescoring, scoring
from benchmarks.result import HEADER, Figure

QUICK_SIZES = (2, 5, 10)
FULL_SIZES = (10, 100, 1000)


def _sizes(quick: bool) -> tuple[int, ...]:
    # The full run's sizes can be lowered on a small machine: CANNOCCHIALE_BENCH_SIZES=10,100
    configured = os.environ.get("CANNOCCHIALE_BENCH_SIZES")
    if configured and not quick:
        return tuple(int(n) for n in configured.split(","))
    return QUICK_SIZES if quick else FULL_SIZES


def benchmarks(quick: bool) -> dict[str, Callable[[], list[Figure]]]:
    return {
        "interchange": interchange.run,
        "scoring": lambda: scoring.run(_sizes(quick)),
        "rescoring": lambda: rescoring.run(repeats=5 if quick else 25),
        "pages": lambda: pages.run(seconds=2 if quick else 15, users=20),
        "documents": lambda: documents_pdf.run(repeats=1 if quick else 3),
        "measurements": lambda: measurement_load.run(seconds=3 if quick else 30),
    }


def run(*, quick: bool, as_json: bool, only: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    figures: list[Figure] = []
    errors: dict[str, str] = {}
    if not as_json:
        print(
            f"Cannocchiale bench ({'rapido' if quick else 'completo'}), database {connection.vendor}, "
            f"{os.cpu_count()} core, Python {platform.python_version()}"
        )
        print(HEADER)
    for name, bench in benchmarks(quick).items():
        if only and name not in only:
            continue
        try:
            produced = bench()
        except Exception as error:  # a broken benchmark is reported, and the others still run
            errors[name] = f"{type(error).__name__}: {error}"
            if not as_json:
                print(f"{name}: errore: {errors[name]}")
            continue
        figures.extend(produced)
        if not as_json:
            for figure in produced:
                print(figure.line())
    elapsed = time.perf_counter() - started
    if as_json:
        print(
            json.dumps(
                {
                    "quick": quick,
                    "database": connection.vendor,
                    "seconds": elapsed,
                    "figures": [f.to_dict() for f in figures],
                    "errors": errors,
                },
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
    else:
        print(f"durata: {elapsed:.1f} s")
    return 1 if errors else 0
