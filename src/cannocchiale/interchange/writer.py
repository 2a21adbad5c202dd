"""Writes a checked plan document into the database (called by the importer, inside its transaction)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from cannocchiale.engine.target_parser import declared_of, parse_target
from cannocchiale.health.models import (
    FinancialItem,
    FinancialValue,
    HealthIndicator,
    HealthTarget,
    PublishedHealthValue,
)
from cannocchiale.monitoring.models import Measurement
from cannocchiale.organization.models import Organization, OrgUnit, Position
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


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _target_fields(entry: dict[str, Any], indicator: dict[str, Any] | None = None) -> dict[str, Any]:
    """A target row's fields: the text as written and the structured form the engine reads in it,
    with a bare number read by the indicator's declared direction, unit and scale (as validation reads it)."""
    declared = (
        declared_of(indicator.get("polarity"), indicator.get("unit"), indicator.get("scale"))
        if indicator is not None
        else None
    )
    parsed = parse_target(str(entry["text"]), year=entry["year"], declared=declared)
    return {"year": entry["year"], "text": parsed.text, "kind": parsed.kind, "structured": parsed.to_dict()}


def _text(value: Any) -> str:
    return "" if value is None else str(value)


class PlanWriter:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.counts: Counter[str] = Counter()
        self.units: dict[str, OrgUnit] = {}
        self.positions: dict[str, Position] = {}
        self.objectives: dict[str, StrategicObjective] = {}
        self.projects: dict[str, Project] = {}
        self.indicators: dict[str, Indicator] = {}

    def write(self) -> Plan:
        self.org = self._organization(self.data["organization"])
        plan_data = self.data["plan"]
        approval = plan_data.get("approval") or {}
        self.plan = Plan.objects.create(
            organization=self.org,
            year=plan_data["year"],
            version=plan_data.get("version") or 1,
            status=plan_data.get("status") or Plan.Status.DRAFT,
            title=_text(plan_data.get("title")),
            start_year=plan_data.get("start_year"),
            end_year=plan_data.get("end_year"),
            mission=_text(plan_data.get("mission")),
            approval_act=_text(approval.get("act")),
            approval_date=_date(approval.get("date")),
            revision_reason=_text(plan_data.get("revision_reason")),
        )
        self.year = self.plan.year
        self._tree(plan_data.get("areas") or [])
        self._declared_budgets(plan_data.get("declared_budgets") or [])
        self._annual_objectives(plan_data.get("annual_objectives") or [])
        self._measurements(plan_data.get("measurements") or [])
        self._health(plan_data.get("financial_items") or [], plan_data.get("health_indicators") or [])
        self._calendar(plan_data.get("calendar") or [])
        self._context(plan_data.get("context_series") or [])
        return self.plan

    # --- organization -------------------------------------------------------------------------

    def _organization(self, data: dict[str, Any]) -> Organization:
        org, _ = Organization.objects.update_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "kind": _text(data.get("kind")),
                "staff": data.get("staff"),
                "mission": _text(data.get("mission")),
                "vision": _text(data.get("vision")),
                "values": list(data.get("values") or []),
            },
        )
        # Units and positions belong to the organization, not to one plan: update what the file names.
        for position, unit in enumerate(data.get("units") or []):
            self.units[unit["code"]], _ = OrgUnit.objects.update_or_create(
                organization=org,
                code=unit["code"],
                defaults={
                    "name": unit["name"],
                    "kind": unit["kind"],
                    "parent": self.units.get(unit.get("parent") or ""),
                    "staff": unit.get("staff"),
                    "position": position,
                },
            )
        for unit in OrgUnit.objects.filter(organization=org).exclude(code__in=self.units):
            self.units[unit.code] = unit
        for position, item in enumerate(data.get("positions") or []):
            self.positions[item["code"]], _ = Position.objects.update_or_create(
                organization=org,
                code=item["code"],
                defaults={
                    "role": item["role"],
                    "title": _text(item.get("title")),
                    "unit": self.units[item["unit"]] if item.get("unit") else None,
                    "holder": _text(item.get("holder")),
                    "position": position,
                },
            )
        self.counts["units"] = len(data.get("units") or [])
        self.counts["positions"] = len(data.get("positions") or [])
        return org

    # --- tree ---------------------------------------------------------------------------------

    def _tree(self, areas: list[dict[str, Any]]) -> None:
        """Writes the tree level by level, one bulk insert per level, whatever the plan's size."""
        common = {"organization": self.org, "plan": self.plan}
        area_rows = [
            StrategicArea(
                **common,
                code=data["code"],
                title=data["title"],
                description=_text(data.get("description")),
                position=position,
            )
            for position, data in enumerate(areas)
        ]
        StrategicArea.objects.bulk_create(area_rows)
        self.counts["areas"] += len(area_rows)

        objectives = [
            (area, position, data)
            for area, area_data in zip(area_rows, areas, strict=True)
            for position, data in enumerate(area_data.get("objectives") or [])
        ]
        objective_rows = [
            StrategicObjective(
                **common,
                area=area,
                code=data["code"],
                title=data["title"],
                description=_text(data.get("description")),
                owner=self.units[data["owner"]] if data.get("owner") else None,
                transversal=bool(data.get("transversal", False)),
                position=position,
            )
            for area, position, data in objectives
        ]
        StrategicObjective.objects.bulk_create(objective_rows)
        self.objectives = {row.code: row for row in objective_rows}
        self.counts["strategic_objectives"] += len(objective_rows)

        programmes = [
            (objective, position, data)
            for objective, (_, _, objective_data) in zip(objective_rows, objectives, strict=True)
            for position, data in enumerate(objective_data.get("programmes") or [])
        ]
        programme_rows = [
            Programme(
                **common,
                objective=objective,
                code=data["code"],
                title=_text(data.get("title")),
                description=_text(data.get("description")),
                position=position,
            )
            for objective, position, data in programmes
        ]
        Programme.objects.bulk_create(programme_rows)
        self.counts["programmes"] += len(programme_rows)

        projects = [
            (programme, position, data)
            for programme, (_, _, programme_data) in zip(programme_rows, programmes, strict=True)
            for position, data in enumerate(programme_data.get("projects") or [])
        ]
        project_rows = [
            Project(
                **common,
                programme=programme,
                code=data["code"],
                title=data["title"],
                description=_text(data.get("description")),
                actions=list(data.get("actions") or []),
                results=list(data.get("results") or []),
                position=position,
            )
            for programme, position, data in projects
        ]
        Project.objects.bulk_create(project_rows)
        self.projects = {row.code: row for row in project_rows}
        self.counts["projects"] += len(project_rows)
        ProjectOffice.objects.bulk_create(
            ProjectOffice(organization=self.org, project=project, unit=self.units[code], position=index)
            for project, (_, _, data) in zip(project_rows, projects, strict=True)
            for index, code in enumerate(data.get("offices") or [])
        )

        owned: list[tuple[dict[str, Any], dict[str, Any]]] = []
        budgets: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for objective, (_, _, data) in zip(objective_rows, objectives, strict=True):
            owned.append((data, {"strategic_objective": objective}))
        for project, (_, _, data) in zip(project_rows, projects, strict=True):
            owned.append((data, {"project": project}))
        for data, owner in owned:
            budgets += [(budget, owner) for budget in data.get("budgets") or []]
        self._indicators([(data.get("indicators") or [], owner) for data, owner in owned])
        self._budgets(budgets)

    def _indicators(self, groups: list[tuple[list[dict[str, Any]], dict[str, Any]]]) -> None:
        """Indicators of many owners at once: `groups` pairs each owner's list with the owner's field."""
        entries = [(position, data, owner) for items, owner in groups for position, data in enumerate(items)]
        rows = [
            Indicator(
                organization=self.org,
                plan=self.plan,
                code=data["code"],
                description=data["description"],
                unit=_text(data.get("unit")),
                source=_text(data.get("source")),
                polarity=_text(data.get("polarity")),
                formula=_text(data.get("formula")),
                frequency=data.get("frequency") or Indicator.Frequency.ANNUAL,
                weight=data.get("weight"),
                position=position,
                **owner,
            )
            for position, data, owner in entries
        ]
        Indicator.objects.bulk_create(rows)
        targets: list[Target] = []
        for indicator, (_, data, _) in zip(rows, entries, strict=True):
            self.indicators[indicator.code] = indicator
            targets += [
                Target(organization=self.org, indicator=indicator, **_target_fields(entry, data))
                for entry in data.get("targets") or []
            ]
        Target.objects.bulk_create(targets)
        self.counts["indicators"] += len(rows)
        self.counts["targets"] += len(targets)

    def _budgets(self, items: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
        Budget.objects.bulk_create(
            Budget(
                organization=self.org,
                plan=self.plan,
                year=data["year"],
                costs=data.get("costs"),
                revenues=data.get("revenues"),
                investments=data.get("investments"),
                **owner,
            )
            for data, owner in items
        )
        self.counts["budgets"] += len(items)

    def _declared_budgets(self, items: list[dict[str, Any]]) -> None:
        areas = {area.code: area for area in self.plan.areas.all()}
        DeclaredBudget.objects.bulk_create(
            DeclaredBudget(
                organization=self.org,
                plan=self.plan,
                scope=data["scope"],
                area=areas[data["area"]] if data.get("area") else None,
                year=data["year"],
                costs=data.get("costs"),
                revenues=data.get("revenues"),
                investments=data.get("investments"),
                note=_text(data.get("note")),
            )
            for data in items
        )
        self.counts["declared_budgets"] += len(items)

    # --- annual objectives --------------------------------------------------------------------

    def _annual_objectives(self, items: list[dict[str, Any]]) -> None:
        rows = []
        for position, data in enumerate(items):
            complexity = data.get("complexity") or {}
            assignee = data.get("assignee")
            is_office = data["level"] == AnnualObjective.Level.OFFICE
            rows.append(
                AnnualObjective(
                    organization=self.org,
                    plan=self.plan,
                    code=data["code"],
                    level=data["level"],
                    type=data.get("type") or AnnualObjective.Type.OTHER,
                    title=data["title"],
                    description=_text(data.get("description")),
                    assignee_position=self.positions.get(assignee) if assignee and not is_office else None,
                    assignee_unit=self.units.get(assignee) if assignee and is_office else None,
                    weight=data.get("weight"),
                    complexity_staff=complexity.get("staff"),
                    complexity_innovation=complexity.get("innovation"),
                    complexity_relations=complexity.get("relations"),
                    complexity_burden=complexity.get("burden"),
                    complexity=complexity.get("coefficient"),
                    activities=list(data.get("activities") or []),
                    position=position,
                )
            )
        AnnualObjective.objects.bulk_create(rows)
        created = {row.code: row for row in rows}
        self._indicators(
            [
                (data.get("indicators") or [], {"annual_objective": row})
                for row, data in zip(rows, items, strict=True)
            ]
        )
        self.counts["annual_objectives"] = len(items)
        links, projects, strategic = [], [], []
        for data in items:
            objective = created[data["code"]]
            links += [
                AnnualObjectiveLink(organization=self.org, child=objective, parent=created[code], position=i)
                for i, code in enumerate(data.get("derives_from") or [])
            ]
            projects += [
                AnnualObjectiveProject(
                    organization=self.org, objective=objective, project=self.projects[code], position=i
                )
                for i, code in enumerate(data.get("projects") or [])
            ]
            strategic += [
                AnnualObjectiveStrategicObjective(
                    organization=self.org,
                    objective=objective,
                    strategic_objective=self.objectives[code],
                    position=i,
                )
                for i, code in enumerate(data.get("strategic_objectives") or [])
            ]
        AnnualObjectiveLink.objects.bulk_create(links)
        AnnualObjectiveProject.objects.bulk_create(projects)
        AnnualObjectiveStrategicObjective.objects.bulk_create(strategic)

    # --- measurements, health, calendar -------------------------------------------------------

    def _measurements(self, items: list[dict[str, Any]]) -> None:
        Measurement.objects.bulk_create(
            Measurement(
                organization=self.org,
                indicator=self.indicators[data["indicator"]],
                date=dt.date.fromisoformat(data["date"]),
                value=data.get("value"),
                done=data.get("done"),
                completed_on=_date(data.get("completed_on")),
                assessed=data.get("assessed"),
                justification=_text(data.get("justification")),
                note=_text(data.get("note")),
                entered_by_name=_text(data.get("entered_by")),
            )
            for data in items
        )
        self.counts["measurements"] = len(items)

    def _health(self, items: list[dict[str, Any]], indicators: list[dict[str, Any]]) -> None:
        values: list[FinancialValue] = []
        for position, data in enumerate(items):
            item = FinancialItem.objects.create(
                organization=self.org,
                plan=self.plan,
                code=data["code"],
                name=data["name"],
                unit=_text(data.get("unit")),
                position=position,
            )
            values += [
                FinancialValue(
                    organization=self.org,
                    item=item,
                    year=entry["year"],
                    value=entry.get("value"),
                    status=_text(entry.get("status")),
                )
                for entry in data.get("values") or []
            ]
        FinancialValue.objects.bulk_create(values)
        self.counts["financial_items"] = len(items)
        for position, data in enumerate(indicators):
            indicator = HealthIndicator.objects.create(
                organization=self.org,
                plan=self.plan,
                code=data["code"],
                name=data["name"],
                dimension=_text(data.get("dimension")),
                formula=_text(data.get("formula")),
                unit=_text(data.get("unit")),
                position=position,
            )
            HealthTarget.objects.bulk_create(
                HealthTarget(organization=self.org, indicator=indicator, **_target_fields(entry))
                for entry in data.get("targets") or []
            )
            PublishedHealthValue.objects.bulk_create(
                PublishedHealthValue(
                    organization=self.org,
                    indicator=indicator,
                    year=entry["year"],
                    value=entry.get("value"),
                )
                for entry in data.get("published") or []
            )
        self.counts["health_indicators"] = len(indicators)

    def _calendar(self, items: list[dict[str, Any]]) -> None:
        CalendarPhase.objects.bulk_create(
            CalendarPhase(
                organization=self.org,
                plan=self.plan,
                phase=data["phase"],
                actors=list(data.get("actors") or []),
                start=_date(data.get("start")),
                end=_date(data.get("end")),
                note=_text(data.get("note")),
                position=position,
            )
            for position, data in enumerate(items)
        )
        self.counts["calendar"] = len(items)

    def _context(self, items: list[dict[str, Any]]) -> None:
        values: list[ContextValue] = []
        for position, data in enumerate(items):
            series = ContextSeries.objects.create(
                organization=self.org,
                plan=self.plan,
                code=data["code"],
                name=data["name"],
                unit=_text(data.get("unit")),
                source=_text(data.get("source")),
                note=_text(data.get("note")),
                position=position,
            )
            values += [
                ContextValue(
                    organization=self.org, series=series, year=entry["year"], value=entry.get("value")
                )
                for entry in data.get("values") or []
            ]
        ContextValue.objects.bulk_create(values)
        self.counts["context_series"] = len(items)
