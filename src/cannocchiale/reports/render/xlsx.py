"""XLSX through openpyxl: every table of the document on its own sheet, numbers as numbers."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from cannocchiale.reports.documents.common import SIMULATED_WARNING
from cannocchiale.reports.documents.model import Cell, Document, Table

HEADER_FILL = PatternFill("solid", fgColor="17324D")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="17324D")
ALERT_FONT = Font(bold=True, color="A6004C")


def render_xlsx(document: Document) -> bytes:
    book = Workbook()
    index = book.active
    index.title = "Indice"
    index["A1"] = document.title
    index["A1"].font = TITLE_FONT
    index["A2"] = f"{document.organization} · {document.subtitle}"
    row = 3
    if document.simulated:
        index.cell(row=row, column=1, value=SIMULATED_WARNING.format(year=document.year)).font = ALERT_FONT
        row += 1
    row += 1
    index.cell(row=row, column=1, value="Foglio").font = Font(bold=True)
    index.cell(row=row, column=2, value="Tabella").font = Font(bold=True)
    for table in document.tables():
        row += 1
        link = index.cell(row=row, column=1, value=table.sheet)
        link.hyperlink = f"#'{table.sheet}'!A1"
        link.font = Font(color="0066CC", underline="single")
        index.cell(row=row, column=2, value=table.caption)
        _sheet(book, table, document)
    index.column_dimensions["A"].width = 28
    index.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, table: Table, document: Document) -> None:
    sheet = book.create_sheet(table.sheet)
    sheet["A1"] = table.caption
    sheet["A1"].font = Font(bold=True, size=12, color="17324D")
    first = 3
    if document.simulated:
        sheet["A2"] = "Dati simulati"
        sheet["A2"].font = ALERT_FONT
    for column_index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=first, column=column_index, value=column.label)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(column_index)].width = min(8 + column.width * 7, 80)
    for offset, row in enumerate(table.rows + table.totals, start=1):
        bold = offset > len(table.rows)
        for column_index, (value, column) in enumerate(zip(row, table.columns, strict=False), start=1):
            cell = sheet.cell(row=first + offset, column=column_index, value=_value(value))
            if isinstance(cell.value, (int, float)) and column.number_format:
                cell.number_format = column.number_format
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if bold or value.bold:
                cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    if table.note:
        sheet.cell(row=first + len(table.rows) + len(table.totals) + 2, column=1, value=table.note)


def _value(cell: Cell) -> object:
    # Exact decimals become spreadsheet numbers; the cell's printed text is kept where there is no number.
    if isinstance(cell.value, Decimal):
        return int(cell.value) if cell.value == cell.value.to_integral_value() else float(cell.value)
    if isinstance(cell.value, int):
        return cell.value
    return cell.text
