"""XLSX through openpyxl: every table of the document on its own sheet, numbers as numbers.

No text is ever written as a formula. openpyxl turns any string that starts with "=" into one
(a target such as "=>3" became a broken formula that Excel reports as unreadable content, and a
corrective action typed as `=HYPERLINK(...)` a live one); every text goes through `_put`, which
stores it as a string, and marks the ones Excel would read as a formula once the cell is edited
(=, +, -, @, tab, line breaks) with the quote prefix, so that they stay text. The workbook has no
formula at all: totals are computed by the application and written as numbers.

Numbers are stored as the document displays them (a percentage as a fraction with a percent
format, rounded half up to the shown decimals), so that a sum the reader makes agrees with the
printed figures. Every sheet is set up for A4 printing, header row repeated; the tables of one
group (every objective's indicators) are gathered on one flat sheet, an Excel table with filters.
"""

from __future__ import annotations

import io
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import Cell as SheetCell  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.hyperlink import Hyperlink  # type: ignore[import-untyped]
from openpyxl.worksheet.table import Table as ExcelTable  # type: ignore[import-untyped]
from openpyxl.worksheet.table import TableStyleInfo

from cannocchiale.reports.documents.common import SIMULATED_WARNING
from cannocchiale.reports.documents.model import Cell, Column, Document, Table

HEADER_FILL = PatternFill("solid", fgColor="17324D")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=14, color="17324D")
ALERT_FONT = Font(bold=True, color="A6004C")
# What makes Excel (and LibreOffice) read a typed cell as a formula, full-width forms included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
FLAT_SHEETS = {"indicatori": ("Tutti gli indicatori", "Tutti gli indicatori del documento, filtrabili")}
SOURCE_LABEL = "Foglio"


def render_xlsx(document: Document) -> bytes:
    book = Workbook()
    _properties(book, document)
    index = book.active
    index.title = "Indice"
    _put(index, 1, 1, document.title).font = TITLE_FONT
    _put(index, 2, 1, f"{document.organization} · {document.subtitle}")
    row = 3
    for label, value in document.cover:
        _put(index, row, 1, label).font = Font(bold=True)
        _put(index, row, 2, value)
        row += 1
    if document.simulated:
        _put(index, row, 1, SIMULATED_WARNING.format(year=document.year)).font = ALERT_FONT
        row += 1
    row += 1
    _put(index, row, 1, "Foglio").font = Font(bold=True)
    _put(index, row, 2, "Tabella").font = Font(bold=True)
    tables = document.tables()
    groups = {t.group for t in tables if t.group in FLAT_SHEETS}
    for group in sorted(groups):
        name, caption = FLAT_SHEETS[group]
        row += 1
        _link(index, row, name, caption)
        _flat_sheet(book, name, caption, [t for t in tables if t.group == group], document)
    for table in tables:
        row += 1
        _link(index, row, table.sheet, table.caption)
        _sheet(book, table, document)
    index.column_dimensions["A"].width = 28
    index.column_dimensions["B"].width = 90
    _print_setup(index, document, columns=2, title_row=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _properties(book: Workbook, document: Document) -> None:
    props = book.properties
    props.title = document.title[:255]
    props.subject = f"{document.organization} · {document.subtitle}"[:255]
    props.creator = "Cannocchiale"
    props.language = "it-IT"
    props.keywords = f"{document.kind} {document.year} versione {document.plan_version}"
    if document.simulated:
        props.description = "Dati simulati"


def _link(index: Any, row: int, sheet: str, caption: str) -> None:
    link = _put(index, row, 1, sheet)
    # A link inside the workbook (a location, not an external "#..." target); a quote inside
    # a quoted sheet reference is doubled.
    quoted = sheet.replace("'", "''")
    link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!A1", display=sheet)
    link.font = Font(color="0066CC", underline="single")
    _put(index, row, 2, caption)


def _flat_sheet(book: Workbook, name: str, caption: str, tables: list[Table], document: Document) -> None:
    """One row per line of every table of the group, the sheet it comes from first, as an Excel table."""
    sheet = book.create_sheet(name)
    _put(sheet, 1, 1, caption).font = Font(bold=True, size=12, color="17324D")
    if document.simulated:
        _put(sheet, 2, 1, "Dati simulati").font = ALERT_FONT
    columns: list[Column] = [Column(SOURCE_LABEL, 2)]
    for table in tables:
        for column in table.columns:
            if column.label not in {c.label for c in columns}:
                columns.append(column)
    first = 3
    _header(sheet, first, columns)
    line = first
    for table in tables:
        positions = {c.label: i for i, c in enumerate(table.columns)}
        for cells in table.rows:
            line += 1
            _put(sheet, line, 1, table.sheet)
            for column_index, column in enumerate(columns[1:], start=2):
                at = positions.get(column.label)
                cell = cells[at] if at is not None and at < len(cells) else Cell("")
                _write(sheet, line, column_index, cell, column)
    if line > first:
        ref = f"A{first}:{get_column_letter(len(columns))}{line}"
        excel = ExcelTable(displayName=re.sub(r"\W", "_", name), ref=ref)
        excel.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        sheet.add_table(excel)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=3)
    _print_setup(sheet, document, columns=len(columns), title_row=first)


