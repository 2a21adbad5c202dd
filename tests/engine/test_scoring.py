"""The default SMVP scoring rules, one test per rule (DESIGN.md, "Scoring")."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cannocchiale.engine.explanation import (
    Explanation,
    decimal_json,
    format_euro,
    format_number,
    format_percent,
)
from cannocchiale.engine.policy import Band, ScoringPolicy
from cannocchiale.engine.scoring import Actual, Score, ScoringError, round_percent, score_indicator
from cannocchiale.engine.target import Target

D = Decimal
DEFAULT = ScoringPolicy()


def target(kind: Any, text: str = "t", **kwargs: Any) -> Target:
    return Target(text=text, kind=kind, **kwargs)


def at_least(value: str, *, strict: bool = False) -> Target:
    return target("at_least", f"{'>' if strict else '>='} {value}", value=D(value), strict=strict)


def at_most(value: str, *, strict: bool = False) -> Target:
    return target("at_most", f"{'<' if strict else '<='} {value}", value=D(value), strict=strict)


def score(
    t: Target | None,
    actual: Actual | None = None,
    *,
    value: str | None = None,
    final: bool = True,
    policy: ScoringPolicy = DEFAULT,
    **kwargs: Any,
) -> Score:
    if actual is None and value is not None:
        actual = Actual(value=D(value))
    return score_indicator(t, actual, policy=policy, final=final, **kwargs)


# --- at least, completion ---


def test_at_least_scores_actual_over_target() -> None:
    result = score(at_least("80"), value="60")
    assert result.achievement == D(75)
    assert result.explanation.rule_id == "at_least_ratio"
    assert result.data_state == "ok"
    assert not result.flagged


def test_at_least_is_capped_at_100() -> None:
    assert score(at_least("80"), value="120").achievement == D(100)


def test_at_least_keeps_full_precision() -> None:
    result = score(at_least("3"), value="1")
    assert result.achievement == D(100) / D(3)
    assert round_percent(result.achievement) == D("33.3")


def test_completion_scores_actual_over_target() -> None:
    assert score(target("completion", "100%", value=D(100), unit="%"), value="85").achievement == D(85)


def test_completion_without_a_value_means_100_percent() -> None:
    assert score(target("completion", "completamento"), value="50").achievement == D(50)


def test_completion_reported_as_done_scores_100() -> None:
    result = score(target("completion", "100%", value=D(100)), Actual(done=True))
    assert result.achievement == D(100)


def test_completion_reported_as_not_done_scores_0() -> None:
    assert score(target("completion", "100%", value=D(100)), Actual(done=False)).achievement == D(0)


def test_a_higher_cap_lets_achievement_exceed_100() -> None:
    policy = ScoringPolicy(cap=D(120))
    assert score(at_least("80"), value="200", policy=policy).achievement == D(120)
    assert score(at_least("80"), value="88", policy=policy).achievement == D(110)


def test_at_most_with_a_higher_cap_gives_the_cap_to_an_actual_of_zero() -> None:
    policy = ScoringPolicy(cap=D(130))
    assert score(at_most("10"), value="0", policy=policy).achievement == D(130)
    assert score(at_most("10"), value="5", policy=policy).achievement == D(130)
    assert score(at_most("10"), value="10", policy=policy).achievement == D(100)


# --- at most ---


def test_at_most_scores_target_over_actual() -> None:
    result = score(at_most("26000"), value="32500")
    assert result.achievement == D(80)
    assert result.explanation.rule_id == "at_most_ratio"


def test_at_most_met_scores_100() -> None:
    assert score(at_most("10"), value="4").achievement == D(100)


def test_at_most_with_an_actual_of_zero_is_met() -> None:
    result = score(at_most("5", strict=True), value="0")
    assert result.achievement == D(100)
    assert result.explanation.rule_id == "at_most_binary"


def test_at_most_a_negative_target_is_met_or_not() -> None:
    t = target("at_most", "<= -20%", value=D(-20), unit="%")
    assert score(t, value="-25").achievement == D(100)
    assert score(t, value="-10").achievement == D(0)
    assert score(t, value="-10").explanation.rule_id == "at_most_binary"


def test_at_least_with_a_non_positive_actual_is_not_met() -> None:
    assert score(at_least("3"), value="0").achievement == D(0)
    assert score(at_least("3"), value="-2").achievement == D(0)


def test_at_least_a_negative_target_is_met_or_not() -> None:
    t = at_least("-5")
    assert score(t, value="-4").achievement == D(100)
    assert score(t, value="-6").achievement == D(0)


# --- strict thresholds ---


def test_strict_threshold_only_equalled_scores_99() -> None:
    result = score(at_least("3", strict=True), value="3")
    assert result.achievement == D(99)
    assert result.explanation.rule_id == "at_least_strict_equal"


def test_strict_at_most_only_equalled_scores_99() -> None:
    assert score(at_most("5", strict=True), value="5").achievement == D(99)


def test_strict_threshold_exceeded_scores_100() -> None:
    assert score(at_least("3", strict=True), value="4").achievement == D(100)
    assert score(at_most("5", strict=True), value="4").achievement == D(100)


def test_strict_threshold_not_met_never_scores_more_than_equalled() -> None:
    assert score(at_least("1000", strict=True), value="999").achievement == D(99)
    assert score(at_least("1000", strict=True), value="500").achievement == D(50)


def test_strict_equal_score_is_a_policy_setting() -> None:
    policy = ScoringPolicy(strict_equal=D(95))
    assert score(at_least("3", strict=True), value="3", policy=policy).achievement == D(95)


def test_strict_threshold_with_non_positive_values_only_equalled_scores_99() -> None:
    assert score(at_most("0", strict=True), value="0").achievement == D(99)


# --- range ---


def test_range_scores_100_inside() -> None:
    t = target("range", "85% - 90%", low=D(85), high=D(90))
    assert score(t, value="87").achievement == D(100)
    assert score(t, value="85").achievement == D(100)
    assert score(t, value="90").achievement == D(100)


def test_range_below_scores_ratio_to_low_bound() -> None:
    t = target("range", "380% - 390%", low=D(380), high=D(390))
    result = score(t, value="342")
    assert result.achievement == D(90)
    assert result.explanation.rule_id == "range_ratio"


def test_range_above_scores_ratio_to_high_bound() -> None:
    t = target("range", "85% - 90%", low=D(85), high=D(90))
    assert score(t, value="100").achievement == D(90)


def test_range_outside_with_non_positive_values_scores_0() -> None:
    t = target("range", "-10 - -5", low=D(-10), high=D(-5))
    assert score(t, value="-20").achievement == D(0)
    assert score(t, value="-7").achievement == D(100)


def test_range_without_bounds_has_no_score() -> None:
    result = score(target("range", "tra qualcosa", low=D(1)), value="3")
    assert result.achievement is None
    assert result.data_state == "target_missing"


# --- relative to another year ---


def relative(kind: Any = "at_least", strict: bool = True, **reference: int) -> Target:
    return target(kind, "> del 2016", strict=strict, reference=reference)


def test_relative_target_met_scores_100() -> None:
    result = score(relative(year=2016), value="120", reference_actuals={2016: D(100)})
    assert result.achievement == D(100)
    assert result.explanation.rule_id == "relative_binary"


def test_relative_target_not_met_scores_0_by_default() -> None:
    assert score(relative(year=2016), value="90", reference_actuals={2016: D(100)}).achievement == D(0)


def test_relative_target_proportional_when_the_policy_says_so() -> None:
    policy = ScoringPolicy(relative_mode="proportional")
    result = score(relative(year=2016), value="90", reference_actuals={2016: D(100)}, policy=policy)
    assert result.achievement == D(90)
    assert result.explanation.rule_id == "relative_at_least_ratio"


def test_relative_years_back_resolves_against_the_year() -> None:
    t = relative("at_most", strict=False, years_back=1)
    assert score(t, value="40", year=2018, reference_actuals={2017: D(50)}).achievement == D(100)
    assert score(t, value="60", year=2018, reference_actuals={2017: D(50)}).achievement == D(0)


def test_relative_strict_only_equalled_is_not_met() -> None:
    # Decided case (DESIGN.md): 0 % in the default met-or-not mode.
    assert score(relative(year=2016), value="100", reference_actuals={2016: D(100)}).achievement == D(0)


def test_relative_target_with_a_missing_reference_actual_is_flagged_and_unscored() -> None:
    result = score(relative(year=2016), value="120", reference_actuals={2015: D(1)})
    assert result.achievement is None
    assert result.flagged
    assert result.flag == "reference_missing"
    assert result.explanation.inputs["anno_di_riferimento"] == 2016


def test_relative_years_back_without_a_year_is_flagged_and_unscored() -> None:
    result = score(relative(years_back=1), value="120", reference_actuals={2017: D(1)})
    assert result.achievement is None
    assert result.flag == "reference_missing"


def test_relative_target_with_no_actual_at_the_final_round_scores_0() -> None:
    # Decided case (DESIGN.md): no actual at the final round is 0 %, whatever the threshold.
    result = score(relative(year=2016), None, final=True)
    assert result.achievement == D(0)
    assert result.flag == "actual_missing"


# --- deadline ---


def deadline(on: date | Any) -> Target:
    return target("deadline", "entro il 30 giugno", deadline=on)


def test_deadline_on_time_scores_100() -> None:
    assert score(deadline(date(2018, 6, 30)), Actual(completed_on=date(2018, 6, 30))).achievement == D(100)


def test_deadline_late_scores_0_by_default() -> None:
    result = score(deadline(date(2018, 6, 30)), Actual(completed_on=date(2018, 7, 1)))
    assert result.achievement == D(0)
    assert result.explanation.inputs["giorni_di_ritardo"] == 1


def test_deadline_late_score_is_a_policy_setting() -> None:
    policy = ScoringPolicy(late_score=D(50))
    assert score(
        deadline(date(2018, 6, 30)), Actual(completed_on=date(2018, 8, 1)), policy=policy
    ).achievement == (D(50))


def test_deadline_late_penalty_per_day_beyond_grace() -> None:
    policy = ScoringPolicy(late_penalty_per_day=D(2), late_grace_days=5)
    late = Actual(completed_on=date(2018, 7, 10))  # 10 days late, 5 beyond grace
    result = score(deadline(date(2018, 6, 30)), late, policy=policy)
    assert result.achievement == D(90)
    assert result.explanation.rule_id == "deadline_late_penalty"


def test_deadline_late_penalty_never_goes_below_0() -> None:
    policy = ScoringPolicy(late_penalty_per_day=D(10))
    assert score(
        deadline(date(2018, 6, 30)), Actual(completed_on=date(2018, 12, 31)), policy=policy
    ).achievement == (D(0))


def test_deadline_within_grace_days_scores_100() -> None:
    policy = ScoringPolicy(late_grace_days=3)
    result = score(deadline(date(2018, 6, 30)), Actual(completed_on=date(2018, 7, 3)), policy=policy)
    assert result.achievement == D(100)
    assert result.explanation.rule_id == "deadline_grace"


def test_relative_deadline_resolves_with_the_event_date() -> None:
    t = deadline({"days_after": 60, "event": "Decreto"})
    events = {"Decreto": date(2018, 3, 1)}
    assert score(t, Actual(completed_on=date(2018, 4, 30)), event_dates=events).achievement == D(100)
    assert score(t, Actual(completed_on=date(2018, 5, 1)), event_dates=events).achievement == D(0)


def test_relative_deadline_without_the_event_date_is_flagged_and_unscored() -> None:
    result = score(deadline({"days_after": 60, "event": "Decreto"}), Actual(completed_on=date(2018, 4, 30)))
    assert result.achievement is None
    assert result.flag == "event_date_missing"
    assert result.data_state == "target_missing"


def test_deadline_without_a_date_has_no_score() -> None:
    assert score(deadline(None), Actual(completed_on=date(2018, 4, 30))).achievement is None


# --- milestone ---


def test_milestone_done_scores_100() -> None:
    assert score(target("milestone", "realizzazione"), Actual(done=True)).achievement == D(100)


def test_milestone_not_done_scores_0() -> None:
    result = score(target("milestone", "realizzazione"), Actual(done=False))
    assert result.achievement == D(0)
    assert not result.flagged


def test_milestone_with_a_completion_date_counts_as_done() -> None:
    assert score(
        target("milestone", "report finale"), Actual(completed_on=date(2018, 5, 1))
    ).achievement == D(100)


# --- qualitative ---


def test_qualitative_scores_the_assessed_percentage_with_justification() -> None:
    result = score(target("qualitative", "buona"), Actual(assessed=D(85), justification="Giudizi positivi."))
    assert result.achievement == D(85)
    assert result.explanation.inputs["motivazione"] == "Giudizi positivi."
    assert not result.flagged


def test_qualitative_assessment_without_justification_is_flagged_and_unscored() -> None:
    result = score(target("qualitative", "buona"), Actual(assessed=D(85), justification="  "), final=False)
    assert result.achievement is None
    assert result.flagged
    assert result.data_state == "assessment_missing"
    assert result.flag == "justification_missing"


def test_qualitative_without_assessment_during_the_year_is_flagged_and_unscored() -> None:
    result = score(target("qualitative", "buona"), None, final=False)
    assert result.achievement is None
    assert result.data_state == "assessment_missing"


def test_qualitative_without_assessment_at_the_final_round_scores_0_and_is_flagged() -> None:
    result = score(target("qualitative", "buona"), None, final=True)
    assert result.achievement == D(0)
    assert result.flagged
    assert result.status == "red"


def test_qualitative_assessment_is_kept_within_0_and_the_cap() -> None:
    assert score(target("qualitative", "x"), Actual(assessed=D(130), justification="ok")).achievement == D(
        100
    )


# --- missing data ---


def test_final_round_with_no_actual_scores_0_and_is_flagged() -> None:
    result = score(at_least("80"), None, final=True)
    assert result.achievement == D(0)
    assert result.flagged
    assert result.data_state == "actual_missing"
    assert result.status == "red"
    assert result.explanation.rule_id == "actual_missing_final"


def test_during_the_year_no_actual_is_left_out_and_flagged() -> None:
    result = score(at_least("80"), Actual(), final=False)
    assert result.achievement is None
    assert result.status is None
    assert result.flagged
    assert result.data_state == "actual_missing"


def test_deadline_without_completion_date_at_final_round_scores_0() -> None:
    assert score(deadline(date(2018, 6, 30)), Actual(done=False)).achievement == D(0)


def test_no_target_is_flagged_and_unscored() -> None:
    result = score(None, value="3")
    assert result.achievement is None
    assert result.data_state == "target_missing"
    assert result.flagged


def test_at_least_without_a_value_is_target_missing() -> None:
    assert score(target("at_least", "almeno"), value="3").data_state == "target_missing"


def test_stale_value_is_scored_and_flagged() -> None:
    result = score(at_least("80"), value="80", stale=True)
    assert result.achievement == D(100)
    assert result.data_state == "stale"
    assert result.flagged


# --- floor and bands ---


def test_below_the_floor_scores_0() -> None:
    policy = ScoringPolicy(floor=D(50))
    assert score(at_least("100"), value="40", policy=policy).achievement == D(0)
    assert score(at_least("100"), value="50", policy=policy).achievement == D(50)


def test_bands_map_achievement_with_linear_interpolation() -> None:
    policy = ScoringPolicy(bands=(Band(D(0), D(50), D(0), D(0)), Band(D(50), D(100), D(40), D(100), True)))
    assert score(at_least("100"), value="40", policy=policy).achievement == D(0)
    assert score(at_least("100"), value="75", policy=policy).achievement == D(70)
    assert score(at_least("100"), value="100", policy=policy).achievement == D(100)


def test_floor_applies_before_bands() -> None:
    policy = ScoringPolicy(floor=D(30), bands=(Band(D(0), D(100), D(20), D(100), True),))
    result = score(at_least("100"), value="20", policy=policy)
    assert result.achievement == D(0)  # below the floor: 0 %, the bands map only what reaches it
    assert len(result.explanation.notes) == 1


# --- forced scores ---


def test_forced_score_with_justification_wins() -> None:
    actual = Actual(value=D(10), forced=D(90), forced_justification="Causa di forza maggiore documentata.")
    result = score(at_least("100"), actual)
    assert result.achievement == D(90)
    assert result.forced
    assert result.explanation.rule_id == "forced"
    assert result.explanation.inputs["raggiungimento_calcolato"] == "10"
    assert result.explanation.children[0].rule_id == "at_least_ratio"


def test_forced_score_without_justification_is_refused() -> None:
    with pytest.raises(ScoringError):
        score(at_least("100"), Actual(value=D(10), forced=D(90), forced_justification=" "))


def test_forced_score_outside_0_and_cap_is_refused() -> None:
    with pytest.raises(ScoringError):
        score(at_least("100"), Actual(forced=D(101), forced_justification="x"))


def test_forced_score_works_without_a_target() -> None:
    assert score(None, Actual(forced=D(70), forced_justification="x")).achievement == D(70)


# --- status and display ---


@pytest.mark.parametrize(
    ("actual", "status"), [("100", "green"), ("95", "yellow"), ("90", "yellow"), ("89.99", "red")]
)
def test_status_comes_from_the_first_matching_rule(actual: str, status: str) -> None:
    assert score(at_least("100"), value=actual).status == status


def test_round_percent_rounds_half_up_to_one_decimal() -> None:
    assert round_percent(D("83.35")) == D("83.4")
    assert round_percent(D("83.349")) == D("83.3")
    assert round_percent(D("99.95")) == D("100.0")


def test_score_to_dict_is_json_with_exact_strings() -> None:
    result = score(at_least("3"), value="1", key="1A.1")
    data = result.to_dict()
    json.dumps(data)
    assert data["key"] == "1A.1"
    assert data["achievement"].startswith("33.33333")
    assert data["achievement_display"] == "33.3"
    assert data["status"] == "red"
    assert data["data_state"] == "ok"
    assert data["flagged"] is False
    assert data["explanation"]["rule_id"] == "at_least_ratio"
    assert data["explanation"]["outcome"] == "33,3 %"
    assert data["explanation"]["key"] == "1A.1"


def test_unscored_to_dict_has_null_achievement() -> None:
    data = score(at_least("3"), None, final=False, key="X").to_dict()
    assert data["achievement"] is None
    assert data["achievement_display"] is None
    assert data["explanation"]["outcome"] == "non calcolato"
    assert data["key"] == "X"


def test_explanation_rule_is_italian_and_names_the_cap() -> None:
    rule = score(at_least("80"), value="60").explanation.rule
    assert rule == "almeno: raggiungimento = effettivo / target, massimo 100 %"


# --- explanation helpers ---


def test_explanation_to_dict_nests_children() -> None:
    child = Explanation("a", "regola a", {"x": "1"}, "1 %", key="c")
    parent = Explanation("b", "regola b", {}, "2 %", children=(child,), notes=("nota",), key="p")
    assert parent.to_dict() == {
        "key": "p",
        "rule_id": "b",
        "rule": "regola b",
        "inputs": {},
        "outcome": "2 %",
        "notes": ["nota"],
        "children": [
            {
                "key": "c",
                "rule_id": "a",
                "rule": "regola a",
                "inputs": {"x": "1"},
                "outcome": "1 %",
                "notes": [],
                "children": [],
            }
        ],
    }


def test_explanation_keeps_its_own_copy_of_the_inputs() -> None:
    inputs: dict[str, Any] = {"x": 1}
    explanation = Explanation("a", "r", inputs, "o")
    inputs["x"] = 2
    assert explanation.inputs["x"] == 1


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("1E+2"), "100"), (D("100.00"), "100"), (D("0.50"), "0.5"), (D("-48999.5"), "-48999.5"), (None, None)],
)
def test_decimals_are_written_to_json_as_exact_strings(value: Decimal | None, text: str | None) -> None:
    assert decimal_json(value) == text


def test_numbers_are_formatted_the_italian_way() -> None:
    assert format_percent(D("83.35")) == "83,4 %"
    assert format_percent(D("99.99")) == "100 %"
    assert format_percent(None) == "—"
    assert format_number(D("26000.5")) == "26.000,5"
    assert format_number(D("-1234567")) == "-1.234.567"
    assert format_euro(D("1234567.8")) == "1.234.567,80 €"
