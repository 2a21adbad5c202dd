"""`cannocchiale report piano|relazione|monitoraggio|worker`: the documents from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

DOCUMENTS = {
    "piano": "il Piano della performance",
    "relazione": "la Relazione sulla performance dell'anno",
    "monitoraggio": "il report di monitoraggio (per i dirigenti)",
}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Adds this module's subcommands to the `cannocchiale` parser."""
    report = sub.add_parser("report", help="genera i documenti: Piano, Relazione, monitoraggio")
    kinds = report.add_subparsers(dest="report_kind", required=True, metavar="DOCUMENTO")
    for kind, description in DOCUMENTS.items():
        parser = kinds.add_parser(kind, help=f"genera {description}")
        parser.add_argument("--org", required=True, metavar="CODE")
        parser.add_argument("--year", required=True, type=int, metavar="N")
        parser.add_argument("--format", choices=("pdf", "docx", "xlsx"), default="pdf")
        parser.add_argument(
            "--version", type=int, default=None, help="versione del piano (predefinita: l'ultima)"
        )
        parser.add_argument("-o", "--output", required=True, metavar="PATH", help="file da scrivere")
        if kind == "monitoraggio":
            parser.add_argument(
                "--as-of",
                type=dt.date.fromisoformat,
                default=None,
                metavar="AAAA-MM-GG",
                help="data del monitoraggio (predefinita: l'ultimo monitoraggio, o il 31 dicembre)",
            )
        parser.set_defaults(handler=generate, kind=kind)
    worker = kinds.add_parser("worker", help="produce i documenti richiesti dal sito (in produzione)")
    worker.add_argument("--once", action="store_true", help="esce quando la coda è vuota")
    worker.set_defaults(handler=work)


def _progress(percent: int, message: str) -> None:
    print(f"[{percent:3d} %] {message}", file=sys.stderr, flush=True)


def generate(args: argparse.Namespace) -> int:
    from cannocchiale.planning.selectors import organization_get, plan_get
    from cannocchiale.reports.documents.build import render_document

    plan = plan_get(organization=organization_get(code=args.org), year=args.year, version=args.version)
    document, data = render_document(
        kind=args.kind, plan=plan, fmt=args.format, as_of=getattr(args, "as_of", None), progress=_progress
    )
    Path(args.output).write_bytes(data)
    simulated = " (contiene dati simulati)" if document.simulated else ""
    size = f"{len(data):,}".replace(",", ".")
    print(f"{document.title}: scritto {args.output}, {size} byte{simulated}", file=sys.stderr)
    return 0


def work(args: argparse.Namespace) -> int:
    from cannocchiale.reports.worker import worker_loop

    print("In attesa di documenti da produrre (Ctrl-C per fermare)…", file=sys.stderr, flush=True)
    produced = worker_loop(once=args.once, report=lambda line: print(line, file=sys.stderr, flush=True))
    print(f"Documenti prodotti: {produced}", file=sys.stderr)
    return 0
