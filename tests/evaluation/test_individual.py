"""Individual evaluation: opening the year's sheets, filling them in, closing, acknowledging, reviewing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.web.helpers import World, build_world

from cannocchiale.accounts.access import access_for
from cannocchiale.audit.models import AuditEvent
from cannocchiale.evaluation.individual_services import (
    EvaluationError,
    evaluation_acknowledge,
    evaluation_close,
    evaluation_decide_review,
    evaluation_request_review,
    evaluation_update,
    evaluations_open,
)
from cannocchiale.evaluation.models import IndividualEvaluation
from cannocchiale.evaluation.selectors import evaluation_aggregates, evaluation_sheet

pytestmark = pytest.mark.django_db
D = Decimal
ALL_FOURS = {
    "programmazione": D(4),
    "persone": D(4),
    "utenza": D(4),
    "innovazione": D(4),
    "integrazione": D(4),
}


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def _open(world: World) -> dict[str, IndividualEvaluation]:
    access = access_for(world.users["planning_office"], world.organization)
    opened = evaluations_open(
        organization=world.organization, year=2018, actor=world.users["planning_office"], access=access
    )
    return {e.evaluated_position.code: e for e in opened}


def _as(world: World, role: str):  # type: ignore[no-untyped-def]
    return access_for(world.users[role], world.organization)


def test_opening_the_year_gives_each_manager_the_right_evaluator(world: World) -> None:
    sheets = _open(world)
    assert set(sheets) == {"SG", "DIR-AREA1", "PO-REG"}
    assert sheets["SG"].evaluator_position is None  # the Giunta, on the OIV's proposal
    assert sheets["DIR-AREA1"].evaluator_position.code == "SG"
    assert sheets["PO-REG"].evaluator_position.code == "DIR-AREA1"
    assert sheets["DIR-AREA1"].ratings.count() == 5
    assert _open(world) == {}, "opening twice does not duplicate sheets"


def test_only_the_planning_office_opens_the_evaluations(world: World) -> None:
    with pytest.raises(EvaluationError):
        evaluations_open(
            organization=world.organization, year=2018, actor=None, access=_as(world, "secretary_general")
        )


def test_the_secretary_general_rates_the_director_and_the_total_follows_the_weights(world: World) -> None:
    sheet = _open(world)["DIR-AREA1"]
    evaluation_update(
        evaluation=sheet,
        access=_as(world, "secretary_general"),
        actor=world.users["secretary_general"],
        ratings=ALL_FOURS,
        comments="Buon anno di lavoro.",
        bonus_budget=D("10000"),
    )
    view = evaluation_sheet(evaluation=IndividualEvaluation.objects.get(pk=sheet.pk))
    behaviours = next(line for line in view.lines if line.label.startswith("Comportamenti"))
    assert behaviours.achievement_text == "80 %"
    assert view.total_text != "—"
    assert view.provisional


def test_the_director_may_not_rate_himself(world: World) -> None:
    sheet = _open(world)["DIR-AREA1"]
    with pytest.raises(EvaluationError):
        evaluation_update(
            evaluation=sheet, access=_as(world, "director"), actor=None, ratings=ALL_FOURS, comments=""
        )


def test_a_rating_outside_the_scale_is_refused(world: World) -> None:
    sheet = _open(world)["DIR-AREA1"]
    with pytest.raises(EvaluationError, match="da 1 a 5"):
        evaluation_update(
            evaluation=sheet,
            access=_as(world, "secretary_general"),
            actor=None,
            ratings={"programmazione": D(7)},
            comments="",
        )


def test_closing_needs_every_rating_then_freezes_the_figures(world: World) -> None:
    sheet = _open(world)["DIR-AREA1"]
    sg = _as(world, "secretary_general")
    with pytest.raises(EvaluationError, match="mancano i punteggi"):
        evaluation_close(evaluation=sheet, access=sg, actor=None)
    evaluation_update(
        evaluation=sheet, access=sg, actor=None, ratings=ALL_FOURS, comments="", bonus_budget=D(10000)
    )
    closed = evaluation_close(evaluation=sheet, access=sg, actor=world.users["secretary_general"])
    assert closed.status == "closed"
    assert closed.total is not None
    assert closed.result is not None
    assert closed.policy is not None
    with pytest.raises(EvaluationError):
        evaluation_update(evaluation=closed, access=sg, actor=None, ratings=ALL_FOURS, comments="")


def test_the_secretary_generals_sheet_needs_the_giunta_act_and_is_filled_by_the_oiv(world: World) -> None:
    sheet = _open(world)["SG"]
    oiv = _as(world, "oiv")
    evaluation_update(evaluation=sheet, access=oiv, actor=None, ratings=ALL_FOURS, comments="Proposta")
    with pytest.raises(EvaluationError, match="Giunta"):
        evaluation_close(evaluation=sheet, access=oiv, actor=None)
    evaluation_update(
        evaluation=sheet,
        access=oiv,
        actor=None,
        ratings=ALL_FOURS,
        comments="Proposta",
        approval_act="Delibera 5",
    )
    assert evaluation_close(evaluation=sheet, access=oiv, actor=None).status == "closed"


def test_the_evaluated_person_acknowledges_or_asks_for_a_review(world: World) -> None:
    sheet = _open(world)["DIR-AREA1"]
    sg, director = _as(world, "secretary_general"), _as(world, "director")
    evaluation_update(evaluation=sheet, access=sg, actor=None, ratings=ALL_FOURS, comments="")
    sheet = evaluation_close(evaluation=sheet, access=sg, actor=None)
    with pytest.raises(EvaluationError, match="motivo"):
        evaluation_request_review(evaluation=sheet, access=director, actor=None, reason=" ")
    sheet = evaluation_request_review(
        evaluation=sheet, access=director, actor=None, reason="Obiettivo 2 raggiunto"
    )
    assert sheet.status == "review_requested"
    sheet = evaluation_decide_review(
        evaluation=sheet, access=sg, actor=None, outcome="accepted", note="Rivedo i comportamenti"
    )
    assert sheet.status == "open"
    assert sheet.total is None
    sheet = evaluation_close(evaluation=sheet, access=sg, actor=None)
    sheet = evaluation_acknowledge(evaluation=sheet, access=director, actor=None, note="Presa visione")
    assert sheet.status == "acknowledged"
    assert sheet.acknowledged_at is not None


def test_every_change_is_recorded_with_before_and_after(world: World) -> None:
    sheet = _open(world)["DIR-AREA1"]
    evaluation_update(
        evaluation=sheet,
        access=_as(world, "secretary_general"),
        actor=None,
        ratings={"persone": D(3)},
        comments="x",
    )
    event = AuditEvent.objects.filter(action="evaluation.update", object_id=str(sheet.pk)).get()
    assert event.before["ratings"]["persone"] is None
    assert event.after["ratings"]["persone"] == "3"


def test_aggregates_count_concluded_sheets_and_bonuses(world: World) -> None:
    sheets = _open(world)
    sg = _as(world, "secretary_general")
    sheet = sheets["DIR-AREA1"]
    evaluation_update(
        evaluation=sheet, access=sg, actor=None, ratings=ALL_FOURS, comments="", bonus_budget=D(10000)
    )
    closed = evaluation_close(evaluation=sheet, access=sg, actor=None)
    figures = evaluation_aggregates(organization=world.organization, year=2018)
    assert figures.concluded == 1
    assert figures.in_progress == 2
    # One concluded sheet is one person: its figures are withheld (tests/web/test_privacy_aggregates.py).
    assert figures.suppressed
    assert figures.budgeted is None
    assert figures.paid is None
    assert figures.distribution == []
    type(world.organization).objects.filter(pk=world.organization.pk).update(evaluation_min_group=3)
    for code in ("SG", "PO-REG"):
        other = sheets[code]
        other.status, other.total, other.bonus_share = "closed", D(80), D(50)
        other.bonus_budget = D(2000)
        other.save()
    world.organization.refresh_from_db()
    figures = evaluation_aggregates(organization=world.organization, year=2018)
    assert not figures.suppressed
    assert figures.budgeted == D(14000)
    assert figures.paid == D(10000) * closed.bonus_share / 100 + 2 * D(1000)
    assert sum(count for _, count in figures.distribution) == 3
