"""Text typed into a plan never becomes markup, style or a fetched URL in a document.

Every text field that a document prints carries an attack (closing the <style>, attaching a
server file, fetching a local URL, breaking out of a CSS string, a script); each document is
generated as PDF and DOCX and read back: nothing is attached, no server file is inside, no URL
outside the project's own files is ever fetched, and the reader sees exactly what was typed.
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path
from typing import Any

import pytest
import weasyprint.urls  # type: ignore[import-untyped]
from docx import Document as WordDocument
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pypdf import PdfReader
from pypdf.generic import IndirectObject, StreamObject

import cannocchiale.reports.render.pdf as pdf_module
from cannocchiale.reports.documents.build import render_document
from cannocchiale.reports.documents.model import Builder, Cell, Column, Document
from cannocchiale.reports.documents.tree_svg import TreeArea, TreeObjective, performance_tree_svg
from cannocchiale.reports.render.docx import render_docx
from cannocchiale.reports.render.pdf import STATIC_ROOT, html_to_pdf, render_pdf
from cannocchiale.reports.render.xlsx import render_xlsx
from tests.reports.hostile import ALL, FIELDS, hostile_plan

PASSWD = "root:x:0:0"
PAYLOADS = (
    "</style><link rel=attachment href=file:///etc/passwd>",
    "<img src=file:///etc/passwd>",
    "url(file:///etc/passwd)",
    "<link rel=stylesheet href=http://127.0.0.1:9/x.css>",
    '"; } body { display:none } x {"',
    "<script>alert(1)</script>",
)


def typed(field: str) -> str:
    """What the attacker typed into `field`: a tag that names the field, then one of the payloads;
    the texts that reach the CSS of the page header carry the two that break out of it."""
    if field == "plan.title":
        return f"Piano{PAYLOADS[0]} {PAYLOADS[4]}"
    if field == "organization.name":
        return f"Ente {PAYLOADS[4]} {PAYLOADS[0]}"
    index = list(FIELDS).index(field)
    return f"F{index:02d} {PAYLOADS[index % len(PAYLOADS)]}"


def _squeezed(text: str) -> str:
    # Layout breaks lines (and hyphenates words with U+2010) wherever it likes: compare without them.
    return re.sub(r"[\s\u2010\u00ad]+", "", text)


def _all_stream_bytes(reader: PdfReader) -> bytes:
    """Every stream of the file, decompressed: an attached file hides in one of them."""
    chunks = []
    size = int(reader.trailer["/Size"])
    for number in range(1, size):
        try:
            obj = reader.get_object(IndirectObject(number, 0, reader))
        except Exception:  # free entries of the cross-reference table
            continue
        if isinstance(obj, StreamObject):
            chunks.append(obj.get_data())
    return b"\n".join(chunks)


def _annotation_subtypes(reader: PdfReader) -> set[str]:
    subtypes = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            subtypes.add(str(annotation.get_object().get("/Subtype")))
    return subtypes


@pytest.fixture
def fetched(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every URL that WeasyPrint's own fetcher actually opened (the one doing file and network I/O)."""
    opened: list[str] = []
    original = weasyprint.urls.URLFetcher.fetch

    def spy(self: Any, url: str, headers: Any = None) -> Any:
        opened.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(weasyprint.urls.URLFetcher, "fetch", spy)
    return opened


def _allowed(url: str) -> bool:
    return (
        url.startswith(STATIC_ROOT.as_uri() + "/")
        or re.match(r"data:image/(png|jpeg|gif)[;,]", url) is not None
    )


@pytest.mark.slow
@pytest.mark.parametrize("kind", ALL)
def test_attacks_typed_into_the_plan_are_printed_as_text_and_never_run(
    db: None, kind: str, tmp_path: Path, fetched: list[str]
) -> None:
    plan = hostile_plan(typed)
    _, data = render_document(kind=kind, plan=plan, fmt="pdf")
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)

    root: Any = reader.trailer["/Root"]
    names = root.get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    assert not reader.attachments
    assert "/FileAttachment" not in _annotation_subtypes(reader)
    assert PASSWD.encode() not in data
    assert PASSWD.encode() not in _all_stream_bytes(reader)
    assert [url for url in fetched if not _allowed(url)] == []

    pages = [page.extract_text() or "" for page in reader.pages]
    text = _squeezed("\n".join(pages))
    assert PASSWD not in text
    missing = [
        field for field, kinds in FIELDS.items() if kind in kinds and _squeezed(typed(field)) not in text
    ]
    assert missing == []
    # The running header of every page after the cover is the document's title and its
    # organization, as typed (the attack that closed the <style> there is now just words).
    header = _squeezed(typed("organization.name"))
    assert all(header in _squeezed(page) for page in pages[1:])
    if kind == "piano":
        assert all(_squeezed(typed("plan.title")) in _squeezed(page) for page in pages[1:])


