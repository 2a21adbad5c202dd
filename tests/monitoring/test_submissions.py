"""Entering a value with evidence, the off-target rule, and the review."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cannocchiale.audit.models import AuditEvent
from cannocchiale.monitoring.models import Submission
from cannocchiale.monitoring.services import (
    MeasurementInput,
    MonitoringError,
    measurement_review,
    measurement_submit,
    round_status_set,
)
from tests.monitoring.helpers import access, june_round, submission


def submit(world, round_, code, role="office", files=(), **values):  # type: ignore[no-untyped-def]
    return measurement_submit(
        access=access(world, role),
        actor=world.users[role],
        submission=submission(round_, code),
        data=MeasurementInput(**values),
        files=list(files),
    )


def test_an_office_enters_an_on_target_value_with_its_evidence(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    report = SimpleUploadedFile("estrazione.pdf", b"%PDF-1.4 prova", content_type="application/pdf")
    saved = submit(world, round_, "1A0101.1", value=Decimal("93"), note="Dati Priamo", files=[report])
    assert saved.state == Submission.State.SUBMITTED
    assert saved.measurement is not None
    assert saved.measurement.value == Decimal("93")
    assert saved.achievement == Decimal(100)
    assert not saved.off_target
    evidence = saved.evidence.get()
    assert evidence.original_name == "estrazione.pdf"
    assert evidence.file.read() == b"%PDF-1.4 prova"
    event = AuditEvent.objects.get(action="monitoring.submit", object_id=str(saved.pk))
    assert event.before["state"] == "to_enter"
    assert event.after["value"] == "93"


def test_an_off_target_value_is_refused_without_explanation_and_action(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    with pytest.raises(MonitoringError, match="motivazione dello scostamento"):
        submit(world, round_, "1A0101.1", value=Decimal("72"))
    assert submission(round_, "1A0101.1").state == Submission.State.TO_ENTER


def test_an_off_target_value_goes_through_with_its_corrective_action(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    saved = submit(
        world,
        round_,
        "1A0101.1",
        value=Decimal("72"),
        explanation="Due addetti in malattia a maggio",
        action="Task force di due persone fino a settembre",
    )
    assert saved.off_target
    assert saved.achievement == Decimal(80)
    assert saved.corrective_action.action == "Task force di due persone fino a settembre"


def test_an_office_cannot_enter_another_office_s_indicator(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    with pytest.raises(MonitoringError, match="non sei responsabile"):
        submit(world, round_, "SG-2.1", done=True)


def test_an_empty_entry_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    with pytest.raises(MonitoringError, match="inserisci il valore"):
        submit(world, round_, "1A0101.1")


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [("virus.exe", 10, "tipo di file non ammesso"), ("enorme.pdf", 10 * 1024 * 1024 + 1, "supera i 10 MB")],
)
def test_evidence_of_a_forbidden_type_or_size_is_refused(world, name, size, message) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    upload = SimpleUploadedFile(name, b"x" * size)
    with pytest.raises(MonitoringError, match=message):
        submit(world, round_, "1A0101.1", value=Decimal("95"), files=[upload])
    assert not submission(round_, "1A0101.1").evidence.exists()


def test_a_closed_round_refuses_new_values(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    round_status_set(
        access=access(world, "planning_office"),
        round_=round_,
        status="closed",
        actor=world.users["planning_office"],
    )
    with pytest.raises(MonitoringError, match="non è aperto"):
        submit(world, round_, "1A0101.1", value=Decimal("95"))


def test_the_planning_office_sends_back_with_a_note_then_accepts(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    submit(world, round_, "1A0101.1", value=Decimal("95"))
    planner, actor = access(world, "planning_office"), world.users["planning_office"]
    with pytest.raises(MonitoringError, match="scrivi cosa va corretto"):
        measurement_review(
            access=planner, actor=actor, submission=submission(round_, "1A0101.1"), accept=False
        )
    back = measurement_review(
        access=planner,
        actor=actor,
        submission=submission(round_, "1A0101.1"),
        accept=False,
        note="Manca l'estrazione",
    )
    assert back.state == Submission.State.SENT_BACK
    assert back.review_note == "Manca l'estrazione"
    submit(world, round_, "1A0101.1", value=Decimal("96"))
    accepted = measurement_review(
        access=planner, actor=actor, submission=submission(round_, "1A0101.1"), accept=True
    )
    assert accepted.state == Submission.State.ACCEPTED
    with pytest.raises(MonitoringError, match="già stato accettato"):
        submit(world, round_, "1A0101.1", value=Decimal("97"))


def test_only_the_planning_office_reviews(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    with pytest.raises(MonitoringError):
        measurement_review(
            access=access(world, "oiv"),
            actor=world.users["oiv"],
            submission=submission(round_, "1A.1"),
            accept=True,
        )
