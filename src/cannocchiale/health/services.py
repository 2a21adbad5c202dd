"""The stato di salute: each health indicator computed from its formula for every year the data allows."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cannocchiale.core.errors import NotFoundError
from cannocchiale.engine.explanation import format_number, round_percent
from cannocchiale.engine.formulas import FormulaError, evaluate, parse_formula
from cannocchiale.health.models import FinancialItem, HealthIndicator
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan

HUNDRED = Decimal(100)
# A published figure is printed with one decimal: a computed value within half a tenth reproduces it.
PUBLISHED_TOLERANCE = Decimal("0.05")


@dataclass
class HealthYear:
    year: int
    computed: Decimal | None
    published: Decimal | None
    missing: str | None  # why no value could be computed

    @property
    def matches(self) -> bool | None:
        if self.computed is None or self.published is None:
            return None
        return abs(round_percent(self.computed) - self.published) <= PUBLISHED_TOLERANCE

    @property
    def text(self) -> str:
        computed = format_number(round_percent(self.computed)) if self.computed is not None else "—"
        parts = [f"{self.year}: calcolato {computed}"]
        if self.published is not None:
            check = {True: "coincide", False: "NON coincide", None: ""}[self.matches]
            parts.append(f"pubblicato {format_number(self.published)} {check}".rstrip())
        if self.missing:
            parts.append(f"({self.missing})")
        return ", ".join(parts)


@dataclass
class HealthRow:
    code: str
    name: str
    dimension: str
    formula: str
    unit: str
    target_text: str
    target: dict[str, Any] | None
    years: list[HealthYear] = field(default_factory=list)


@dataclass
class HealthReport:
    plan: str
    indicators: list[HealthRow]

    def to_dict(self) -> dict[str, Any]:
        def num(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "plan": self.plan,
            "indicators": [
                {
                    "code": row.code,
                    "name": row.name,
                    "dimension": row.dimension,
                    "formula": row.formula,
                    "unit": row.unit,
                    "target": row.target,
                    "years": [
                        {
                            "year": y.year,
                            "computed": num(y.computed),
                            "computed_display": num(round_percent(y.computed))
                            if y.computed is not None
                            else None,
                            "published": num(y.published),
                            "matches_published": y.matches,
                            "missing": y.missing,
                        }
                        for y in row.years
                    ],
                }
                for row in self.indicators
            ],
        }


def health_report(*, organization: Organization, year: int | None = None) -> HealthReport:
    """Health indicators of the organization's latest plan (of `year`, if given) with their series."""
    plans = Plan.objects.filter(organization=organization, health_indicators__isnull=False)
    if year is not None:
        plans = plans.filter(year=year)
    plan = plans.order_by("-year", "-version").first()
    if plan is None:
        raise NotFoundError(f"nessun indicatore di salute per l'ente «{organization.code}»")
    series: dict[int, dict[str, Decimal]] = {}
    for item in FinancialItem.objects.filter(plan=plan).prefetch_related("values"):
        for value in item.values.all():
            if value.value is not None:
                series.setdefault(value.year, {})[item.code] = value.value
    rows = []
    for indicator in HealthIndicator.objects.filter(plan=plan).prefetch_related("targets", "published"):
        published = {p.year: p.value for p in indicator.published.all()}
        target = next((t for t in indicator.targets.all() if t.year == plan.year), None)
        row = HealthRow(
            code=indicator.code,
            name=indicator.name,
            dimension=indicator.dimension,
            formula=indicator.formula,
            unit=indicator.unit,
            target_text=target.text if target else "",
            target=target.structured if target else None,
        )
        for each_year in sorted(set(series) | set(published)):
            computed, missing = _compute(indicator, series.get(each_year, {}))
            row.years.append(HealthYear(each_year, computed, published.get(each_year), missing))
        rows.append(row)
    return HealthReport(plan=str(plan), indicators=rows)


def _compute(indicator: HealthIndicator, values: dict[str, Decimal]) -> tuple[Decimal | None, str | None]:
    try:
        result = evaluate(parse_formula(indicator.formula), values)
    except FormulaError as error:
        return None, str(error)
    return (result * HUNDRED if indicator.unit == "%" else result), None
