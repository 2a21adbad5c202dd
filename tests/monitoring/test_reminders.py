"""E-mail reminders before and after the due date, never sent twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core import mail

from cannocchiale.cli.main import main
from cannocchiale.monitoring.reminders import reminders_due, reminders_send
from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from tests.monitoring.helpers import access, june_round, submission


def with_emails(world) -> None:  # type: ignore[no-untyped-def]
    for user in world.users.values():
        user.email = f"{user.username}@example.invalid"
        user.save()


def test_nobody_is_reminded_a_month_before_the_due_date(world) -> None:  # type: ignore[no-untyped-def]
    with_emails(world)
    june_round(world)
    assert reminders_due(organization=world.organization, today=date(2018, 6, 30)) == []


def test_the_office_is_reminded_before_the_due_date_of_what_it_must_enter(world) -> None:  # type: ignore[no-untyped-def]
    with_emails(world)
    june_round(world)
    reminders = reminders_due(organization=world.organization, today=date(2018, 7, 29))
    office = [r for r in reminders if r.user == world.users["office"]]
    assert len(office) == 1
    assert office[0].kind == "before"
    assert any(item.startswith("1A0101.1") for item in office[0].items)
    reminders_send(organization=world.organization, reminders=reminders)
    sent = [m for m in mail.outbox if m.to == ["ufficio@example.invalid"]]
    assert len(sent) == 1
    assert "entro il 31/07/2018" in sent[0].subject


def test_a_reminder_is_not_sent_twice(world) -> None:  # type: ignore[no-untyped-def]
    with_emails(world)
    june_round(world)
    today = date(2018, 8, 2)
    reminders_send(
        organization=world.organization, reminders=reminders_due(organization=world.organization, today=today)
    )
    first = len(mail.outbox)
    assert first > 0
    assert reminders_due(organization=world.organization, today=today) == []
    assert len(mail.outbox) == first


def test_after_the_due_date_the_planning_office_is_reminded_of_reviews(world) -> None:  # type: ignore[no-untyped-def]
    with_emails(world)
    round_ = june_round(world)
    measurement_submit(
        access=access(world, "office"),
        actor=world.users["office"],
        submission=submission(round_, "1A0101.1"),
        data=MeasurementInput(value=Decimal("95")),
    )
    reminders = reminders_due(organization=world.organization, today=date(2018, 8, 1))
    kinds = {(r.user.username, r.kind) for r in reminders}
    assert ("programmazione", "review") in kinds
    assert ("ufficio", "before") not in kinds


def test_the_remind_command_dry_run_sends_nothing(world, capsys) -> None:  # type: ignore[no-untyped-def]
    with_emails(world)
    june_round(world)
    code = main(["remind", "--org", world.organization.code, "--today", "2018-08-01", "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0
    assert "ufficio <ufficio@example.invalid>" in out
    assert "da inviare" in out
    assert mail.outbox == []
    main(["remind", "--org", world.organization.code, "--today", "2018-08-01"])
    assert len(mail.outbox) > 0
