"""SVG to PNG, for documents that cannot embed SVG (DOCX). Uses CairoSVG (libcairo)."""

from __future__ import annotations

import cairosvg  # type: ignore[import-untyped]


def svg_to_png(svg: str, width_px: int) -> bytes:
    """The chart rasterised at `width_px` pixels wide, height following the viewBox, white background."""
    png: bytes = cairosvg.svg2png(
        bytestring=svg.encode("utf-8"), output_width=width_px, background_color="white"
    )
    return png
