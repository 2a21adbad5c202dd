"""One path scores an indicator, one rule decides a deviation (issue 11, point 1).

The monitoring round's line, the stored figures, the scores page and the Relazione used to score
and judge the same value each their own way; these probes are the cases where they disagreed.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cannocchiale.engine.target_parser import parse_target
from cannocchiale.evaluation.batch import current_scores
from cannocchiale.evaluation.models import ScoringPolicy as ScoringPolicyRow
from cannocchiale.evaluation.services import plan_score
from cannocchiale.monitoring.models import Measurement
from cannocchiale.monitoring.services import MeasurementInput, MonitoringError, measurement_submit
from cannocchiale.planning.models import Indicator, Plan
from cannocchiale.reports.documents.relazione import build_relazione
from tests.monitoring.helpers import access, june_round, submission


def _submit(world, round_, code, **values):  # type: ignore[no-untyped-def]
    return measurement_submit(
        access=access(world, "office"),
        actor=world.users["office"],
        submission=submission(round_, code),
        data=MeasurementInput(**values),
    )


def test_a_row_without_value_does_not_drop_the_reference_year_anywhere(world) -> None:  # type: ignore[no-untyped-def]
    # 2017 measured 10 on 30 June, then a row with only a note on 31 December: 2017's actual is 10
    # for the round's line and for every stored figure alike.
    indicator = Indicator.objects.get(plan__organization=world.organization, code="1A0101.1")
    target = indicator.targets.get(year=2018)
    parsed = parse_target("> del 2017", year=2018)
    target.text, target.kind, target.structured = parsed.text, parsed.kind, parsed.to_dict()
    target.save()
    org = world.organization
    Measurement.objects.create(organization=org, indicator=indicator, date=date(2017, 6, 30), value=10)
    Measurement.objects.create(
        organization=org, indicator=indicator, date=date(2017, 12, 31), value=None, note="verbale allegato"
    )
    round_ = june_round(world)
    saved = _submit(world, round_, "1A0101.1", value=Decimal("12"))
    assert saved.achievement == Decimal(100)
    plan = Plan.objects.get(organization=org, year=2018)
    live = next(i for i in plan_score(plan=plan).indicators if i.key == "1A0101.1")
    assert live.score.achievement == Decimal(100)
    assert current_scores(plan)[("indicator", "1A0101.1")].achievement == Decimal(100)


@pytest.fixture
def ninety_is_green(world) -> None:  # type: ignore[no-untyped-def]
    ScoringPolicyRow.objects.create(
        organization=world.organization,
        valid_from_year=2018,
        settings={
            "status_rules": [
                {"min_achievement": "90", "status": "green"},
                {"min_achievement": "0", "status": "red"},
            ]
        },
    )


def test_a_95_percent_value_is_a_deviation_everywhere_even_when_90_is_green(
    client,  # type: ignore[no-untyped-def]
    world,
    ninety_is_green: None,
) -> None:
    # ">= 90%" measured 85.5: 95 %, green under this policy, yet the target is missed.
    round_ = june_round(world)
    line = submission(round_, "1A0101.1")
    client.force_login(world.users["office"])
    check = client.post(
        reverse("web:measurement_check", args=[world.organization.code, 2018, round_.pk, line.pk]),
        {"value": "85.5"},
    ).content.decode()
    assert "Fuori target: raggiungimento 95 %" in check
    with pytest.raises(MonitoringError, match="azione correttiva"):
        _submit(world, round_, "1A0101.1", value=Decimal("85.5"))
    saved = _submit(
        world, round_, "1A0101.1", value=Decimal("85.5"), explanation="Picco di pratiche", action="Turni"
    )
    assert saved.off_target
    plan = Plan.objects.get(organization=world.organization, year=2018)
    document = build_relazione(plan=plan)
    table = next(t for t in document.tables() if t.sheet == "Scostamenti")
    listed = {row[0].text: row for row in table.rows}
    assert "1A0101.1" in listed
    assert "Picco di pratiche" in listed["1A0101.1"][-1].text
