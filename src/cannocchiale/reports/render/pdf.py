"""PDF through WeasyPrint: tagged (PDF/UA-1), fonts embedded, ready for publication and archiving."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from weasyprint import HTML  # type: ignore[import-untyped]

from cannocchiale.reports.documents.common import SIMULATED_WARNING
from cannocchiale.reports.documents.model import Document

# PDF/UA-1 makes WeasyPrint write the structure tree (tags), the document title and language,
# and embed every font: what publication in Amministrazione trasparente and archiving ask for.
PDF_VARIANT = "pdf/ua-1"


def document_html(document: Document) -> str:
    """The document as one self-contained HTML page (print CSS inline, figures as inline SVG)."""
    return render_to_string(
        "reports/document.html",
        {
            "document": document,
            "toc": document.headings(max_level=2),
            "css": render_to_string(
                "reports/print.css",
                {"running_title": _css_string(document.running_title), "simulated": document.simulated},
            ),
            "simulated_warning": SIMULATED_WARNING.format(year=document.year).removeprefix("Dati simulati. "),
            "generated_on": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )


def _css_string(value: str) -> str:
    """Text for a CSS string literal (the running header): quotes and backslashes escaped, no newlines."""
    return mark_safe(" ".join(value.replace("\\", "\\\\").replace('"', '\\"').split()))


def render_pdf(document: Document) -> bytes:
    pdf: bytes = HTML(string=document_html(document)).write_pdf(pdf_variant=PDF_VARIANT)
    return pdf
