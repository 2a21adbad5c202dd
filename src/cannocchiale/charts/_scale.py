"""Axis ranges and ticks on round numbers (1, 2, 2.5, 5 × 10ⁿ), computed exactly with Decimal."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


def nice_ticks(values: Iterable[Decimal], *, count: int = 5, include_zero: bool = False) -> list[Decimal]:
    """Ticks covering every value, about `count` of them, on round steps."""
    data = list(values)
    if include_zero:
        data.append(Decimal(0))
    if not data:
        return [Decimal(0), Decimal(1)]
    low, high = min(data), max(data)
    # A near-flat series still gets an axis of readable steps: at least a tenth of its magnitude.
    least = max(abs(low), abs(high)) / 10 or Decimal(1)
    if high - low < least:
        pad = (least - (high - low)) / 2
        low, high = low - pad, high + pad
        if min(data) >= 0:
            low = max(low, Decimal(0))
    step = _nice_step((high - low) / count)
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    end = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    ticks = []
    tick = start
    while tick <= end:
        ticks.append(tick.normalize() if tick else Decimal(0))
        tick += step
    return ticks


def _nice_step(raw: Decimal) -> Decimal:
    exponent = raw.adjusted()
    magnitude = Decimal(10) ** exponent
    fraction = raw / magnitude
    for step in _STEPS:
        if fraction <= step:
            return step * magnitude
    return _STEPS[-1] * magnitude  # pragma: no cover - fraction is below 10 by construction
