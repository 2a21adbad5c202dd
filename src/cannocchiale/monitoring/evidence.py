"""Evidence files: who may read them, what they may contain, the name they are kept under.

Evidence documents a measurement and often carries names, extracts of registers, screenshots of
case files: it follows the indicator's readers (the planning office, the OIV, the units that
answer for the indicator and the managers above them), not every member of the organization.

An upload is checked by its content, not by the name the browser sends: a page of HTML called
`report.pdf` is refused, and so is a macro-enabled workbook called `.xlsx`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cannocchiale.accounts.access import Access
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.monitoring.evidence_names import display_name
from cannocchiale.monitoring.models import Submission
from cannocchiale.monitoring.selectors import own_unit_ids, responsible_units
from cannocchiale.organization.models import OrgUnit

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 10
# What one entry may post at most: the files and some room for the form's fields.
MAX_ENTRY_BODY_BYTES = MAX_EVIDENCE_FILES * MAX_EVIDENCE_BYTES + 1024 * 1024


class EvidenceRefused(CannocchialeError):
    """An evidence file refused: which file, and what is expected instead."""


# --- who reads ------------------------------------------------------------------------------------


def _with_ancestors(unit_ids: Iterable[int], parents: Mapping[int, int | None]) -> frozenset[int]:
    chain: set[int] = set()
    for unit in unit_ids:
        current: int | None = unit
        while current is not None and current not in chain:
            chain.add(current)
            current = parents.get(current)
    return frozenset(chain)


def evidence_readable(*, access: Access, submission: Submission) -> bool:
    """May this user see the list of a submission's files and download them?"""
    if access.can_read_any_evidence():
        return True
    plan = submission.round.plan
    responsible = responsible_units(plan).get(submission.indicator_id, frozenset())
    if not responsible:
        return False
    parents = dict(
        OrgUnit.objects.filter(organization_id=plan.organization_id).values_list("id", "parent_id")
    )
    return access.can_read_evidence(
        responsible_unit_chain=_with_ancestors(responsible, parents), own_unit_ids=own_unit_ids(access)
    )


# --- what an upload may contain -------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    label: str | Promise
    content_type: str
    check: Callable[[IO[bytes]], bool]


def _starts_with(*signatures: bytes) -> Callable[[IO[bytes]], bool]:
    longest = max(len(s) for s in signatures)

    def check(stream: IO[bytes]) -> bool:
        head = stream.read(longest)
        return any(head.startswith(s) for s in signatures)

    return check


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc and .xls
# A browser that sniffs would take these for a page (WHATWG MIME sniffing, "text/html" patterns).
MARKUP = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<svg",
    b"<?xml",
    b"<!--",
    b"<style",
    b"<title",
    b"<object",
    b"<embed",
    b"<img",
    b"<div",
    b"<table",
    b"<a ",
    b"<meta",
    b"<form",
)
CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
TEXT_SCAN_BYTES = 2 * 1024 * 1024


def _plain_text(stream: IO[bytes]) -> bool:
    """UTF-8 (or a one-byte code page) with no control characters and nothing that looks like markup."""
    data = stream.read(TEXT_SCAN_BYTES)
    if not data:
        return False
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data != data.translate(None, CONTROL_BYTES):
        return False
    start = data.lstrip()[:64].lower()
    return not any(start.startswith(tag) for tag in MARKUP)


def _zip_with(required: str, forbidden: Sequence[str] = ()) -> Callable[[IO[bytes]], bool]:
    """An Office Open XML file: a zip with its content types and its main part, without macros."""

    def check(stream: IO[bytes]) -> bool:
        if stream.read(4) != b"PK\x03\x04":
            return False
        stream.seek(0)
        try:
            with zipfile.ZipFile(stream) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
        if "[Content_Types].xml" not in names or required not in names:
            return False
        return not any(n.lower().endswith(f) for n in names for f in forbidden)

    return check


