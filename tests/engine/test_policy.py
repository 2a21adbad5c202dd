"""The scoring policy: the default SMVP, bands, status rules, bonus share and its JSON form."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from cannocchiale.engine.policy import (
    Band,
    PolicyError,
    ScoringPolicy,
    StatusRule,
    apply_bands,
    bonus_share,
    policy_from_dict,
    policy_to_dict,
)

D = Decimal


def test_default_policy_is_the_default_smvp() -> None:
    policy = ScoringPolicy()
    assert policy.cap == D(100)
    assert policy.floor is None
    assert policy.strict_equal == D(99)
    assert policy.relative_mode == "binary"
    assert policy.late_score == D(0)
    assert policy.late_penalty_per_day is None
    assert policy.late_grace_days == 0
    assert policy.bands == ()


@pytest.mark.parametrize(
    ("achievement", "status"),
    [(D(100), "green"), (D(120), "green"), (D("99.9"), "yellow"), (D(90), "yellow"), (D(0), "red")],
)
def test_default_status_rules_first_match_wins(achievement: Decimal, status: str) -> None:
    assert ScoringPolicy().status_for(achievement) == status


def test_no_achievement_has_no_status() -> None:
    assert ScoringPolicy().status_for(None) is None


def test_status_rules_are_ordered() -> None:
    policy = ScoringPolicy(status_rules=(StatusRule(D(0), "any"), StatusRule(D(100), "never reached")))
    assert policy.status_for(D(100)) == "any"


def test_an_achievement_below_every_rule_has_no_status() -> None:
    assert ScoringPolicy(status_rules=(StatusRule(D(50), "ok"),)).status_for(D(10)) is None


@pytest.mark.parametrize(
    ("total", "share"),
    [
        (D(0), D(0)),
        (D("59.99"), D(0)),
        (D(60), D(60)),
        (D("75.5"), D("75.5")),
        (D("98.99"), D("98.99")),
        # On the edge: the band that starts there (DESIGN.md, decided cases).
        (D(99), D(100)),
        (D("99.01"), D(100)),
        (D(100), D(100)),
        (D(130), D(100)),
    ],
)
def test_bonus_share_below_60_nothing_60_to_99_proportional_above_99_all(
    total: Decimal, share: Decimal
) -> None:
    assert bonus_share(total, ScoringPolicy()) == share


def test_bonus_share_without_bands_is_the_total_within_0_and_100() -> None:
    policy = ScoringPolicy(individual_bands=())
    assert bonus_share(D(70), policy) == D(70)
    assert bonus_share(D(170), policy) == D(100)


def test_band_interpolates_linearly() -> None:
    assert Band(D(50), D(100), D(40), D(100)).apply(D(75)) == D(70)


def test_a_point_band_scores_its_high_score() -> None:
    assert apply_bands(D(5), (Band(D(5), D(5), D(1), D(2), True),)) == D(2)


def test_band_is_half_open_unless_high_inclusive() -> None:
    assert not Band(D(0), D(10), D(0), D(0)).contains(D(10))
    assert Band(D(0), D(10), D(0), D(0), high_inclusive=True).contains(D(10))


def test_values_outside_every_band_take_the_nearest_edge_score() -> None:
    bands = (Band(D(10), D(20), D(1), D(2)), Band(D(30), D(40), D(3), D(4)))
    assert apply_bands(D(5), bands) == D(1)
    assert apply_bands(D(50), bands) == D(4)
    assert apply_bands(D(25), bands) == D(2)


def test_empty_bands_are_the_identity() -> None:
    assert apply_bands(D("42.5"), ()) == D("42.5")


def test_band_with_high_below_low_is_refused() -> None:
    with pytest.raises(PolicyError):
        Band(D(10), D(5), D(0), D(0))


@pytest.mark.parametrize(
    "kwargs",
    [{"cap": D(0)}, {"relative_mode": "sometimes"}, {"late_grace_days": -1}],
)
def test_invalid_policies_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(PolicyError):
        ScoringPolicy(**kwargs)  # type: ignore[arg-type]


def test_policy_round_trips_through_json() -> None:
    policy = ScoringPolicy(
        cap=D(120),
        floor=D("30.5"),
        strict_equal=D(95),
        relative_mode="proportional",
        late_score=D(10),
        late_penalty_per_day=D("2.5"),
        late_grace_days=3,
        bands=(Band(D(0), D(50), D(0), D(0)), Band(D(50), D(120), D(50), D(120), True)),
        status_rules=(StatusRule(D(80), "ok"), StatusRule(D(0), "ko")),
    )
    stored = json.loads(json.dumps(policy_to_dict(policy)))
    assert policy_from_dict(stored) == policy


def test_default_policy_json_keeps_decimals_as_exact_strings() -> None:
    data = policy_to_dict(ScoringPolicy())
    assert data["cap"] == "100"
    assert data["floor"] is None
    assert data["status_rules"][0] == {"min_achievement": "100", "status": "green"}
    assert data["individual_bands"][1] == {
        "low": "60",
        "high": "99",
        "score_low": "60",
        "score_high": "99",
        "high_inclusive": True,
    }


def test_policy_from_an_empty_dict_is_the_default() -> None:
    assert policy_from_dict({}) == ScoringPolicy()


def test_policy_from_dict_accepts_json_numbers() -> None:
    assert policy_from_dict({"cap": 110, "floor": 20.5}).floor == D("20.5")


@pytest.mark.parametrize(
    "data",
    [
        {"relative_mode": "never"},
        {"cap": "abc"},
        {"bands": [{"low": 1}]},
        {"status_rules": [{"status": "x"}]},
    ],
)
def test_policy_from_a_broken_dict_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(PolicyError):
        policy_from_dict(data)
