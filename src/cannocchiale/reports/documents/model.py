"""A document as plain data: headings, paragraphs, tables and figures in reading order.

Each document (Piano, Relazione, monitoring report) is built once into this shape from the
apps' selectors and services; the PDF, DOCX and XLSX renderers only lay it out. That is what
keeps the three formats the same document, section for section and figure for figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

Align = Literal["left", "right", "center"]

# Characters XML 1.0 does not allow (DOCX and XLSX are XML): stray control bytes, lone surrogates,
# U+FFFE/U+FFFF. Word's manual line break (vertical tab) and page break (form feed) become new lines.
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHART_ID = re.compile(r"\bchart-[0-9a-f]{10}(?=-(?:title|desc)\b)")
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})


def printable(text: str) -> str:
    """`text` as every format can hold it: what was typed, less the characters XML refuses."""
    return _NOT_XML.sub("", text.translate(_BREAKS))


@dataclass(frozen=True)
class Cell:
    """A table cell: the text as printed; `value` is the exact number behind it (for spreadsheets);
    `status` (green/yellow/red) adds a traffic light, always beside its word."""

    text: str
    value: Decimal | int | None = None
    status: str | None = None
    bold: bool = False
    note: str = ""  # a remark on this figure (e.g. that it is simulated): a cell comment in XLSX


@dataclass(frozen=True)
class Column:
    label: str
    width: int = 1  # relative width
    align: Align = "left"
    number_format: str | None = None  # spreadsheet format of the column's values, e.g. '#,##0.00'
    # The values are percentages (83.3): a spreadsheet stores them as fractions (0.833) with a
    # percent format, so that a formula the reader writes on them computes right.
    percent: bool = False


@dataclass
class Table:
    caption: str
    sheet: str  # the spreadsheet's sheet name (unique in a document, at most 31 characters)
    columns: list[Column]
    rows: list[list[Cell]]
    totals: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    # Tables of one group (e.g. every objective's indicators) are also gathered on one flat,
    # filterable sheet of the workbook.
    group: str = ""
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Heading:
    level: int  # 1 chapter, 2 section, 3 sub-section
    text: str
    anchor: str
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "lead", "note", "warning"] = "body"
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Facts:
    """Label → value pairs (who is responsible, which budget…), printed as a two-column table."""

    items: list[tuple[str, str]]
    kind: Literal["facts"] = "facts"


@dataclass(frozen=True)
class Figure:
    svg: str
    caption: str
    width_cm: float = 16.0
    kind: Literal["figure"] = "figure"


Block = Heading | Paragraph | Bullets | Facts | Table | Figure


@dataclass
class Document:
    kind: str  # piano, relazione, monitoraggio
    title: str
    subtitle: str
    organization: str
    year: int
    plan_version: int
    simulated: bool = False
    blocks: list[Block] = field(default_factory=list)
    # What the cover states about the plan the document comes from: its version, its state and the
    # acts recorded on it (approval, validation), each only when recorded.
    cover: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.title, self.subtitle = printable(self.title), printable(self.subtitle)
        self.organization = printable(self.organization)

    def headings(self, max_level: int = 2) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def running_title(self) -> str:
        return f"{self.title} — {self.organization}"


class Builder:
    """Collects blocks in order, giving headings stable anchors and tables unique sheet names."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._anchors: set[str] = set()
        self._sheets: set[str] = set()
        self._figures = 0

    def heading(self, level: int, text: str, anchor: str | None = None) -> None:
        base = anchor or f"s{len(self._anchors) + 1}"
        candidate, n = base, 2
        while candidate in self._anchors:
            candidate, n = f"{base}-{n}", n + 1
        self._anchors.add(candidate)
        self.document.blocks.append(Heading(level, printable(text), candidate))

    def paragraph(self, text: str, style: Literal["body", "lead", "note", "warning"] = "body") -> None:
        text = printable(text).strip()
        if text:
            self.document.blocks.append(Paragraph(text, style))

    def bullets(self, items: list[str]) -> None:
        items = [printable(i).strip() for i in items if i]
        items = [i for i in items if i]
        if items:
            self.document.blocks.append(Bullets(items))

    def facts(self, items: list[tuple[str, str]]) -> None:
        items = [(printable(k), printable(v)) for k, v in items if v]
        if items:
            self.document.blocks.append(Facts(items))

    def figure(self, svg: str, caption: str, width_cm: float = 16.0) -> None:
        self.document.blocks.append(Figure(self._unique_ids(printable(svg)), printable(caption), width_cm))

    def _unique_ids(self, svg: str) -> str:
        # A chart's ids come from its content: two identical charts in one document (the same
        # counts for two offices) would share them, and a reader's "title" would point at both.
        self._figures += 1
        return _CHART_ID.sub(lambda m: f"{m.group(0)}-f{self._figures}", svg)

    def table(
        self,
        caption: str,
        sheet: str,
        columns: list[Column],
        rows: list[list[Cell]],
        *,
        totals: list[list[Cell]] | None = None,
        note: str = "",
        group: str = "",
    ) -> Table:
        table = Table(
            printable(caption),
            self._sheet_name(sheet),
            [replace(c, label=printable(c.label)) for c in columns],
            _printable_rows(rows),
            _printable_rows(totals or []),
            printable(note),
            group,
        )
        self.document.blocks.append(table)
        return table

    def _sheet_name(self, wanted: str) -> str:
        # Excel refuses (and reports the workbook as corrupt for) a sheet name with []:*?/\ or a
        # control character, longer than 31, beginning or ending with a quote, or named History.
        clean = "".join(" " if ch in "[]:*?/\\" or ord(ch) < 32 else ch for ch in wanted)
        clean = clean.strip().strip("'").strip()[:31].rstrip().rstrip("'").rstrip() or "Tabella"
        if clean.lower() == "history":
            clean = f"{clean} (tabella)"
        candidate, n = clean, 2
        while candidate.lower() in self._sheets:
            suffix = f" ({n})"
            candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
        self._sheets.add(candidate.lower())
        return candidate


def _printable_rows(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [
        [replace(cell, text=printable(cell.text), note=printable(cell.note)) for cell in row] for row in rows
    ]
