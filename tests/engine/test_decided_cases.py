"""DESIGN.md, "Scoring (the default SMVP)", paragraph "Decided cases": one test per case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cannocchiale.engine.policy import Band, ScoringPolicy, apply_bands
from cannocchiale.engine.rollup import objective_achievement
from cannocchiale.engine.scoring import Actual, score_indicator
from cannocchiale.engine.target import Target
from cannocchiale.evaluation.inputs import MeasurementRow, engine_inputs

D = Decimal
POLICY = ScoringPolicy()
MORE_THAN_2017 = Target("> del 2017", "at_least", strict=True, reference={"year": 2017})


def _row(day: date, value: str | None) -> MeasurementRow:
    return MeasurementRow(day, D(value) if value is not None else None, None, None, None, "")


def test_row_without_value_never_replaces_earlier_value() -> None:
    rows = [
        _row(date(2017, 6, 30), "10"),
        _row(date(2017, 12, 31), None),
        _row(date(2018, 3, 31), "7"),
        _row(date(2018, 6, 30), None),
    ]
    inputs = engine_inputs(rows, year=2018, as_of=date(2018, 6, 30))
    assert inputs.reference_actuals == {2017: D(10)}
    assert inputs.actual is not None
    assert inputs.actual.value == D(7)


def test_strict_relative_threshold_only_equalled_is_not_met() -> None:
    equal = Actual(value=D(10))
    binary = score_indicator(
        MORE_THAN_2017, equal, policy=POLICY, final=True, reference_actuals={2017: D(10)}, year=2018
    )
    assert binary.achievement == D(0)
    proportional = score_indicator(
        MORE_THAN_2017,
        equal,
        policy=ScoringPolicy(relative_mode="proportional"),
        final=True,
        reference_actuals={2017: D(10)},
        year=2018,
    )
    assert proportional.achievement == POLICY.strict_equal


def test_strict_near_miss_never_scores_more_than_equality() -> None:
    target = Target("> 100", "at_least", value=D(100), strict=True)
    near = score_indicator(target, Actual(value=D("99.9")), policy=POLICY, final=True)
    equal = score_indicator(target, Actual(value=D(100)), policy=POLICY, final=True)
    assert equal.achievement == POLICY.strict_equal
    assert near.achievement is not None
    assert near.achievement <= equal.achievement


def test_qualitative_assessment_without_justification_does_not_count() -> None:
    target = Target("migliorare il servizio", "qualitative")
    unjustified = Actual(assessed=D(80), justification="  ")
    during = score_indicator(target, unjustified, policy=POLICY, final=False)
    assert during.achievement is None
    assert during.flagged
    final = score_indicator(target, unjustified, policy=POLICY, final=True)
    assert final.achievement == D(0)
    assert final.flagged


def test_completion_recorded_as_done_scores_as_a_milestone() -> None:
    target = Target("100%", "completion", value=D(100), unit="%")
    done = score_indicator(target, Actual(done=True), policy=POLICY, final=True)
    assert done.achievement == D(100)
    assert score_indicator(target, Actual(done=False), policy=POLICY, final=True).achievement == D(0)


def test_final_round_no_actual_scores_zero_even_with_reference_year() -> None:
    with_reference = score_indicator(MORE_THAN_2017, None, policy=POLICY, final=True, year=2018)
    assert with_reference.achievement == D(0)
    assert with_reference.flagged
    during = score_indicator(MORE_THAN_2017, None, policy=POLICY, final=False, year=2018)
    assert during.achievement is None
    assert during.flagged


def test_actual_without_reference_year_actual_is_not_computable_and_the_objective_says_so() -> None:
    score = score_indicator(
        MORE_THAN_2017, Actual(value=D(12)), policy=POLICY, final=True, year=2018, key="I.1"
    )
    assert score.achievement is None
    assert score.flagged
    other = score_indicator(
        Target(">= 10", "at_least", value=D(10)), Actual(value=D(10)), policy=POLICY, final=True
    )
    objective = objective_achievement([(score, None), (other, None)], policy=POLICY, key="O.1")
    assert objective.achievement == D(100)
    assert objective.flagged
    assert any("I.1" in note for note in objective.explanation.notes)


def test_floor_applies_to_achievement_before_bands() -> None:
    # Bands that would lift 50 % to 70 %: the floor of 60 % is read on the 50 %, so it scores 0 %.
    policy = ScoringPolicy(floor=D(60), bands=(Band(D(0), D(100), D(40), D(100), high_inclusive=True),))
    target = Target(">= 100", "at_least", value=D(100))
    assert score_indicator(target, Actual(value=D(50)), policy=policy, final=True).achievement == D(0)
    assert score_indicator(target, Actual(value=D(60)), policy=policy, final=True).achievement == D(76)


def test_value_on_band_edge_belongs_to_band_that_starts_there() -> None:
    bands = (
        Band(D(0), D(60), D(0), D(0)),
        Band(D(60), D(99), D(60), D(99), high_inclusive=True),
        Band(D(99), D(100), D(100), D(100), high_inclusive=True),
    )
    assert apply_bands(D(60), bands) == D(60)
    assert apply_bands(D(99), bands) == D(100)
    # The top band includes its upper bound.
    assert apply_bands(D(100), bands) == D(100)
