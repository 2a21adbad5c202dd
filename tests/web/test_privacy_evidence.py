"""Evidence files follow the indicator's readers; uploads are bounded before they are stored
(issue 10, points 10c and 14)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from cannocchiale.monitoring.evidence import MAX_ENTRY_BODY_BYTES, MAX_EVIDENCE_BYTES
from cannocchiale.monitoring.models import Evidence
from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from cannocchiale.web.evidence_uploads import EvidenceLimitHandler, OversizedUpload
from cannocchiale.web.views.monitoring_entry import measurement_enter
from tests.monitoring.helpers import access, june_round, submission
from tests.web.helpers import World

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"
# 1A0101.1 is entered by the Ufficio Registro imprese (UFF-REG, under SERV-REG, under AREA1).
READERS = {"planning_office", "oiv", "office", "director"}
NOT_READERS = {"secretary_general", "admin"}


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _with_evidence(world: World) -> tuple[int, int, Evidence]:
    round_ = june_round(world)
    saved = measurement_submit(
        access=access(world, "office"),
        actor=world.users["office"],
        submission=submission(round_, "1A0101.1"),
        data=MeasurementInput(value=Decimal("95")),
        files=[SimpleUploadedFile("elenco-nominativi-imprese.pdf", PDF)],
    )
    return round_.pk, saved.pk, saved.evidence.get()


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def test_evidence_is_read_only_by_the_indicator_s_readers(world: World, media: None) -> None:
    round_id, submission_id, evidence = _with_evidence(world)
    download = reverse("web:evidence_download", args=[world.organization.code, 2018, round_id, evidence.pk])
    page = reverse("web:measurement_enter", args=[world.organization.code, 2018, round_id, submission_id])
    wrong = []
    for role in sorted(READERS | NOT_READERS):
        client = _client(world, role)
        response = client.get(download)
        expected = 200 if role in READERS else 403
        if response.status_code != expected:
            wrong.append(f"{role}: {response.status_code}, atteso {expected}")
        listed = "elenco-nominativi-imprese.pdf" in client.get(page).content.decode()
        if listed != (role in READERS):
            wrong.append(f"{role}: nome del file {'mostrato' if listed else 'nascosto'}")
    assert wrong == [], "; ".join(wrong)
    refused = _client(world, "admin").get(download).content.decode()
    assert "riservate all&#x27;ufficio che ne risponde" in refused or "riservate all'ufficio" in refused
    assert _client(world, "stranger").get(download).status_code == 404


def test_the_upload_handler_stores_nothing_past_the_limit() -> None:
    handler = EvidenceLimitHandler(None, limit=10)
    handler.new_file("evidence", "grande.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"%PDF-1.4", 0) == b"%PDF-1.4"
    assert handler.receive_data_chunk(b"12345", 8) is None, "past the limit nothing is passed on"
    assert handler.receive_data_chunk(b"x" * 1000, 13) is None
    kept = handler.file_complete(1013)
    assert isinstance(kept, OversizedUpload)
    assert kept.size == 1013
    assert kept.read() == b""
    handler.new_file("evidence", "piccolo.pdf", "application/pdf", None)
    assert handler.receive_data_chunk(b"%PDF-1.4", 0) == b"%PDF-1.4"
    assert handler.file_complete(8) is None, "a file within the limit is left to Django's handlers"


def test_an_oversized_file_is_refused_naming_it_in_italian(world: World, media: None) -> None:
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    url = reverse("web:measurement_enter", args=[world.organization.code, 2018, round_.pk, target.pk])
    big = SimpleUploadedFile("scansione-enorme.pdf", b"%PDF-1.4\n" + b"0" * MAX_EVIDENCE_BYTES)
    response = _client(world, "office").post(url, {"value": "95", "evidence": big})
    assert response.status_code == 422
    text = response.content.decode()
    assert "«scansione-enorme.pdf»: il file supera i 10 MB" in text
    assert submission(round_, "1A0101.1").measurement is None
    assert not Evidence.objects.exists()


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def, override]
        raise AssertionError("the body was read")


def test_a_body_larger_than_any_entry_is_refused_before_it_is_read(world: World, media: None) -> None:
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    url = reverse("web:measurement_enter", args=[world.organization.code, 2018, round_.pk, target.pk])
    request = RequestFactory().post(url, data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(MAX_ENTRY_BODY_BYTES + 1)
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()  # type: ignore[attr-defined]
    request.user = world.users["office"]
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    response = measurement_enter(
        request, org=world.organization.code, year=2018, round_id=round_.pk, submission_id=target.pk
    )
    assert response.status_code == 413
    text = response.content.decode()
    assert "superano nel complesso" in text
    assert "nulla è stato salvato" in text
    assert submission(round_, "1A0101.1").measurement is None


def test_through_every_middleware_the_large_body_stays_unread(world: World, media: None) -> None:
    """The test client's payload is empty: any read past it (a middleware parsing the form) fails."""
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    url = reverse("web:measurement_enter", args=[world.organization.code, 2018, round_.pk, target.pk])
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["office"])
    response = client.post(
        url,
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(MAX_ENTRY_BODY_BYTES + 1),
    )
    assert response.status_code == 413
    assert "superano nel complesso" in response.content.decode()


def test_a_very_long_file_name_through_the_page_is_kept_shortened(world: World, media: None) -> None:
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    url = reverse("web:measurement_enter", args=[world.organization.code, 2018, round_.pk, target.pk])
    name = "verbale-di-verifica-" + "à" * 400 + ".pdf"
    response = _client(world, "office").post(url, {"value": "95", "evidence": SimpleUploadedFile(name, PDF)})
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.original_name.endswith(".pdf")
    assert len(evidence.original_name) <= 255


def test_an_html_page_named_pdf_is_refused_through_the_page(world: World, media: None) -> None:
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    url = reverse("web:measurement_enter", args=[world.organization.code, 2018, round_.pk, target.pk])
    page = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")
    response = _client(world, "office").post(url, {"value": "95", "evidence": page})
    assert response.status_code == 422
    assert "«report.pdf»: il contenuto non è un file PDF come dice il nome" in response.content.decode()
    assert not Evidence.objects.exists()
