"""`cannocchiale rescore`: refreshes the stored figures that are stale (evaluation/freshness.py)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Adds this module's subcommands to the `cannocchiale` parser."""
    rescore = sub.add_parser(
        "rescore",
        help="ricalcola i punteggi memorizzati non aggiornati (recalculate the stale stored scores)",
    )
    which = rescore.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--org", metavar="CODE", help="solo i piani di questo ente (only this organization's plans)"
    )
    which.add_argument(
        "--all", action="store_true", help="i piani di tutti gli enti (every organization's plans)"
    )
    rescore.add_argument(
        "--force",
        action="store_true",
        help="ricalcola anche i punteggi aggiornati (recalculate the up-to-date scores too)",
    )
    rescore.set_defaults(handler=rescore_command)


def rescore_command(args: argparse.Namespace) -> int:
    from cannocchiale.evaluation.freshness import plan_refresh, plan_versions
    from cannocchiale.planning.models import Plan
    from cannocchiale.planning.selectors import organization_get

    plans = Plan.objects.select_related("organization").order_by("organization__code", "year", "version")
    if args.org:
        plans = plans.filter(organization=organization_get(code=args.org))
    done = 0
    for plan in plans:
        before = plan_versions(plan.pk)
        outcome = plan_refresh(plan.pk, force=args.force)
        if outcome == "fresh":
            what = "già aggiornato"
        else:
            done += 1
            stored = (
                "nessuno"
                if before is None or before.stored_data is None
                else (f"dati v{before.stored_data}, regole v{before.stored_rules}")
            )
            what = f"ricalcolato (era: {stored})"
        print(f"{plan.organization.code}\t{plan.year} v{plan.version}\t{what}")
    print(f"{done} piani ricalcolati")
    return 0
