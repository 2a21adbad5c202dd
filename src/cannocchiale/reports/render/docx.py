"""DOCX through python-docx: real Word headings, tables and a table of contents, so the office can edit.

Made to open the same in Word and LibreOffice on a public office's workstation: the text is
Italian (the language of every run, for the spelling checker and hyphenation), the fonts are
ones a Windows office has (Calibri, Cambria; LibreOffice substitutes the metric-compatible Carlito
and Caladea), each table's grid states the same widths as its cells with a fixed layout, and the
table of contents is one Word field whose entries are its cached result, so updating it replaces
them instead of adding a second list.
"""

from __future__ import annotations

import io

from django.utils import timezone
from docx import Document as WordDocument
from docx.document import Document as Word
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

from cannocchiale.charts import svg_to_png
from cannocchiale.reports.documents.common import SIMULATED_WARNING
from cannocchiale.reports.documents.model import (
    Bullets,
    Document,
    Facts,
    Figure,
    Heading,
    Paragraph,
    Table,
)

NAVY = RGBColor(0x17, 0x32, 0x4D)
MUTED = RGBColor(0x5C, 0x6F, 0x82)
ALERT = RGBColor(0xA6, 0x00, 0x4C)
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
}
USABLE_WIDTH_CM = 17.0
BODY_FONT = "Calibri"
HEADING_FONT = "Cambria"
LANGUAGE = "it-IT"


def render_docx(document: Document) -> bytes:
    word = WordDocument()
    _page_setup(word, document)
    _styles(word)
    _cover(word, document)
    _toc(word, document)
    for block in document.blocks:
        if isinstance(block, Heading):
            heading = word.add_heading(block.text, level=block.level)
            if block.level == 1:
                heading.paragraph_format.page_break_before = True
        elif isinstance(block, Paragraph):
            _paragraph(word, block)
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Facts):
            _facts(word, block)
        elif isinstance(block, Table):
            _table(word, block)
        elif isinstance(block, Figure):
            _figure(word, block)
    word.core_properties.title = document.title
    word.core_properties.subject = document.subtitle
    word.core_properties.author = document.organization
    word.core_properties.language = "it-IT"
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _page_setup(word: Word, document: Document) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = document.running_title
    _small(header, MUTED)
    footer = section.footer.paragraphs[0]
    if document.simulated:
        run = footer.add_run("Dati simulati · ")
        run.bold = True
        run.font.color.rgb = ALERT
    footer.add_run("Pagina ")
    _field(footer, "PAGE")
    footer.add_run(" di ")
    _field(footer, "NUMPAGES")
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _small(footer, MUTED)


def _styles(word: Word) -> None:
    _document_defaults(word)
    normal = word.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(10.5)
    for level, size in ((1, 16), (2, 13), (3, 11)):
        style = word.styles[f"Heading {level}"]
        style.font.name = HEADING_FONT
        style.font.size = Pt(size)
        style.font.color.rgb = NAVY
    for name in ("Title", "Subtitle", "Caption", "TOC Heading"):
        if name in word.styles:
            word.styles[name].font.name = HEADING_FONT


