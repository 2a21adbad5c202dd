"""Export of a plan to the plan file format: what `import` reads back without loss."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from cannocchiale.health.models import FinancialItem, HealthIndicator
from cannocchiale.interchange.schema import FORMAT
from cannocchiale.monitoring.models import Measurement
from cannocchiale.organization.models import OrgUnit, Position
from cannocchiale.planning.models import AnnualObjective, Budget, Indicator, Plan, Project, StrategicArea
from cannocchiale.territory.models import ContextSeries
from cannocchiale.territory.selectors import context_series_list


def _clean(mapping: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty optional keys, so an exported file reads like a hand-written one."""
    return {key: value for key, value in mapping.items() if value not in (None, "", [], {})}


def _number(value: Decimal | None) -> Decimal | None:
    return (
        None
        if value is None
        else value.normalize()
        if value != value.to_integral_value()
        else Decimal(int(value))
    )


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return _clean(
        {
            "code": indicator.code,
            "description": indicator.description,
            "unit": indicator.unit,
            "source": indicator.source,
            "polarity": indicator.polarity,
            "formula": indicator.formula,
            "frequency": indicator.frequency if indicator.frequency != Indicator.Frequency.ANNUAL else None,
            "weight": _number(indicator.weight),
            "targets": [{"year": t.year, "text": t.text} for t in indicator.targets.all()],
        }
    )


def _budgets(budgets: Iterable[Budget]) -> list[dict[str, Any]]:
    return [
        {
            "year": b.year,
            "costs": _number(b.costs),
            "revenues": _number(b.revenues),
            "investments": _number(b.investments),
        }
        for b in budgets
    ]


def plan_export(plan: Plan) -> dict[str, Any]:
    org = plan.organization
    indicators = Prefetch("indicators", queryset=Indicator.objects.prefetch_related("targets"))
    areas = StrategicArea.objects.filter(plan=plan).prefetch_related(
        "objectives__owner",
        Prefetch("objectives__indicators", queryset=Indicator.objects.prefetch_related("targets")),
        "objectives__budgets",
        "objectives__programmes",
        Prefetch(
            "objectives__programmes__projects",
            queryset=Project.objects.prefetch_related("office_links__unit", "budgets", indicators),
        ),
    )
    units = OrgUnit.objects.filter(organization=org).select_related("parent")
    positions = Position.objects.filter(organization=org).select_related("unit")
    annual = (
        AnnualObjective.objects.filter(plan=plan)
        .select_related("assignee_position", "assignee_unit")
        .prefetch_related(
            "parent_links__parent",
            "project_links__project",
            "strategic_links__strategic_objective",
            indicators,
        )
    )
    measurements = Measurement.objects.filter(indicator__plan=plan).select_related("indicator", "entered_by")
    items = FinancialItem.objects.filter(plan=plan).prefetch_related("values")
    health = HealthIndicator.objects.filter(plan=plan).prefetch_related("targets", "published")
    context = context_series_list(organization=plan.organization, plan=plan)

    approval = (
        _clean({"act": plan.approval_act, "date": plan.approval_date})
        if plan.approval_act or plan.approval_date
        else None
    )
    return {
        "format": FORMAT,
        "organization": _clean(
            {
                "code": org.code,
                "name": org.name,
                "kind": org.kind,
                "staff": org.staff,
                "mission": org.mission,
                "vision": org.vision,
                "values": list(org.values),
                "units": [
                    _clean(
                        {
                            "code": u.code,
                            "name": u.name,
                            "kind": u.kind,
                            "parent": u.parent.code if u.parent else None,
                            "staff": u.staff,
                        }
                    )
                    for u in units
                ],
                "positions": [
                    _clean(
                        {
                            "code": p.code,
                            "role": p.role,
                            "title": p.title,
                            "unit": p.unit.code if p.unit else None,
                            "holder": p.holder,
                        }
                    )
                    for p in positions
                ],
            }
        ),
        "plan": _clean(
            {
                "year": plan.year,
                "start_year": plan.start_year,
                "end_year": plan.end_year,
                "title": plan.title,
                "version": plan.version,
                "status": plan.status,
                "approval": approval,
                "revision_reason": plan.revision_reason,
                "mission": plan.mission,
                "areas": [_area(area) for area in areas],
                "declared_budgets": [
                    _clean(
                        {
                            "scope": d.scope,
                            "area": d.area.code if d.area else None,
                            "year": d.year,
                            "costs": _number(d.costs),
                            "revenues": _number(d.revenues),
                            "investments": _number(d.investments),
                            "note": d.note,
                        }
                    )
                    for d in plan.declared_budgets.select_related("area")
                ],
                "annual_objectives": [_annual(objective) for objective in annual],
                "measurements": [_measurement(m) for m in measurements],
                "financial_items": [
                    _clean(
                        {
                            "code": item.code,
                            "name": item.name,
                            "unit": item.unit,
                            "values": [
                                _clean({"year": v.year, "value": _number(v.value), "status": v.status})
                                for v in item.values.all()
                            ],
                        }
                    )
                    for item in items
                ],
                "health_indicators": [
                    _clean(
                        {
                            "code": h.code,
                            "name": h.name,
                            "dimension": h.dimension,
                            "formula": h.formula,
                            "unit": h.unit,
                            "targets": [{"year": t.year, "text": t.text} for t in h.targets.all()],
                            "published": [
                                {"year": p.year, "value": _number(p.value)} for p in h.published.all()
                            ],
                        }
                    )
                    for h in health
                ],
                "calendar": [
                    _clean(
                        {
                            "phase": c.phase,
                            "actors": list(c.actors),
                            "start": c.start,
                            "end": c.end,
                            "note": c.note,
                        }
                    )
                    for c in plan.calendar.all()
                ],
                "context_series": [_context(series) for series in context],
            }
        ),
    }


