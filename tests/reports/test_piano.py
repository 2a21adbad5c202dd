"""The Piano della performance of the demo, in PDF, DOCX and XLSX, read back."""

from __future__ import annotations

from docx import Document as WordDocument
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.reports.conftest import Rendered
from tests.reports.pdf_checks import fonts_not_embedded, is_tagged, pdf_text

SECTIONS = [
    "Presentazione",
    "La Camera di Commercio di Lucca",
    "Il mandato istituzionale e la missione",
    "Le aree strategiche",
    "L'albero della performance",
    "Gli obiettivi strategici pluriennali",
    "Il budget per aree e obiettivi strategici",
    "Gli obiettivi annuali 2018",
    "Lo stato di salute dell'ente",
    "Il processo di redazione del Piano",
]


def _pdf(demo_documents: Rendered) -> str:
    return "\n".join(pdf_text(demo_documents.file("piano", "pdf")))


def test_the_piano_pdf_is_tagged_and_embeds_its_fonts(demo_documents: Rendered) -> None:
    path = demo_documents.file("piano", "pdf")
    assert is_tagged(path)
    assert fonts_not_embedded(path) == []


def test_the_piano_pdf_has_the_sections_of_the_seed_plan_in_order(demo_documents: Rendered) -> None:
    text = _pdf(demo_documents)
    body = text[text.index("Presentazione", text.index("Indice") + 200) :]
    positions = [
        body.find(section.replace("'", "’")) if section not in body else body.find(section)
        for section in SECTIONS
    ]
    assert all(p >= 0 for p in positions), dict(zip(SECTIONS, positions, strict=True))
    assert positions == sorted(positions)


def test_the_piano_pdf_prints_the_budget_totals_and_page_numbers(demo_documents: Rendered) -> None:
    pages = pdf_text(demo_documents.file("piano", "pdf"))
    text = "\n".join(pages)
    assert "7.779.750,00 €" in text  # oneri, totale generale dell'ente
    assert "43.500,00 €" in text  # oneri dell'area 1
    assert f"Pagina 2 di {len(pages)}" in pages[1]


def test_the_piano_docx_has_real_headings_for_every_section(demo_documents: Rendered) -> None:
    word = WordDocument(str(demo_documents.file("piano", "docx")))
    chapters = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert chapters == SECTIONS
    objectives = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 3"]
    assert any(h.startswith("Obiettivo 2A ") for h in objectives)


def _weights(word: WordDocument, first_code: str) -> list[str]:
    for table in word.tables:
        codes = [row.cells[0].text for row in table.rows]
        if first_code in codes and table.rows[0].cells[-1].text == "Peso":
            return [row.cells[-1].text for row in table.rows[1:]]
    raise AssertionError(f"nessuna tabella dei pesi con {first_code}")


def test_the_piano_docx_shows_the_weights_of_the_segretario_and_the_dirigente(
    demo_documents: Rendered,
) -> None:
    word = WordDocument(str(demo_documents.file("piano", "docx")))
    assert _weights(word, "SG-1") == ["20", "25", "25", "30", "100"]
    assert _weights(word, "DIR-ANAG-1") == ["30", "30", "40", "100"]


def test_the_piano_xlsx_has_the_budget_as_numbers_on_its_own_sheet(demo_documents: Rendered) -> None:
    book = load_workbook(demo_documents.file("piano", "xlsx"))
    assert "Budget 2018" in book.sheetnames
    assert "Indice" in book.sheetnames
    rows = list(book["Budget 2018"].iter_rows(values_only=True))
    totals = {row[1]: row[2:5] for row in rows if row and row[1]}
    assert totals["Totale generale dell'ente"] == (7779750, 7430650, 217800)
    assert totals["Totale area 1 COMPETITIVITA' DEL TERRITORIO"][0] == 43500
    # every table of the document is on a sheet of its own
    assert len(book.sheetnames) > 40
