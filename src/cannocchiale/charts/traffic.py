"""The traffic light: a dot and its status in words, never the colour alone."""

from __future__ import annotations

from cannocchiale.charts import _svg as s

SIZE = 14


def traffic_light(status: str | None, label: str | None = None) -> str:
    """A small inline SVG: the coloured dot (with a shape per status) followed by `label`.

    `label` defaults to the status in Italian ("verde", "giallo", "rosso", "non calcolato").
    """
    words = label if label is not None else s.STATUS_LABELS.get(status or "", "non calcolato")
    colour = s.STATUS_COLOURS.get(status or "", s.NO_STATUS_COLOUR)
    width = SIZE + 6 + s.text_width(words, 12)
    # Named by aria-label, not by an id: a document holds hundreds of identical lights, and ids
    # derived from their content would repeat.
    return (
        f'<svg xmlns="{s.SVG_NS}" viewBox="0 0 {s.num(width)} {SIZE + 4}" height="1.2em" '
        f'role="img" aria-label={s.attr(words)} '
        f'class="traffic-light" data-status="{s.text(status or "none")}" '
        f"font-family={s.attr(s.FONT)}>"
        f"<title>{s.text(words)}</title>"
        f"{_dot(status, colour)}"
        f"{s.label(SIZE + 6, SIZE - 1, words, size=12)}"
        "</svg>"
    )


def traffic_dot(status: str | None) -> str:
    """The dot alone, hidden from assistive technology: for pages that write the status in words beside it."""
    colour = s.STATUS_COLOURS.get(status or "", s.NO_STATUS_COLOUR)
    return (
        f'<svg xmlns="{s.SVG_NS}" viewBox="0 0 {SIZE + 4} {SIZE + 4}" width="1.1em" height="1.1em" '
        f'aria-hidden="true" focusable="false" class="traffic-dot">{_dot(status, colour)}</svg>'
    )


def _dot(status: str | None, colour: str) -> str:
    centre = (SIZE + 4) / 2
    dot = (
        f'<circle cx="{s.num(centre)}" cy="{s.num(centre)}" r="{s.num(SIZE / 2)}" fill="{colour}" '
        'stroke="#1a1a1a" stroke-width="0.75"/>'
    )
    # A glyph inside the dot tells the states apart in grey-scale print too.
    glyph = {
        "green": '<path d="M5 9.5 L8 12.5 L13 6.5" fill="none" stroke="#fff" stroke-width="2"/>',
        "yellow": '<rect x="5" y="8" width="8" height="2" fill="#1a1a1a"/>',
        "red": '<path d="M6 6 L12 12 M12 6 L6 12" stroke="#fff" stroke-width="2"/>',
    }.get(status or "", "")
    return dot + glyph
