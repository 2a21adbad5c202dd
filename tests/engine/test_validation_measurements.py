"""One measurement of an indicator at a date: a plan file with two is refused where it says so,
before the database's unique key would stop the import halfway with a traceback."""

from __future__ import annotations

from tests.engine.test_validation import codes, only, plan_doc

from cannocchiale.engine.validation import validate_plan


def test_two_measurements_of_an_indicator_at_the_same_date_are_an_error() -> None:
    doc = plan_doc()
    doc["plan"]["measurements"] = [
        {"indicator": "1A.1", "date": "2018-06-30", "value": 85},
        {"indicator": "1A.1", "date": "2018-12-31", "value": 90},
        {"indicator": "1A.1", "date": "2018-06-30", "value": 87},
    ]
    findings = validate_plan(doc)
    finding = only(findings, "duplicate_measurement")
    assert finding.severity == "error"
    assert finding.location == "plan.measurements[2].date"
    assert "«1A.1» ha due rilevazioni alla data 2018-06-30" in finding.message


def test_the_same_date_for_two_indicators_is_fine() -> None:
    doc = plan_doc()
    doc["plan"]["measurements"] = [
        {"indicator": "1A.1", "date": "2018-06-30", "value": 85},
        {"indicator": "1A.2", "date": "2018-06-30", "value": 3},
    ]
    assert "duplicate_measurement" not in codes(validate_plan(doc))
