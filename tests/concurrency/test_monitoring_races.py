"""Two first entries of the same value, an entry racing its review, and rescoring two indicators
of the same plan at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from cannocchiale.core.concurrency import EditConflict
from cannocchiale.evaluation import incremental
from cannocchiale.evaluation.batch import CURRENT, batch_score
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.monitoring import services as monitoring_services
from cannocchiale.monitoring.models import Measurement, Submission
from cannocchiale.monitoring.services import (
    MeasurementInput,
    MonitoringError,
    measurement_review,
    measurement_submit,
)
from tests.concurrency.conftest import meeting_point, postgresql_only, run_together, wrap_after
from tests.evaluation.test_incremental_rescoring import stored
from tests.monitoring.helpers import access, june_round, submission
from tests.web.helpers import World

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True), pytest.mark.slow]

CODE = "1A0101.1"  # target 93: any value from 93 up is on target


def enter(world: World, sub: Submission, value: int, **kwargs: Any) -> Submission:
    return measurement_submit(
        access=access(world, "office"),
        actor=world.users["office"],
        submission=sub,
        data=MeasurementInput(value=Decimal(value)),
        **kwargs,
    )


def test_two_first_entries_at_once_make_one_measurement(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = june_round(world)
    first, second = submission(round_, CODE), submission(round_, CODE)
    assert first.measurement is None
    # Both have passed the checks made before writing when they go on.
    wrap_after(monitoring_services, "_may_enter", monkeypatch, meeting_point(2))

    outcomes = run_together(lambda: enter(world, first, 95), lambda: enter(world, second, 97))

    assert [o.error for o in outcomes] == [None, None]
    rows = list(
        Measurement.objects.filter(indicator__code=CODE, indicator__plan=round_.plan, date=round_.as_of)
    )
    assert len(rows) == 1
    saved = submission(round_, CODE)
    assert saved.measurement_id == rows[0].pk
    assert rows[0].value in (Decimal(95), Decimal(97))
    assert saved.version == 3  # two entries, one after the other


def test_two_first_entries_from_the_same_form_version_tell_the_second(world: World) -> None:
    round_ = june_round(world)
    first, second = submission(round_, CODE), submission(round_, CODE)

    outcomes = run_together(
        lambda: enter(world, first, 95, version=first.version),
        lambda: enter(world, second, 97, version=second.version),
    )

    errors = [o.error for o in outcomes if o.error is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], EditConflict)
    assert Measurement.objects.filter(indicator__code=CODE, indicator__plan=round_.plan).count() == 1
    winner = "95" if outcomes[0].error is None else "97"
    assert f"«{winner}»" in str(errors[0])


def test_an_entry_racing_its_review_never_undoes_the_acceptance_silently(world: World) -> None:
    round_ = june_round(world)
    enter(world, submission(round_, CODE), 95)
    # The office corrects the value while the planning office accepts the one it read.
    office_view, reviewer_view = submission(round_, CODE), submission(round_, CODE)
    read_at = office_view.version

    outcomes = run_together(
        lambda: enter(world, office_view, 99, version=read_at),
        lambda: measurement_review(
            access=access(world, "planning_office"),
            actor=world.users["planning_office"],
            submission=reviewer_view,
            accept=True,
            version=read_at,
        ),
    )

    errors = [o.error for o in outcomes if o.error is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], (EditConflict, MonitoringError))
    saved = submission(round_, CODE)
    assert saved.measurement is not None
    if outcomes[1].error is None:  # the review went first: accepted, the value it saw
        assert saved.state == Submission.State.ACCEPTED
        assert saved.measurement.value == Decimal(95)
    else:  # the entry went first: the new value waits for a review of its own
        assert saved.state == Submission.State.SUBMITTED
        assert saved.measurement.value == Decimal(99)
        assert "99" in str(errors[0])


def test_two_entries_of_the_same_plan_at_once_rescore_without_error_and_without_losing_either(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = june_round(world)
    plan = round_.plan
    batch_score(plans=[plan], dates=[CURRENT])
    # Two indicators of the same strategic objective: both move it, its area and the plan.
    a, b = submission(round_, CODE), submission(round_, "1A.1")
    # Both have read the stored figures above their indicator when they go on to write them.
    wrap_after(incremental, "_stored_rows", monkeypatch, meeting_point(2))

    outcomes = run_together(
        lambda: enter(world, a, 95),
        lambda: measurement_submit(
            access=access(world, "planning_office"),
            actor=world.users["planning_office"],
            submission=b,
            data=MeasurementInput(value=Decimal(3)),  # target "< 4gg"
        ),
    )

    assert [o.error for o in outcomes] == [None, None]
    after_both = stored(plan)
    ComputedScore.objects.filter(plan=plan, as_of=CURRENT).delete()
    batch_score(plans=[plan], dates=[CURRENT])
    assert after_both == stored(plan)
