"""Figures on charts, the Italian way: `83,3 %`, `1.234,5`, `1.200 €`."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from cannocchiale.engine.explanation import format_number, format_percent

_HUNDREDTH = Decimal("0.01")


def format_value(value: Decimal | None, unit: str = "") -> str:
    """A data label: percentages with one decimal, other figures with at most two."""
    if value is None:
        return "—"
    if unit == "%":
        return format_percent(value)
    rounded = value.quantize(_HUNDREDTH, rounding=ROUND_HALF_UP) if value.as_tuple().exponent != 0 else value
    figure = format_number(rounded.normalize() if rounded != rounded.to_integral_value() else rounded)
    return f"{figure} {unit}" if unit else figure


def format_tick(value: Decimal, unit: str = "") -> str:
    figure = format_number(value)
    return f"{figure} {unit}" if unit else figure
