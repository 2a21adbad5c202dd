"""The plan checks that keep a file storable as written: weight precision, the approval act, target length."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.engine.test_validation import only, plan_doc

from cannocchiale.engine.target_parser import TARGET_MAX_LENGTH, TargetTooLong, parse_target
from cannocchiale.engine.validation import validate_plan


def test_weights_with_three_decimals_that_sum_to_100_are_refused_where_they_are_stored_with_two() -> None:
    doc = plan_doc()
    sg1, sg2 = doc["plan"]["annual_objectives"][1:3]
    # As written they sum to 100; stored at two decimals (33.34 + 66.67) they would sum to 100.01.
    sg1["weight"], sg2["weight"] = Decimal("33.335"), Decimal("66.665")
    findings = [f for f in validate_plan(doc) if f.code == "weight_precision"]
    assert [f.location for f in findings] == [
        "plan.annual_objectives[1].weight",
        "plan.annual_objectives[2].weight",
    ]
    assert all(f.severity == "error" for f in findings)
    assert "33,335" in findings[0].message
    assert "2 decimali" in findings[0].message


def test_trailing_zeros_are_not_extra_decimals() -> None:
    doc = plan_doc()
    sg1, sg2 = doc["plan"]["annual_objectives"][1:3]
    sg1["weight"], sg2["weight"] = Decimal("60.000"), Decimal("40.00000")
    assert [f for f in validate_plan(doc) if f.code == "weight_precision"] == []


def test_an_indicator_weight_is_kept_with_three_decimals() -> None:
    doc = plan_doc()
    indicator = doc["plan"]["annual_objectives"][1]["indicators"][0]
    indicator["weight"] = Decimal("12.345")
    assert [f for f in validate_plan(doc) if f.code == "weight_precision"] == []
    indicator["weight"] = Decimal("12.3456")
    finding = only(validate_plan(doc), "weight_precision")
    assert finding.location == "plan.annual_objectives[1].indicators[0].weight"


@pytest.mark.parametrize("status", ["approved", "published"])
@pytest.mark.parametrize("approval", [None, {}, {"act": "", "date": "2018-01-31"}, {"act": "Delibera n. 10"}])
def test_a_plan_declared_approved_without_its_act_is_an_error(status: str, approval: object) -> None:
    doc = plan_doc()
    doc["plan"]["status"] = status
    doc["plan"]["approval"] = approval
    finding = only(validate_plan(doc), "status_without_approval")
    assert finding.severity == "error"
    assert finding.location == "plan.status"


def test_a_plan_approved_with_its_act_or_still_a_draft_is_fine() -> None:
    doc = plan_doc()
    doc["plan"]["status"] = "approved"
    doc["plan"]["approval"] = {"act": "Delibera di Giunta n. 10", "date": "2018-01-31"}
    assert [f for f in validate_plan(doc) if f.code == "status_without_approval"] == []
    doc["plan"]["status"] = "draft"
    doc["plan"]["approval"] = None
    assert [f for f in validate_plan(doc) if f.code == "status_without_approval"] == []


def test_the_parser_refuses_a_huge_phrase_before_reading_it() -> None:
    huge = "entro il 30 giugno " * 13_500  # 256k characters: 15 s through the parser before the bound
    with pytest.raises(TargetTooLong) as caught:
        parse_target(huge, year=2018)
    assert f"al massimo {TARGET_MAX_LENGTH}" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_phrase_of_the_maximum_length_is_still_parsed() -> None:
    phrase = ("almeno 83% " * 200)[:TARGET_MAX_LENGTH]
    assert parse_target(phrase, year=2018).text == phrase


@settings(deadline=None, max_examples=50)
@given(st.integers(min_value=TARGET_MAX_LENGTH + 1, max_value=TARGET_MAX_LENGTH * 50))
def test_any_phrase_over_the_limit_is_refused(length: int) -> None:
    with pytest.raises(TargetTooLong):
        parse_target("x" * length)


def test_validation_reports_a_huge_target_without_repeating_it() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][1]["indicators"][0]["targets"][0]["text"] = "x" * 300_000
    finding = only(validate_plan(doc), "target_too_long")
    assert finding.severity == "error"
    assert len(finding.message) < 300
    assert finding.data["length"] == 300_000
