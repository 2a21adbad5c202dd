"""How the CLI prints: Italian, aligned, one finding or figure per line."""

from __future__ import annotations

import sys
from typing import Any

from cannocchiale.engine.target import Target
from cannocchiale.engine.target_text import describe_target


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


KIND_LABELS = {
    "completion": "completamento",
    "at_least": "almeno",
    "at_most": "al massimo",
    "range": "intervallo",
    "deadline": "scadenza",
    "milestone": "traguardo (fatto / non fatto)",
    "qualitative": "qualitativo (non compreso: lo valuta una persona)",
}


def print_target(target: Target) -> None:
    data = target.to_dict()
    print(f"testo:      {target.text}")
    print(f"inteso:     {describe_target(target)}")
    print(f"tipo:       {target.kind} — {KIND_LABELS[target.kind]}")
    for key in ("value", "strict", "low", "high", "unit", "scale", "reference", "deadline"):
        if data[key] not in (None, False):
            print(f"{key + ':':<11} {data[key]}")


def print_findings(findings: list[Any]) -> None:
    if not findings:
        print("Nessun problema trovato.")
        return
    errors = sum(1 for f in findings if f.severity == "error")
    for finding in findings:
        label = "ERRORE" if finding.severity == "error" else "avviso"
        print(f"{label:<7} {finding.location}: {finding.message}")
    print(f"{errors} errori, {len(findings) - errors} avvisi")


def print_scores(result: Any) -> None:
    for section in result.sections():
        print(f"\n== {section.title} ==")
        for row in section.rows:
            print(f"{row.key:<14} {row.achievement_text:>8}  {row.status_text:<8} {row.label}")
            print(f"{'':<14} {'':>8}  {row.explanation_text}")


def print_health(report: Any) -> None:
    for row in report.indicators:
        print(f"\n{row.name}")
        print(f"  formula: {row.formula}")
        for year_row in row.years:
            print(f"  {year_row.text}")
        if row.target_text:
            print(f"  target: {row.target_text}")
