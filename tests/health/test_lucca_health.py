"""The Lucca stato di salute: the formulas reproduce every published value the plan gives the inputs of."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from tests.demo.conftest import lucca_document

from cannocchiale.cli.main import main
from cannocchiale.engine.formulas import evaluate, parse_formula
from cannocchiale.health.services import HealthReport, format_health_value, health_report
from cannocchiale.interchange.importer import plan_import
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan

pytestmark = pytest.mark.django_db

# Every (indicator, year) where the plan prints a value and gives all the inputs of its formula.
REPRODUCIBLE = {
    ("SS-02", 2014), ("SS-02", 2015), ("SS-02", 2016), ("SS-02", 2017),
    ("SS-03", 2015), ("SS-03", 2016), ("SS-03", 2017),
    ("SS-07", 2014), ("SS-07", 2015), ("SS-07", 2016), ("SS-07", 2017),
    ("RIG", 2012), ("RIG", 2013), ("RIG", 2015), ("RIG", 2016), ("RIG", 2017), ("RIG", 2018),
}  # fmt: skip


@pytest.fixture
def report() -> HealthReport:
    plan_import(document=lucca_document())
    return health_report(organization=Organization.objects.get(code="lucca"))


def _published(report: HealthReport) -> dict[tuple[str, int], object]:
    return {(row.code, y.year): y for row in report.indicators for y in row.years if y.published is not None}


def test_every_published_value_with_inputs_in_the_plan_is_reproduced(report: HealthReport) -> None:
    published = _published(report)
    computable = {key for key, y in published.items() if y.computed is not None}  # type: ignore[attr-defined]
    assert computable == REPRODUCIBLE
    assert all(published[key].matches for key in REPRODUCIBLE)  # type: ignore[attr-defined]
    assert report.published_check() == {
        "published": 60,
        "reproduced": 17,
        "different": 0,
        "not_computable": 43,
    }


@pytest.mark.parametrize(
    ("code", "year", "shown"),
    [
        ("SS-02", 2017, "111,7 %"),
        ("SS-03", 2015, "92,4 %"),
        ("SS-07", 2014, "8,1 %"),
        ("RIG", 2018, "88,2 %"),
    ],
)
def test_the_computed_value_reads_as_the_plan_prints_it(
    report: HealthReport, code: str, year: int, shown: str
) -> None:
    year_row = _published(report)[(code, year)]
    assert format_health_value(year_row.computed, "%") == shown  # type: ignore[attr-defined]
    assert format_health_value(year_row.published, "%") == shown  # type: ignore[attr-defined]


def test_values_the_plan_gives_no_inputs_for_say_what_is_missing(report: HealthReport) -> None:
    published = _published(report)
    assert published[("SS-01", 2016)].missing == ("Attivo circolante", "Passivo a breve")  # type: ignore[attr-defined]
    assert published[("SS-12", 2017)].reason.startswith("mancano Oneri di Funzionamento")  # type: ignore[attr-defined]
    blank = published[("SS-03", 2014)]
    assert blank.missing == ("Interventi economici (cella vuota nel Piano)",)  # type: ignore[attr-defined]
    assert blank.verdict == "non calcolabile"  # type: ignore[attr-defined]


def test_the_blank_of_2014_is_what_the_other_costs_leave_and_gives_the_published_80_4() -> None:
    plan_import(document=lucca_document())
    plan = Plan.objects.get(organization__code="lucca")
    values = {i.code: i.values.get(year=2014).value for i in plan.financial_items.filter(values__year=2014)}
    others = [
        "personale",
        "spese_funzionamento",
        "quote_associative",
        "organi_istituzionali",
        "ammortamenti_accantonamenti",
    ]
    derived = values["oneri_correnti"] - sum(values[code] for code in others)  # type: ignore[operator]
    assert derived == 1995800
    formula = parse_formula("(oneri_correnti - interventi_economici) / proventi_correnti")
    ratio = evaluate(formula, {**values, "interventi_economici": derived}) * 100  # type: ignore[dict-item]
    assert format_health_value(ratio, "%") == "80,4 %"


def test_the_formula_reads_in_words_with_numerator_and_denominator(report: HealthReport) -> None:
    rows = {row.code: row for row in report.indicators}
    assert rows["SS-03"].numerator == "Oneri correnti − Interventi economici"
    assert rows["SS-03"].denominator == "Proventi correnti"
    assert rows["SS-07"].numerator == "Proventi correnti − (Diritto annuale + Diritti di segreteria)"
    assert rows["SS-11"].formula_words == (
        "(Interventi economici + Nuovi investimenti in Immobilizzazioni) / N. imprese attive al 31/12"
    )
    assert (rows["SS-01"].target_text, rows["SS-01"].target_description) == (
        "380% - 390%",
        "tra 380 % e 390 %",
    )


def test_the_health_command_prints_a_table_per_indicator(capsys: pytest.CaptureFixture[str]) -> None:
    plan_import(document=lucca_document())
    assert main(["health", "--org", "lucca", "--year", "2018"]) == 0
    out = capsys.readouterr().out
    assert "SS-02  Equilibrio economico della gestione corrente" in out
    assert "       numeratore    Oneri correnti\n" in out
    assert "       2017        111,7 %      111,7 %  coincide\n" in out
    assert "non calcolabile nel 2014: manca Interventi economici (cella vuota nel Piano)" in out
    assert "Riprodotti dalle formule: 17; diversi: 0" in out


def test_the_health_command_gives_json_for_programs(capsys: pytest.CaptureFixture[str]) -> None:
    plan_import(document=lucca_document())
    assert main(["health", "--org", "lucca", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["year"] == 2018
    ss02 = next(row for row in data["indicators"] if row["code"] == "SS-02")
    year_2016 = next(y for y in ss02["years"] if y["year"] == 2016)
    assert (year_2016["computed_display"], year_2016["published"], year_2016["matches_published"]) == (
        "93.6",
        "93.600000",
        True,
    )
    assert Decimal(year_2016["computed"]).quantize(Decimal("0.0001")) == Decimal("93.5933")
