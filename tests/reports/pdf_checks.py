"""Reading a PDF back: its text, and the structural checks publication asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def fonts_not_embedded(path: Path) -> list[str]:
    """The names of the fonts used on any page whose program is not inside the file."""
    missing = set()
    for page in PdfReader(path).pages:
        resources: Any = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for font in fonts.get_object().values() if fonts else []:
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return sorted(missing)


def is_tagged(path: Path) -> bool:
    root: Any = PdfReader(path).trailer["/Root"]
    mark_info = root.get("/MarkInfo")
    return "/StructTreeRoot" in root and bool(mark_info and mark_info.get_object().get("/Marked"))
