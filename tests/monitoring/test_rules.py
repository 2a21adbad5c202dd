"""The pure rules: the complexity coefficient and when an indicator's value is stale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cannocchiale.monitoring.staleness import is_stale
from cannocchiale.planning.cascade_services import CascadeError, complexity_coefficient


def test_the_coefficient_is_the_mean_of_the_four_criteria_halved() -> None:
    assert complexity_coefficient((3, 2, 2, 3)) == Decimal("1.250")
    assert complexity_coefficient((2, 2, 2, 2)) == Decimal("1.000")
    assert complexity_coefficient((1, 1, 1, 1)) == Decimal("0.500")
    assert complexity_coefficient((3, 3, 3, 3)) == Decimal("1.500")


def test_a_criterion_outside_one_to_three_is_refused() -> None:
    with pytest.raises(CascadeError):
        complexity_coefficient((4, 2, 2, 2))


def test_a_quarterly_indicator_without_a_value_in_the_last_quarter_is_stale() -> None:
    assert is_stale(
        frequency="quarterly", last_value_on=date(2018, 3, 31), today=date(2018, 8, 1), plan_year=2018
    )
    assert not is_stale(
        frequency="quarterly", last_value_on=date(2018, 6, 30), today=date(2018, 8, 1), plan_year=2018
    )


def test_nothing_is_stale_before_its_first_period_has_run_out() -> None:
    assert not is_stale(frequency="quarterly", last_value_on=None, today=date(2018, 2, 15), plan_year=2018)
    assert not is_stale(frequency="annual", last_value_on=None, today=date(2018, 12, 31), plan_year=2018)


def test_staleness_is_judged_at_the_end_of_the_plan_year_at_the_latest() -> None:
    assert not is_stale(
        frequency="monthly", last_value_on=date(2018, 12, 15), today=date(2026, 1, 1), plan_year=2018
    )
    assert is_stale(
        frequency="monthly", last_value_on=date(2018, 10, 15), today=date(2026, 1, 1), plan_year=2018
    )
