"""The Piano della performance, in the order of the seed plan (Lucca 2018)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from cannocchiale.core.errors import NotFoundError
from cannocchiale.engine.explanation import format_number
from cannocchiale.health.services import health_report
from cannocchiale.organization.models import OrgUnit
from cannocchiale.planning.models import AnnualObjective, Indicator, Plan, StrategicObjective
from cannocchiale.reports.documents.common import (
    Progress,
    money,
    money_column,
    money_total,
    no_progress,
    text,
    total,
)
from cannocchiale.reports.documents.model import Builder, Cell, Column, Document
from cannocchiale.reports.documents.tree_svg import TreeArea, TreeObjective, performance_tree_svg
from cannocchiale.reports.selectors import PlanContent, plan_content

LEVEL_TITLES = {
    AnnualObjective.Level.ORGANIZATION: "Gli obiettivi di Ente",
    AnnualObjective.Level.SECRETARY_GENERAL: "Gli obiettivi del Segretario generale",
    AnnualObjective.Level.DIRECTOR: "Gli obiettivi dei Dirigenti",
    AnnualObjective.Level.PO: "Gli obiettivi delle Posizioni organizzative",
    AnnualObjective.Level.OFFICE: "Gli obiettivi degli uffici",
}


def build_piano(*, plan: Plan, progress: Progress = no_progress) -> Document:
    progress(5, "Lettura del piano")
    content = plan_content(plan=plan)
    organization = plan.organization
    span = f"{plan.start_year}–{plan.end_year}" if plan.start_year and plan.end_year else str(plan.year)
    document = Document(
        kind="piano",
        title=plan.title or f"Piano della performance {span}",
        subtitle=f"Piano della performance {span} · versione {plan.version} · {plan.get_status_display()}",
        organization=organization.name,
        year=plan.year,
        plan_version=plan.version,
    )
    b = Builder(document)
    _presentation(b, content, span)
    _who_we_are(b, content)
    _mandate(b, content)
    progress(20, "Aree strategiche e albero della performance")
    _areas(b, content)
    _tree(b, content)
    progress(35, "Schede degli obiettivi strategici")
    _objective_sheets(b, content)
    progress(60, "Budget per aree e obiettivi")
    budget_section(b, content, heading="Il budget per aree e obiettivi strategici")
    progress(70, "Obiettivi annuali e pesi")
    _annual_objectives(b, content)
    progress(85, "Stato di salute dell'ente")
    _health(b, plan)
    _calendar(b, content)
    progress(95, "Impaginazione")
    return document


def _presentation(b: Builder, c: PlanContent, span: str) -> None:
    plan = c.plan
    objectives = sum(len(a.objectives.all()) for a in c.areas)
    projects = sum(
        len(p.projects.all()) for a in c.areas for o in a.objectives.all() for p in o.programmes.all()
    )
    b.heading(1, "Presentazione", "presentazione")
    b.paragraph(
        f"Il Piano della performance {span} della {plan.organization.name} definisce, in coerenza con la "
        "programmazione economico-finanziaria e di bilancio, gli indirizzi e gli obiettivi strategici e "
        "operativi dell'ente, gli indicatori e i target per misurarne la performance organizzativa, e gli "
        "obiettivi assegnati al Segretario generale, ai Dirigenti e alla struttura (art. 10 del D.Lgs. "
        "150/2009). Il Piano è redatto entro il 31 gennaio e aggiornato ogni anno.",
        "lead",
    )
    b.paragraph(
        f"Il Piano si articola in {len(c.areas)} aree strategiche, {objectives} obiettivi strategici "
        f"pluriennali e {projects} progetti operativi per il {plan.year}, con {len(c.annual_objectives)} "
        "obiettivi annuali assegnati all'ente, al Segretario generale, ai Dirigenti e alla struttura: "
        "dal mandato istituzionale al lavoro di ogni ufficio, secondo una logica «a cannocchiale»."
    )
    approval = (
        f"{plan.approval_act} del {plan.approval_date:%d/%m/%Y}"
        if plan.approval_act and plan.approval_date
        else plan.approval_act or "non ancora approvato"
    )
    b.facts(
        [
            ("Ente", plan.organization.name),
            ("Periodo", span),
            ("Versione", f"{plan.version} ({plan.get_status_display().lower()})"),
            ("Approvazione", approval),
            ("Motivo della revisione", plan.revision_reason),
        ]
    )


def _who_we_are(b: Builder, c: PlanContent) -> None:
    organization = c.plan.organization
    b.heading(1, f"La {organization.name}" if organization.name else "L'ente", "ente")
    b.heading(2, "Chi siamo: i valori", "chi-siamo")
    if organization.staff:
        b.paragraph(f"Il personale dell'ente conta {organization.staff} unità.")
    if organization.values:
        b.paragraph("I valori che l'ente dichiara e a cui ispira la propria azione:")
        b.bullets(list(organization.values))
    b.heading(2, "L'assetto istituzionale e organizzativo", "assetto")
    children: dict[int | None, list[OrgUnit]] = defaultdict(list)
    for unit in c.units:
        children[unit.parent_id].append(unit)
    rows = []
    for unit in children[None]:
        rows.append([Cell(unit.name, bold=True), text(unit.get_kind_display()), text(unit.staff)])
        rows += [
            [Cell(f"    {child.name}"), text(child.get_kind_display()), text(child.staff)]
            for child in children[unit.pk]
        ]
    b.table(
        "Organi e unità organizzative",
        "Struttura",
        [Column("Unità", 6), Column("Tipo", 2), Column("Personale", 1, "right")],
        rows,
    )
    b.table(
        "Le posizioni di responsabilità",
        "Posizioni",
        [Column("Ruolo", 2), Column("Posizione", 6), Column("Titolare", 2)],
        [[text(p.get_role_display()), text(p.title), text(p.holder or "non indicato")] for p in c.positions],
    )


def _mandate(b: Builder, c: PlanContent) -> None:
    organization = c.plan.organization
    b.heading(1, "Il mandato istituzionale e la missione", "mandato")
    for paragraph in (c.plan.mission or "").split("\n"):
        b.paragraph(paragraph)
    if organization.mission:
        b.heading(2, "La missione", "missione")
        b.paragraph(organization.mission)
    if organization.vision:
        b.heading(2, "La visione", "visione")
        b.paragraph(organization.vision)


def _areas(b: Builder, c: PlanContent) -> None:
    b.heading(1, "Le aree strategiche", "aree")
    b.paragraph(
        "Le aree strategiche coprono sia lo sviluppo economico del territorio sia gli aspetti "
        "giuridico-amministrativi e il funzionamento dell'ente; ciascuna si articola in obiettivi "
        "strategici pluriennali."
    )
    b.table(
        "Aree e obiettivi strategici",
        "Aree strategiche",
        [Column("Area", 3), Column("Obiettivi strategici", 7)],
        [
            [
                Cell(f"{a.code}. {a.title}", bold=True),
                Cell("; ".join(f"{o.code} {o.title}" for o in a.objectives.all()) or "—"),
            ]
            for a in c.areas
        ],
    )


def _tree(b: Builder, c: PlanContent) -> None:
    b.heading(1, "L'albero della performance", "albero")
    b.paragraph(
        "L'albero della performance lega il mandato alle aree strategiche e agli obiettivi strategici "
        "pluriennali; da questi discendono i programmi e i progetti operativi annuali, e gli obiettivi "
        "assegnati al Segretario generale, ai Dirigenti e alla struttura."
    )
    mandate = c.plan.organization.mission or c.plan.mission or c.plan.organization.name
    svg = performance_tree_svg(
        mandate=f"Mandato istituzionale · {c.plan.organization.name}",
        areas=[
            TreeArea(a.code, a.title, [TreeObjective(o.code, o.title) for o in a.objectives.all()])
            for a in c.areas
        ],
        title=f"Albero della performance {c.plan.year}: {mandate[:80]}",
    )
    b.figure(svg, "L'albero della performance: dal mandato alle aree e agli obiettivi strategici")


def target_years(indicators: list[Indicator], plan: Plan) -> list[int]:
    years = sorted({t.year for i in indicators for t in i.targets.all()})
    return years or [plan.year]


def indicator_table(b: Builder, caption: str, sheet: str, indicators: list[Indicator], plan: Plan) -> None:
    years = target_years(indicators, plan)
    rows = []
    for indicator in indicators:
        targets = {t.year: t.text for t in indicator.targets.all()}
        rows.append(
            [Cell(indicator.code, bold=True), Cell(indicator.description)]
            + [text(targets.get(year)) for year in years]
        )
    columns = [Column("Codice", 2), Column("Indicatore", 9)] + [Column(f"Target {year}", 3) for year in years]
    b.table(caption, sheet, columns, rows)


def _objective_sheets(b: Builder, c: PlanContent) -> None:
    b.heading(1, "Gli obiettivi strategici pluriennali", "obiettivi-strategici")
    for area in c.areas:
        b.heading(2, f"Area strategica {area.code}: {area.title}", f"area-{area.code}")
        for objective in area.objectives.all():
            _objective_sheet(b, c, objective)


def _objective_sheet(b: Builder, c: PlanContent, objective: StrategicObjective) -> None:
    b.heading(3, f"Obiettivo {objective.code} · {objective.title}", f"obiettivo-{objective.code}")
    b.paragraph(objective.description)
    budget = next((x for x in objective.budgets.all() if x.year == c.plan.year), None)
    b.facts(
        [
            ("Responsabile", objective.owner.name if objective.owner else "trasversale a tutta la struttura"),
            ("Obiettivo trasversale", "sì" if objective.transversal else "no"),
            (
                f"Budget {c.plan.year}",
                (
                    f"oneri {money(budget.costs).text}; proventi {money(budget.revenues).text}; "
                    f"investimenti {money(budget.investments).text}"
                )
                if budget
                else "non indicato",
            ),
        ]
    )
    indicators = list(objective.indicators.all())
    if indicators:
        indicator_table(
            b, f"Indicatori strategici dell'obiettivo {objective.code}", objective.code, indicators, c.plan
        )
    for programme in objective.programmes.all():
        b.paragraph(f"Programma {programme.code}. {programme.description}".strip())
        for project in programme.projects.all():
            offices = ", ".join(link.unit.name for link in project.office_links.all())
            b.paragraph(f"Progetto {project.code} · {project.title}", "lead")
            b.facts([("Uffici responsabili", offices)])
            project_indicators = list(project.indicators.all())
            if project_indicators:
                indicator_table(
                    b,
                    f"Risultati attesi e target del progetto {project.code}",
                    project.code,
                    project_indicators,
                    c.plan,
                )


def budget_section(b: Builder, c: PlanContent, *, heading: str) -> None:
    year = c.plan.year
    b.heading(1, heading, "budget")
    b.paragraph(
        f"Il budget direzionale {year} attribuito a ciascun obiettivo strategico, con il totale per area. "
        "Le risorse non attribuite a obiettivi e il totale generale sono quelli dichiarati nel Piano."
    )
    declared = {(d.scope, d.area.code if d.area else None): d for d in c.declared_budgets if d.year == year}
    rows: list[list[Cell]] = []
    sums = {"costs": Decimal(0), "revenues": Decimal(0), "investments": Decimal(0)}
    for area in c.areas:
        budgets = [
            (o, next((x for x in o.budgets.all() if x.year == year), None)) for o in area.objectives.all()
        ]
        for objective, budget in budgets:
            rows.append(
                [
                    text(area.code),
                    Cell(f"{objective.code} {objective.title}"),
                    money(budget.costs if budget else None),
                    money(budget.revenues if budget else None),
                    money(budget.investments if budget else None),
                ]
            )
        area_totals = {
            field: total(getattr(budget, field) for _, budget in budgets if budget is not None)
            for field in sums
        }
        for field in sums:
            sums[field] += area_totals[field]
        rows.append(
            [
                Cell(area.code, bold=True),
                Cell(f"Totale area {area.code} {area.title}", bold=True),
                money_total(area_totals["costs"]),
                money_total(area_totals["revenues"]),
                money_total(area_totals["investments"]),
            ]
        )
    totals = [
        [
            Cell(""),
            Cell("Totale aree strategiche", bold=True),
            money_total(sums["costs"]),
            money_total(sums["revenues"]),
            money_total(sums["investments"]),
        ]
    ]
    for scope, label in (
        ("unallocated", "Budget non attribuito a obiettivi"),
        ("organization", "Totale generale dell'ente"),
    ):
        row = declared.get((scope, None))
        if row is not None:
            totals.append(
                [
                    Cell(""),
                    Cell(label, bold=True),
                    money_total(row.costs or Decimal(0)),
                    money_total(row.revenues or Decimal(0)),
                    money_total(row.investments or Decimal(0)),
                ]
            )
    b.table(
        f"Budget {year} per aree e obiettivi strategici (euro)",
        f"Budget {year}",
        [
            Column("Area", 1),
            Column("Obiettivo strategico", 7),
            money_column("Oneri"),
            money_column("Proventi"),
            money_column("Investimenti"),
        ],
        rows,
        totals=totals,
    )
    mismatches = [
        f"area {code}: dichiarati oneri {money(d.costs).text}"
        for (scope, code), d in declared.items()
        if scope == "area"
        and d.costs is not None
        and d.costs
        != total(
            getattr(next((x for x in o.budgets.all() if x.year == year), None), "costs", None)
            for a in c.areas
            if a.code == code
            for o in a.objectives.all()
        )
    ]
    if mismatches:
        b.paragraph(
            "Totali di area dichiarati nel Piano diversi dalla somma degli obiettivi: "
            + "; ".join(mismatches)
            + ".",
            "note",
        )


def _annual_objectives(b: Builder, c: PlanContent) -> None:
    b.heading(1, f"Gli obiettivi annuali {c.plan.year}", "obiettivi-annuali")
    by_level: dict[str, list[AnnualObjective]] = defaultdict(list)
    for objective in c.annual_objectives:
        by_level[objective.level].append(objective)
    for level, title in LEVEL_TITLES.items():
        objectives = by_level.get(level)
        if not objectives:
            continue
        b.heading(2, title, f"annuali-{level}")
        by_assignee: dict[str, list[AnnualObjective]] = defaultdict(list)
        for objective in objectives:
            holder = objective.assignee_position or objective.assignee_unit
            by_assignee[str(holder) if holder else ""].append(objective)
        for assignee, items in by_assignee.items():
            if assignee:
                b.paragraph(f"Assegnatario: {assignee}", "lead")
            weighted = any(o.weight is not None for o in items)
            columns = [Column("Codice", 2), Column("Obiettivo", 10), Column("Tipo", 3)]
            if weighted:
                columns.append(Column("Peso", 2, "right", "0"))
            rows = []
            for o in items:
                row = [Cell(o.code, bold=True), Cell(o.title), text(o.get_type_display())]
                if weighted:
                    row.append(Cell(format_number(o.weight), o.weight))
                rows.append(row)
            totals = []
            if weighted:
                weight_sum = total(o.weight for o in items)
                totals = [
                    [
                        Cell(""),
                        Cell("Totale pesi", bold=True),
                        Cell(""),
                        Cell(format_number(weight_sum), weight_sum, bold=True),
                    ]
                ]
            b.table(
                f"{title}{': ' + assignee if assignee else ''}",
                _sheet_for(level, items[0]),
                columns,
                rows,
                totals=totals,
            )
            for o in items:
                _annual_sheet(b, c, o)


def _sheet_for(level: str, first: AnnualObjective) -> str:
    assignee = first.assignee_position or first.assignee_unit
    prefix = {"organization": "Obiettivi Ente", "secretary_general": "Obiettivi SG"}.get(level, "Obiettivi")
    return f"{prefix} {assignee.code}" if assignee and level not in ("secretary_general",) else prefix


def _annual_sheet(b: Builder, c: PlanContent, o: AnnualObjective) -> None:
    b.heading(3, f"{o.code} · {o.title}", f"annuale-{o.code}")
    parents = ", ".join(link.parent.code for link in o.parent_links.all())
    b.facts(
        [
            ("Tipo", o.get_type_display()),
            ("Peso", format_number(o.weight) if o.weight is not None else ""),
            ("Coefficiente di complessità", format_number(o.complexity) if o.complexity is not None else ""),
            ("Deriva da", parents),
        ]
    )
    b.paragraph(o.description, "note")
    if o.activities:
        b.bullets(list(o.activities))
    indicators = list(o.indicators.all())
    if indicators:
        indicator_table(b, f"Indicatori e target dell'obiettivo {o.code}", o.code, indicators, c.plan)


def _health(b: Builder, plan: Plan) -> None:
    b.heading(1, "Lo stato di salute dell'ente", "salute")
    try:
        report = health_report(organization=plan.organization, year=plan.year)
    except NotFoundError:
        b.paragraph("Il Piano non definisce indicatori dello stato di salute.")
        return
    b.paragraph(
        "Gli indicatori dello stato di salute economico-finanziaria, calcolati dalle voci di bilancio con "
        "le formule indicate; dove il Piano pubblica un valore, è quello riportato."
    )
    years = sorted(
        {
            y.year
            for row in report.indicators
            for y in row.years
            if y.published is not None or y.computed is not None
        }
    )
    years = [y for y in years if y < plan.year][-4:]
    rows = []
    for row in report.indicators:
        by_year = {y.year: y for y in row.years}
        cells = [Cell(row.name, bold=True)]
        for year in years:
            y = by_year.get(year)
            value = y.published if y and y.published is not None else (y.computed if y else None)
            cells.append(Cell(format_number(value) if value is not None else "—", value))
        cells.append(text(row.target_text))
        rows.append(cells)
    unit_note = "Valori percentuali salvo dove indicato «valore in Euro»."
    b.table(
        "Indicatori dello stato di salute",
        "Stato di salute",
        [Column("Indicatore", 7)]
        + [Column(str(y), 2, "right", "#,##0.0") for y in years]
        + [Column(f"Target {plan.year}", 3)],
        rows,
        note=unit_note,
    )


def _calendar(b: Builder, c: PlanContent) -> None:
    b.heading(1, "Il processo di redazione del Piano", "processo")
    if not c.calendar:
        b.paragraph("Il calendario di redazione non è registrato.")
        return
    b.paragraph("Le fasi del processo di redazione del Piano, gli attori coinvolti e i tempi.")
    b.table(
        "Il calendario di redazione",
        "Calendario",
        [Column("Fase", 6), Column("Attori", 4), Column("Periodo", 3)],
        [
            [
                Cell(p.phase),
                text(", ".join(p.actors)),
                text(
                    f"{p.start:%d/%m/%Y} – {p.end:%d/%m/%Y}"
                    if p.start and p.end
                    else (f"{p.start:%d/%m/%Y}" if p.start else "")
                ),
            ]
            for p in c.calendar
        ],
    )
