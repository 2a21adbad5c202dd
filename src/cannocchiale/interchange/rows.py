"""The one row builder of the plan format: from plan documents to rows, level by level.

Both ways a plan document enters the database build its rows here: the importer (one checked
file, inside its transaction: `interchange/writer.py`) and the simulation's bulk path (many
generated documents at once: `simulation/bulk_load.py`). A field, a default, the cast of a number
or the reading of a target phrase (by the indicator's declared direction, unit and scale, as
validation reads it) is therefore decided once. The two differ only in how rows are saved: the
caller's `insert` saves a model's unsaved rows (one `bulk_create`, in batches for the bulk path)
and returns them with their primary keys (PostgreSQL and SQLite ≥ 3.35 both return them), which
lets children point at their parents without reading anything back.

Documents are built together: each level of the tree is one `insert` for every document given, so
a chunk of simulated plans costs one INSERT per table, and one imported file the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import models

from cannocchiale.health.models import (
    FinancialItem,
    FinancialValue,
    HealthIndicator,
    HealthTarget,
    PublishedHealthValue,
)
from cannocchiale.interchange.row_fields import (
    DocumentRows,
    Insert,
    Node,
    TargetReader,
    date_of,
    decimal_of,
    indicator_declared,
    insert_level,
    measurement_fields,
    plan_fields,
    text_of,
)
from cannocchiale.monitoring.models import Measurement
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import (
    AnnualObjective,
    AnnualObjectiveLink,
    AnnualObjectiveProject,
    AnnualObjectiveStrategicObjective,
    Budget,
    CalendarPhase,
    DeclaredBudget,
    Indicator,
    Plan,
    Programme,
    Project,
    ProjectOffice,
    StrategicArea,
    StrategicObjective,
    Target,
)
from cannocchiale.territory.models import ContextSeries, ContextValue


def plan_rows(documents: Sequence[DocumentRows], insert: Insert) -> None:
    """Builds and saves every row of the documents' plans; their organizations, units and
    positions are saved already (the importer updates them, the bulk path creates them)."""
    plans = insert(Plan, [_plan(doc.organization, doc.plan_data) for doc in documents])
    for doc, plan in zip(documents, plans, strict=True):
        doc.plan = plan
    top: list[Node] = [(doc, doc.plan, doc.plan_data) for doc in documents]
    objectives, projects = _tree(top, insert)
    insert_level(insert, DeclaredBudget, top, "declared_budgets", _declared_budget)
    annual = insert_level(insert, AnnualObjective, top, "annual_objectives", _annual_objective)
    for doc, row, _ in annual:
        doc.annual[row.code] = row
    _annual_links(annual, insert)
    indicators = insert_level(insert, Indicator, [*objectives, *projects, *annual], "indicators", _indicator)
    for doc, row, _ in indicators:
        doc.indicators[row.code] = row
    _targets(indicators, insert)
    insert_level(insert, Budget, [*objectives, *projects], "budgets", _budget)
    insert_level(insert, Measurement, top, "measurements", _measurement)
    _beside_the_plan(top, insert)


def _plan(organization: Organization, data: dict[str, Any]) -> Plan:
    approval = data.get("approval") or {}
    return Plan(
        organization=organization,
        year=data["year"],
        version=data.get("version") or 1,
        status=data.get("status") or Plan.Status.DRAFT,
        title=text_of(data.get("title")),
        start_year=data.get("start_year"),
        end_year=data.get("end_year"),
        mission=text_of(data.get("mission")),
        approval_act=text_of(approval.get("act")),
        approval_date=date_of(approval.get("date")),
        revision_reason=text_of(data.get("revision_reason")),
    )


def _tree(top: list[Node], insert: Insert) -> tuple[list[Node], list[Node]]:
    """Areas, strategic objectives, programmes and projects; returns the objectives and projects."""

    def area(doc: DocumentRows, _: Plan, position: int, data: dict[str, Any]) -> StrategicArea:
        return StrategicArea(
            **plan_fields(doc),
            code=data["code"],
            title=data["title"],
            description=text_of(data.get("description")),
            position=position,
        )

    def objective(doc: DocumentRows, parent: StrategicArea, position: int, data: dict[str, Any]) -> Any:
        return StrategicObjective(
            **plan_fields(doc),
            area=parent,
            code=data["code"],
            title=data["title"],
            description=text_of(data.get("description")),
            owner=doc.units[data["owner"]] if data.get("owner") else None,
            transversal=bool(data.get("transversal", False)),
            position=position,
        )

    def programme(doc: DocumentRows, parent: StrategicObjective, position: int, data: dict[str, Any]) -> Any:
        return Programme(
            **plan_fields(doc),
            objective=parent,
            code=data["code"],
            title=text_of(data.get("title")),
            description=text_of(data.get("description")),
            position=position,
        )

    def project(doc: DocumentRows, parent: Programme, position: int, data: dict[str, Any]) -> Project:
        return Project(
            **plan_fields(doc),
            programme=parent,
            code=data["code"],
            title=data["title"],
            description=text_of(data.get("description")),
            actions=list(data.get("actions") or []),
            results=list(data.get("results") or []),
            position=position,
        )

    areas = insert_level(insert, StrategicArea, top, "areas", area)
    objectives = insert_level(insert, StrategicObjective, areas, "objectives", objective)
    programmes = insert_level(insert, Programme, objectives, "programmes", programme)
    projects = insert_level(insert, Project, programmes, "projects", project)
    for doc, row, _ in areas:
        doc.areas[row.code] = row
    for doc, row, _ in objectives:
        doc.objectives[row.code] = row
    for doc, row, _ in projects:
        doc.projects[row.code] = row
    insert_level(
        insert,
        ProjectOffice,
        projects,
        "offices",
        lambda doc, parent, position, code: ProjectOffice(
            organization=doc.organization, project=parent, unit=doc.units[code], position=position
        ),
    )
    return objectives, projects


def _owner(row: models.Model) -> dict[str, Any]:
    """The field that points a budget or an indicator at its objective, project or annual objective."""
    if isinstance(row, StrategicObjective):
        return {"strategic_objective": row}
    if isinstance(row, Project):
        return {"project": row}
    return {"annual_objective": row}


def _indicator(doc: DocumentRows, owner: models.Model, position: int, data: dict[str, Any]) -> Indicator:
    return Indicator(
        **plan_fields(doc),
        code=data["code"],
        description=data["description"],
        unit=text_of(data.get("unit")),
        source=text_of(data.get("source")),
        polarity=text_of(data.get("polarity")),
        formula=text_of(data.get("formula")),
        frequency=data.get("frequency") or Indicator.Frequency.ANNUAL,
        weight=decimal_of(data.get("weight")),
        position=position,
        **_owner(owner),
    )


def _money(data: dict[str, Any]) -> dict[str, Decimal | None]:
    return {key: decimal_of(data.get(key)) for key in ("costs", "revenues", "investments")}


def _budget(doc: DocumentRows, owner: models.Model, _: int, data: dict[str, Any]) -> Budget:
    return Budget(**plan_fields(doc), year=data["year"], **_money(data), **_owner(owner))


def _declared_budget(doc: DocumentRows, _: Plan, __: int, data: dict[str, Any]) -> DeclaredBudget:
    return DeclaredBudget(
        **plan_fields(doc),
        scope=data["scope"],
        area=doc.areas[data["area"]] if data.get("area") else None,
        year=data["year"],
        note=text_of(data.get("note")),
        **_money(data),
    )


def _targets(indicators: list[Node], insert: Insert) -> None:
    reader = TargetReader()
    insert(
        Target,
        [
            Target(
                organization=doc.organization, indicator=row, **reader.fields(entry, indicator_declared(data))
            )
            for doc, row, data in indicators
            for entry in data.get("targets") or []
        ],
    )


def _annual_objective(doc: DocumentRows, _: Plan, position: int, data: dict[str, Any]) -> AnnualObjective:
    complexity = data.get("complexity") or {}
    assignee = data.get("assignee")
    is_office = data["level"] == AnnualObjective.Level.OFFICE
    return AnnualObjective(
        **plan_fields(doc),
        code=data["code"],
        level=data["level"],
        type=data.get("type") or AnnualObjective.Type.OTHER,
        title=data["title"],
        description=text_of(data.get("description")),
        assignee_position=doc.positions.get(assignee) if assignee and not is_office else None,
        assignee_unit=doc.units.get(assignee) if assignee and is_office else None,
        weight=decimal_of(data.get("weight")),
        complexity_staff=decimal_of(complexity.get("staff")),
        complexity_innovation=decimal_of(complexity.get("innovation")),
        complexity_relations=decimal_of(complexity.get("relations")),
        complexity_burden=decimal_of(complexity.get("burden")),
        complexity=decimal_of(complexity.get("coefficient")),
        activities=list(data.get("activities") or []),
        position=position,
    )


def _annual_links(annual: list[Node], insert: Insert) -> None:
    """The cascade (derives_from), the projects and the strategic objectives of each annual objective."""
    insert_level(
        insert,
        AnnualObjectiveLink,
        annual,
        "derives_from",
        lambda doc, child, position, code: AnnualObjectiveLink(
            organization=doc.organization, child=child, parent=doc.annual[code], position=position
        ),
    )
    insert_level(
        insert,
        AnnualObjectiveProject,
        annual,
        "projects",
        lambda doc, objective, position, code: AnnualObjectiveProject(
            organization=doc.organization, objective=objective, project=doc.projects[code], position=position
        ),
    )
    insert_level(
        insert,
        AnnualObjectiveStrategicObjective,
        annual,
        "strategic_objectives",
        lambda doc, objective, position, code: AnnualObjectiveStrategicObjective(
            organization=doc.organization,
            objective=objective,
            strategic_objective=doc.objectives[code],
            position=position,
        ),
    )


def _measurement(doc: DocumentRows, _: Plan, __: int, data: dict[str, Any]) -> Measurement:
    return Measurement(**measurement_fields(doc.organization, doc.indicators[data["indicator"]], data))


def _beside_the_plan(top: list[Node], insert: Insert) -> None:
    """Financial items and health indicators, the drafting calendar, the context series."""

    def item(doc: DocumentRows, _: Plan, position: int, data: dict[str, Any]) -> FinancialItem:
        return FinancialItem(
            **plan_fields(doc),
            code=data["code"],
            name=data["name"],
            unit=text_of(data.get("unit")),
            position=position,
        )

    def health(doc: DocumentRows, _: Plan, position: int, data: dict[str, Any]) -> HealthIndicator:
        return HealthIndicator(
            **plan_fields(doc),
            code=data["code"],
            name=data["name"],
            dimension=text_of(data.get("dimension")),
            formula=text_of(data.get("formula")),
            unit=text_of(data.get("unit")),
            position=position,
        )

    def phase(doc: DocumentRows, _: Plan, position: int, data: dict[str, Any]) -> CalendarPhase:
        return CalendarPhase(
            **plan_fields(doc),
            phase=data["phase"],
            actors=list(data.get("actors") or []),
            start=date_of(data.get("start")),
            end=date_of(data.get("end")),
            note=text_of(data.get("note")),
            position=position,
        )

    def series(doc: DocumentRows, _: Plan, position: int, data: dict[str, Any]) -> ContextSeries:
        return ContextSeries(
            **plan_fields(doc),
            code=data["code"],
            name=data["name"],
            unit=text_of(data.get("unit")),
            source=text_of(data.get("source")),
            note=text_of(data.get("note")),
            position=position,
        )

    items = insert_level(insert, FinancialItem, top, "financial_items", item)
    insert_level(
        insert,
        FinancialValue,
        items,
        "values",
        lambda doc, parent, _, entry: FinancialValue(
            organization=doc.organization,
            item=parent,
            year=entry["year"],
            value=decimal_of(entry.get("value")),
            status=text_of(entry.get("status")),
        ),
    )
    indicators = insert_level(insert, HealthIndicator, top, "health_indicators", health)
    reader = TargetReader()
    insert_level(
        insert,
        HealthTarget,
        indicators,
        "targets",
        lambda doc, parent, _, entry: HealthTarget(
            organization=doc.organization, indicator=parent, **reader.fields(entry)
        ),
    )
    insert_level(
        insert,
        PublishedHealthValue,
        indicators,
        "published",
        lambda doc, parent, _, entry: PublishedHealthValue(
            organization=doc.organization,
            indicator=parent,
            year=entry["year"],
            value=decimal_of(entry.get("value")),
        ),
    )
    insert_level(insert, CalendarPhase, top, "calendar", phase)
    context = insert_level(insert, ContextSeries, top, "context_series", series)
    insert_level(
        insert,
        ContextValue,
        context,
        "values",
        lambda doc, parent, _, entry: ContextValue(
            organization=doc.organization,
            series=parent,
            year=entry["year"],
            value=decimal_of(entry.get("value")),
        ),
    )
