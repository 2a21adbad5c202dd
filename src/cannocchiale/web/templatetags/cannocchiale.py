"""Figures and status the Italian way in templates: `{% load cannocchiale %}`.

{{ value|percent }}   Decimal("83.333") → "83,3 %"
{{ value|number }}    Decimal("26000.5") → "26.000,5"
{{ value|euro }}      Decimal("1234.5") → "1.234,50 €"
{% traffic status %}  a coloured dot with its status in words ("verde", "giallo", "rosso")
{% traffic status label %}  the same dot with your own words (e.g. "83,3 % · verde")
{{ svg|chart }}       an SVG string of cannocchiale.charts, marked safe to embed inline
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from cannocchiale.charts import traffic_dot
from cannocchiale.engine.explanation import format_euro, format_number, format_percent, round_percent

register = template.Library()

STATUS_TEXT = {"green": "verde", "yellow": "giallo", "red": "rosso"}
DATA_STATES = {
    "ok": "",
    "target_missing": _("target mancante o non interpretato"),
    "actual_missing": _("valore effettivo mancante"),
    "stale": _("dato non aggiornato"),
    "assessment_missing": _("valutazione mancante"),
}


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def percent(value: Any) -> str:
    return format_percent(_decimal(value))


@register.filter
def number(value: Any) -> str:
    return format_number(_decimal(value))


@register.filter
def number1(value: Any) -> str:
    """A figure rounded half up to one decimal, as the plan prints its ratios: "98,5"."""
    figure = _decimal(value)
    return "—" if figure is None else format_number(round_percent(figure))


@register.filter
def euro(value: Any) -> str:
    amount = _decimal(value)
    return "—" if amount is None else format_euro(amount)


@register.filter
def data_state(state: str | None) -> str:
    """What a score's data state means for the reader; empty when the data is fine."""
    return str(DATA_STATES.get(state or "ok", state or ""))


@register.filter
def dom_id(value: Any) -> str:
    """A code (e.g. "1.1.1", "piano-2018") as a unique HTML id fragment: "1-1-1" differs from "11-1"."""
    return re.sub(r"[^A-Za-z0-9_-]", "-", str(value))


@register.filter
def chart(svg: str) -> SafeString:
    """Charts are built from escaped text by cannocchiale.charts, so they are safe to embed as they are."""
    return mark_safe(svg)


@register.inclusion_tag("web/tags/traffic.html")
def traffic(status: str | None, label: str | None = None) -> dict[str, object]:
    """The status dot with its meaning in words beside it: never colour alone."""
    words = label if label else STATUS_TEXT.get(status or "", "non calcolato")
    return {"dot": mark_safe(traffic_dot(status)), "status": status or "none", "words": words}
