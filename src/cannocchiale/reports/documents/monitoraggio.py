"""The monitoring report of a round, for managers: where each indicator stands at a date, and why."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from cannocchiale.engine.explanation import format_percent
from cannocchiale.evaluation.policies import policy_for_year
from cannocchiale.evaluation.services import plan_score
from cannocchiale.monitoring.models import MonitoringRound, Submission
from cannocchiale.planning.models import Indicator, Plan
from cannocchiale.reports.documents.common import (
    SIMULATED_WARNING,
    Progress,
    no_progress,
    percent,
    percent_column,
    status,
)
from cannocchiale.reports.documents.method import method_sentences
from cannocchiale.reports.documents.model import Builder, Cell, Column, Document
from cannocchiale.reports.documents.results import deviations_table, indicator_results_table, results_for
from cannocchiale.reports.selectors import plan_content


def monitoring_round_for(*, plan: Plan, as_of: date | None) -> MonitoringRound | None:
    rounds = MonitoringRound.objects.filter(organization=plan.organization, plan=plan)
    if as_of is not None:
        rounds = rounds.filter(as_of__lte=as_of)
    return rounds.order_by("-as_of").first()


def build_monitoraggio(
    *, plan: Plan, as_of: date | None = None, progress: Progress = no_progress
) -> Document:
    progress(5, "Calcolo dello stato degli indicatori")
    monitoring_round = monitoring_round_for(plan=plan, as_of=as_of)
    when = monitoring_round.as_of if monitoring_round else (as_of or date(plan.year, 12, 31))
    final = bool(monitoring_round and monitoring_round.final)
    scores = plan_score(plan=plan, final=final, as_of=when)
    results = results_for(plan=plan, scores=scores, as_of=when)
    content = plan_content(plan=plan)
    name = monitoring_round.name if monitoring_round else f"Monitoraggio al {when:%d/%m/%Y}"
    document = Document(
        kind="monitoraggio",
        title=f"Report di monitoraggio {plan.year}",
        subtitle=f"{name} · Piano della performance {plan.year}, versione {plan.version}",
        organization=plan.organization.name,
        year=plan.year,
        plan_version=plan.version,
        simulated=results.simulated,
    )
    b = Builder(document)
    b.heading(1, "Sintesi", "sintesi")
    if results.simulated:
        b.paragraph(SIMULATED_WARNING.format(year=plan.year), "warning")
    overall = scores.plan_score
    b.paragraph(
        f"Lo stato di avanzamento degli obiettivi del Piano {plan.year} alla data del {when:%d/%m/%Y}, per i "
        "dirigenti e i responsabili: gli indicatori, il loro grado di raggiungimento e gli scostamenti da "
        "correggere entro la fine dell'anno.",
        "lead",
    )
    b.facts(
        [
            ("Monitoraggio", name),
            (
                "Rilevazione finale",
                "sì" if final else "no (intermedia: gli indicatori senza valore sono esclusi)",
            ),
            (
                "Grado di raggiungimento complessivo",
                format_percent(overall.score.achievement) if overall else "—",
            ),
        ]
    )
    b.table(
        "Avanzamento per area strategica",
        "Aree",
        [Column("Area strategica", 8), percent_column("Raggiungimento"), Column("Semaforo", 3)],
        [
            [Cell(f"{a.key}. {a.label}"), percent(a.score.achievement), status(a.score.status)]
            for a in scores.areas
        ],
    )
    if monitoring_round is not None:
        _submissions(b, monitoring_round)
    progress(40, "Scostamenti")
    b.heading(1, "Gli scostamenti da correggere", "scostamenti")
    deviations_table(b, results, "Indicatori fuori target o da verificare", "Scostamenti")
    progress(60, "Indicatori per responsabile")
    b.heading(1, "Gli indicatori per area dirigenziale", "per-responsabile")
    by_owner: dict[str, list[Indicator]] = defaultdict(list)
    for area in content.areas:
        for objective in area.objectives.all():
            owner = objective.owner.name if objective.owner else "Obiettivi trasversali"
            by_owner[owner] += list(objective.indicators.all())
            for programme in objective.programmes.all():
                for project in programme.projects.all():
                    by_owner[owner] += list(project.indicators.all())
    for number, (owner, indicators) in enumerate(sorted(by_owner.items()), start=1):
        b.heading(2, owner, f"responsabile-{number}")
        indicator_results_table(
            b, results, f"Indicatori: {owner}", f"Responsabile {number}", indicators, explain=False
        )
    b.heading(1, "Come sono calcolati i valori", "metodo")
    b.paragraph(f"Valori rilevati fino al {when:%d/%m/%Y}, calcolati con le regole del Sistema in vigore:")
    b.bullets(method_sentences(policy_for_year(organization=plan.organization, year=plan.year), final=final))
    progress(95, "Impaginazione")
    return document


def _submissions(b: Builder, monitoring_round: MonitoringRound) -> None:
    states = dict(Submission.State.choices)
    counts: dict[str, int] = defaultdict(int)
    for state in Submission.objects.filter(
        organization=monitoring_round.organization, round=monitoring_round
    ).values_list("state", flat=True):
        counts[state] += 1
    b.table(
        f"Stato delle rilevazioni del monitoraggio «{monitoring_round.name}»",
        "Rilevazioni",
        [Column("Stato", 6), Column("Indicatori", 2, "right", "0")],
        [
            [Cell(label), Cell(str(counts.get(code, 0)), counts.get(code, 0))]
            for code, label in states.items()
        ],
    )
