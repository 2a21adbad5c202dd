"""`cannocchiale`: the command line. Each command is a thin adapter over the apps' services."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from cannocchiale.core.errors import DOMAIN_ERRORS, ImportFailed

EXTRA_COMMAND_MODULES: tuple[str, ...] = (
    "cannocchiale.cli.report_commands",
    "cannocchiale.cli.bench_commands",
    "cannocchiale.cli.ops_commands",
    "cannocchiale.cli.audit_commands",
    "cannocchiale.cli.backup_commands",
    "cannocchiale.cli.role_commands",
    "cannocchiale.cli.score_commands",
)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cannocchiale.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    from cannocchiale.cli import commands

    parser = argparse.ArgumentParser(
        prog="cannocchiale",
        description="Cannocchiale: il ciclo di gestione della performance.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMANDO")

    demo = sub.add_parser("demo", help="prepara il database, carica il piano di Lucca 2018 e avvia il sito")
    demo.add_argument("--no-serve", action="store_true", help="prepara e carica, senza avviare il server")
    demo.add_argument("--port", type=int, default=8000, help="porta su localhost (predefinita 8000)")
    demo.set_defaults(handler=commands.demo)

    imp = sub.add_parser("import", help="importa un file di piano (tutto o niente)")
    imp.add_argument("path", metavar="PATH")
    imp.add_argument("--dry-run", action="store_true", help="controlla e simula, senza salvare nulla")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="sostituisce la stessa versione del piano, se esiste ed è ancora in bozza",
    )
    imp.add_argument(
        "--actor",
        metavar="UTENTE",
        help="l'utente di Cannocchiale a cui attribuire l'importazione (predefinito: l'utente del sistema)",
    )
    imp.set_defaults(handler=commands.import_plan)

    exp = sub.add_parser(
        "export",
        help="esporta un piano nel formato di file: il piano, non la storia del ciclo "
        "(rilevazioni, monitoraggi, valutazioni, registro delle modifiche: vedi `cannocchiale backup`)",
    )
    exp.add_argument("--org", required=True, metavar="CODE")
    exp.add_argument("--year", required=True, type=int, metavar="N")
    exp.add_argument("--version", type=int, default=None, help="versione (predefinita: l'ultima)")
    exp.add_argument(
        "-o", "--output", metavar="PATH", help="file di destinazione (predefinito: standard output)"
    )
    exp.set_defaults(handler=commands.export_plan)

    val = sub.add_parser("validate", help="controlla un file di piano: schema, codici, pesi, budget, target")
    val.add_argument("path", metavar="PATH")
    val.add_argument("--json", action="store_true")
    val.set_defaults(handler=commands.validate)

    score = sub.add_parser("score", help="calcola il grado di raggiungimento, con le spiegazioni")
    score.add_argument("--org", required=True, metavar="CODE")
    score.add_argument("--year", required=True, type=int, metavar="N")
    score.add_argument(
        "--final", action="store_true", help="rilevazione finale: un valore mancante vale 0 %%"
    )
    score.add_argument("--json", action="store_true")
    score.set_defaults(handler=commands.score)

    target = sub.add_parser("target", help="i target")
    target_sub = target.add_subparsers(dest="target_command", required=True, metavar="AZIONE")
    parse = target_sub.add_parser("parse", help="mostra come un target è compreso")
    parse.add_argument("phrase", metavar="PHRASE")
    parse.add_argument("--year", type=int, default=None)
    parse.add_argument("--json", action="store_true")
    # What the indicator declares, as in the plan file: a bare number takes it.
    parse.add_argument("--polarity", choices=["higher_is_better", "lower_is_better"], default=None)
    parse.add_argument("--unit", default=None, help="unità dell'indicatore: %%, numero, euro, giorni")
    parse.add_argument("--scale", default=None, metavar="MIN-MAX", help="scala di valutazione, es. 1-5")
    parse.set_defaults(handler=commands.target_parse, needs_django=False)

    health = sub.add_parser("health", help="gli indicatori dello stato di salute, calcolati dalle formule")
    health.add_argument("--org", required=True, metavar="CODE")
    health.add_argument("--year", type=int, default=None)
    health.add_argument("--json", action="store_true")
    health.set_defaults(handler=commands.health)

    # Commands of other areas, each module adding its own subcommands with `register(sub)`.
    for module_name in EXTRA_COMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        if getattr(args, "needs_django", True):
            _setup_django()
        return handler(args)
    except ImportFailed as error:
        for problem in error.problems:
            print(f"errore: {problem}", file=sys.stderr)
        print(f"errore: {error}", file=sys.stderr)
        return 1
    except DOMAIN_ERRORS as error:
        print(f"errore: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
