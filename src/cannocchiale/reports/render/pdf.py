"""PDF through WeasyPrint: PDF/A-3b for archiving, tagged as PDF/UA-1 asks, fonts embedded.

What users typed reaches the page only as escaped HTML text: the print CSS is a static file (the
running header takes its words from the cover through `string-set`), and WeasyPrint fetches
through `DocumentURLFetcher`, which opens the reports app's own static files and inline raster
images and refuses every other URL, so that no text can make the renderer read a server file
(`<link rel=attachment href=file:///…>` would attach it to the PDF) or call a network address.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import re
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

from cannocchiale.reports.documents.common import SIMULATED_WARNING
from cannocchiale.reports.documents.model import Document

logger = logging.getLogger(__name__)

# PDF/A-3b is what long-term archiving (conservazione) asks for: every font embedded, an sRGB
# OutputIntent, XMP metadata agreeing with the document information. WeasyPrint makes one variant
# at a time, so the tags PDF/UA-1 asks for (the structure tree, the language, the title shown in
# the window) are requested beside it with `pdf_tags`, and `_declare_pdfua` adds the PDF/UA
# identification to the XMP. Publication in Amministrazione trasparente needs both.
PDF_VARIANT = "pdf/a-3b"
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
_PDFUA_ID = "http://www.aiim.org/pdfua/ns/id/"
STATIC_ROOT = Path(__file__).resolve().parents[1] / "static" / "reports"
PRINT_CSS = STATIC_ROOT / "print.css"
# Inline pictures (a logo, a chart) cannot reach anything; SVG is left out because it may link.
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif)(;base64)?,", re.IGNORECASE)


def document_html(document: Document) -> str:
    """The document as one self-contained HTML page (print CSS inline, figures as inline SVG)."""
    return render_to_string(
        "reports/document.html",
        {
            "document": document,
            "toc": document.headings(max_level=2),
            "css": print_css(),
            "simulated_warning": SIMULATED_WARNING.format(year=document.year).removeprefix("Dati simulati. "),
            "generated_on": timezone.localdate().strftime("%d/%m/%Y"),
            # The creation date of the file (XMP CreateDate and the document information), in UTC.
            "created": timezone.now().replace(microsecond=0).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )


@functools.cache
def print_css() -> SafeString:
    css = PRINT_CSS.read_text(encoding="utf-8")
    # Printed inside <style>: our own file, and it must never be able to close the element.
    if "</" in css:
        raise ValueError(f"{PRINT_CSS} holds '</', which would close the <style> element")
    return mark_safe(css)


class RefusedResource(ValueError):
    """A URL outside the document's own files (WeasyPrint skips the resource and goes on)."""


class DocumentURLFetcher(URLFetcher):  # type: ignore[misc]
    """WeasyPrint's fetcher, restricted: files under STATIC_ROOT and inline raster images only.

    A refused URL raises RefusedResource and is logged."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = _own_file(url)
        if path is not None:
            # Opened here, from the very path that was checked, never re-resolved from the URL.
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
        if _DATA_IMAGE.match(url):
            return super().fetch(url, headers)
        logger.warning("Document rendering: refused to fetch %r", url[:200])
        raise RefusedResource(f"resource outside the document's own files refused: {url[:200]}")


def _own_file(url: str) -> Path | None:
    """The file under STATIC_ROOT that `url` names, or None (other schemes and hosts, `..`, links out)."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    try:
        path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    return path if path.is_file() and path.is_relative_to(STATIC_ROOT) else None


def html_to_pdf(html: str) -> bytes:
    pdf: bytes = HTML(string=html, url_fetcher=DocumentURLFetcher()).write_pdf(
        **PDF_OPTIONS, finisher=_declare_pdfua
    )
    return pdf


def _declare_pdfua(_document: Any, pdf: Any) -> None:
    """Adds `pdfuaid:part="1"` to the XMP packet WeasyPrint wrote for PDF/A-3b.

    The file is tagged as PDF/UA-1 asks, yet WeasyPrint declares one variant only; a checker (and
    an archive) reads the declaration from the XMP, so it goes in the packet's first description.
    """
    reference = pdf.catalog.get("Metadata")
    if reference is None:
        raise ValueError("PDF/A: WeasyPrint wrote no XMP metadata to declare PDF/UA in")
    stream = pdf.objects[int(bytes(reference).split()[0])]
    packet = b"".join(bytes(chunk) for chunk in stream.stream)
    marker = b"<rdf:Description "
    if marker not in packet:
        raise ValueError("PDF/A: the XMP packet has no rdf:Description to declare PDF/UA in")
    declared = marker + f'xmlns:pdfuaid="{_PDFUA_ID}" pdfuaid:part="1" '.encode()
    stream.stream = [packet.replace(marker, declared, 1)]


def render_pdf(document: Document) -> bytes:
    return html_to_pdf(document_html(document))