def _header(sheet: Any, row: int, columns: list[Column]) -> None:
    for column_index, column in enumerate(columns, start=1):
        cell = _put(sheet, row, column_index, column.label)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        sheet.column_dimensions[get_column_letter(column_index)].width = min(8 + column.width * 7, 80)


def _write(
    sheet: Any, row: int, column_index: int, value: Cell, column: Column, *, bold: bool = False
) -> None:
    cell = _put(sheet, row, column_index, _value(value, column))
    if isinstance(cell.value, (int, float)) and column.number_format:
        cell.number_format = column.number_format
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold or value.bold:
        cell.font = Font(bold=True)
    if value.note:
        cell.comment = Comment(value.note, "Cannocchiale", width=160, height=40)


def _print_setup(sheet: Any, document: Document, *, columns: int, title_row: int | None) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if columns > 4 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    if title_row is not None:
        sheet.print_title_rows = f"{title_row}:{title_row}"
    # "&" starts a header code in Excel: a title's own ampersands are doubled, and the header kept
    # well inside Excel's 255 characters.
    sheet.oddHeader.left.text = document.running_title.replace("&", "&&")[:120]
    sheet.oddFooter.left.text = sheet.title.replace("&", "&&")
    sheet.oddFooter.right.text = "Pagina &P di &N"


def _sheet(book: Workbook, table: Table, document: Document) -> None:
    sheet = book.create_sheet(table.sheet)
    _put(sheet, 1, 1, table.caption).font = Font(bold=True, size=12, color="17324D")
    first = 3
    if document.simulated:
        _put(sheet, 2, 1, "Dati simulati").font = ALERT_FONT
    _header(sheet, first, table.columns)
    for offset, row in enumerate(table.rows + table.totals, start=1):
        bold = offset > len(table.rows)
        for column_index, (value, column) in enumerate(zip(row, table.columns, strict=False), start=1):
            _write(sheet, first + offset, column_index, value, column, bold=bold)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    if table.note:
        _put(sheet, first + len(table.rows) + len(table.totals) + 2, 1, table.note)
    _print_setup(sheet, document, columns=len(table.columns), title_row=first)


def _put(sheet: Any, row: int, column: int, value: object) -> SheetCell:
    """Writes one cell: numbers as numbers, every text as a string, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def _value(cell: Cell, column: Column) -> object:
    # Numbers become spreadsheet numbers, as displayed; the printed text is kept where there is no number.
    if cell.value is None or isinstance(cell.value, bool):
        return cell.text
    number = Decimal(cell.value)
    places = _shown_decimals(column.number_format)
    if column.percent:
        number, places = number / 100, (places + 2 if places is not None else None)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return int(number) if number == number.to_integral_value() else float(number)


def _shown_decimals(number_format: str | None) -> int | None:
    """How many decimals a format such as '#,##0.00 "€"' or '0.0%' shows (None: no format, keep all)."""
    if not number_format:
        return None
    plain = re.sub(r'"[^"]*"', "", number_format)
    match = re.search(r"0\.(0+)", plain)
    return len(match.group(1)) if match else 0
