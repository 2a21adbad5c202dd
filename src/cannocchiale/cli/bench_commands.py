"""`cannocchiale simulate` and `cannocchiale bench`: the national simulation and the benchmarks."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

# The benchmarks live beside src/ in the repository (`benchmarks/`), not in the installed package.
_REPOSITORY = Path(__file__).resolve().parents[3]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Adds this module's subcommands to the `cannocchiale` parser."""
    simulate = sub.add_parser(
        "simulate", help="crea enti simulati con piani e rilevazioni, per misurare velocità e scala"
    )
    simulate.add_argument("--orgs", type=int, required=True, metavar="N", help="quanti enti simulati")
    simulate.add_argument("--seed", type=int, default=1, metavar="S", help="seme (predefinito 1)")
    simulate.add_argument(
        "--rounds", type=int, default=4, metavar="R", help="rilevazioni nell'anno (predefinite 4)"
    )
    simulate.add_argument("--score", action="store_true", help="calcola e salva anche i punteggi")
    simulate.set_defaults(handler=simulate_command)

    bench = sub.add_parser("bench", help="misura velocità e scala, ogni cifra accanto al suo limite")
    bench.add_argument("--quick", action="store_true", help="dimensioni ridotte: meno di un minuto")
    bench.add_argument("--json", action="store_true", help="risultati in JSON")
    bench.add_argument("--only", action="append", metavar="NOME", help="solo questi benchmark (ripetibile)")
    bench.set_defaults(handler=bench_command)


def simulate_command(args: argparse.Namespace) -> int:
    import time

    from cannocchiale.evaluation.batch import batch_score
    from cannocchiale.planning.models import Plan
    from cannocchiale.simulation.selectors import SIMULATED
    from cannocchiale.simulation.services import simulation_create

    started = time.perf_counter()
    result = simulation_create(organizations=args.orgs, seed=args.seed, rounds=args.rounds)
    elapsed = time.perf_counter() - started
    if result.removed_organizations:
        print(f"sostituiti {result.removed_organizations} enti simulati")
    print(
        f"creati {result.organizations} enti simulati (seme {result.seed}, {result.rounds} rilevazioni) "
        f"in {elapsed:.1f} s"
    )
    for table, count in sorted(result.counts.items()):
        print(f"  {table:<24} {count:>10}")
    if args.score:
        started = time.perf_counter()
        plans = Plan.objects.filter(organization__in=_simulated_ids(SIMULATED)).select_related("organization")
        # One process per core on PostgreSQL; SQLite scores in this one.
        scored = batch_score(plans=plans, dates=_round_dates(args.rounds), workers=os.cpu_count() or 1)
        elapsed = time.perf_counter() - started
        print(
            f"calcolati {scored.rows} punteggi di {scored.plans} piani in {elapsed:.1f} s "
            f"({scored.processes} processi)"
        )
    return 0


def _simulated_ids(condition: Any) -> list[int]:
    from cannocchiale.organization.models import Organization

    return list(Organization.objects.filter(condition).values_list("pk", flat=True))


def _round_dates(rounds: int) -> list[Any]:
    from cannocchiale.simulation.generator import round_dates

    return round_dates(rounds)


def bench_command(args: argparse.Namespace) -> int:
    if str(_REPOSITORY) not in sys.path and (_REPOSITORY / "benchmarks").is_dir():
        sys.path.insert(0, str(_REPOSITORY))
    try:
        from benchmarks.runner import run
    except ImportError:
        print("errore: i benchmark (cartella benchmarks/) non sono disponibili", file=sys.stderr)
        return 1
    _migrate_if_needed()
    return run(quick=args.quick, as_json=args.json, only=args.only)


def _migrate_if_needed() -> None:
    """The benchmarks measure on whatever database they are given, so they bring it up to date first."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print(f"preparazione del database {connection.vendor} (migrazioni)", file=sys.stderr)
        call_command("migrate", interactive=False, verbosity=0)
