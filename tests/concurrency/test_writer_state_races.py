"""A writer re-reads the state it depends on inside its transaction, under the row's lock.

Checked before the transaction, the state can change in between: an approval committed while a
target is being saved would let the edit change an approved plan; two openings of the round of
the same date would both find none and both insert it. Each race is made certain by a meeting
point after the writer's check (before the fix the second writer waits there for the first one's
commit; after it, the lock keeps the other writer out and the meeting point gives up)."""

from __future__ import annotations

import datetime as dt

import pytest

from cannocchiale.accounts.access import Access, access_for
from cannocchiale.audit.models import AuditEvent
from cannocchiale.monitoring import services as monitoring_services
from cannocchiale.monitoring.models import MonitoringRound
from cannocchiale.monitoring.services import MonitoringError, round_open
from cannocchiale.planning import services as planning_services
from cannocchiale.planning.models import Plan, Target
from cannocchiale.planning.services import PlanLocked, plan_approve, target_update
from tests.concurrency.conftest import meeting_point, postgresql_only, run_together, wrap_after
from tests.web.helpers import World

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_target_saved_while_the_plan_is_approved_is_either_before_the_approval_or_refused(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = Plan.objects.get(organization=world.organization, year=2018)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    target = Target.objects.select_related("indicator__plan").filter(indicator__plan=plan, year=2018).first()
    assert target is not None
    office = world.users["planning_office"]
    access = access_for(office, world.organization)
    meet = meeting_point(2)
    # The editor, having found the plan a draft, waits for the approval to be committed.
    wrap_after(planning_services, "_ensure_draft", monkeypatch, meet)

    def approve() -> Plan:
        approved = plan_approve(
            access=access,
            plan=Plan.objects.get(pk=plan.pk),
            act="Delibera di Giunta n. 10",
            date=dt.date(2018, 1, 31),
            actor=office,
        )
        meet()
        return approved

    edit, approval = run_together(
        lambda: target_update(access=access, target=target, text="almeno 42", actor=office), approve
    )

    assert approval.error is None, approval
    assert Plan.objects.get(pk=plan.pk).status == Plan.Status.APPROVED
    events = {e.action: e.pk for e in AuditEvent.objects.filter(action__in=["target.update", "plan.approve"])}
    if edit.error is None:
        # Saved: then it was saved while the plan was still a draft, before the approval.
        assert events["target.update"] < events["plan.approve"], "a target changed in an approved plan"
    else:
        assert isinstance(edit.error, PlanLocked), edit
        assert Target.objects.get(pk=target.pk).text == target.text
        assert "target.update" not in events


def test_of_two_openings_of_the_round_of_the_same_date_the_second_is_refused_in_words(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = Plan.objects.get(organization=world.organization, year=2018)
    system = Access.system(world.organization)
    meet = meeting_point(2)
    # Each opener, having found no round at that date, waits for the other before inserting.
    wrap_after(monitoring_services, "_date_free", monkeypatch, meet)

    def open_round() -> MonitoringRound:
        return round_open(
            access=system,
            plan=Plan.objects.get(pk=plan.pk),
            name="Monitoraggio al 30 giugno",
            as_of=dt.date(2018, 6, 30),
            due_date=dt.date(2018, 7, 31),
            actor=None,
        )

    outcomes = run_together(open_round, open_round)

    errors = [o.error for o in outcomes if o.error is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], MonitoringError), errors[0]
    assert "esiste già un monitoraggio" in str(errors[0])
    assert MonitoringRound.objects.filter(plan=plan, as_of=dt.date(2018, 6, 30)).count() == 1
