"""Line charts: a few series over years (health indicators, trends), with an optional target band."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from cannocchiale.charts import _svg as s
from cannocchiale.charts._format import format_tick, format_value
from cannocchiale.charts._scale import nice_ticks

WIDTH = 640
PLOT_LEFT = 72
PLOT_RIGHT = WIDTH - 24
BAND_FILL = "#c5e8d6"
BAND_EDGE = "#008055"
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True, slots=True)
class Series:
    """One named line; `points` are (x label, value), a None value leaves a gap.

    `dashed` draws the line dashed, e.g. the figures as published beside the computed ones.
    """

    name: str
    points: Sequence[tuple[int | str, Decimal | None]]
    dashed: bool = False


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    y_label: str,
    target_band: tuple[Decimal | None, Decimal | None] | None = None,
    unit: str = "",
    description: str | None = None,
    show_title: bool = True,
    y_from_zero: bool = False,
) -> str:
    """An SVG line chart; x is the union of the series' x labels in order of first appearance.

    `target_band` shades the target range (low, high); either end may be None for an open range.
    The y axis fits the data and the band; `y_from_zero` starts it at zero (for amounts).
    Every point carries its value as text, each series has its own marker shape and a legend entry.
    """
    xs = _x_labels(series)
    values = [v for one in series for _, v in one.points if v is not None]
    band_values = [v for v in (target_band or ()) if v is not None]
    ticks = nice_ticks(values + band_values, include_zero=y_from_zero)
    top = 44 if show_title else 16
    plot_bottom = top + 220
    legend_rows = len(series) + (1 if target_band else 0)
    height = plot_bottom + 40 + 20 * legend_rows
    low, high = ticks[0], ticks[-1]

    def y_of(value: Decimal) -> float:
        return plot_bottom - float((value - low) / (high - low)) * (plot_bottom - top)

    # The axis title sits left of the tick labels: leave room for the widest of them.
    plot_left = max(PLOT_LEFT, 34 + max(s.text_width(format_tick(t, unit), 12) for t in ticks))
    step = (PLOT_RIGHT - plot_left) / max(len(xs), 1)

    def x_of(index: int) -> float:
        return plot_left + step * (index + 0.5)

    body: list[str] = []
    if show_title:
        body.append(s.label(plot_left, 24, title, size=16, weight="600"))
    body.append(s.label(18, (top + plot_bottom) / 2, y_label, anchor="middle", fill=s.MUTED, rotate=-90))
    if target_band:
        band_low = target_band[0] if target_band[0] is not None else low
        band_high = target_band[1] if target_band[1] is not None else high
        y1, y2 = y_of(min(band_high, high)), y_of(max(band_low, low))
        body.append(
            s.rect(
                plot_left, y1, PLOT_RIGHT - plot_left, y2 - y1, fill=BAND_FILL, extra=' class="target-band"'
            )
        )
        for edge in (target_band[0], target_band[1]):
            if edge is not None:
                body.append(
                    s.line(plot_left, y_of(edge), PLOT_RIGHT, y_of(edge), stroke=BAND_EDGE, dash="6 3")
                )
    for tick in ticks:
        y = y_of(tick)
        body.append(s.line(plot_left, y, PLOT_RIGHT, y, stroke=s.GRID))
        body.append(
            s.label(plot_left - 6, y + 4, format_tick(tick, unit), size=12, anchor="end", fill=s.MUTED)
        )
    body.append(s.line(plot_left, plot_bottom, PLOT_RIGHT, plot_bottom, stroke=s.MUTED))
    for index, x_label in enumerate(xs):
        body.append(s.label(x_of(index), plot_bottom + 18, str(x_label), size=13, anchor="middle"))
    places = _label_places(series, unit)
    for number, one in enumerate(series):
        body.append(_series(one, number, xs, x_of, y_of, unit, places))
    body.append(_legend(series, target_band, unit, plot_bottom + 44, plot_left))
    desc = description or _describe(series, target_band, unit)
    ident = s.chart_id("line", title, [(o.name, tuple(o.points)) for o in series], target_band)
    return s.frame(
        width=WIDTH,
        height=height,
        title=title,
        desc=desc,
        body=body,
        ident=ident,
        css_class="chart chart-line",
    )


def _x_labels(series: Sequence[Series]) -> list[int | str]:
    seen: list[int | str] = []
    for one in series:
        for x, _ in one.points:
            if x not in seen:
                seen.append(x)
    if all(isinstance(x, int) for x in seen):
        seen.sort(key=int)
    return seen


def _label_places(series: Sequence[Series], unit: str) -> dict[tuple[int | str, int], str]:
    """Where each value label goes: above its point; below for the lowest where series share an x;
    nowhere when an earlier series already writes the same figure there (they coincide)."""
    at: dict[int | str, list[tuple[Decimal, int]]] = {}
    for number, one in enumerate(series):
        for x, value in one.points:
            if value is not None:
                at.setdefault(x, []).append((value, number))
    places: dict[tuple[int | str, int], str] = {}
    for x, entries in at.items():
        written: set[str] = set()
        lowest = min(entries)[1] if len(entries) > 1 else None
        for value, number in entries:
            figure = format_value(value, unit)
            places[(x, number)] = "none" if figure in written else ("below" if number == lowest else "above")
            written.add(figure)
    return places


def _series(
    one: Series,
    number: int,
    xs: list[int | str],
    x_of: Callable[[int], float],
    y_of: Callable[[Decimal], float],
    unit: str,
    places: dict[tuple[int | str, int], str],
) -> str:
    colour = s.PALETTE[number % len(s.PALETTE)]
    by_x = dict(one.points)
    parts: list[str] = [f'<g class="series" data-series={s.attr(one.name)}>']
    run: list[str] = []
    runs: list[list[str]] = []
    for index, x in enumerate(xs):
        value = by_x.get(x)
        if value is None:
            if run:
                runs.append(run)
            run = []
            continue
        run.append(f"{s.num(x_of(index))},{s.num(y_of(value))}")
    if run:
        runs.append(run)
    dash = ' stroke-dasharray="7 4"' if one.dashed else ""
    for points in runs:
        if len(points) > 1:
            parts.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash}/>'
            )
    for index, x in enumerate(xs):
        value = by_x.get(x)
        if value is None:
            continue
        cx, cy = x_of(index), y_of(value)
        parts.append(
            marker(
                MARKERS[number % len(MARKERS)],
                cx,
                cy,
                colour,
                f"{one.name}, {x}: {format_value(value, unit)}",
            )
        )
        place = places[(x, number)]
        if place == "none":
            continue
        parts.append(
            s.label(
                cx,
                cy + (22 if place == "below" else -11),
                format_value(value, unit),
                size=13,
                anchor="middle",
                fill=s.TEXT,
                css_class="value",
            )
        )
    parts.append("</g>")
    return "".join(parts)


def marker(shape: str, cx: float, cy: float, colour: str, tooltip: str) -> str:
    """A point marker; its shape tells the series apart where colour cannot."""
    hint = f"<title>{s.text(tooltip)}</title>"
    if shape == "square":
        corner = f'x="{s.num(cx - 4.5)}" y="{s.num(cy - 4.5)}"'
        return f'<rect class="point" {corner} width="9" height="9" fill="{colour}">{hint}</rect>'
    if shape == "triangle":
        pts = (
            f"{s.num(cx)},{s.num(cy - 6)} {s.num(cx + 5.5)},{s.num(cy + 4)} {s.num(cx - 5.5)},{s.num(cy + 4)}"
        )
        return f'<polygon class="point" points="{pts}" fill="{colour}">{hint}</polygon>'
    if shape == "diamond":
        pts = " ".join(f"{s.num(cx + dx)},{s.num(cy + dy)}" for dx, dy in ((0, -6), (6, 0), (0, 6), (-6, 0)))
        return f'<polygon class="point" points="{pts}" fill="{colour}">{hint}</polygon>'
    return f'<circle class="point" cx="{s.num(cx)}" cy="{s.num(cy)}" r="5" fill="{colour}">{hint}</circle>'


def band_text(band: tuple[Decimal | None, Decimal | None], unit: str) -> str:
    low, high = band
    if low is not None and high is not None:
        return f"Intervallo obiettivo: da {format_value(low, unit)} a {format_value(high, unit)}"
    if low is not None:
        return f"Intervallo obiettivo: almeno {format_value(low, unit)}"
    return f"Intervallo obiettivo: al massimo {format_value(high, unit)}"


def _legend(
    series: Sequence[Series],
    band: tuple[Decimal | None, Decimal | None] | None,
    unit: str,
    y: float,
    plot_left: float,
) -> str:
    parts = ['<g class="legend">']
    for number, one in enumerate(series):
        colour = s.PALETTE[number % len(s.PALETTE)]
        dash = "7 4" if one.dashed else ""
        parts.append(s.line(plot_left, y - 4, plot_left + 28, y - 4, stroke=colour, width=2.5, dash=dash))
        parts.append(marker(MARKERS[number % len(MARKERS)], plot_left + 14, y - 4, colour, one.name))
        parts.append(s.label(plot_left + 36, y, one.name, size=13))
        y += 20
    if band:
        parts.append(
            s.rect(
                plot_left,
                y - 12,
                28,
                12,
                fill=BAND_FILL,
                extra=f' stroke="{BAND_EDGE}" stroke-dasharray="6 3"',
            )
        )
        parts.append(s.label(plot_left + 36, y, band_text(band, unit), size=13))
    parts.append("</g>")
    return "".join(parts)


def _describe(series: Sequence[Series], band: tuple[Decimal | None, Decimal | None] | None, unit: str) -> str:
    sentences = []
    for one in series:
        values = "; ".join(f"{x}: {format_value(v, unit)}" for x, v in one.points)
        sentences.append(f"{one.name} — {values}.")
    if band:
        sentences.append(band_text(band, unit) + ".")
    return " ".join(sentences)
