"""Horizontal bar charts: achievement per objective, with a reference line (100 %)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from cannocchiale.charts import _svg as s
from cannocchiale.charts._format import format_tick, format_value
from cannocchiale.charts._scale import nice_ticks

WIDTH = 640
LABEL_CHARS = 34
BAR_HEIGHT = 18
ROW = 28
DEFAULT_BAR = "#0066cc"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar; `status` (green/yellow/red) colours it and is written beside the value."""

    label: str
    value: Decimal | None
    status: str | None = None


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    x_label: str = "Raggiungimento",
    unit: str = "%",
    reference: Decimal | None = Decimal(100),
    reference_label: str = "Obiettivo",
    description: str | None = None,
    show_title: bool = True,
) -> str:
    """An SVG bar chart, one row per bar with its label, its bar and its value (and status) in words.

    A bar without a value is drawn as "non calcolato", never as zero.
    """
    values = [b.value for b in bars if b.value is not None]
    ticks = nice_ticks(values + ([reference] if reference is not None else []), include_zero=True)
    low, high = ticks[0], ticks[-1]
    top = 44 if show_title else 12
    plot_left = min(s.text_width("x" * LABEL_CHARS, 12) + 16, 260)
    # Room on the right for "123,4 % · verde".
    plot_right = WIDTH - 110
    plot_bottom = top + ROW * max(len(bars), 1) + 8
    height = plot_bottom + 48

    def x_of(value: Decimal) -> float:
        return plot_left + float((value - low) / (high - low)) * (plot_right - plot_left)

    body: list[str] = []
    if show_title:
        body.append(s.label(12, 24, title, size=16, weight="600"))
    for tick in ticks:
        x = x_of(tick)
        body.append(s.line(x, top, x, plot_bottom, stroke=s.GRID))
        body.append(
            s.label(x, plot_bottom + 16, format_tick(tick, unit), size=11, anchor="middle", fill=s.MUTED)
        )
    body.append(
        s.label((plot_left + plot_right) / 2, plot_bottom + 36, x_label, anchor="middle", fill=s.MUTED)
    )
    for index, bar in enumerate(bars):
        body.append(_bar(bar, top + ROW * index + 4, plot_left, x_of, low, unit))
    if reference is not None:
        x = x_of(reference)
        body.append(s.line(x, top - 6, x, plot_bottom, stroke=s.TEXT, width=1.5, dash="5 3"))
        body.append(
            s.label(
                x, top - 10, f"{reference_label} {format_value(reference, unit)}", size=11, anchor="middle"
            )
        )
    desc = description or "; ".join(f"{b.label}: {_value_text(b, unit)}" for b in bars) + "."
    ident = s.chart_id("bar", title, [(b.label, b.value, b.status) for b in bars], reference)
    return s.frame(
        width=WIDTH,
        height=height,
        title=title,
        desc=desc,
        body=body,
        ident=ident,
        css_class="chart chart-bar",
    )


def _value_text(bar: Bar, unit: str) -> str:
    if bar.value is None:
        return "non calcolato"
    status = s.STATUS_LABELS.get(bar.status or "")
    return f"{format_value(bar.value, unit)} · {status}" if status else format_value(bar.value, unit)


def _bar(
    bar: Bar, y: float, plot_left: float, x_of: Callable[[Decimal], float], low: Decimal, unit: str
) -> str:
    parts = ['<g class="bar">']
    name = s.truncate(bar.label, LABEL_CHARS)
    parts.append(s.label(plot_left - 8, y + BAR_HEIGHT - 5, name, anchor="end"))
    if name != bar.label:
        parts[-1] = parts[-1].replace("</text>", f"<title>{s.text(bar.label)}</title></text>")
    if bar.value is None:
        parts.append(s.label(plot_left + 4, y + BAR_HEIGHT - 5, "non calcolato", fill=s.MUTED, size=11))
    else:
        colour = s.STATUS_COLOURS.get(bar.status or "", DEFAULT_BAR)
        start = x_of(max(low, Decimal(0)))
        end = x_of(bar.value)
        parts.append(
            s.rect(
                min(start, end),
                y,
                abs(end - start),
                BAR_HEIGHT,
                fill=colour,
                extra=' stroke="#1a1a1a" stroke-width="0.5"',
            )
        )
        parts.append(
            s.label(
                max(start, end) + 6, y + BAR_HEIGHT - 5, _value_text(bar, unit), size=11, css_class="value"
            )
        )
    parts.append("</g>")
    return "".join(parts)
