"""The Relazione sulla performance of a year: results against targets, deviations, resources, health."""

from __future__ import annotations

from decimal import Decimal

from cannocchiale.charts import Bar, bar_chart, distribution_chart
from cannocchiale.core.errors import NotFoundError
from cannocchiale.engine.explanation import format_number, format_percent
from cannocchiale.evaluation.inputs import has_value
from cannocchiale.evaluation.policies import policy_for_year
from cannocchiale.evaluation.services import plan_score
from cannocchiale.health.services import HealthYear, health_report
from cannocchiale.oversight.models import Validation
from cannocchiale.oversight.selectors import validation_latest
from cannocchiale.planning.models import Plan
from cannocchiale.reports.documents.common import (
    SIMULATED_WARNING,
    Progress,
    act_words,
    no_progress,
    percent,
    percent_column,
    status,
    text,
)
from cannocchiale.reports.documents.method import method_sentences
from cannocchiale.reports.documents.model import Builder, Cell, Column, Document
from cannocchiale.reports.documents.piano import budget_section
from cannocchiale.reports.documents.results import (
    Results,
    deviations_table,
    indicator_results_table,
    results_for,
)
from cannocchiale.reports.selectors import PlanContent, plan_content


def build_relazione(*, plan: Plan, progress: Progress = no_progress) -> Document:
    progress(5, "Calcolo dei risultati (rilevazione finale)")
    scores = plan_score(plan=plan, final=True)
    results = results_for(plan=plan, scores=scores)
    content = plan_content(plan=plan)
    document = Document(
        kind="relazione",
        title=f"Relazione sulla performance {plan.year}",
        subtitle=(
            f"Risultati dell'anno {plan.year} rispetto al Piano della performance, versione {plan.version}"
        ),
        organization=plan.organization.name,
        year=plan.year,
        plan_version=plan.version,
        simulated=results.simulated,
    )
    b = Builder(document)
    progress(20, "Sintesi dei risultati")
    # One reading of the OIV's act: the summary and the validation paragraph state the same one.
    validation = validation_latest(organization=plan.organization, year=plan.year, kind="relazione")
    _summary(b, results, validation)
    _oiv_validation(b, validation)
    progress(35, "Risultati per obiettivo strategico")
    _strategic(b, results, content)
    progress(55, "Scostamenti")
    b.heading(1, "Gli scostamenti e le loro motivazioni", "scostamenti")
    b.paragraph(
        "Gli indicatori che non hanno raggiunto pienamente il target, o che richiedono una verifica, con "
        "la motivazione dello scostamento e l'eventuale azione correttiva registrata nel monitoraggio."
    )
    deviations_table(b, results, "Indicatori con scostamento dal target", "Scostamenti")
    progress(65, "Obiettivi annuali")
    _annual(b, results, content)
    progress(75, "Risorse")
    budget_section(b, content, heading="Le risorse: il budget per obiettivo")
    b.paragraph(
        "Il budget è quello assegnato con il Piano; gli oneri sostenuti per singolo obiettivo non sono "
        "registrati in Cannocchiale e sono rendicontati nel bilancio d'esercizio.",
        "note",
    )
    progress(82, "Stato di salute a fine anno")
    _health(b, plan)
    progress(88, "Valutazione individuale")
    _individual(b, plan)
    _method(b, plan)
    progress(95, "Impaginazione")
    return document


def _summary(b: Builder, r: Results, validation: Validation | None) -> None:
    plan = r.plan
    b.heading(1, "Presentazione e sintesi dei risultati", "sintesi")
    if r.simulated:
        b.paragraph(SIMULATED_WARNING.format(year=plan.year), "warning")
    overall = r.scores.plan_score
    indicators = r.scores.indicators
    counts = {
        code: sum(1 for i in indicators if i.score.status == code) for code in ("green", "yellow", "red")
    }
    unscored = sum(1 for i in indicators if i.score.achievement is None)
    # A row with only a note or a file is not a measurement of the indicator.
    measured = sum(1 for i in indicators if any(has_value(m) for m in r.measurements.get(i.key, [])))
    b.paragraph(
        f"La Relazione sulla performance {plan.year} della {plan.organization.name} illustra i risultati "
        "organizzativi e individuali raggiunti nell'anno rispetto agli "
        "obiettivi, agli indicatori e ai target "
        "del Piano della performance (art. 10 del D.Lgs. 150/2009), con gli "
        "scostamenti e le loro motivazioni, "
        "le risorse e lo stato di salute dell'ente. " + _validation_sentence(validation),
        "lead",
    )
    b.facts(
        [
            (
                "Grado di raggiungimento complessivo",
                format_percent(overall.score.achievement) if overall else "—",
            ),
            ("Indicatori del Piano", str(len(indicators))),
            ("Indicatori con un valore rilevato", str(measured)),
            ("Target raggiunti (verde)", str(counts["green"])),
            ("Parzialmente raggiunti (giallo)", str(counts["yellow"])),
            ("Non raggiunti (rosso)", str(counts["red"])),
            ("Non calcolabili", str(unscored)),
        ]
    )
    b.table(
        "Grado di raggiungimento per area strategica",
        "Sintesi aree",
        [Column("Area strategica", 8), percent_column("Raggiungimento"), Column("Semaforo", 3)],
        [
            [Cell(f"{a.key}. {a.label}"), percent(a.score.achievement), status(a.score.status)]
            for a in r.scores.areas
        ]
        + (
            [
                [
                    Cell("Ente (media delle aree)", bold=True),
                    percent(overall.score.achievement),
                    status(overall.score.status),
                ]
            ]
            if overall
            else []
        ),
    )
    b.figure(
        bar_chart(
            [
                Bar(f"{o.key} {o.label}", o.score.achievement, o.score.status)
                for o in r.scores.strategic_objectives
            ],
            title=f"Raggiungimento degli obiettivi strategici {plan.year}",
        ),
        "Grado di raggiungimento di ciascun obiettivo strategico (il semaforo è scritto accanto al valore)",
    )