def _area(area: StrategicArea) -> dict[str, Any]:
    return _clean(
        {
            "code": area.code,
            "title": area.title,
            "description": area.description,
            "objectives": [
                _clean(
                    {
                        "code": o.code,
                        "title": o.title,
                        "description": o.description,
                        "owner": o.owner.code if o.owner else None,
                        "transversal": o.transversal or None,
                        "indicators": [_indicator(i) for i in o.indicators.all()],
                        "budgets": _budgets(o.budgets.all()),
                        "programmes": [
                            _clean(
                                {
                                    "code": p.code,
                                    "title": p.title,
                                    "description": p.description,
                                    "projects": [_project(j) for j in p.projects.all()],
                                }
                            )
                            for p in o.programmes.all()
                        ],
                    }
                )
                for o in area.objectives.all()
            ],
        }
    )


def _project(project: Project) -> dict[str, Any]:
    return _clean(
        {
            "code": project.code,
            "title": project.title,
            "description": project.description,
            "offices": [link.unit.code for link in project.office_links.all()],
            "actions": list(project.actions),
            "results": list(project.results),
            "indicators": [_indicator(i) for i in project.indicators.all()],
            "budgets": _budgets(project.budgets.all()),
        }
    )


def _annual(objective: AnnualObjective) -> dict[str, Any]:
    assignee = objective.assignee_unit or objective.assignee_position
    complexity = _clean(
        {
            "staff": _number(objective.complexity_staff),
            "innovation": _number(objective.complexity_innovation),
            "relations": _number(objective.complexity_relations),
            "burden": _number(objective.complexity_burden),
            "coefficient": _number(objective.complexity),
        }
    )
    return _clean(
        {
            "code": objective.code,
            "level": objective.level,
            "type": objective.type,
            "title": objective.title,
            "description": objective.description,
            "assignee": assignee.code if assignee else None,
            "weight": _number(objective.weight),
            "complexity": complexity or None,
            "derives_from": [link.parent.code for link in objective.parent_links.all()],
            "projects": [link.project.code for link in objective.project_links.all()],
            "strategic_objectives": [
                link.strategic_objective.code for link in objective.strategic_links.all()
            ],
            "activities": list(objective.activities),
            "indicators": [_indicator(i) for i in objective.indicators.all()],
        }
    )


def _measurement(m: Measurement) -> dict[str, Any]:
    return _clean(
        {
            "indicator": m.indicator.code,
            "date": m.date,
            "value": _number(m.value),
            "done": m.done,
            "completed_on": m.completed_on,
            "assessed": _number(m.assessed),
            "justification": m.justification,
            "note": m.note,
            "entered_by": m.entered_by_name or (m.entered_by.get_username() if m.entered_by else None),
            "simulated": True if m.simulated else None,
        }
    )


def _context(series: ContextSeries) -> dict[str, Any]:
    return _clean(
        {
            "code": series.code,
            "name": series.name,
            "unit": series.unit,
            "source": series.source,
            "note": series.note,
            # A blank the plan leaves is kept as `value: null`, so the year is not lost on the way back.
            "values": [{"year": v.year, "value": _number(v.value)} for v in series.values.all()],
        }
    )
