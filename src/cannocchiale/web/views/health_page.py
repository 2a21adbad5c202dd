"""The stato di salute: each health indicator with its formula, its series, its target range and a chart.

Values come from `cannocchiale.health.services.health_report`; this page only lays them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cannocchiale.charts import Series, line_chart
from cannocchiale.health.services import HealthRow, health_report
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for

UNITS = {"%": "%", "euro": "€", "eur": "€"}
# Item names carry the source's remarks ("(Piano, § 2.1.2: migliaia di euro…)"): in a formula they hide
# the formula, so they go; a short qualifier such as "(TOTALE A)" stays.
_REMARK = re.compile(r"\s*\([^()]*[§:][^()]*\)")


@dataclass
class HealthCard:
    row: HealthRow
    unit: str
    formula_words: str
    mismatches: int
    chart: str | None
    gaps: list[tuple[str, str]]  # (years, why) for the years without a computed value


def gaps(row: HealthRow) -> list[tuple[str, str]]:
    """Why values are missing, once per reason with the years it applies to: "2014, 2015" → "manca …"."""
    by_reason: dict[str, list[str]] = {}
    for each in row.years:
        if each.computed is None and each.reason:
            by_reason.setdefault(_REMARK.sub("", each.reason), []).append(str(each.year))
    return [(", ".join(years), reason) for reason, years in by_reason.items()]


def formula_in_words(row: HealthRow) -> str:
    """The formula with the items' names as the report gives them, without source remarks."""
    words = _REMARK.sub("", row.formula_words or row.formula)
    return f"({words}) × 100" if row.unit == "%" and " " in words else words


def target_band(target: dict[str, Any] | None) -> tuple[Decimal | None, Decimal | None] | None:
    """The range the target asks for, as the chart's shaded band; None when the target is not a range."""
    if not target:
        return None

    def dec(value: Any) -> Decimal | None:
        return None if value is None else Decimal(str(value))

    kind = target.get("kind")
    if kind == "range":
        return dec(target.get("low")), dec(target.get("high"))
    if kind == "at_least":
        return dec(target.get("value")), None
    if kind == "at_most":
        return None, dec(target.get("value"))
    return None


def _card(row: HealthRow) -> HealthCard:
    unit = UNITS.get(row.unit, row.unit)
    computed = [(y.year, y.computed) for y in row.years]
    published = [(y.year, y.published) for y in row.years if y.published is not None]
    series = []
    if any(value is not None for _, value in computed):
        series.append(Series(_("Calcolato dai dati di bilancio"), computed))
    if published:
        series.append(Series(_("Pubblicato nel Piano"), published, dashed=True))
    band = target_band(row.target)
    chart = None
    if series:
        chart = line_chart(
            series,
            title=f"{row.code} · {row.name}",
            y_label=_("Valore") + (f" ({unit})" if unit else ""),
            target_band=band,
            unit=unit,
            show_title=False,
        )
    return HealthCard(
        row=row,
        unit=unit,
        formula_words=formula_in_words(row),
        mismatches=sum(1 for y in row.years if y.matches is False),
        chart=chart,
        gaps=gaps(row),
    )


@org_view(lambda access: access.can_view_plan())
def health(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    report = health_report(organization=request.organization, year=year)
    cards = [_card(row) for row in report.indicators]
    dimensions: dict[str, list[HealthCard]] = {}
    for card in cards:
        dimensions.setdefault(card.row.dimension or _("Altri indicatori"), []).append(card)
    context = {
        "plan": plan,
        "year": year,
        "report": report,
        "dimensions": list(dimensions.items()),
        "mismatches": sum(card.mismatches for card in cards),
    }
    context.update(page_context(request, year=year, crumbs=[(_("Stato di salute"), "")]))
    return render(request, "web/health/page.html", context)