def _validation_sentence(validation: Validation | None) -> str:
    # A document states a validation only when one is recorded, and names its act.
    if validation is None:
        return (
            "È sottoposta alla validazione dell'OIV (art. 14, comma 4, lettera c, del D.Lgs. 150/2009), "
            "che alla data di questo documento non è ancora registrata."
        )
    return (
        f"L'OIV si è espresso con l'atto {act_words(validation)}: {validation.get_outcome_display().lower()}."
    )


def _oiv_validation(b: Builder, validation: Validation | None) -> None:
    """The OIV's act in force on this year's Relazione, when there is one (art. 14 D.Lgs. 150/2009)."""
    if validation is None:
        return
    b.paragraph(
        f"Validazione dell'OIV: {validation.get_outcome_display().lower()} ({act_words(validation)}).",
        "lead",
    )
    b.facts([("Osservazioni dell'OIV", validation.remarks)])


def _strategic(b: Builder, r: Results, c: PlanContent) -> None:
    b.heading(1, "I risultati per obiettivo strategico", "risultati")
    for area in c.areas:
        scored_area = r.score("area", area.code)
        b.heading(2, f"Area strategica {area.code}: {area.title}", f"area-{area.code}")
        if scored_area:
            b.paragraph(
                f"Grado di raggiungimento dell'area: {scored_area.achievement_text} "
                f"({scored_area.status_text}).",
                "lead",
            )
        for objective in area.objectives.all():
            scored = r.score("strategic_objective", objective.code)
            b.heading(3, f"Obiettivo {objective.code} · {objective.title}", f"obiettivo-{objective.code}")
            b.facts(
                [
                    ("Responsabile", objective.owner.name if objective.owner else "trasversale"),
                    (
                        "Grado di raggiungimento",
                        f"{scored.achievement_text} ({scored.status_text})" if scored else "—",
                    ),
                    ("Come è calcolato", scored.explanation_text if scored else ""),
                ]
            )
            indicators = list(objective.indicators.all())
            if indicators:
                indicator_results_table(
                    b, r, f"Indicatori strategici dell'obiettivo {objective.code}", objective.code, indicators
                )
            project_rows = []
            for programme in objective.programmes.all():
                for project in programme.projects.all():
                    p = r.score("project", project.code)
                    project_rows.append(
                        [
                            Cell(project.code, bold=True),
                            Cell(project.title),
                            percent(p.score.achievement if p else None),
                            status(p.score.status if p else None),
                        ]
                    )
            if project_rows:
                b.table(
                    f"Progetti operativi dell'obiettivo {objective.code}",
                    f"Progetti {objective.code}",
                    [
                        Column("Codice", 2),
                        Column("Progetto", 10),
                        percent_column("Raggiungimento"),
                        Column("Semaforo", 3),
                    ],
                    project_rows,
                )


def _annual(b: Builder, r: Results, c: PlanContent) -> None:
    b.heading(1, f"Gli obiettivi annuali {r.plan.year} e i risultati per assegnatario", "annuali")
    b.paragraph(
        "Il risultato di ciascun assegnatario è la media dei raggiungimenti dei suoi obiettivi, pesata con i "
        "pesi assegnati (che sommano a 100)."
    )
    rows = [
        [Cell(a.key, bold=True), Cell(a.label), percent(a.score.achievement), status(a.score.status)]
        for a in r.scores.assignees
    ]
    if rows:
        b.table(
            "Risultato per assegnatario",
            "Assegnatari",
            [
                Column("Codice", 2),
                Column("Assegnatario", 10),
                percent_column("Risultato"),
                Column("Semaforo", 3),
            ],
            rows,
        )
    objective_rows = []
    for o in c.annual_objectives:
        scored = r.score("annual_objective", o.code)
        assignee = o.assignee_position or o.assignee_unit
        objective_rows.append(
            [
                Cell(o.code, bold=True),
                Cell(o.title),
                text(assignee.code if assignee else "Ente"),
                Cell(format_number(o.weight), o.weight) if o.weight is not None else text(None),
                percent(scored.score.achievement if scored else None),
                status(scored.score.status if scored else None),
            ]
        )
    b.table(
        "Obiettivi annuali: peso e grado di raggiungimento",
        "Obiettivi annuali",
        [
            Column("Codice", 2),
            Column("Obiettivo", 9),
            Column("Assegnatario", 2),
            Column("Peso", 2, "right", "0"),
            percent_column("Raggiungimento"),
            Column("Semaforo", 3),
        ],
        objective_rows,
    )
    for o in c.annual_objectives:
        indicators = list(o.indicators.all())
        if indicators:
            b.heading(3, f"{o.code} · {o.title}", f"annuale-{o.code}")
            indicator_results_table(b, r, f"Indicatori dell'obiettivo {o.code}", o.code, indicators)


