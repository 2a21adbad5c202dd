"""The handlers of the CLI's commands: parse nothing, compute nothing, call services and print."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Any

from cannocchiale.cli.output import print_findings, print_scores, print_target, progress

# The first line of every exported plan file: what it carries, and what it does not.
PLAN_ONLY_NOTE = (
    "# Il Piano, non la storia del ciclo: rilevazioni, monitoraggi, valutazioni e registro delle "
    "modifiche non sono in questo file (si salvano con `cannocchiale backup`).\n"
)


def command_line_person() -> str:
    """Who runs the command, for the audit trail: the operating system's user, said as such."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment nor in the password database
        name = f"uid {os.getuid()}"
    return f"{name} (riga di comando)"


def target_parse(args: argparse.Namespace) -> int:
    from cannocchiale.engine.target_parser import (
        TargetTooLong,
        declared_of,
        has_several_targets,
        parse_target,
    )

    scale = None
    if args.scale:
        low, _, high = args.scale.partition("-")
        if not (low.strip().isdigit() and high.strip().isdigit()):
            print("errore: la scala si scrive MIN-MAX, per esempio 1-5", file=sys.stderr)
            return 1
        scale = {"min": int(low), "max": int(high)}
    declared = declared_of(args.polarity, args.unit, scale)
    try:
        target = parse_target(args.phrase, year=args.year, declared=declared)
        several = has_several_targets(args.phrase, year=args.year)
    except TargetTooLong as error:
        print(f"errore: {error}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(target.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_target(target, several=several)
    return 0


def import_plan(args: argparse.Namespace) -> int:
    from cannocchiale.interchange.importer import plan_import
    from cannocchiale.interchange.yaml_io import load_file

    actor, actor_name = _actor(args.actor)
    progress(f"Lettura di {args.path}…")
    document = load_file(args.path)
    progress("Controllo e importazione…")
    result = plan_import(
        document=document, actor=actor, actor_name=actor_name, dry_run=args.dry_run, replace=args.replace
    )
    counts = ", ".join(f"{name} {count}" for name, count in result.counts.items())
    verb = "controllato (nessuna modifica salvata)" if result.dry_run else "importato"
    print(f"Piano {result.year} v{result.version} dell'ente «{result.organization_code}» {verb}: {counts}")
    return 0


def _actor(username: str | None) -> tuple[Any, str]:
    """The user named by --actor (who must exist), or none and the operating system's user."""
    if not username:
        return None, command_line_person()
    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    from cannocchiale.core.errors import CannocchialeError

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CannocchialeError(
            _("--actor: l'utente «%(username)s» non esiste o non è attivo") % {"username": username}
        )
    return user, ""


def export_plan(args: argparse.Namespace) -> int:
    from cannocchiale.interchange.exporter import plan_export
    from cannocchiale.interchange.yaml_io import dump_text
    from cannocchiale.planning.selectors import organization_get, plan_get

    plan = plan_get(organization=organization_get(code=args.org), year=args.year, version=args.version)
    text = PLAN_ONLY_NOTE + dump_text(plan_export(plan))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        progress(f"Piano esportato in {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def validate(args: argparse.Namespace) -> int:
    from cannocchiale.interchange.validation import file_findings
    from cannocchiale.interchange.yaml_io import load_file

    findings = file_findings(load_file(args.path))
    if args.json:
        print(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        print_findings(findings)
    return 1 if any(f.severity == "error" for f in findings) else 0


def score(args: argparse.Namespace) -> int:
    from cannocchiale.evaluation.services import plan_score
    from cannocchiale.planning.selectors import organization_get, plan_get

    plan = plan_get(organization=organization_get(code=args.org), year=args.year)
    result = plan_score(plan=plan, final=args.final)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_scores(result)
    return 0


def health(args: argparse.Namespace) -> int:
    from cannocchiale.cli.output import print_health
    from cannocchiale.health.services import health_report
    from cannocchiale.planning.selectors import organization_get

    report = health_report(organization=organization_get(code=args.org), year=args.year)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_health(report)
    return 0


def demo(args: argparse.Namespace) -> int:
    from cannocchiale.demo.loader import demo_load, demo_serve

    summary: dict[str, Any] = demo_load(actor_name=command_line_person(), report=progress)
    print(f"Demo pronta: ente «{summary['organization']}», piano {summary['year']}. Utenti di prova:")
    for username, full_name, password in summary["users"]:
        print(f"  {username:<16} {password:<16} {full_name}")
    if args.no_serve:
        return 0
    return demo_serve(port=args.port)
