"""Histograms of scores (e.g. the evaluations of a year), one bar per class with its count written on it."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from cannocchiale.charts import _svg as s
from cannocchiale.charts._format import format_tick
from cannocchiale.charts._scale import nice_ticks

WIDTH = 640
PLOT_LEFT = 64
PLOT_RIGHT = WIDTH - 24
BAR_COLOUR = "#0066cc"


def distribution_chart(
    values: Sequence[Decimal],
    *,
    title: str,
    x_label: str = "Punteggio",
    y_label: str = "Numero",
    lower: Decimal = Decimal(0),
    upper: Decimal = Decimal(100),
    bin_width: Decimal = Decimal(10),
    unit: str = "%",
    description: str | None = None,
    show_title: bool = True,
) -> str:
    """An SVG histogram of `values` over [lower, upper] in classes of `bin_width`.

    Classes are closed on the left, the last also on the right (100 falls in 90–100);
    values outside the range are counted in the first or last class and said so in the description.
    """
    edges = _edges(lower, upper, bin_width)
    counts = [0] * (len(edges) - 1)
    outside = 0
    for value in values:
        if value < lower or value > upper:
            outside += 1
        counts[_bin(value, edges)] += 1
    ticks = nice_ticks([Decimal(c) for c in counts], count=4, include_zero=True)
    ticks = [t for t in ticks if t == t.to_integral_value()] or [Decimal(0), Decimal(1)]
    top = 44 if show_title else 16
    plot_bottom = top + 200
    height = plot_bottom + 56
    high = max(ticks[-1], Decimal(1))

    def y_of(count: Decimal) -> float:
        return plot_bottom - float(count / high) * (plot_bottom - top)

    slot = (PLOT_RIGHT - PLOT_LEFT) / len(counts)
    body: list[str] = []
    if show_title:
        body.append(s.label(PLOT_LEFT, 24, title, size=16, weight="600"))
    body.append(s.label(18, (top + plot_bottom) / 2, y_label, anchor="middle", fill=s.MUTED, rotate=-90))
    for tick in ticks:
        y = y_of(tick)
        body.append(s.line(PLOT_LEFT, y, PLOT_RIGHT, y, stroke=s.GRID))
        body.append(s.label(PLOT_LEFT - 6, y + 4, format_tick(tick), size=11, anchor="end", fill=s.MUTED))
    for index, count in enumerate(counts):
        x = PLOT_LEFT + slot * index
        y = y_of(Decimal(count))
        class_text = _class_text(edges, index, unit)
        body.append(f'<g class="bin" data-count="{count}">')
        if count:
            body.append(
                s.rect(
                    x + 2,
                    y,
                    slot - 4,
                    plot_bottom - y,
                    fill=BAR_COLOUR,
                    extra=' stroke="#1a1a1a" stroke-width="0.5"',
                )
            )
        body.append(s.label(x + slot / 2, y - 5, str(count), size=12, anchor="middle", weight="600"))
        body.append(s.label(x + slot / 2, plot_bottom + 16, class_text, size=10, anchor="middle"))
        body.append("</g>")
    body.append(s.line(PLOT_LEFT, plot_bottom, PLOT_RIGHT, plot_bottom, stroke=s.MUTED))
    body.append(
        s.label((PLOT_LEFT + PLOT_RIGHT) / 2, plot_bottom + 40, x_label, anchor="middle", fill=s.MUTED)
    )
    desc = description or _describe(edges, counts, outside, unit)
    ident = s.chart_id("distribution", title, tuple(values), lower, upper, bin_width)
    return s.frame(
        width=WIDTH,
        height=height,
        title=title,
        desc=desc,
        body=body,
        ident=ident,
        css_class="chart chart-distribution",
    )


def _edges(lower: Decimal, upper: Decimal, width: Decimal) -> list[Decimal]:
    if width <= 0 or upper <= lower:
        raise ValueError("distribution_chart: serve un intervallo non vuoto e un'ampiezza positiva")
    edges = [lower]
    while edges[-1] < upper:
        edges.append(min(edges[-1] + width, upper))
    return edges


def _bin(value: Decimal, edges: list[Decimal]) -> int:
    for index in range(len(edges) - 1):
        if value < edges[index + 1]:
            return index
    return len(edges) - 2


def _class_text(edges: list[Decimal], index: int, unit: str) -> str:
    suffix = f" {unit}" if unit else ""
    return f"{format_tick(edges[index])}–{format_tick(edges[index + 1])}{suffix}"


def _describe(edges: list[Decimal], counts: list[int], outside: int, unit: str) -> str:
    parts = [f"{_class_text(edges, i, unit)}: {count}" for i, count in enumerate(counts)]
    text = f"Distribuzione di {sum(counts)} valori. " + "; ".join(parts) + "."
    if outside:
        text += f" {outside} valori fuori intervallo contati nella classe estrema."
    return text
