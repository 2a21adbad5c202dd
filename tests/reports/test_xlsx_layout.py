"""The workbooks as a planning office uses them: numbers it can compute on, one filterable sheet
of every indicator, pages that print, and a workbook that says what it is.

Each check reads the generated file back with openpyxl and compares it with the plan's data.
"""

from __future__ import annotations

import io
from decimal import ROUND_HALF_UP, Decimal

from openpyxl import load_workbook  # type: ignore[import-untyped]

from cannocchiale.reports.documents.model import Builder, Cell, Column, Document
from cannocchiale.reports.render.xlsx import render_xlsx
from tests.reports.conftest import Rendered


def shown(value: Decimal) -> float:
    """A percentage as the documents print it (one decimal, half up), as a spreadsheet fraction."""
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) / 100)


def test_percentages_are_fractions_with_a_percent_format_rounded_as_displayed(
    demo_documents: Rendered,
) -> None:
    book = load_workbook(demo_documents.file("relazione", "xlsx"))
    sheet = book["Sintesi aree"]
    cells = [row[1] for row in sheet.iter_rows(min_row=4) if row[0].value and row[1].value is not None]
    areas = [a for a in demo_documents.scores.areas if a.score.achievement is not None]
    assert [c.value for c in cells[: len(areas)]] == [shown(a.score.achievement) for a in areas]
    assert {c.number_format for c in cells} == {"0.0%"}
    assert all(0 <= c.value <= 1.2 for c in cells)


def test_an_actual_value_is_a_number_and_its_simulation_a_comment(demo_documents: Rendered) -> None:
    book = load_workbook(demo_documents.file("relazione", "xlsx"))
    header = [c.value for c in book["1B"][3]]
    column = header.index("Valore rilevato")
    cell = book["1B"].cell(row=4, column=column + 1)
    assert isinstance(cell.value, (int, float)), cell.value
    assert "simulato" in cell.comment.text
    # No actual printed as "93 (simulato)": where a value is plain, the cell is the number.
    texts = [
        c.value
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.endswith("(simulato)")
    ]
    assert not [t for t in texts if t.removesuffix(" (simulato)").replace(",", "").isdigit()]


def test_one_flat_sheet_holds_every_indicator_as_an_excel_table(demo_documents: Rendered) -> None:
    book = load_workbook(demo_documents.file("relazione", "xlsx"))
    assert book.sheetnames[1] == "Tutti gli indicatori"
    flat = book["Tutti gli indicatori"]
    ((_, ref),) = flat.tables.items()
    header = [c.value for c in flat[3]]
    assert header[:3] == ["Foglio", "Codice", "Indicatore"]
    assert ref.startswith("A3:")
    lines = list(flat.iter_rows(min_row=4, values_only=True))
    codes = [row[1] for row in lines]
    sheets = list(dict.fromkeys(row[0] for row in lines))
    # Every objective's sheet of indicators is gathered, in the order of the workbook.
    assert {"1A", "3F", "ENTE-1", "DIR-ANAG-1"} <= set(sheets)
    assert sheets == [name for name in book.sheetnames if name in sheets]
    per_objective = [
        row[0] for name in sheets for row in book[name].iter_rows(min_row=4, values_only=True) if row[0]
    ]
    assert codes == per_objective
    assert set(codes) <= {i.key for i in demo_documents.scores.indicators}
    assert len(codes) > 50
    assert int(ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == 3 + len(codes)


def test_every_sheet_prints_on_a4_with_its_header_repeated_and_page_numbers(demo_documents: Rendered) -> None:
    for kind in ("piano", "relazione", "monitoraggio"):
        book = load_workbook(demo_documents.file(kind, "xlsx"))
        for sheet in book.worksheets:
            assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4), (kind, sheet.title)
            assert sheet.page_setup.fitToWidth == 1
            assert sheet.sheet_properties.pageSetUpPr.fitToPage
            assert "&P" in sheet.oddFooter.right.text
            if sheet.title != "Indice":
                assert sheet.print_title_rows == "$3:$3", (kind, sheet.title)


def test_the_workbook_says_what_it_is(demo_documents: Rendered) -> None:
    book = load_workbook(demo_documents.file("relazione", "xlsx"))
    assert book.properties.title == book["Indice"]["A1"].value
    assert book.properties.language == "it-IT"
    assert book.properties.creator == "Cannocchiale"
    assert "Dati simulati" in (book.properties.description or "")


def test_amounts_are_rounded_to_the_cents_shown_and_an_ampersand_in_a_title_is_not_a_header_code(
    db: None,
) -> None:
    document = Document("piano", "Piano R&S 2018", "sottotitolo", "Ente & C.", 2018, 1)
    b = Builder(document)
    b.table(
        "Importi",
        "Importi",
        [
            Column("Voce"),
            Column("Importo", 3, "right", '#,##0.00 "€"'),
            Column("Quota", percent=True, number_format="0.0%"),
        ],
        [[Cell("a"), Cell("1,235", Decimal("1.235")), Cell("12,35 %", Decimal("12.35"))]],
    )
    book = load_workbook(io.BytesIO(render_xlsx(document)))
    row = next(book["Importi"].iter_rows(min_row=4, max_row=4, values_only=True))
    assert row[1] == 1.24
    assert row[2] == 0.124
    assert book["Importi"].oddHeader.left.text == "Piano R&&S 2018 — Ente && C."
