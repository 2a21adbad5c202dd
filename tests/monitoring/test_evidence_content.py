"""Evidence uploads are checked by their content, and any name is kept safely (issue 10, point 14)."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook  # type: ignore[import-untyped]

from cannocchiale.monitoring.services import MeasurementInput, MonitoringError, measurement_submit
from tests.monitoring.helpers import access, june_round, submission

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _zip(entries: dict[str, bytes], *, first_stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, data) in enumerate(entries.items()):
            method = zipfile.ZIP_STORED if first_stored and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buffer.getvalue()


def _xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "pratiche evase"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
ODT = _zip(
    {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"},
    first_stored=True,
)
ODS = _zip(
    {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
    first_stored=True,
)


def _submit(world, files):  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    return round_, measurement_submit(
        access=access(world, "office"),
        actor=world.users["office"],
        submission=submission(round_, "1A0101.1"),
        data=MeasurementInput(value=Decimal("95")),
        files=files,
    )


@pytest.mark.parametrize(
    ("name", "content", "stored_type"),
    [
        ("estrazione.pdf", PDF, "application/pdf"),
        ("schermata.png", PNG, "image/png"),
        ("foto.jpg", JPEG, "image/jpeg"),
        ("foto.JPEG", JPEG, "image/jpeg"),
        ("pratiche.csv", b"codice;data;esito\n1;2018-06-30;evasa\n", "text/csv"),
        ("nota.txt", "Verifica del 30/06: pratiche già evase, nessuna criticità.\r\n".encode(), "text/plain"),
        ("nota-latin1.txt", "Attività già verificata".encode("cp1252"), "text/plain"),
        ("relazione.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("dati.xlsx", _xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("relazione.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("dati.ods", ODS, "application/vnd.oasis.opendocument.spreadsheet"),
        ("vecchio.doc", OLE2, "application/msword"),
        ("vecchio.xls", OLE2, "application/vnd.ms-excel"),
    ],
)
def test_a_real_file_of_each_allowed_type_is_kept_with_the_type_read_from_it(  # type: ignore[no-untyped-def]
    world, name, content, stored_type
) -> None:
    # The browser's claim is not believed: the stored type comes from the content.
    upload = SimpleUploadedFile(name, content, content_type="text/html")
    _, saved = _submit(world, [upload])
    evidence = saved.evidence.get()
    assert evidence.content_type == stored_type
    assert evidence.file.read() == content


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", HTML, "non è un file PDF"),
        ("report.pdf", b"   %PDF-1.4 dopo degli spazi <html>", "non è un file PDF"),
        ("schermata.png", JPEG, "non è un file PNG"),
        ("foto.jpg", HTML, "non è un file JPEG"),
        ("nota.txt", HTML, "non è un file testo"),
        ("nota.txt", b"\n  <svg onload=alert(1)>", "non è un file testo"),
        ("dati.csv", b"a;b\x00\x01\x02;c", "non è un file CSV"),
        ("relazione.docx", _zip({"[Content_Types].xml": b"<Types/>", "x.xml": b""}), "non è un file Word"),
        ("relazione.docx", HTML, "non è un file Word"),
        ("relazione.docx", b"PK\x03\x04 troncato", "non è un file Word"),
        (
            "macro.xlsx",
            _zip(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "xl/workbook.xml": b"<workbook/>",
                    "xl/vbaProject.bin": b"\x00",
                }
            ),
            "non è un file Excel",
        ),
        ("relazione.odt", DOCX, "non è un file OpenDocument"),
        ("vecchio.doc", PDF, "non è un file Word 97-2003"),
        ("vuoto.pdf", b"", "il file è vuoto"),
        ("virus.exe", b"MZ\x90\x00", "tipo di file non ammesso"),
        ("pagina.html", HTML, "tipo di file non ammesso"),
    ],
)
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_naming_it(  # type: ignore[no-untyped-def]
    world, name, content, expected
) -> None:
    round_ = june_round(world)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    with pytest.raises(MonitoringError, match=expected) as refused:
        measurement_submit(
            access=access(world, "office"),
            actor=world.users["office"],
            submission=submission(round_, "1A0101.1"),
            data=MeasurementInput(value=Decimal("95")),
            files=[upload],
        )
    assert f"«{name}»" in str(refused.value)
    assert "ammessi" in str(refused.value) or expected == "il file è vuoto"
    untouched = submission(round_, "1A0101.1")
    assert untouched.measurement is None, "nothing is half-saved"
    assert not untouched.evidence.exists()


def test_one_bad_file_among_good_ones_saves_none_of_them(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    files = [SimpleUploadedFile("buono.pdf", PDF), SimpleUploadedFile("cattivo.pdf", HTML)]
    with pytest.raises(MonitoringError, match=r"«cattivo\.pdf»"):
        measurement_submit(
            access=access(world, "office"),
            actor=world.users["office"],
            submission=submission(round_, "1A0101.1"),
            data=MeasurementInput(value=Decimal("95")),
            files=files,
        )
    assert not submission(round_, "1A0101.1").evidence.exists()


@pytest.mark.parametrize(
    "name",
    [
        "verbale-" + "a" * 300 + ".pdf",
        "relazione-" + "è" * 240 + ".pdf",  # 480 bytes in UTF-8: more than a file system takes
        "../../../../etc/" + "x" * 280 + ".pdf",
        "C:\\Documenti\\" + "y" * 290 + ".pdf",
        "verbale\x00\x1b[31m\u202e" + "z" * 260 + ".pdf",
    ],
)
def test_a_very_long_name_is_shortened_keeping_its_extension(world, name) -> None:  # type: ignore[no-untyped-def]
    _, saved = _submit(world, [SimpleUploadedFile(name, PDF)])
    evidence = saved.evidence.get()
    assert len(evidence.original_name) <= 255
    assert evidence.original_name.endswith(".pdf")
    assert "/" not in evidence.original_name
    assert "\\" not in evidence.original_name
    assert evidence.original_name.isprintable()
    on_disk = Path(evidence.file.path)
    assert on_disk.is_file()
    assert len(on_disk.name.encode()) <= 255
    assert on_disk.name.endswith(".pdf")
    assert "evidenze" in on_disk.parts
    assert evidence.file.read() == PDF
