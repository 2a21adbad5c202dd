"""Opening, closing and locking a monitoring round."""

from __future__ import annotations

import pytest

from cannocchiale.audit.models import AuditEvent
from cannocchiale.monitoring.models import MonitoringRound, Submission
from cannocchiale.monitoring.services import MonitoringError, round_status_set
from cannocchiale.planning.models import Indicator
from tests.monitoring.helpers import access, june_round, submission


def test_opening_a_round_lists_every_indicator_of_the_plan_to_enter(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    assert round_.submissions.count() == Indicator.objects.filter(plan=round_.plan).count()
    assert submission(round_, "1A0101.1").state == Submission.State.TO_ENTER


def test_a_value_already_measured_at_the_round_date_waits_for_review(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    measured = submission(round_, "1A.1")  # 3,8 days against "< 4gg"
    assert measured.state == Submission.State.SUBMITTED
    assert measured.measurement is not None
    assert not measured.off_target


def test_two_rounds_at_the_same_date_are_refused(world) -> None:  # type: ignore[no-untyped-def]
    june_round(world)
    with pytest.raises(MonitoringError):
        june_round(world)


def test_the_planning_office_closes_locks_and_unlocks_with_audit(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    planner = access(world, "planning_office")
    actor = world.users["planning_office"]
    round_status_set(access=planner, round_=round_, status=MonitoringRound.Status.CLOSED, actor=actor)
    round_status_set(access=planner, round_=round_, status=MonitoringRound.Status.LOCKED, actor=actor)
    round_status_set(access=planner, round_=round_, status=MonitoringRound.Status.CLOSED, actor=actor)
    events = AuditEvent.objects.filter(action="monitoring.round_status", object_id=str(round_.pk)).order_by(
        "id"
    )
    assert [(e.before["status"], e.after["status"]) for e in events] == [
        ("open", "closed"),
        ("closed", "locked"),
        ("locked", "closed"),
    ]


def test_an_office_cannot_lock_a_round(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    with pytest.raises(MonitoringError):
        round_status_set(
            access=access(world, "office"), round_=round_, status="locked", actor=world.users["office"]
        )


def test_a_locked_round_cannot_be_reopened_directly(world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    planner = access(world, "planning_office")
    round_status_set(access=planner, round_=round_, status="locked", actor=world.users["planning_office"])
    with pytest.raises(MonitoringError):
        round_status_set(access=planner, round_=round_, status="open", actor=world.users["planning_office"])
