"""The albero della performance as a diagram: mandate → strategic areas → strategic objectives.

A diagram, not a chart: boxes and connectors laid out in columns, one per area, drawn as SVG
text (WeasyPrint embeds it as vector graphics; the DOCX gets it rasterised).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH = 720
MARGIN = 10
GAP = 14
LINE = 13
FONT = "DejaVu Sans, sans-serif"
AREA_COLOURS = ("#0066cc", "#008055", "#a6004c", "#995c00", "#5c2d91", "#17324d")


@dataclass(frozen=True)
class TreeObjective:
    code: str
    title: str


@dataclass(frozen=True)
class TreeArea:
    code: str
    title: str
    objectives: list[TreeObjective]


def _lines(text: str, width_chars: int, max_lines: int) -> list[str]:
    lines = textwrap.wrap(text, width_chars) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width_chars - 1, 1)].rstrip() + "…"
    return lines


def _text(x: float, y: float, lines: list[str], *, size: int, fill: str, weight: str = "normal") -> str:
    spans = "".join(
        f'<tspan x="{x:.0f}" y="{y + i * (size + 3):.0f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text font-size="{size}" fill="{fill}" font-weight="{weight}" text-anchor="middle">{spans}</text>'
    )


def performance_tree_svg(*, mandate: str, areas: list[TreeArea], title: str) -> str:
    columns = max(len(areas), 1)
    column_width = (WIDTH - 2 * MARGIN - GAP * (columns - 1)) / columns
    chars = max(int(column_width / 6.4), 12)
    parts: list[str] = []

    top_lines = _lines(mandate, 110, 2)
    top_height = 16 + len(top_lines) * 14
    parts.append(
        f'<rect x="{MARGIN}" y="{MARGIN}" width="{WIDTH - 2 * MARGIN}" height="{top_height}" rx="6" '
        'fill="#17324d"/>'
    )
    parts.append(_text(WIDTH / 2, MARGIN + 18, top_lines, size=11, fill="#ffffff", weight="bold"))
    y_areas = MARGIN + top_height + 26
    bottom = y_areas
    for index, area in enumerate(areas):
        colour = AREA_COLOURS[index % len(AREA_COLOURS)]
        x = MARGIN + index * (column_width + GAP)
        centre = x + column_width / 2
        parts.append(
            f'<path d="M{WIDTH / 2:.0f} {MARGIN + top_height} V{y_areas - 12} H{centre:.0f} V{y_areas}" '
            f'fill="none" stroke="#5c6f82" stroke-width="1.2"/>'
        )
        area_lines = _lines(f"Area {area.code} · {area.title}", chars - 2, 3)
        area_height = 12 + len(area_lines) * 14
        parts.append(
            f'<rect x="{x:.0f}" y="{y_areas}" width="{column_width:.0f}" height="{area_height}" rx="6" '
            f'fill="{colour}"/>'
        )
        parts.append(_text(centre, y_areas + 18, area_lines, size=11, fill="#ffffff", weight="bold"))
        y = y_areas + area_height + 12
        spine_x = x + 10
        for objective in area.objectives:
            lines = _lines(objective.title, chars - 6, 3)
            height = 10 + (len(lines) + 1) * LINE
            parts.append(
                f'<path d="M{spine_x:.0f} {y - 12} V{y + height / 2:.0f} H{x + 20:.0f}" fill="none" '
                f'stroke="{colour}" stroke-width="1.2"/>'
            )
            parts.append(
                f'<rect x="{x + 20:.0f}" y="{y}" width="{column_width - 20:.0f}" height="{height}" rx="4" '
                f'fill="#ffffff" stroke="{colour}" stroke-width="1.2"/>'
            )
            inner = x + 20 + (column_width - 20) / 2
            parts.append(_text(inner, y + 14, [objective.code], size=10, fill=colour, weight="bold"))
            parts.append(_text(inner, y + 14 + LINE, lines, size=9, fill="#1a1a1a"))
            y += height + 8
        bottom = max(bottom, y)
    height = bottom + MARGIN
    described = "; ".join(
        f"Area {a.code} {a.title}: " + ", ".join(f"{o.code} {o.title}" for o in a.objectives) for a in areas
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-labelledby="tree-title tree-desc" font-family="{FONT}" class="performance-tree">'
        f'<title id="tree-title">{escape(title)}</title><desc id="tree-desc">{escape(described)}</desc>'
        + "".join(parts)
        + "</svg>"
    )
