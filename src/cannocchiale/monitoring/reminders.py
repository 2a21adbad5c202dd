"""E-mail reminders before and after a round's due date, each sent once.

Offices (and PO, Dirigenti) with values still to enter are reminded in the days before the due
date and once after it; the planning office is reminded of the reviews waiting once the due date
has come. A reminder sent is recorded, so running the command again sends nothing new.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.audit.services import audit_record
from cannocchiale.monitoring.models import MonitoringRound, ReminderSent, Submission
from cannocchiale.monitoring.selectors import PENDING, responsible_units
from cannocchiale.organization.models import Organization

DAYS_BEFORE = 3


@dataclass
class Reminder:
    user: User
    round: MonitoringRound
    kind: str
    items: list[str] = field(default_factory=list)

    @property
    def subject(self) -> str:
        due = f"{self.round.due_date:%d/%m/%Y}"
        if self.kind == ReminderSent.Kind.REVIEW:
            return f"[Cannocchiale] {self.round.name}: {len(self.items)} rilevazioni da rivedere"
        if self.kind == ReminderSent.Kind.BEFORE:
            return f"[Cannocchiale] {self.round.name}: {len(self.items)} valori da inserire entro il {due}"
        return f"[Cannocchiale] {self.round.name}: {len(self.items)} valori non inseriti, scaduti il {due}"

    @property
    def body(self) -> str:
        lines = [
            f"Gentile {self.user.get_full_name() or self.user.get_username()},",
            "",
            self.subject[14:] + ":",
            "",
        ]
        lines += [f"- {item}" for item in self.items]
        lines += ["", "Accedi a Cannocchiale, «Le mie attività», per completarli."]
        return "\n".join(lines)


def _kind_for(round_: MonitoringRound, today: date) -> str | None:
    days_left = (round_.due_date - today).days
    if 0 <= days_left <= DAYS_BEFORE:
        return ReminderSent.Kind.BEFORE
    if days_left < 0:
        return ReminderSent.Kind.AFTER
    return None


def _users_by_unit(organization: Organization) -> dict[int, set[int]]:
    by_unit: dict[int, set[int]] = defaultdict(set)
    memberships = Membership.objects.filter(
        organization=organization, active=True, role__in=[Role.OFFICE, Role.MANAGER]
    ).select_related("position")
    for m in memberships:
        unit_id = m.unit_id or (m.position.unit_id if m.position is not None else None)
        if unit_id is not None:
            by_unit[unit_id].add(m.user_id)
    return by_unit


def reminders_due(*, organization: Organization, today: date) -> list[Reminder]:
    """Who must be reminded of what today, leaving out the reminders already sent."""
    rounds = list(
        MonitoringRound.objects.filter(
            organization=organization, status=MonitoringRound.Status.OPEN
        ).select_related("plan")
    )
    if not rounds:
        return []
    users = {
        u.pk: u for u in get_user_model().objects.filter(memberships__organization=organization).distinct()
    }
    planners = set(
        Membership.objects.filter(
            organization=organization, active=True, role=Role.PLANNING_OFFICE
        ).values_list("user_id", flat=True)
    )
    by_unit = _users_by_unit(organization)
    sent = set(
        ReminderSent.objects.filter(organization=organization).values_list("user_id", "round_id", "kind")
    )
    reminders: dict[tuple[int, int, str], Reminder] = {}

    def add(user_id: int, round_: MonitoringRound, kind: str, item: str) -> None:
        user = users.get(user_id)
        if user is None or not user.email or (user_id, round_.pk, kind) in sent:
            return
        reminders.setdefault((user_id, round_.pk, kind), Reminder(user, round_, kind)).items.append(item)

    for round_ in rounds:
        kind = _kind_for(round_, today)
        responsible = responsible_units(round_.plan)
        # Lines a revision could not match stay on the earlier version's indicator: nothing is due.
        submissions = Submission.objects.filter(
            round=round_, organization=organization, indicator__plan=round_.plan_id
        ).select_related("indicator")
        for s in submissions.order_by("indicator__position", "pk"):
            item = f"{s.indicator.code} — {s.indicator.description}"
            if kind is not None and s.state in PENDING:
                for unit_id in responsible.get(s.indicator_id, frozenset()):
                    for user_id in by_unit.get(unit_id, ()):
                        add(user_id, round_, kind, item)
            if s.state == Submission.State.SUBMITTED and today >= round_.due_date:
                for user_id in planners:
                    add(user_id, round_, ReminderSent.Kind.REVIEW, item)
    return sorted(reminders.values(), key=lambda r: (r.round.pk, r.kind, r.user.get_username()))


def reminders_send(*, organization: Organization, reminders: list[Reminder]) -> int:
    """Send each reminder by e-mail and record it, so that it is not sent again."""
    for reminder in reminders:
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(
                organization=organization,
                user=reminder.user,
                round=reminder.round,
                kind=reminder.kind,
                defaults={"items": len(reminder.items)},
            )
            if not created:
                continue
            send_mail(
                reminder.subject,
                reminder.body,
                settings.DEFAULT_FROM_EMAIL,
                [reminder.user.email],
            )
            audit_record(
                organization=organization,
                actor=None,
                action="monitoring.remind",
                object_type="monitoring.MonitoringRound",
                object_id=str(reminder.round.pk),
                object_repr=str(reminder.round),
                after={
                    "user": reminder.user.get_username(),
                    "kind": reminder.kind,
                    "items": len(reminder.items),
                },
            )
    return len(reminders)
