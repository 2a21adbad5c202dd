"""`cannocchiale audit verify`: is the record of changes as it was written?"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    audit = sub.add_parser("audit", help="il registro delle modifiche")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True, metavar="AZIONE")
    verify = audit_sub.add_parser(
        "verify",
        help="controlla la catena delle impronte di ogni ente; esce con 1 e indica il primo anello "
        "rotto se un evento è stato modificato, tolto o aggiunto",
    )
    verify.add_argument("--org", metavar="CODE", help="solo questo ente (predefinito: tutti)")
    verify.set_defaults(handler=verify_command)


def verify_command(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from cannocchiale.audit.verification import chain_verify
    from cannocchiale.planning.selectors import organization_get

    organization = organization_get(code=args.org) if args.org else None
    result = chain_verify(organization=organization)
    for report in result.broken:
        broken = report.broken
        assert broken is not None
        when = f", {timezone.localtime(broken.at):%d/%m/%Y %H:%M:%S}" if broken.at else ""
        row = f", riga {broken.event_id}" if broken.event_id is not None else ""
        print(
            f"catena rotta: ente «{result.names[report.scope]}», evento n. {broken.sequence}{when}{row}: "
            f"{broken.kind} ({broken.detail}); i {report.events} eventi precedenti sono integri",
            file=sys.stderr,
        )
    if result.broken:
        return 1
    if organization is not None:
        chain = result.chains[0]
        print(
            f"registro integro: {chain.events} eventi dell'ente «{organization.code}»"
            + (f", ultimo n. {chain.events} con impronta {chain.last_hash}" if chain.events else "")
        )
    else:
        print(f"registro integro: {result.events} eventi in {len(result.chains)} catene")
    return 0
