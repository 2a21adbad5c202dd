"""XLSX through openpyxl: every table of the document on its own sheet, numbers as numbers.

No text is ever written as a formula. openpyxl turns any string that starts with "=" into one
(a target such as "=>3" became a broken formula that Excel reports as unreadable content, and a
corrective action typed as `=HYPERLINK(...)` a live one); every text goes through `_put`, which
stores it as a string, and marks the ones Excel would read as a formula once the cell is edited
(=, +, -, @, tab, line breaks) with the quote prefix, so that they stay text. The workbook has no
formula at all: totals are computed by the application and written as numbers.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell as SheetCell  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.hyperlink import Hyperlink  # type: ignore[import-untyped]

from cannocchiale.reports.documents.common import SIMULATED_WARNING
from cannocchiale.reports.documents.model import Cell, Document, Table

HEADER_FILL = PatternFill("solid", fgColor="17324D")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="17324D")
ALERT_FONT = Font(bold=True, color="A6004C")
# What makes Excel (and LibreOffice) read a typed cell as a formula, full-width forms included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def render_xlsx(document: Document) -> bytes:
    book = Workbook()
    index = book.active
    index.title = "Indice"
    _put(index, 1, 1, document.title).font = TITLE_FONT
    _put(index, 2, 1, f"{document.organization} · {document.subtitle}")
    row = 3
    if document.simulated:
        _put(index, row, 1, SIMULATED_WARNING.format(year=document.year)).font = ALERT_FONT
        row += 1
    row += 1
    _put(index, row, 1, "Foglio").font = Font(bold=True)
    _put(index, row, 2, "Tabella").font = Font(bold=True)
    for table in document.tables():
        row += 1
        link = _put(index, row, 1, table.sheet)
        # A link inside the workbook (a location, not an external "#..." target); a quote inside
        # a quoted sheet reference is doubled.
        quoted = table.sheet.replace("'", "''")
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1", display=table.sheet)
        link.font = Font(color="0066CC", underline="single")
        _put(index, row, 2, table.caption)
        _sheet(book, table, document)
    index.column_dimensions["A"].width = 28
    index.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Workbook, table: Table, document: Document) -> None:
    sheet = book.create_sheet(table.sheet)
    _put(sheet, 1, 1, table.caption).font = Font(bold=True, size=12, color="17324D")
    first = 3
    if document.simulated:
        _put(sheet, 2, 1, "Dati simulati").font = ALERT_FONT
    for column_index, column in enumerate(table.columns, start=1):
        cell = _put(sheet, first, column_index, column.label)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(column_index)].width = min(8 + column.width * 7, 80)
    for offset, row in enumerate(table.rows + table.totals, start=1):
        bold = offset > len(table.rows)
        for column_index, (value, column) in enumerate(zip(row, table.columns, strict=False), start=1):
            cell = _put(sheet, first + offset, column_index, _value(value))
            if isinstance(cell.value, (int, float)) and column.number_format:
                cell.number_format = column.number_format
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if bold or value.bold:
                cell.font = Font(bold=True)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    if table.note:
        _put(sheet, first + len(table.rows) + len(table.totals) + 2, 1, table.note)


def _put(sheet: Any, row: int, column: int, value: object) -> SheetCell:
    """Writes one cell: numbers as numbers, every text as a string, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _value(cell: Cell) -> object:
    # Exact decimals become spreadsheet numbers; the cell's printed text is kept where there is no number.
    if isinstance(cell.value, Decimal):
        return int(cell.value) if cell.value == cell.value.to_integral_value() else float(cell.value)
    if isinstance(cell.value, int):
        return cell.value
    return cell.text
