"""Monitoring pages: the round's dashboard, entering a value with evidence, the review."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cannocchiale.monitoring.models import MonitoringRound, Submission
from tests.monitoring.helpers import june_round, submission


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def url(world, name: str, *args: object) -> str:  # type: ignore[no-untyped-def]
    return reverse(name, args=[world.organization.code, 2018, *args])


def test_the_planning_office_opens_a_round_from_the_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["planning_office"])
    response = client.post(
        url(world, "web:monitoring"),
        {"name": "Monitoraggio al 30 settembre", "as_of": "2018-09-30", "due_date": "2018-10-31"},
    )
    created = MonitoringRound.objects.get(plan__organization=world.organization)
    assert response.status_code == 302
    assert response["Location"] == url(world, "web:round", created.pk)
    assert created.name == "Monitoraggio al 30 settembre"


def test_an_office_cannot_open_a_round(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["office"])
    client.post(url(world, "web:monitoring"), {"name": "X", "as_of": "2018-09-30", "due_date": "2018-10-31"})
    assert not MonitoringRound.objects.exists()
    assert "Apri il monitoraggio" not in client.get(url(world, "web:monitoring")).content.decode()


def test_the_dashboard_counts_what_is_missing_and_waiting(
    client, world, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    client.force_login(world.users["planning_office"])
    with django_assert_max_num_queries(20):
        page = client.get(url(world, "web:round", round_.pk)).content.decode()
    total = round_.submissions.count()
    assert f'<span class="dash-n">{total - 1}</span><span>da inserire</span>' in page
    assert '<span class="dash-n">1</span><span>da rivedere</span>' in page
    assert "Ufficio Registro imprese" in page


def test_an_office_sees_its_own_indicators_first(client, world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    client.force_login(world.users["office"])
    page = client.get(url(world, "web:round", round_.pk)).content.decode()
    assert "1A0101.1" in page
    assert "SG-2.1" not in page
    everything = client.get(url(world, "web:round", round_.pk) + "?ufficio=tutti").content.decode()
    assert "SG-2.1" in everything


def test_an_office_enters_a_value_with_a_file_and_off_target_needs_its_action(client, world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    client.force_login(world.users["office"])
    enter = url(world, "web:measurement_enter", round_.pk, target.pk)
    refused = client.post(enter, {"value": "72,5"})
    assert refused.status_code == 422
    assert "motivazione dello scostamento" in refused.content.decode()
    accepted = client.post(
        enter,
        {
            "value": "72,5",
            "explanation": "Personale ridotto",
            "action": "Recupero a settembre",
            "evidence": SimpleUploadedFile("report.pdf", b"%PDF-1.4 prova", content_type="application/pdf"),
        },
    )
    assert accepted.status_code == 302
    page = client.get(enter).content.decode()
    assert "72,5" in page
    assert "report.pdf" in page
    assert "Recupero a settembre" in page
    evidence = submission(round_, "1A0101.1").evidence.get()
    download = client.get(url(world, "web:evidence_download", round_.pk, evidence.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 prova"  # type: ignore[attr-defined]


def test_the_live_check_warns_of_an_off_target_value(client, world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    client.force_login(world.users["office"])
    text = client.post(
        url(world, "web:measurement_check", round_.pk, target.pk), {"value": "45"}
    ).content.decode()
    assert "Fuori target: raggiungimento 50 %" in text


def test_the_planning_office_accepts_and_the_deviation_is_listed(client, world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    client.force_login(world.users["office"])
    client.post(
        url(world, "web:measurement_enter", round_.pk, target.pk),
        {"value": "81", "explanation": "Picco di pratiche", "action": "Straordinari"},
    )
    client.force_login(world.users["planning_office"])
    client.post(url(world, "web:measurement_review", round_.pk, target.pk), {"decision": "accept"})
    assert submission(round_, "1A0101.1").state == Submission.State.ACCEPTED
    page = client.get(url(world, "web:round", round_.pk)).content.decode()
    assert "Picco di pratiche" in page
    assert "Straordinari" in page
    assert "90 %" in page


def test_an_office_cannot_review_nor_manage_rounds(client, world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    client.force_login(world.users["office"])
    measured = submission(round_, "1A.1")
    assert (
        client.post(
            url(world, "web:measurement_review", round_.pk, measured.pk), {"decision": "accept"}
        ).status_code
        == 403
    )
    assert client.post(url(world, "web:round_status", round_.pk), {"action": "lock"}).status_code == 403
    round_.refresh_from_db()
    assert round_.status == "open"


def test_a_stranger_cannot_download_evidence(client, world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    client.force_login(world.users["stranger"])
    assert client.get(url(world, "web:round", round_.pk)).status_code == 404


def test_values_are_read_the_italian_way() -> None:
    from decimal import Decimal

    from cannocchiale.web.views.monitoring_forms import ItalianDecimalField

    field = ItalianDecimalField(required=False)
    assert field.clean("26.000") == Decimal(26000)
    assert field.clean("3,5") == Decimal("3.5")
    assert field.clean("1.234,56") == Decimal("1234.56")
    assert field.clean("") is None