def _open_document(mimetype: str) -> Callable[[IO[bytes]], bool]:
    """An OpenDocument file: a zip whose first entry, `mimetype`, stored uncompressed, names its kind."""

    def check(stream: IO[bytes]) -> bool:
        head = stream.read(38 + len(mimetype))
        # The local header of the first entry: 30 bytes, then the 8-byte name "mimetype", then the data.
        return head[:4] == b"PK\x03\x04" and head[30:38] == b"mimetype" and head[38:] == mimetype.encode()

    return check


NO_MACROS = ("vbaproject.bin",)
KINDS: dict[str, Kind] = {
    ".pdf": Kind("PDF", "application/pdf", _starts_with(b"%PDF-")),
    ".png": Kind("PNG", "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
    ".jpg": Kind("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    ".jpeg": Kind("JPEG", "image/jpeg", _starts_with(b"\xff\xd8\xff")),
    ".csv": Kind("CSV", "text/csv", _plain_text),
    ".txt": Kind(gettext_lazy("testo"), "text/plain", _plain_text),
    ".docx": Kind(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _zip_with("word/document.xml", NO_MACROS),
    ),
    ".xlsx": Kind(
        "Excel",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _zip_with("xl/workbook.xml", NO_MACROS),
    ),
    ".doc": Kind("Word 97-2003", "application/msword", _starts_with(OLE2)),
    ".xls": Kind("Excel 97-2003", "application/vnd.ms-excel", _starts_with(OLE2)),
    ".odt": Kind(
        "OpenDocument",
        "application/vnd.oasis.opendocument.text",
        _open_document("application/vnd.oasis.opendocument.text"),
    ),
    ".ods": Kind(
        "OpenDocument",
        "application/vnd.oasis.opendocument.spreadsheet",
        _open_document("application/vnd.oasis.opendocument.spreadsheet"),
    ),
}
EVIDENCE_EXTENSIONS = frozenset(KINDS)


def _allowed_text() -> str:
    return ", ".join(sorted(e.lstrip(".") for e in EVIDENCE_EXTENSIONS))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def evidence_kind(upload: UploadedFile[Any]) -> Kind:
    """The kind of an upload, read from its content; `EvidenceRefused` naming the file otherwise."""
    name = display_name(upload.name or "")
    extension = PurePath(upload.name or "").suffix.lower()
    kind = KINDS.get(extension)
    if kind is None:
        raise EvidenceRefused(
            _("«%(name)s»: tipo di file non ammesso (ammessi: %(allowed)s)")
            % {"name": name, "allowed": _allowed_text()}
        )
    size = upload.size or 0
    if size > MAX_EVIDENCE_BYTES:
        raise EvidenceRefused(
            _("«%(name)s»: il file supera i 10 MB (%(size)s MB): riducilo o dividilo in più file")
            % {"name": name, "size": _megabytes(size)}
        )
    if size == 0:
        raise EvidenceRefused(
            _("«%(name)s»: il file è vuoto: allega il documento con il suo contenuto") % {"name": name}
        )
    stream = upload.file
    if stream is None:  # pragma: no cover - Django always gives the upload a file
        raise EvidenceRefused(_("«%(name)s»: il file non si può leggere") % {"name": name})
    try:
        stream.seek(0)
        matches = kind.check(stream)
    except (OSError, ValueError):
        matches = False
    finally:
        stream.seek(0)
    if not matches:
        raise EvidenceRefused(
            _(
                "«%(name)s»: il contenuto non è un file %(kind)s come dice il nome; carica un vero "
                "file %(kind)s oppure uno degli altri tipi ammessi (%(allowed)s)"
            )
            % {"name": name, "kind": kind.label, "allowed": _allowed_text()}
        )
    return kind


def evidence_check(files: Sequence[UploadedFile[Any]]) -> None:
    """Every file of an entry, before anything is saved: the first one refused stops the entry."""
    if len(files) > MAX_EVIDENCE_FILES:
        raise EvidenceRefused(
            _("al massimo %(n)s file per volta: ne hai allegati %(given)s")
            % {"n": MAX_EVIDENCE_FILES, "given": len(files)}
        )
    for upload in files:
        evidence_kind(upload)
