"""Writes a checked plan document into the database (called by the importer, inside its transaction).

The rows are built by `interchange/rows.py`, the one row builder the simulation's bulk path uses
too; what is the importer's own is the organization (it may exist already: its units and
positions outlive a plan, so the file updates them) and the counts it reports and audits.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import models

from cannocchiale.health.models import FinancialItem, HealthIndicator
from cannocchiale.interchange.row_fields import (
    DocumentRows,
    organization_fields,
    position_fields,
    unit_fields,
)
from cannocchiale.interchange.rows import plan_rows
from cannocchiale.monitoring.models import Measurement
from cannocchiale.organization.models import Organization, OrgUnit, Position
from cannocchiale.planning.models import (
    AnnualObjective,
    Budget,
    CalendarPhase,
    DeclaredBudget,
    Indicator,
    Plan,
    Programme,
    Project,
    StrategicArea,
    StrategicObjective,
    Target,
)
from cannocchiale.territory.models import ContextSeries

# What the import reports and audits, by the names of the file's sections.
_COUNTED: dict[type[models.Model], str] = {
    StrategicArea: "areas",
    StrategicObjective: "strategic_objectives",
    Programme: "programmes",
    Project: "projects",
    Indicator: "indicators",
    Target: "targets",
    Budget: "budgets",
    DeclaredBudget: "declared_budgets",
    AnnualObjective: "annual_objectives",
    Measurement: "measurements",
    FinancialItem: "financial_items",
    HealthIndicator: "health_indicators",
    CalendarPhase: "calendar",
    ContextSeries: "context_series",
}


class PlanWriter:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.counts: Counter[str] = Counter()

    def write(self) -> Plan:
        rows = self._organization(self.data["organization"])
        self.counts.update(dict.fromkeys(_COUNTED.values(), 0))  # every section reported, in this order
        plan_rows([rows], self._insert)
        self.plan = rows.plan
        return rows.plan

    def _insert[M: models.Model](self, model: type[M], rows: list[M], /) -> Sequence[M]:
        model._default_manager.bulk_create(rows)
        if model in _COUNTED:
            self.counts[_COUNTED[model]] += len(rows)
        return rows

    def _organization(self, data: dict[str, Any]) -> DocumentRows:
        org, _ = Organization.objects.update_or_create(code=data["code"], defaults=organization_fields(data))
        # Units and positions belong to the organization, not to one plan: update what the file names.
        units: dict[str, OrgUnit] = {}
        for position, unit in enumerate(data.get("units") or []):
            parent = units.get(unit.get("parent") or "")
            units[unit["code"]], _ = OrgUnit.objects.update_or_create(
                organization=org,
                code=unit["code"],
                defaults=unit_fields(unit, parent=parent, position=position),
            )
        for unit in OrgUnit.objects.filter(organization=org).exclude(code__in=units):
            units[unit.code] = unit
        positions: dict[str, Position] = {}
        for position, item in enumerate(data.get("positions") or []):
            positions[item["code"]], _ = Position.objects.update_or_create(
                organization=org,
                code=item["code"],
                defaults=position_fields(item, units=units, position=position),
            )
        self.counts["units"] = len(data.get("units") or [])
        self.counts["positions"] = len(data.get("positions") or [])
        return DocumentRows(document=self.data, organization=org, units=units, positions=positions)
