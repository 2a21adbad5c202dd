"""`cannocchiale roles grant-admin`: the organization's administrator, appointed by whoever runs the
server. Every other role is granted by that administrator on the roles page (/o/<ente>/ruoli/)."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    roles = sub.add_parser("roles", help="i ruoli degli utenti negli enti")
    roles_sub = roles.add_subparsers(dest="roles_command", required=True, metavar="AZIONE")
    grant = roles_sub.add_parser(
        "grant-admin",
        help="nomina l'amministratore di un ente (gli altri ruoli li assegna lui dalla pagina «Ruoli»)",
    )
    grant.add_argument("--org", required=True, metavar="CODE")
    grant.add_argument("--user", required=True, metavar="UTENTE", help="nome utente (l'utente deve esistere)")
    grant.set_defaults(handler=grant_admin_command)


def grant_admin_command(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    from cannocchiale.accounts.access import Access
    from cannocchiale.accounts.services import RoleChangeRefused, administrator_appoint
    from cannocchiale.cli.commands import command_line_person
    from cannocchiale.planning.selectors import organization_get

    organization = organization_get(code=args.org)
    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        raise RoleChangeRefused(
            _("--user: nessun utente con il nome utente «%(name)s» (si crea in /admin/)")
            % {"name": args.user}
        )
    membership = administrator_appoint(
        access=Access.system(organization),
        organization=organization,
        user=user,
        actor_name=command_line_person(),
    )
    print(_("%(who)s è ora amministratore di %(org)s.") % {"who": membership.user, "org": organization.name})
    return 0
