from __future__ import annotations

import argparse
from datetime import date
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Adds this module's subcommands to the `cannocchiale` parser."""
    remind = sub.add_parser("remind", help="invia per e-mail i promemoria prima e dopo le scadenze")
    remind.add_argument("--org", metavar="CODE", help="solo questo ente (predefinito: tutti)")
    remind.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help="la data di oggi (per prove)"
    )
    remind.add_argument("--dry-run", action="store_true", help="mostra i promemoria, senza inviarli")
    remind.set_defaults(handler=remind_command)


def remind_command(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from cannocchiale.monitoring.reminders import reminders_due, reminders_send
    from cannocchiale.organization.models import Organization
    from cannocchiale.planning.selectors import organization_get

    today = args.today or timezone.localdate()
    organizations = (
        [organization_get(code=args.org)] if args.org else list(Organization.objects.order_by("code"))
    )
    total = 0
    for organization in organizations:
        reminders = reminders_due(organization=organization, today=today)
        for r in reminders:
            print(f"{organization.code}\t{r.user.get_username()} <{r.user.email}>\t{r.subject}")
        if not args.dry_run:
            reminders_send(organization=organization, reminders=reminders)
        total += len(reminders)
    verb = "da inviare" if args.dry_run else "inviati"
    print(f"{total} promemoria {verb} ({today:%d/%m/%Y})")
    return 0
