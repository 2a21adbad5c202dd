"""The building blocks every chart shares: escaping, coordinates, the frame with its title and description.

Output is deterministic (same input, same bytes) so that charts can be compared in tests and cached.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "'Titillium Web', Geneva, Tahoma, sans-serif"
TEXT = "#1a1a1a"
MUTED = "#5c6f82"
GRID = "#d9dadb"
# Series colours of the Bootstrap Italia palette, all at least 3:1 against white; never the only cue.
PALETTE = ("#0066cc", "#a6004c", "#008055", "#995c00", "#5c2d91", "#17324d")
STATUS_COLOURS = {"green": "#008055", "yellow": "#ffb300", "red": "#d9364f"}
STATUS_LABELS = {"green": "verde", "yellow": "giallo", "red": "rosso"}
NO_STATUS_COLOUR = "#a0a0a0"


def text(value: object) -> str:
    """Text content, escaped."""
    return escape(str(value))


def attr(value: object) -> str:
    """An attribute value, escaped and quoted."""
    return quoteattr(str(value))


def num(value: float | Decimal) -> str:
    """A coordinate with at most one decimal, without a trailing `.0`: stable and compact."""
    rounded = round(float(value), 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


def text_width(label: str, size: float) -> float:
    """An estimate of a label's width: charts are drawn without measuring fonts."""
    return len(label) * size * 0.56


def truncate(label: str, max_chars: int) -> str:
    return label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "…"


def chart_id(*parts: object) -> str:
    """An id derived from the content, so two charts on one page don't share ids and output stays stable."""
    digest = hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:10]
    return f"chart-{digest}"


def frame(
    *, width: float, height: float, title: str, desc: str, body: list[str], ident: str, css_class: str
) -> str:
    """The outer `<svg>`: sized by its viewBox, announced as one image with its title and description."""
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {num(width)} {num(height)}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" class={attr(css_class)} '
        f"font-family={attr(FONT)}>"
        f'<title id="{ident}-title">{text(title)}</title>'
        f'<desc id="{ident}-desc">{text(desc)}</desc>' + "".join(body) + "</svg>"
    )


def label(
    x: float,
    y: float,
    content: str,
    *,
    size: float = 12,
    anchor: str = "start",
    fill: str = TEXT,
    weight: str | None = None,
    css_class: str | None = None,
    rotate: float | None = None,
) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    if rotate is not None:
        extra += f' transform="rotate({num(rotate)} {num(x)} {num(y)})"'
    if css_class:
        extra += f" class={attr(css_class)}"
    return (
        f'<text x="{num(x)}" y="{num(y)}" font-size="{num(size)}" text-anchor="{anchor}" '
        f'fill="{fill}"{extra}>{text(content)}</text>'
    )


def line(x1: float, y1: float, x2: float, y2: float, *, stroke: str, width: float = 1, dash: str = "") -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
        f'stroke="{stroke}" stroke-width="{num(width)}"{dashed}/>'
    )


def rect(x: float, y: float, w: float, h: float, *, fill: str, extra: str = "") -> str:
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(max(w, 0))}" height="{num(max(h, 0))}" '
        f'fill="{fill}"{extra}/>'
    )
