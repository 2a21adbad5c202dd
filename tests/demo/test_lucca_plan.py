"""The Lucca plan 2018 as the demo ships it: the whole seed, with its figures as the plan prints them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from cannocchiale.interchange.importer import ImportResult
from cannocchiale.organization.models import OrgUnit
from cannocchiale.planning.models import AnnualObjective, Budget, DeclaredBudget, Plan
from tests.demo.conftest import lucca_document

pytestmark = pytest.mark.django_db


def test_the_demo_plan_loads_with_the_whole_performance_tree(lucca_import: ImportResult) -> None:
    counts = lucca_import.counts
    assert counts["areas"] == 3
    assert counts["strategic_objectives"] == 16
    assert counts["programmes"] == 16
    assert counts["projects"] == 27
    # 6 Ente objectives, 4 of the Segretario generale, 3 of the Dirigente, 1 of the structure.
    assert counts["annual_objectives"] == 14
    # Strategic indicators (targets 2017-2019), project results and annual indicators (2018 targets).
    assert counts["indicators"] == 225
    assert counts["targets"] == 299
    assert counts["health_indicators"] == 14
    assert counts["calendar"] == 10
    assert counts["context_series"] == 154


def test_each_strategic_objective_sits_in_its_area_with_its_owner(lucca_plan: Plan) -> None:
    objectives = {
        area.code: [o.code for o in area.objectives.all()]
        for area in lucca_plan.areas.prefetch_related("objectives")
    }
    assert objectives == {
        "1": ["1A", "1B", "1D", "1E", "1F"],
        "2": ["2A", "2B", "2C", "2D", "2E"],
        "3": ["3A", "3B", "3C", "3D", "3E", "3F"],
    }
    transversal = {o.code for area in lucca_plan.areas.all() for o in area.objectives.all() if o.transversal}
    assert transversal == {"3B", "3C", "3D", "3E", "3F"}


def test_the_annual_objectives_carry_the_weights_the_plan_assigns(lucca_plan: Plan) -> None:
    weights: dict[str, list[Decimal | None]] = {}
    for objective in AnnualObjective.objects.filter(plan=lucca_plan).order_by("position"):
        weights.setdefault(objective.level, []).append(objective.weight)
    assert weights["secretary_general"] == [20, 25, 25, 30]
    assert weights["director"] == [30, 30, 40]
    assert sum(weights["secretary_general"]) == sum(weights["director"]) == 100  # type: ignore[arg-type]
    assert list(AnnualObjective.objects.filter(plan=lucca_plan).values_list("code", flat=True)) == [
        *(f"ENTE-{n}" for n in range(1, 7)),
        *(f"SG-{n}" for n in range(1, 5)),
        *(f"DIR-ANAG-{n}" for n in range(1, 4)),
        "STR-1",
    ]


def _declared(plan: Plan) -> dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]]:
    return {
        (row.area.code if row.area else row.scope): (row.costs, row.revenues, row.investments)
        for row in DeclaredBudget.objects.filter(plan=plan).select_related("area")
    }


def test_the_budget_per_area_and_organization_is_as_declared(lucca_plan: Plan) -> None:
    assert _declared(lucca_plan) == {
        "1": (43500, 79000, 0),
        "2": (1122850, 499300, 0),
        "3": (76200, 0, 18000),
        "unallocated": (6537200, 6852350, 199800),
        "organization": (7779750, 7430650, 217800),
    }


def test_the_objectives_budgets_add_up_to_their_area_except_the_costs_of_area_3(lucca_plan: Plan) -> None:
    sums: dict[str, list[Decimal]] = {}
    for budget in Budget.objects.filter(plan=lucca_plan, strategic_objective__isnull=False).select_related(
        "strategic_objective__area"
    ):
        total = sums.setdefault(budget.strategic_objective.area.code, [Decimal(0)] * 3)  # type: ignore[union-attr]
        for i, amount in enumerate((budget.costs, budget.revenues, budget.investments)):
            total[i] += amount or 0
    declared = _declared(lucca_plan)
    assert sums["1"] == list(declared["1"])
    assert sums["2"] == list(declared["2"])
    # The plan's own summary gives area 3 costs of 76.200, its objectives' sheets 1.000 + 66.700 + 5.500.
    assert sums["3"] == [73200, 0, 18000]
    # 2C: on its sheet the figures precede their labels; the summary fixes costs 483.000, revenues 111.000.
    c2 = Budget.objects.get(plan=lucca_plan, strategic_objective__code="2C")
    assert (c2.costs, c2.revenues, c2.investments) == (483000, 111000, 0)


def test_the_organization_budget_is_the_resource_table_forecast_for_2018(lucca_plan: Plan) -> None:
    forecast = {
        item.code: item.values.get(year=2018).value
        for item in lucca_plan.financial_items.filter(
            code__in=["oneri_correnti", "proventi_correnti", "investimenti"]
        )
    }
    costs, revenues, investments = _declared(lucca_plan)["organization"]
    # The resource table prints thousands with one decimal: the budget, in euro, rounds to it.
    assert forecast["oneri_correnti"] == _to_hundreds(costs) == 7779800
    assert forecast["proventi_correnti"] == _to_hundreds(revenues) == 7430700
    assert forecast["investimenti"] == investments


def _to_hundreds(amount: Decimal | None) -> Decimal:
    assert amount is not None
    return (amount / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 100


def test_the_resource_table_keeps_the_blank_interventi_economici_2014(lucca_plan: Plan) -> None:
    item = lucca_plan.financial_items.get(code="interventi_economici")
    assert item.values.get(year=2014).value is None
    statuses = {
        v.year: v.status for v in lucca_plan.financial_items.get(code="proventi_correnti").values.all()
    }
    assert statuses == {
        **dict.fromkeys(range(2012, 2017), "final"),
        2017: "pre_final",
        2018: "forecast",
    }


def test_the_structure_carries_staff_bodies_and_the_drafting_calendar(lucca_plan: Plan) -> None:
    org = lucca_plan.organization
    assert org.staff == 70
    assert list(org.values[:3]) == ["Coinvolgimento", "Condivisione", "Compartecipazione"]
    units = {u.code: u for u in OrgUnit.objects.filter(organization=org)}
    assert (units["giunta"].staff, units["consiglio"].staff) == (9, 26)
    assert {"programmazione-controllo", "registro-imprese", "studi-statistica", "relazioni-esterne"} <= set(
        units
    )
    phases = list(lucca_plan.calendar.all())
    assert phases[0].phase == "Avvio processo di elaborazione del Piano"
    assert phases[-1].end.isoformat() == "2018-02-28"  # type: ignore[union-attr]


def test_the_document_file_is_the_one_the_demo_loads() -> None:
    document = lucca_document()
    assert document.data["organization"]["code"] == "lucca"
    assert document.data["plan"]["year"] == 2018