def _document_defaults(word: Word) -> None:
    """Every run's language and fonts, from the document defaults (python-docx's template says en-US)."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    for tag in ("w:lang", "w:rFonts"):
        for old in properties.findall(qn(tag)):
            properties.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), BODY_FONT)
    lang = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)
    properties.insert(0, fonts)
    properties.append(lang)
    theme = word.settings.element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), LANGUAGE)


def _small(paragraph: WordParagraph, colour: RGBColor) -> None:
    for run in paragraph.runs:
        run.font.size = Pt(8)
        if run.font.color.rgb is None:
            run.font.color.rgb = colour


def _field(paragraph: WordParagraph, instruction: str, cached: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES, TOC): Word computes it; `cached` is shown until it does."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = cached
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run._r.append(element)


def _field_start(paragraph: WordParagraph, instruction: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    for element in (begin, instr, separate):
        run._r.append(element)


def _field_end(paragraph: WordParagraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _cover(word: Word, document: Document) -> None:
    for _ in range(6):
        word.add_paragraph()
    org = word.add_paragraph()
    run = org.add_run(document.organization.upper())
    run.bold, run.font.size, run.font.color.rgb = True, Pt(13), RGBColor(0x00, 0x66, 0xCC)
    title = word.add_paragraph(style="Title")
    title.add_run(document.title)
    subtitle = word.add_paragraph(document.subtitle, style="Subtitle")
    subtitle.paragraph_format.space_after = Pt(30)
    if document.simulated:
        warning = word.add_paragraph()
        run = warning.add_run(SIMULATED_WARNING.format(year=document.year))
        run.bold, run.font.color.rgb = True, ALERT
    for label, value in document.cover:
        fact = word.add_paragraph()
        fact.paragraph_format.space_after = Pt(2)
        name = fact.add_run(f"{label}: ")
        name.bold, name.font.color.rgb = True, NAVY
        fact.add_run(value)
    meta = word.add_paragraph(
        f"Documento generato da Cannocchiale il {timezone.localdate():%d/%m/%Y} dai dati del piano "
        f"{document.year}, versione {document.plan_version}."
    )
    _small(meta, MUTED)


def _toc(word: Word, document: Document) -> None:
    heading = word.add_paragraph("Indice", style="TOC Heading" if "TOC Heading" in word.styles else "Title")
    heading.paragraph_format.page_break_before = True
    # One field: its result is the list of chapters, which Word replaces with the same list and the
    # page numbers when it updates the field (entries written after the field stayed as a second list).
    entries = []
    for h in document.headings(max_level=2):
        entry = word.add_paragraph()
        entry.paragraph_format.left_indent = Cm(0.6 * (h.level - 1))
        entry.paragraph_format.space_after = Pt(1)
        entries.append((entry, h))
    if not entries:
        return
    first = entries[0][0]
    _field_start(first, 'TOC \\o "1-2" \\h \\z \\u')
    for entry, h in entries:
        run = entry.add_run(h.text)
        run.bold = h.level == 1
    _field_end(entries[-1][0])
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _paragraph(word: Word, block: Paragraph) -> None:
    paragraph = word.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.style == "lead":
        run.bold, run.font.color.rgb = True, NAVY
    elif block.style == "note":
        run.font.size, run.font.color.rgb = Pt(8.5), MUTED
    elif block.style == "warning":
        run.bold, run.font.color.rgb = True, ALERT


def _facts(word: Word, block: Facts) -> None:
    table = word.add_table(rows=0, cols=2)
    for label, value in block.items:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
        for run in cells[0].paragraphs[0].runs:
            run.font.color.rgb = MUTED
    _widths(table, [5.0, USABLE_WIDTH_CM - 5.0])
    _font(table, 8.5)
    word.add_paragraph()


def _table(word: Word, block: Table) -> None:
    caption = word.add_paragraph(style="Caption")
    caption.add_run(block.caption)
    caption.paragraph_format.keep_with_next = True
    table = word.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, block.columns, strict=True):
        cell.text = column.label
        run = cell.paragraphs[0].runs[0]
        run.bold = True
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        _shade(cell, "17324D")
    for row in block.rows + block.totals:
        cells = table.add_row().cells
        for cell, value, column in zip(cells, row, block.columns, strict=False):
            cell.text = value.text
            paragraph = cell.paragraphs[0]
            paragraph.alignment = ALIGN[column.align]
            if value.bold or row in block.totals:
                for run in paragraph.runs:
                    run.bold = True
    whole = sum(c.width for c in block.columns) or 1
    _widths(table, [USABLE_WIDTH_CM * c.width / whole for c in block.columns])
    _font(table, 8)
    if block.note:
        note = word.add_paragraph()
        run = note.add_run(block.note)
        run.font.size, run.font.color.rgb = Pt(8), MUTED


def _figure(word: Word, block: Figure) -> None:
    png = svg_to_png(block.svg, 1600)
    word.add_picture(io.BytesIO(png), width=Cm(min(block.width_cm, USABLE_WIDTH_CM)))
    word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = word.add_paragraph(block.caption, style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _widths(table: WordTable, widths_cm: list[float]) -> None:
    """The same widths in the grid, the cells and the table, with a fixed layout: Word reads the
    cells, LibreOffice the grid; when they disagreed each drew a different table."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=False):
            cell.width = Cm(width)
    # autofit = False already wrote the fixed layout; the table's own width is the grid's sum.
    total = table._tbl.tblPr.find(qn("w:tblW"))
    if total is not None:
        total.set(qn("w:w"), str(sum(int(Cm(w).twips) for w in widths_cm)))
        total.set(qn("w:type"), "dxa")


def _font(table: WordTable, size: float) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(size)


def _repeat_header(row: object) -> None:
    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    tr_pr.append(marker)


def _shade(cell: object, colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    tc_pr.append(shading)