@pytest.mark.parametrize("kind", ALL)
def test_attacks_typed_into_the_plan_are_literal_text_in_the_docx(
    db: None, kind: str, tmp_path: Path
) -> None:
    plan = hostile_plan(typed)
    _, data = render_document(kind=kind, plan=plan, fmt="docx")
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(data)
    word = WordDocument(str(path))
    texts = [p.text for p in word.paragraphs]
    texts += [p.text for s in word.sections for p in s.header.paragraphs]
    texts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    everything = "\n".join(texts)
    missing = [field for field, kinds in FIELDS.items() if kind in kinds and typed(field) not in everything]
    assert missing == []
    assert any(typed("organization.name") in p.text for s in word.sections for p in s.header.paragraphs)


def test_markup_that_reaches_the_renderer_still_fetches_nothing_outside_the_project(
    fetched: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    # Defence in depth: should a future template print text unescaped, the fetcher still refuses.
    html = (
        "<html><head><link rel=attachment href='file:///etc/passwd'>"
        "<link rel=stylesheet href='http://127.0.0.1:9/x.css'>"
        "<style>body { background: url(file:///etc/passwd) }</style></head>"
        "<body><p>Testo</p><img src='file:///etc/passwd'><img src='https://example.invalid/x.png'>"
        "<img src='data:text/html,<b>x</b>'>"
        f"<img src='{STATIC_ROOT.as_uri()}/../../../../../../etc/passwd'></body></html>"
    )
    with caplog.at_level(logging.WARNING, logger=pdf_module.__name__):
        data = html_to_pdf(html)
    reader = PdfReader(io.BytesIO(data))
    assert not reader.attachments
    assert PASSWD.encode() not in _all_stream_bytes(reader)
    assert [url for url in fetched if not _allowed(url)] == []
    refused = "\n".join(r.getMessage() for r in caplog.records if r.name == pdf_module.__name__)
    for url in (
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "https://example.invalid/x.png",
        "data:text/html",
    ):
        assert url in refused


def test_the_fetcher_serves_the_projects_own_files_and_refuses_everything_else(tmp_path: Path) -> None:
    fetcher = pdf_module.DocumentURLFetcher()
    own = sorted(p for p in STATIC_ROOT.rglob("*") if p.is_file())
    assert own, "the reports app ships its print resources"
    response = fetcher.fetch(own[0].as_uri())
    assert response.read() == own[0].read_bytes()
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/58BAAT/"
        "Af8SyrP3AAAAAElFTkSuQmCC"
    )
    assert fetcher.fetch(pixel).read().startswith(b"\x89PNG")
    outside = tmp_path / "segreto.txt"
    outside.write_text(PASSWD)
    for url in (
        "file:///etc/passwd",
        outside.as_uri(),
        STATIC_ROOT.as_uri() + "/../../settings.py",
        STATIC_ROOT.as_uri() + "/%2e%2e/%2e%2e/settings.py",
        STATIC_ROOT.as_uri() + "-altro/x.css",
        "http://127.0.0.1:9/x.css",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "data:text/css,body{}",
        "data:image/svg+xml,<svg/>",
        "javascript:alert(1)",
    ):
        with pytest.raises(pdf_module.RefusedResource):
            fetcher.fetch(url)


def test_control_characters_pasted_into_a_text_do_not_break_any_format() -> None:
    # Word's line break (vertical tab), a form feed and stray control bytes are not allowed in
    # XML: openpyxl and python-docx refused the whole document, and a workbook with them is corrupt.
    pasted = "prima riga\x0bseconda riga\x0cterza\x01\x1f fine\ufffe"
    document = Document("piano", f"Piano\x0b{pasted}", "sotto\x02titolo", "Ente\x0bdi prova", 2018, 1)
    b = Builder(document)
    b.heading(1, f"Capitolo {pasted}", "capitolo")
    b.paragraph(pasted)
    b.bullets([pasted])
    b.facts([("Nota", pasted)])
    b.table(f"Tabella {pasted}", "Foglio", [Column(f"Colonna {pasted}")], [[Cell(pasted)]], note=pasted)
    b.figure(
        performance_tree_svg(
            mandate=pasted, areas=[TreeArea("1", pasted, [TreeObjective("1A", pasted)])], title=pasted
        ),
        pasted,
    )
    expected = "prima riga\nseconda riga\nterza fine"
    book = load_workbook(io.BytesIO(render_xlsx(document)))
    assert book[document.tables()[0].sheet]["A4"].value == expected
    word = WordDocument(io.BytesIO(render_docx(document)))
    assert expected in "\n".join(p.text for p in word.paragraphs)
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(render_pdf(document))).pages)
    assert _squeezed(expected) in _squeezed(text)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
