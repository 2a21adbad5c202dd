"""No text typed by a user is ever a formula in a workbook, and the workbooks hold no formula at all.

openpyxl writes any string that starts with "=" as a formula: a target such as "=>3" became a
broken formula (Excel: "unreadable content"), and a corrective action typed as
`=HYPERLINK(...)` a live one. Each workbook is read back with openpyxl and unzipped.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from cannocchiale.reports.documents.build import render_document
from cannocchiale.reports.documents.model import Builder, Cell, Column, Document
from cannocchiale.reports.render.xlsx import render_xlsx
from tests.reports.conftest import Rendered
from tests.reports.hostile import ALL, FIELDS, MONITORAGGIO, PIANO, RELAZIONE, hostile_plan

PAYLOADS = (
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "=cmd|' /C calc'!A0",
)


def typed(field: str) -> str:
    if field == "plan.title":
        return PAYLOADS[0]
    index = list(FIELDS).index(field)
    return f"{PAYLOADS[index % len(PAYLOADS)]} F{index:02d}"


# The fields that a workbook prints as a cell of their own, exactly as typed.
OWN_CELLS = {
    PIANO: [
        "plan.title",
        "indicator.description",
        "target.text",
        "annual.title",
        "position.title",
        "position.holder",
        "health.name",
        "health.target",
        "calendar.phase",
        "calendar.actor",
        "annual.code",
    ],
    RELAZIONE: [
        "indicator.description",
        "target.text",
        "annual.title",
        "project.title",
        "health.name",
        "measurement.note",
        "measurement.justification",
        "annual.code",
        "position.code",
    ],
    MONITORAGGIO: ["indicator.description", "target.text", "measurement.note", "measurement.justification"],
}


def _formulas(data: bytes) -> dict[str, int]:
    """How many <f> elements each worksheet of the file holds."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: len(re.findall(rb"<(?:\w+:)?f[\s>/]", archive.read(name)))
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        }


def _strings(data: bytes) -> list[tuple[object, str, bool]]:
    book = load_workbook(io.BytesIO(data))
    return [
        (cell.value, cell.data_type, bool(cell.quotePrefix))
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@pytest.mark.parametrize("kind", ALL)
def test_formulas_typed_into_the_plan_are_text_in_every_workbook(db: None, kind: str, tmp_path: Path) -> None:
    plan = hostile_plan(typed)
    _, data = render_document(kind=kind, plan=plan, fmt="xlsx")
    assert sum(_formulas(data).values()) == 0, _formulas(data)
    cells = _strings(data)
    values = [value for value, _, _ in cells]
    missing = [field for field in OWN_CELLS[kind] if typed(field) not in values]
    assert missing == []
    if kind in (RELAZIONE, MONITORAGGIO):
        reason = f"{typed('corrective.explanation')} Azione correttiva: {typed('corrective.action')}"
        assert reason in values
    risky = [(v, t, q) for v, t, q in cells if isinstance(v, str) and v.startswith(("=", "+", "-", "@"))]
    assert risky
    # Stored as strings, with the quote prefix that keeps them text when someone edits the cell.
    assert [(v, t, q) for v, t, q in risky if t != "s" or not q] == []


def test_the_demo_workbooks_hold_no_formula(demo_documents: Rendered) -> None:
    # The Lucca targets ("=>3", "=100%"...) used to be 75, 49 and 173 formulas.
    counts = {kind: sum(_formulas(demo_documents.file(kind, "xlsx").read_bytes()).values()) for kind in ALL}
    assert counts == dict.fromkeys(ALL, 0)


def test_every_text_is_kept_as_typed_and_every_number_stays_a_number() -> None:
    document = Document("piano", "=1+1", "@titolo", "-ente", 2018, 1)
    b = Builder(document)
    texts = [*PAYLOADS, "\t=SUM(A1)", "\r=1", "＝1+1", "=", "", "  rientrato", "—", "2018", "=A1", "-"]
    b.table(
        "Tabella",
        "=Foglio",
        [Column("=Etichetta"), Column("Numero", number_format="0.00")],
        [[Cell(text), Cell("1,50", Decimal("1.50"))] for text in texts] + [[Cell("n"), Cell("7", 7)]],
        note="+nota",
    )
    data = render_xlsx(document)
    assert sum(_formulas(data).values()) == 0
    book = load_workbook(io.BytesIO(data))
    assert book["Indice"]["A1"].value == "=1+1"
    sheet = book[document.tables()[0].sheet]
    assert sheet["A3"].value == "=Etichetta"
    for row, text in enumerate(texts, start=4):
        cell = sheet.cell(row=row, column=1)
        assert (cell.value or "") == text
        assert cell.value is None or cell.data_type == "s"
        assert cell.quotePrefix == text.startswith(("=", "+", "-", "@", "\t", "\r", "＝"))
        number = sheet.cell(row=row, column=2)
        assert (number.value, number.data_type, number.number_format) == (1.5, "n", "0.00")
    assert sheet.cell(row=4 + len(texts), column=2).value == 7


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        ("Obiettivi 'SG'", "Obiettivi 'SG"),
        ("'Budget'", "Budget"),
        ("a[b]c:d*e?f/g\\h", "a b c d e f g h"),
        ("History", "History (tabella)"),
        ("x" * 40, "x" * 31),
        ("", "Tabella"),
        ("'", "Tabella"),
        ("a\x00b\x0bc", "a b c"),
    ],
)
def test_sheet_names_are_ones_excel_accepts(wanted: str, expected: str) -> None:
    document = Document("piano", "Piano", "", "Ente", 2018, 1)
    table = Builder(document).table("Tabella", wanted, [Column("A")], [[Cell("x")]])
    assert table.sheet == expected
    book = load_workbook(io.BytesIO(render_xlsx(document)))
    assert book.sheetnames == ["Indice", expected]
    link = book["Indice"]["A5"].hyperlink
    assert link is not None
    assert (link.target, link.location) == (None, "'{}'!A1".format(expected.replace("'", "''")))
