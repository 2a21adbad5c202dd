"""Plan validation: every finding, on a small plan document built in the test."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from cannocchiale.engine.validation import Finding, validate_plan

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def plan_doc() -> dict[str, Any]:
    """A consistent plan: no findings."""
    return {
        "format": "cannocchiale/plan@1",
        "organization": {
            "code": "demo",
            "units": [
                {"code": "AREA1", "kind": "directorate", "parent": None},
                {"code": "UFF-REG", "kind": "office", "parent": "AREA1"},
            ],
            "positions": [
                {"code": "SG", "role": "secretary_general", "unit": None},
                {"code": "DIR-AREA1", "role": "director", "unit": "AREA1"},
            ],
        },
        "plan": {
            "year": 2018,
            "areas": [
                {
                    "code": "1",
                    "objectives": [
                        {
                            "code": "1A",
                            "owner": "AREA1",
                            "indicators": [
                                {"code": "1A.1", "targets": [{"year": 2018, "text": ">= 83%"}]},
                            ],
                            "budgets": [
                                {
                                    "year": 2018,
                                    "costs": Decimal("100000.50"),
                                    "revenues": 20000,
                                    "investments": None,
                                }
                            ],
                            "programmes": [
                                {
                                    "code": "1A01",
                                    "projects": [
                                        {
                                            "code": "1A0101",
                                            "offices": ["UFF-REG"],
                                            "indicators": [
                                                {
                                                    "code": "1A0101.1",
                                                    "targets": [{"year": 2018, "text": ">= 90%"}],
                                                }
                                            ],
                                        }
                                    ],
                                }
                            ],
                        },
                        {
                            "code": "1B",
                            "owner": None,
                            "budgets": [{"year": 2018, "costs": 50000, "revenues": 0}],
                        },
                    ],
                }
            ],
            "declared_budgets": [
                {
                    "scope": "area",
                    "area": "1",
                    "year": 2018,
                    "costs": Decimal("150000.50"),
                    "revenues": 20000,
                },
                {"scope": "unallocated", "area": None, "year": 2018, "costs": 1000, "revenues": 500},
                {"scope": "organization", "year": 2018, "costs": Decimal("151000.50"), "revenues": 20500},
            ],
            "annual_objectives": [
                {"code": "ENTE-1", "level": "organization", "assignee": None, "strategic_objectives": ["1A"]},
                {
                    "code": "SG-1",
                    "level": "secretary_general",
                    "assignee": "SG",
                    "weight": 60,
                    "derives_from": ["ENTE-1"],
                    "indicators": [{"code": "SG-1.1", "targets": [{"year": 2018, "text": ">= 83%"}]}],
                },
                {"code": "SG-2", "level": "secretary_general", "assignee": "SG", "weight": 40},
                {
                    "code": "DIR-1",
                    "level": "director",
                    "assignee": "DIR-AREA1",
                    "weight": 100,
                    "derives_from": ["SG-1"],
                    "projects": ["1A0101"],
                    "complexity": {
                        "staff": 3,
                        "innovation": 2,
                        "relations": 2,
                        "burden": 3,
                        "coefficient": 1.25,
                    },
                },
                {"code": "UFF-1", "level": "office", "assignee": "UFF-REG", "weight": 100},
            ],
            "measurements": [{"indicator": "1A.1", "value": 85}],
            "financial_items": [{"code": "oneri_correnti"}, {"code": "proventi_correnti"}],
            "health_indicators": [
                {
                    "code": "EQ-1",
                    "formula": "oneri_correnti / proventi_correnti",
                    "targets": [{"year": 2018, "text": ">= 83%"}],
                }
            ],
        },
    }


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def only(findings: list[Finding], code: str) -> Finding:
    matching = [f for f in findings if f.code == code]
    assert len(matching) == 1, findings
    return matching[0]


def test_a_consistent_plan_has_no_findings() -> None:
    assert validate_plan(plan_doc()) == []


def test_an_empty_document_has_no_findings() -> None:
    assert validate_plan({}) == []


@pytest.mark.parametrize("name", ["minimal.yaml", "full_features.yaml"])
def test_the_fixture_plans_have_no_errors(name: str) -> None:
    doc = yaml.safe_load((FIXTURES / name).read_text())
    findings = validate_plan(doc)
    assert [f for f in findings if f.severity == "error"] == []


# --- codes ---


def test_strategic_objective_code_must_extend_the_area_code_with_one_letter() -> None:
    doc = plan_doc()
    doc["plan"]["areas"][0]["objectives"][1]["code"] = "2B"
    finding = only(validate_plan(doc), "code_parent")
    assert finding.severity == "error"
    assert finding.location == "plan.areas[0].objectives[1].code"
    assert "«2B»" in finding.message
    assert "«1»" in finding.message
    assert finding.data["parent"] == "1"


def test_programme_code_must_extend_the_objective_code_with_two_digits() -> None:
    doc = plan_doc()
    doc["plan"]["areas"][0]["objectives"][0]["programmes"][0]["code"] = "1B01"
    doc["plan"]["areas"][0]["objectives"][0]["programmes"][0]["projects"][0]["code"] = "1B0101"
    doc["plan"]["annual_objectives"][3]["projects"] = ["1B0101"]
    finding = only(validate_plan(doc), "code_parent")
    assert finding.location == "plan.areas[0].objectives[0].programmes[0].code"


def test_project_code_must_extend_the_programme_code_with_two_digits() -> None:
    doc = plan_doc()
    doc["plan"]["areas"][0]["objectives"][0]["programmes"][0]["projects"][0]["code"] = "1A011"
    doc["plan"]["annual_objectives"][3]["projects"] = ["1A011"]
    finding = only(validate_plan(doc), "code_parent")
    assert finding.location == "plan.areas[0].objectives[0].programmes[0].projects[0].code"
    assert "«1A01»" in finding.message


def test_duplicate_codes_are_errors() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][2]["code"] = "SG-1"
    finding = only(validate_plan(doc), "duplicate_code")
    assert finding.location == "plan.annual_objectives[2].code"
    assert finding.data == {"kind": "annual_objective", "code": "SG-1", "first": "plan.annual_objectives[1]"}


def test_indicator_codes_are_unique_across_the_plan() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][1]["indicators"][0]["code"] = "1A.1"
    finding = only(validate_plan(doc), "duplicate_code")
    assert finding.location == "plan.annual_objectives[1].indicators[0].code"
    assert finding.data["first"] == "plan.areas[0].objectives[0].indicators[0]"


# --- weights ---


def test_each_assignees_weights_must_sum_to_100() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][2]["weight"] = 35
    finding = only(validate_plan(doc), "weights_sum")
    assert finding.severity == "error"
    assert finding.message == "I pesi degli obiettivi di SG sommano a 95, non a 100"
    assert finding.location == "plan.annual_objectives[1].weight"
    assert finding.data["sum"] == "95"
    assert finding.data["objectives"] == ["SG-1", "SG-2"]


def test_weights_are_summed_exactly() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][1]["weight"] = Decimal("60.1")
    doc["plan"]["annual_objectives"][2]["weight"] = Decimal("39.9")
    assert validate_plan(doc) == []


def test_a_missing_weight_is_an_error() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][2]["weight"] = None
    findings = validate_plan(doc)
    assert only(findings, "weight_missing").location == "plan.annual_objectives[2].weight"
    assert only(findings, "weights_sum").data["sum"] == "60"


def test_organization_objectives_without_weights_are_fine_but_given_weights_must_sum_to_100() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"].append({"code": "ENTE-2", "level": "organization", "weight": 30})
    doc["plan"]["annual_objectives"][0]["weight"] = 30
    finding = only(validate_plan(doc), "weights_sum")
    assert finding.message == "I pesi degli obiettivi dell'Ente sommano a 60, non a 100"


# --- budgets ---


def test_objective_budgets_must_add_up_to_the_declared_area_total() -> None:
    doc = plan_doc()
    doc["plan"]["declared_budgets"][0]["costs"] = Decimal("150000.00")
    findings = validate_plan(doc)
    finding = only(findings, "budget_area_sum")
    assert finding.severity == "warning"
    assert finding.location == "plan.declared_budgets[0].costs"
    assert finding.message == (
        "Gli oneri 2018 degli obiettivi strategici dell'area 1 sommano a 150.000,50 €, "
        "ma l'area dichiara 150.000,00 € (differenza 0,50 €)"
    )
    assert finding.data == {
        "year": 2018,
        "field": "costs",
        "area": "1",
        "sum": "150000.5",
        "declared": "150000",
        "difference": "0.5",
    }
    assert only(findings, "budget_declared_total").data["difference"] == "-0.5"


def test_declared_area_totals_and_unallocated_must_add_up_to_the_organization_total() -> None:
    doc = plan_doc()
    doc["plan"]["declared_budgets"][1]["revenues"] = 400
    findings = validate_plan(doc)
    declared = only(findings, "budget_declared_total")
    assert declared.location == "plan.declared_budgets[2].revenues"
    assert declared.data["sum"] == "20400"
    assert declared.data["declared"] == "20500"
    assert declared.data["unallocated"] == "400"
    assert "non attribuiti (400,00 €)" in declared.message
    assert only(findings, "budget_objectives_total").data["sum"] == "20400"


def test_objective_budgets_must_add_up_to_the_organization_total_without_area_declarations() -> None:
    doc = plan_doc()
    del doc["plan"]["declared_budgets"][0]
    doc["plan"]["declared_budgets"][1]["costs"] = 200000
    finding = only(validate_plan(doc), "budget_objectives_total")
    assert finding.location == "plan.declared_budgets[1].costs"
    assert finding.data["sum"] == "151000.5"
    assert finding.data["declared"] == "200000"
    assert finding.data["difference"] == "-48999.5"


def test_budgets_of_years_without_objective_figures_are_not_compared() -> None:
    doc = plan_doc()
    doc["plan"]["declared_budgets"][0]["investments"] = 999
    doc["plan"]["declared_budgets"].append({"scope": "area", "area": "1", "year": 2019, "costs": 5})
    assert validate_plan(doc) == []


def test_declared_budget_of_an_unknown_area_is_an_error() -> None:
    doc = plan_doc()
    doc["plan"]["declared_budgets"].append({"scope": "area", "area": "9", "year": 2018, "costs": 1})
    finding = only(validate_plan(doc), "unknown_area")
    assert finding.location == "plan.declared_budgets[3].area"


# --- targets ---


def test_a_qualitative_target_is_a_warning_naming_the_text() -> None:
    doc = plan_doc()
    doc["plan"]["areas"][0]["objectives"][0]["indicators"][0]["targets"][0]["text"] = "blah blah"
    finding = only(validate_plan(doc), "target_qualitative")
    assert finding.severity == "warning"
    assert finding.location == "plan.areas[0].objectives[0].indicators[0].targets[0].text"
    assert "«blah blah»" in finding.message
    assert "1A.1" in finding.message
    assert finding.data == {"text": "blah blah"}


def test_a_phrase_with_several_targets_is_flagged_to_be_split() -> None:
    doc = plan_doc()
    text = "Report semestrale su\na) Gestione fatture\nb) sollecito ai Comuni entro novembre 2018"
    doc["plan"]["areas"][0]["objectives"][0]["indicators"][0]["targets"][0]["text"] = text
    findings = validate_plan(doc)
    finding = only(findings, "target_several")
    assert finding.severity == "warning"
    assert "più target in una frase: dividere in più indicatori" in finding.message
    assert not [f for f in findings if f.code == "target_qualitative"]


def test_a_bare_number_of_a_lower_is_better_indicator_is_not_qualitative() -> None:
    doc = plan_doc()
    indicator = doc["plan"]["areas"][0]["objectives"][0]["indicators"][0]
    indicator["polarity"] = "lower_is_better"
    indicator["targets"][0]["text"] = "30 euro"
    assert not [f for f in validate_plan(doc) if f.code.startswith("target_qualitative")]


def test_a_qualitative_health_target_is_a_warning_too() -> None:
    doc = plan_doc()
    doc["plan"]["health_indicators"][0]["targets"][0]["text"] = "blah blah"
    finding = only(validate_plan(doc), "target_qualitative")
    assert finding.location == "plan.health_indicators[0].targets[0].text"


def test_an_indicator_without_a_target_for_the_plan_year_is_a_warning() -> None:
    doc = plan_doc()
    doc["plan"]["areas"][0]["objectives"][0]["indicators"][0]["targets"][0]["year"] = 2019
    finding = only(validate_plan(doc), "target_missing_for_year")
    assert finding.severity == "warning"
    assert finding.data == {"indicator": "1A.1", "year": 2018}


def test_a_target_the_parser_chokes_on_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import cannocchiale.engine.validation_indicators as checks

    def broken(text: str, *, year: int | None = None, declared: Any = None) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(checks, "parse_target", broken)
    findings = validate_plan(plan_doc())
    assert set(codes(findings)) == {"target_unparseable"}


# --- references ---


@pytest.mark.parametrize(
    ("mutate", "code", "location"),
    [
        (
            lambda d: d["organization"]["units"][1].update(parent="NOPE"),
            "unknown_unit",
            "organization.units[1].parent",
        ),
        (
            lambda d: d["organization"]["positions"][1].update(unit="NOPE"),
            "unknown_unit",
            "organization.positions[1].unit",
        ),
        (
            lambda d: d["plan"]["areas"][0]["objectives"][0].update(owner="NOPE"),
            "unknown_unit",
            "plan.areas[0].objectives[0].owner",
        ),
        (
            lambda d: d["plan"]["areas"][0]["objectives"][0]["programmes"][0]["projects"][0].update(
                offices=["NOPE"]
            ),
            "unknown_unit",
            "plan.areas[0].objectives[0].programmes[0].projects[0].offices[0]",
        ),
        (
            lambda d: d["plan"]["annual_objectives"][3].update(assignee="NOPE"),
            "unknown_assignee",
            "plan.annual_objectives[3].assignee",
        ),
        (
            lambda d: d["plan"]["annual_objectives"][3].update(assignee="AREA1"),
            "unknown_assignee",
            "plan.annual_objectives[3].assignee",
        ),
        (
            lambda d: d["plan"]["annual_objectives"][4].update(assignee="SG"),
            "unknown_assignee",
            "plan.annual_objectives[4].assignee",
        ),
        (
            lambda d: d["plan"]["annual_objectives"][4].update(assignee=None),
            "assignee_missing",
            "plan.annual_objectives[4].assignee",
        ),
        (
            lambda d: d["plan"]["annual_objectives"][1].update(derives_from=["ENTE-1", "ENTE-9"]),
            "unknown_annual_objective",
            "plan.annual_objectives[1].derives_from[1]",
        ),
        (
            lambda d: d["plan"]["annual_objectives"][3].update(projects=["1A0199"]),
            "unknown_project",
            "plan.annual_objectives[3].projects[0]",
        ),
        (
            lambda d: d["plan"]["annual_objectives"][0].update(strategic_objectives=["1Z"]),
            "unknown_strategic_objective",
            "plan.annual_objectives[0].strategic_objectives[0]",
        ),
        (
            lambda d: d["plan"]["measurements"][0].update(indicator="9Z.1"),
            "unknown_indicator",
            "plan.measurements[0].indicator",
        ),
    ],
)
def test_references_must_resolve(mutate: Any, code: str, location: str) -> None:
    doc = plan_doc()
    mutate(doc)
    finding = only(validate_plan(doc), code)
    assert finding.severity == "error"
    assert finding.location == location


def test_references_may_point_forward_in_the_document() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][0]["derives_from"] = ["UFF-1"]
    assert validate_plan(doc) == []


def test_a_cycle_in_the_cascade_is_an_error() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][0]["derives_from"] = ["DIR-1"]
    finding = only(validate_plan(doc), "derives_from_cycle")
    assert finding.location == "plan.annual_objectives[0].derives_from"
    assert finding.data["cycle"] == ["ENTE-1", "DIR-1", "SG-1"]
    assert "ENTE-1 → DIR-1 → SG-1 → ENTE-1" in finding.message


def test_an_objective_deriving_from_itself_is_a_cycle() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][2]["derives_from"] = ["SG-2"]
    assert only(validate_plan(doc), "derives_from_cycle").data["cycle"] == ["SG-2"]


def test_an_invalid_health_formula_is_an_error_with_its_position() -> None:
    doc = plan_doc()
    doc["plan"]["health_indicators"][0]["formula"] = "(oneri_correnti / proventi_correnti"
    finding = only(validate_plan(doc), "formula_invalid")
    assert finding.location == "plan.health_indicators[0].formula"
    assert finding.data["position"] == 35
    assert "EQ-1" in finding.message


def test_a_health_formula_may_use_only_known_financial_items() -> None:
    doc = plan_doc()
    doc["plan"]["health_indicators"][0]["formula"] = "(oneri_correnti - interventi) / proventi_correnti"
    finding = only(validate_plan(doc), "formula_unknown_item")
    assert finding.data["unknown"] == ["interventi"]
    assert "«interventi»" in finding.message


def test_complexity_criteria_need_a_coefficient() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][3]["complexity"]["coefficient"] = None
    finding = only(validate_plan(doc), "complexity_coefficient_missing")
    assert finding.location == "plan.annual_objectives[3].complexity.coefficient"


# --- order and form ---


def test_findings_are_sorted_by_their_place_in_the_document() -> None:
    doc = plan_doc()
    doc["plan"]["measurements"][0]["indicator"] = "9Z.1"
    doc["plan"]["annual_objectives"][2]["weight"] = 10
    doc["organization"]["units"][1]["parent"] = "NOPE"
    doc["plan"]["areas"][0]["objectives"][1]["code"] = "2B"
    doc["plan"]["declared_budgets"][0]["costs"] = 1
    findings = validate_plan(doc)
    assert [f.location for f in findings] == [
        "organization.units[1].parent",
        "plan.areas[0].objectives[1].code",
        "plan.declared_budgets[0].costs",
        "plan.declared_budgets[2].costs",
        "plan.annual_objectives[1].weight",
        "plan.measurements[0].indicator",
    ]


def test_finding_to_dict_is_json() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][2]["weight"] = 35
    data = validate_plan(doc)[0].to_dict()
    assert json.loads(json.dumps(data)) == {
        "severity": "error",
        "code": "weights_sum",
        "location": "plan.annual_objectives[1].weight",
        "message": "I pesi degli obiettivi di SG sommano a 95, non a 100",
        "data": {
            "assignee": "SG",
            "level": "secretary_general",
            "sum": "95",
            "expected": "100",
            "objectives": ["SG-1", "SG-2"],
        },
    }


def test_validation_does_not_change_the_document() -> None:
    doc = plan_doc()
    doc["plan"]["annual_objectives"][2]["weight"] = 35
    before = copy.deepcopy(doc)
    validate_plan(doc)
    assert doc == before
