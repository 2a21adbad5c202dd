"""The DOCX as Word and LibreOffice open it on a public office's workstation.

Read back from the XML of the generated file: one table of contents (its entries are the
field's own result, so updating it does not add a second list), Italian as the language of the
text, fonts a Windows office has, and tables whose grid and cells state the same widths.
"""

from __future__ import annotations

import re
import zipfile

import pytest

from tests.reports.conftest import Rendered

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def part(path: object, name: str) -> str:
    with zipfile.ZipFile(str(path)) as archive:
        return archive.read(name).decode("utf-8")


@pytest.mark.parametrize("kind", ["piano", "relazione", "monitoraggio"])
def test_one_table_of_contents_whose_entries_are_the_fields_result(
    demo_documents: Rendered, kind: str
) -> None:
    body = part(demo_documents.file(kind, "docx"), "word/document.xml")
    assert body.count(" TOC ") == 1
    start = body.index(" TOC ")
    separate = body.index('w:fldCharType="separate"', start)
    end = body.index('w:fldCharType="end"', separate)
    result = re.sub(r"<[^>]+>", " ", body[separate:end])
    # The first chapter heading of the document sits inside the field's result, not after it.
    first_heading = re.search(r'<w:pStyle w:val="Heading1"/>.*?<w:t[^>]*>([^<]+)</w:t>', body[end:])
    assert first_heading is not None
    assert first_heading.group(1) in result
    after = re.sub(r"<[^>]+>", " ", body[end : body.index('w:val="Heading1"', end)])
    assert first_heading.group(1) not in after


def test_the_text_is_italian_and_the_fonts_are_a_windows_offices(demo_documents: Rendered) -> None:
    path = demo_documents.file("relazione", "docx")
    styles = part(path, "word/styles.xml")
    body = part(path, "word/document.xml")
    assert 'w:lang w:val="it-IT"' in styles
    for name in ("word/styles.xml", "word/document.xml", "word/settings.xml"):
        assert "en-US" not in part(path, name), name
    fonts = set(re.findall(r'w:(?:ascii|hAnsi)="([^"]+)"', styles + body))
    assert fonts
    # Courier: the template's style for code samples, which no document uses; Windows has it.
    assert fonts - {"Courier"} <= {"Calibri", "Cambria"}


def test_every_tables_grid_cells_and_width_agree(demo_documents: Rendered) -> None:
    from docx import Document as WordDocument

    word = WordDocument(str(demo_documents.file("relazione", "docx")))
    assert len(word.tables) > 20
    for table in word.tables:
        grid = [int(c.get(f"{W}w")) for c in table._tbl.tblGrid.findall(f"{W}gridCol")]
        width = table._tbl.tblPr.find(f"{W}tblW")
        assert width.get(f"{W}type") == "dxa"
        assert abs(int(width.get(f"{W}w")) - sum(grid)) <= len(grid)
        assert table._tbl.tblPr.find(f"{W}tblLayout").get(f"{W}type") == "fixed"
        for row in table._tbl.tr_lst:
            cells = [int(tc.tcPr.find(f"{W}tcW").get(f"{W}w")) for tc in row.tc_lst]
            assert cells == grid
