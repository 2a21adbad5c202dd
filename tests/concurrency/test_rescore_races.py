"""Two measurement writers of the same plan at once: each bumps the plan's data version inside its
transaction and rescores after its commit; the stored figures end as a from-scratch scoring."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cannocchiale.engine import RULES_VERSION
from cannocchiale.evaluation.batch import CURRENT, plan_rescore
from cannocchiale.evaluation.models import ComputedScore, ScoreState
from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from cannocchiale.planning.models import Plan
from tests.concurrency.conftest import postgresql_only, run_together
from tests.evaluation.test_incremental_rescoring import stored
from tests.monitoring.helpers import access, june_round, submission
from tests.web.helpers import World

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_two_measurements_at_once_rescored_after_commit_equal_a_scoring_from_scratch(
    world: World,
) -> None:
    round_ = june_round(world)
    plan = round_.plan
    plan_rescore(plan)
    a, b = submission(round_, "1A0101.1"), submission(round_, "1A.1")
    # No meeting point inside: the version's increment locks the plan's row, so the second
    # writer waits there for the first's commit, and rescoring after it sees both changes or one.

    outcomes = run_together(
        lambda: measurement_submit(
            access=access(world, "office"),
            actor=world.users["office"],
            submission=a,
            data=MeasurementInput(value=Decimal(95)),
        ),
        lambda: measurement_submit(
            access=access(world, "planning_office"),
            actor=world.users["planning_office"],
            submission=b,
            data=MeasurementInput(value=Decimal(3)),
        ),
    )

    assert [o.error for o in outcomes] == [None, None]
    after_both = stored(plan)
    state = ScoreState.objects.get(plan=plan)
    assert (state.data_version, state.rules_version) == (
        Plan.objects.get(pk=plan.pk).data_version,
        RULES_VERSION,
    )
    ComputedScore.objects.filter(plan=plan, as_of=CURRENT).delete()
    plan_rescore(plan)
    assert after_both == stored(plan)