def _health(b: Builder, plan: Plan) -> None:
    b.heading(1, f"Lo stato di salute dell'ente: {plan.year - 1}–{plan.year}", "salute")
    try:
        report = health_report(organization=plan.organization, year=plan.year)
    except NotFoundError:
        b.paragraph("Il Piano non definisce indicatori dello stato di salute.")
        return
    rows = []
    sources: dict[int, set[str]] = {plan.year - 1: set(), plan.year: set()}
    for row in report.indicators:
        by_year = {y.year: y for y in row.years}

        def shown(y: HealthYear | None) -> Cell:
            if y is None:
                return Cell("—")
            value = y.computed if y.computed is not None else y.published
            if value is None:
                return Cell("—")
            sources[y.year].add(y.source_label)
            return Cell(f"{format_number(value.quantize(Decimal('0.1')))} ({y.source_label})", value)

        rows.append(
            [
                Cell(row.name, bold=True),
                shown(by_year.get(plan.year - 1)),
                shown(by_year.get(plan.year)),
                text(row.target_text),
            ]
        )
    b.table(
        f"Indicatori dello stato di salute {plan.year - 1}–{plan.year}",
        "Stato di salute",
        [
            Column("Indicatore", 8),
            Column(str(plan.year - 1), 3, "right"),
            Column(str(plan.year), 3, "right"),
            Column(f"Target {plan.year}", 3),
        ],
        rows,
        note=(
            "Valori calcolati dalle voci di bilancio con le formule del Piano; accanto a ogni valore la sua "
            "fonte (consuntivo, pre-consuntivo, preventivo, budget), la meno definitiva tra le voci che "
            "usa; «—» dove mancano i dati di bilancio dell'anno."
        ),
    )
    if sources[plan.year] and sources[plan.year] != {"consuntivo"}:
        found = ", ".join(sorted(sources[plan.year]))
        b.paragraph(
            f"I valori del {plan.year} non sono tutti di consuntivo ({found}): "
            f"lo stato di salute a fine {plan.year} sarà confermato dal bilancio d'esercizio.",
            "note",
        )


def _individual(b: Builder, plan: Plan) -> None:
    from cannocchiale.evaluation.selectors import evaluation_aggregates

    b.heading(1, "La valutazione individuale: i risultati in forma aggregata", "valutazione-individuale")
    aggregates = evaluation_aggregates(organization=plan.organization, year=plan.year)
    if not aggregates.concluded:
        b.paragraph(
            f"Le valutazioni individuali del {plan.year} non sono ancora concluse: i dati aggregati "
            f"(distribuzione dei punteggi, grado di differenziazione, premi) saranno pubblicati alla loro "
            f"conclusione. Valutazioni in corso: {aggregates.in_progress}."
        )
        return
    if aggregates.suppressed:
        # Personal data: with so few sheets the figures would show one person's score and bonus.
        b.paragraph(
            f"Dati aggregati non pubblicati: le valutazioni individuali concluse del {plan.year} sono "
            f"{aggregates.concluded}, meno delle {aggregates.min_group} necessarie perché il punteggio "
            f"o il premio di una persona non sia riconoscibile. "
            f"Valutazioni in corso: {aggregates.in_progress}."
        )
        return
    b.facts(
        [
            ("Valutazioni concluse", str(aggregates.concluded)),
            ("Punteggio medio", aggregates.mean_text),
            ("Grado di differenziazione (coefficiente di variazione)", aggregates.differentiation_text),
            ("Premi stanziati", aggregates.budgeted_text),
            ("Premi erogati", aggregates.paid_text),
        ]
    )
    b.table(
        "Distribuzione dei punteggi",
        "Distribuzione punteggi",
        [Column("Classe di punteggio", 4), Column("Numero di valutati", 2, "right", "0")],
        [[Cell(label), Cell(str(count), count)] for label, count in aggregates.distribution],
    )
    b.figure(
        distribution_chart(aggregates.totals, title=f"Distribuzione dei punteggi individuali {plan.year}"),
        "Distribuzione dei punteggi della valutazione individuale",
        width_cm=14,
    )


def _method(b: Builder, plan: Plan) -> None:
    b.heading(1, "Nota metodologica", "metodo")
    b.paragraph(
        f"I risultati sono calcolati con le regole del Sistema di misurazione e valutazione in vigore per il "
        f"{plan.year}, alla rilevazione finale:"
    )
    b.bullets(method_sentences(policy_for_year(organization=plan.organization, year=plan.year), final=True))
