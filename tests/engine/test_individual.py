"""Individual evaluation rules: component weights, differentiation, total and bonus share."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cannocchiale.engine.explanation import Explanation
from cannocchiale.engine.individual import (
    DEFAULT_INDIVIDUAL_POLICY,
    IndividualPolicy,
    behaviours_component,
    coefficient_of_variation,
    differentiation_component,
    given_component,
    individual_policy_from_dict,
    individual_policy_to_dict,
    individual_score,
    score_distribution,
)
from cannocchiale.engine.policy import PolicyError

D = Decimal
NOTE = Explanation("given", "dato", {}, "—")
percent = st.decimals(min_value=0, max_value=100, places=2)


def _score(
    unit: Decimal | None,
    objectives: Decimal | None,
    ratings: dict[str, Decimal],
    given_ratings: list[Decimal],
):  # type: ignore[no-untyped-def]
    policy = DEFAULT_INDIVIDUAL_POLICY
    weights = policy.weights_for("director")
    return individual_score(
        "director",
        [
            given_component("unit_result", unit, NOTE, weight=weights["unit_result"]),
            given_component(
                "individual_objectives", objectives, NOTE, weight=weights["individual_objectives"]
            ),
            behaviours_component(ratings, weight=weights["behaviours"], policy=policy),
            differentiation_component(given_ratings, weight=weights["differentiation"], policy=policy),
        ],
    )


ALL = {c.code: D(4) for c in DEFAULT_INDIVIDUAL_POLICY.criteria}


def test_the_director_total_is_the_weighted_sum_of_the_four_components() -> None:
    # 40 × 90 + 25 × 80 + 25 × 80 (all 4 of 5) + 10 × 100 (cv ≥ 10 %) = 86.
    score = _score(D(90), D(80), ALL, [D(50), D(100)])
    assert score.total == D(86)
    assert score.bonus_share == D(86)  # 60–99: proportional
    assert not score.flagged


def test_a_missing_component_is_left_out_and_the_others_rescaled() -> None:
    score = _score(D(90), None, ALL, [D(50), D(100)])
    # (40 × 90 + 25 × 80 + 10 × 100) / 75
    assert score.total == (D(40) * 90 + D(25) * 80 + D(10) * 100) / 75
    assert score.flagged
    assert any("Obiettivi individuali" in n for n in score.explanation.notes)


def test_below_sixty_there_is_no_bonus_and_above_ninety_nine_all() -> None:
    low = {c.code: D(1) for c in DEFAULT_INDIVIDUAL_POLICY.criteria}
    assert _score(D(30), D(30), low, [D(80), D(80)]).bonus_share == 0
    top = {c.code: D(5) for c in DEFAULT_INDIVIDUAL_POLICY.criteria}
    assert _score(D(100), D(100), top, [D(50), D(100)]).bonus_share == 100


def test_equal_ratings_show_no_differentiation_and_one_rating_cannot_measure_it() -> None:
    policy = DEFAULT_INDIVIDUAL_POLICY
    assert differentiation_component([D(80), D(80), D(80)], weight=D(10), policy=policy).achievement == 0
    assert differentiation_component([D(80)], weight=D(10), policy=policy).achievement is None


def test_coefficient_of_variation_is_the_standard_deviation_over_the_mean() -> None:
    assert coefficient_of_variation([D(60), D(100)]) == D(25)  # sd 20, mean 80


@given(
    st.lists(percent.filter(lambda v: v > 0), min_size=2, max_size=20),
    st.decimals(min_value=1, max_value=10, places=1),
)
def test_differentiation_does_not_depend_on_the_rating_scale(values: list[Decimal], factor: Decimal) -> None:
    a = coefficient_of_variation(values)
    b = coefficient_of_variation([v * factor for v in values])
    assert a is not None
    assert b is not None
    assert abs(a - b) < D("1e-12")


@given(
    percent,
    percent,
    st.lists(st.sampled_from([D(1), D(2), D(3), D("3.5"), D(4), D(5)]), min_size=5, max_size=5),
    st.lists(percent, max_size=6),
)
def test_the_total_and_the_bonus_share_stay_within_zero_and_a_hundred(
    unit: Decimal, objectives: Decimal, ratings: list[Decimal], given_ratings: list[Decimal]
) -> None:
    by_code = dict(zip([c.code for c in DEFAULT_INDIVIDUAL_POLICY.criteria], ratings, strict=True))
    score = _score(unit, objectives, by_code, given_ratings)
    assert score.total is not None
    assert 0 <= score.total <= 100
    assert score.bonus_share is not None
    assert 0 <= score.bonus_share <= 100


@given(percent, percent)
def test_a_better_unit_result_never_lowers_the_total(a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    assert _score(low, D(70), ALL, []).total <= _score(high, D(70), ALL, []).total  # type: ignore[operator]


def test_weights_must_sum_to_100_and_the_unit_result_must_prevail() -> None:
    weights = dict(DEFAULT_INDIVIDUAL_POLICY.role_weights)
    weights["po"] = {
        "unit_result": D(20),
        "individual_objectives": D(40),
        "behaviours": D(30),
        "differentiation": D(5),
    }
    with pytest.raises(PolicyError, match="sommano a 95") as error:
        IndividualPolicy(role_weights=weights)
    assert "prevalente" in str(error.value)


def test_the_policy_survives_its_stored_form() -> None:
    assert (
        individual_policy_from_dict(individual_policy_to_dict(DEFAULT_INDIVIDUAL_POLICY))
        == DEFAULT_INDIVIDUAL_POLICY
    )


def test_the_distribution_counts_each_total_in_one_class() -> None:
    classes = score_distribution([D(59), D(60), D("89.9"), D(90), D(100)])
    assert [count for _, count in classes] == [1, 1, 0, 1, 2]
    assert classes[0][0] == "meno di 60 %"
