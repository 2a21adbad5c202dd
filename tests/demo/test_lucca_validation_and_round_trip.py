"""Validation shows the inconsistencies of the original plan; export gives back the same plan."""

from __future__ import annotations

import pytest

from cannocchiale.interchange.exporter import plan_export
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.schema import schema_errors
from cannocchiale.interchange.validation import file_findings
from cannocchiale.interchange.yaml_io import dump_text, load_text
from cannocchiale.planning.models import Plan
from tests.demo.conftest import lucca_document

# Phrases a person assesses (the parser keeps them as written): not inconsistencies of the plan.
ASSESSED_BY_A_PERSON = {"target_qualitative", "target_several", "target_unparseable"}


def _inconsistencies(findings: list) -> list:  # type: ignore[type-arg]
    return [f for f in findings if f.code not in ASSESSED_BY_A_PERSON]


def test_validation_reports_every_inconsistency_of_the_original_with_its_figures() -> None:
    findings = _inconsistencies(file_findings(lucca_document()))
    by_code = {f.code: f for f in findings}
    assert sorted(by_code) == ["budget_area_sum", "budget_objectives_total", "target_missing_for_year"]
    assert len(findings) == 3
    # Area 3: the objectives' sheets give costs of 73.200 (3C 1.000, 3E 66.700, 3F 5.500), the summary 76.200.
    area = by_code["budget_area_sum"]
    assert dict(area.data) == {
        "year": 2018,
        "field": "costs",
        "area": "3",
        "sum": "73200",
        "declared": "76200",
        "difference": "-3000",
    }
    assert "73.200,00 €" in area.message
    assert "76.200,00 €" in area.message
    # The same 3.000 shows at the organization's total: 7.776.750 against the declared 7.779.750.
    total = by_code["budget_objectives_total"]
    assert (total.data["sum"], total.data["declared"], total.data["difference"]) == (
        "7776750",
        "7779750",
        "-3000",
    )
    # Strategic indicator 3E.3 has targets for other years, none for 2018.
    assert "3E.3" in by_code["target_missing_for_year"].message
    assert all(f.severity == "warning" for f in findings)


def test_targets_kept_for_a_person_to_assess_are_reported_as_such() -> None:
    findings = file_findings(lucca_document())
    assessed = [f for f in findings if f.code in ASSESSED_BY_A_PERSON]
    # 19, and since issue 12 the two phrases of several thresholds that were read by their first
    # number ("10 controlli ... 10 controlli ...", "Report semestrale su a) ... g)").
    assert len(assessed) == 21
    several = [f for f in assessed if f.code == "target_several"]
    assert len(several) == 15
    assert all("dividere in più indicatori" in f.message for f in several)
    assert all("sarà valutato da una persona" in f.message for f in assessed)


@pytest.mark.django_db
def test_the_export_of_the_demo_validates_against_the_schema(lucca_plan: Plan) -> None:
    exported = load_text(dump_text(plan_export(lucca_plan)), source="export.yaml")
    assert schema_errors(exported) == []
    # Exported, the plan shows the same inconsistencies as the file it came from.
    assert sorted(f.code for f in _inconsistencies(file_findings(exported))) == [
        "budget_area_sum",
        "budget_objectives_total",
        "target_missing_for_year",
    ]


@pytest.mark.django_db
def test_export_then_import_of_the_demo_is_lossless(lucca_plan: Plan) -> None:
    first = plan_export(lucca_plan)
    plan_import(document=load_text(dump_text(first), source="export.yaml"), replace=True)
    second = plan_export(Plan.objects.get(organization__code="lucca", year=2018))
    assert second == first
    assert len(second["plan"]["context_series"]) == 154
