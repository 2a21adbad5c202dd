"""The context figures of the territory (§ 3 of the plan), as time series with their sources."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cannocchiale.planning.models import Plan
from cannocchiale.territory.models import ContextSeries
from cannocchiale.territory.selectors import context_series_list

pytestmark = pytest.mark.django_db

PROVINCES = [
    "arezzo",
    "firenze",
    "grosseto",
    "livorno",
    "lucca",
    "massa_carrara",
    "pisa",
    "pistoia",
    "prato",
    "siena",
]


def _series(plan: Plan) -> dict[str, dict[int, Decimal | None]]:
    return {
        s.code: {v.year: v.value for v in s.values.all()}
        for s in context_series_list(organization=plan.organization, plan=plan)
    }


def test_each_theme_of_the_territory_has_its_figures_and_source(lucca_plan: Plan) -> None:
    series = {s.code: s for s in ContextSeries.objects.filter(plan=lucca_plan)}
    assert series["valore_aggiunto_lucca"].source == "Istat (dicembre 2017)"
    assert series["valore_aggiunto_lucca"].unit == "milioni di euro"
    assert series["imprese_attive_lucca"].source == "Infocamere-Stockview"
    assert series["export_lucca"].source == "Istat-Coeweb"
    assert series["turismo_arrivi_gen_set_lucca"].source == "Comune di Lucca"
    assert series["popolazione_residente_lucca"].source == "elaborazione su dati Istat-Demo"
    assert "non cita la fonte" in series["tasso_disoccupazione_lucca"].note
    values = _series(lucca_plan)
    assert values["valore_aggiunto_lucca"][2015] == 9477
    assert values["imprese_attive_lucca"] == {2016: 36901, 2017: 36685}
    assert values["export_lucca"] == {1991: 986, 2016: 3758}
    assert values["popolazione_residente_lucca"] == {2017: 389702}
    assert values["tasso_disoccupazione_lucca"] == {2015: Decimal("11.4"), 2016: Decimal("9.8")}


def test_the_provinces_add_up_to_tuscany_every_year(lucca_plan: Plan) -> None:
    values = _series(lucca_plan)
    for year in range(2010, 2016):
        provinces = sum(values[f"valore_aggiunto_{p}"][year] or 0 for p in PROVINCES)
        # Each figure is rounded to the million: ten of them may miss the total by one.
        assert abs(provinces - (values["valore_aggiunto_toscana"][year] or 0)) <= 1, year


def test_the_tables_add_up_as_the_plan_prints_them(lucca_plan: Plan) -> None:
    values = _series(lucca_plan)
    sectors = ("agricoltura", "industria", "servizi")
    assert (
        sum(values[f"valore_aggiunto_{s}_lucca"][2015] or 0 for s in sectors)
        == values["valore_aggiunto_lucca"][2015]
    )
    kinds = ("alberghi", "campeggi", "ristoranti", "mense", "bar")
    for year in (2015, 2016, 2017):
        assert (
            sum(values[f"imprese_turistiche_{k}_lucca"][year] or 0 for k in kinds)
            == (values["imprese_turistiche_totale_lucca"][year])
        )
    contracts = [c for c in values if c.startswith("avviamenti_gen_set_") and c != "avviamenti_gen_set_lucca"]
    assert len(contracts) == 9
    for year in (2016, 2017):
        assert sum(values[c][year] or 0 for c in contracts) == values["avviamenti_gen_set_lucca"][year]
    arrivals = (
        values["turismo_arrivi_italiani_gen_set_lucca"][2017]
        + values["turismo_arrivi_stranieri_gen_set_lucca"][2017]
    )  # type: ignore[operator]
    assert arrivals == values["turismo_arrivi_gen_set_lucca"][2017]


def test_reading_the_series_costs_two_queries_whatever_their_number(
    lucca_plan: Plan, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    organization = lucca_plan.organization
    with django_assert_num_queries(2):  # type: ignore[operator]
        series = list(context_series_list(organization=organization, plan=lucca_plan))
        assert len(series) == 154
        assert sum(len(s.values.all()) for s in series) == 276


def test_series_are_read_only_within_their_organization(lucca_plan: Plan) -> None:
    from cannocchiale.organization.models import Organization

    other = Organization.objects.create(code="altro", name="Altro ente")
    assert not context_series_list(organization=other, plan=lucca_plan).exists()
