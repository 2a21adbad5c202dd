"""How the CLI prints: Italian, aligned, one finding or figure per line."""

from __future__ import annotations

import sys
from typing import Any

from cannocchiale.engine.target import Target
from cannocchiale.engine.target_text import describe_target
from cannocchiale.engine.validation import SEVERAL_TARGETS


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


def print_target(target: Target, *, several: bool = False) -> None:
    data = target.to_dict()
    print(f"testo:      {target.text}")
    print(f"inteso:     {describe_target(target)}")
    print(f"tipo:       {target.kind} — {KIND_LABELS[target.kind]}")
    for key in ("value", "strict", "low", "high", "unit", "scale", "reference", "deadline", "change"):
        if data.get(key) not in (None, False):
            print(f"{key + ':':<11} {data[key]}")
    if several:
        print(f"avviso:     {SEVERAL_TARGETS}")


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
    from cannocchiale.health.services import format_health_value

    print(f"Stato di salute dell'ente — {report.organization}, {report.plan}")
    print(
        "«calcolato»: dalla formula sulle voci di bilancio del Piano; «pubblicato»: come il Piano lo stampa."
    )
    for row in report.indicators:
        print(f"\n{row.code:<7}{row.name}")
        lines = [("gruppo", row.dimension)]
        if row.numerator and row.denominator:
            lines += [("numeratore", row.numerator), ("denominatore", row.denominator)]
        else:
            lines.append(("formula", row.formula_words or row.formula))
        lines += [("misura", HEALTH_UNITS.get(row.unit, row.unit)), ("codici", row.formula)]
        if row.target_text:
            lines.append((f"target {report.year}", f"{row.target_text}  (inteso: {row.target_description})"))
        for label, value in lines:
            if value:
                print(f"{'':<7}{label:<14}{value}".rstrip())
        if not row.years:
            print(f"{'':<7}nessun valore: il Piano non lo pubblica e non dà i dati per calcolarlo")
            continue
        print(f"{'':<7}{'anno':<6}{'calcolato':>13}{'pubblicato':>13}  esito")
        reasons: dict[str, list[str]] = {}
        for y in row.years:
            computed = format_health_value(y.computed, row.unit)
            published = format_health_value(y.published, row.unit)
            print(f"{'':<7}{y.year:<6}{computed:>13}{published:>13}  {y.verdict}".rstrip())
            if y.reason:
                reasons.setdefault(y.reason, []).append(str(y.year))
        # One line per cause, not per year: the same inputs are usually missing every year.
        for reason, years in reasons.items():
            print(f"{'':<7}non calcolabile nel {', '.join(years)}: {reason}")
    check = report.published_check()
    print(
        f"\nValori pubblicati dal Piano: {check['published']}. "
        f"Riprodotti dalle formule: {check['reproduced']}; diversi: {check['different']}; "
        f"non calcolabili perché il Piano non dà i dati: {check['not_computable']}."
    )


HEALTH_UNITS = {"%": "percentuale (rapporto × 100)", "euro": "euro", "eur": "euro"}
