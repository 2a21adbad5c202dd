"""The documents' PDF is PDF/A-3b for archiving and keeps its PDF/UA-1 tags, read back from the file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from cannocchiale.reports.render.pdf import _declare_pdfua
from tests.reports.conftest import Rendered
from tests.reports.pdf_checks import fonts_not_embedded, is_tagged

RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"
PDFUAID = "{http://www.aiim.org/pdfua/ns/id/}"
XMP = "{http://ns.adobe.com/xap/1.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _xmp(reader: PdfReader) -> ElementTree.Element:
    root: Any = reader.trailer["/Root"]
    packet = root["/Metadata"].get_object().get_data()
    return ElementTree.fromstring(packet.split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0])


def _attribute(xmp: ElementTree.Element, name: str) -> str | None:
    values = [d.get(name) for d in xmp.iter(f"{RDF}Description") if d.get(name) is not None]
    assert len(values) <= 1, f"{name} declared {len(values)} times"
    return values[0] if values else None


def _element_text(xmp: ElementTree.Element, name: str) -> list[str]:
    return [(e.text or "").strip() for element in xmp.iter(name) for e in element.iter() if e.text]


@pytest.mark.parametrize("kind", ["relazione", "monitoraggio"])
def test_the_pdf_declares_pdfa_3b_and_pdfua_1_and_holds_what_they_ask(
    demo_documents: Rendered, kind: str
) -> None:
    path: Path = demo_documents.file(kind, "pdf")
    reader = PdfReader(path)
    xmp = _xmp(reader)
    assert _attribute(xmp, f"{PDFAID}part") == "3"
    assert _attribute(xmp, f"{PDFAID}conformance") == "B"
    assert _attribute(xmp, f"{PDFUAID}part") == "1"
    root: Any = reader.trailer["/Root"]
    intents = [i.get_object() for i in root["/OutputIntents"]]
    assert [i["/S"] for i in intents] == ["/GTS_PDFA1"]
    assert "sRGB" in intents[0]["/OutputConditionIdentifier"]
    assert intents[0]["/DestOutputProfile"].get_object().get_data()[36:40] == b"acsp"  # an ICC profile
    assert fonts_not_embedded(path) == []
    assert is_tagged(path)
    assert root["/Lang"] == "it"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


@pytest.mark.parametrize("kind", ["relazione", "monitoraggio"])
def test_the_pdf_names_its_title_author_and_creation_date_alike_in_info_and_xmp(
    demo_documents: Rendered, kind: str
) -> None:
    reader = PdfReader(demo_documents.file(kind, "pdf"))
    info = reader.metadata
    assert info is not None
    organization = demo_documents.plan.organization.name
    assert info.title is not None
    assert str(demo_documents.plan.year) in info.title
    assert organization in info.title
    assert info.author == organization
    xmp = _xmp(reader)
    assert _element_text(xmp, f"{DC}title") == [info.title]
    assert _element_text(xmp, f"{DC}creator") == [organization]
    created = _element_text(xmp, f"{XMP}CreateDate")
    assert len(created) == 1
    when = datetime.strptime(created[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    # The session renders each file once, at most a few minutes ago; never a date of the data.
    assert timedelta(0) <= datetime.now(UTC) - when < timedelta(hours=3)
    assert info.creation_date is not None
    assert info.creation_date.replace(tzinfo=UTC) == when


def test_declaring_pdfua_refuses_a_pdf_without_xmp_rather_than_writing_an_undeclared_file() -> None:
    class Bare:
        catalog: dict[str, Any] = {}
        objects: list[Any] = []

    with pytest.raises(ValueError, match="no XMP metadata"):
        _declare_pdfua(None, Bare())
