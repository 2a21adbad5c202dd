"""The Relazione sulla performance 2018 of the demo (simulated measurements), read back."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from docx import Document as WordDocument
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.reports.conftest import Rendered
from tests.reports.pdf_checks import fonts_not_embedded, is_tagged, pdf_text


def test_the_relazione_pdf_is_tagged_and_embeds_its_fonts(demo_documents: Rendered) -> None:
    path = demo_documents.file("relazione", "pdf")
    assert is_tagged(path)
    assert fonts_not_embedded(path) == []


def test_every_page_after_the_cover_says_the_data_are_simulated(demo_documents: Rendered) -> None:
    assert demo_documents.simulated_count > 200
    pages = pdf_text(demo_documents.file("relazione", "pdf"))
    assert "Dati simulati" in pages[0]
    assert all("Dati simulati" in page for page in pages[1:])


def test_the_relazione_prints_the_overall_and_area_achievements_with_words_beside_lights(
    demo_documents: Rendered,
) -> None:
    text = "\n".join(pdf_text(demo_documents.file("relazione", "pdf")))
    scores = demo_documents.scores
    assert scores.plan_score is not None
    assert scores.plan_score.achievement_text in text
    for area in scores.areas:
        assert f"{area.achievement_text} ({area.status_text})" in text
    for heading in ("Gli scostamenti e le loro motivazioni", "Lo stato di salute dell", "Nota metodologica"):
        assert heading in text


def test_the_relazione_docx_lists_each_deviation_with_its_reason(demo_documents: Rendered) -> None:
    word = WordDocument(str(demo_documents.file("relazione", "docx")))
    headings = [p.text for p in word.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert "Gli scostamenti e le loro motivazioni" in headings
    off_target = [i for i in demo_documents.scores.indicators if i.score.status != "green" or i.score.flagged]
    table = next(t for t in word.tables if t.rows[0].cells[-1].text == "Motivazione dello scostamento")
    assert [row.cells[0].text for row in table.rows[1:]] == [i.key for i in off_target]
    reasons = [row.cells[-1].text for row in table.rows[1:]]
    assert any("accorpamento" in reason for reason in reasons)


def test_the_relazione_xlsx_has_the_achievement_of_each_area_as_a_number(demo_documents: Rendered) -> None:
    book = load_workbook(demo_documents.file("relazione", "xlsx"))
    assert any("Dati simulati" in str(c.value) for c in book["Indice"]["A"])
    rows = [r for r in book["Sintesi aree"].iter_rows(min_row=4, values_only=True) if r[0]]
    # Stored as the fraction of the percentage the document prints (one decimal, half up).
    expected = [
        float(a.score.achievement.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) / 100)
        for a in demo_documents.scores.areas
        if a.score.achievement is not None
    ]
    assert [r[1] for r in rows[: len(expected)]] == expected
    assert [r[2] for r in rows[: len(expected)]] == [a.status_text for a in demo_documents.scores.areas]
