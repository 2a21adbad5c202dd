"""The stato di salute page: formula, series computed and published, target range, chart."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from cannocchiale.health.services import HealthRow, HealthYear
from cannocchiale.web.views.health_page import formula_in_words, gaps, target_band
from tests.web.helpers import World


def health_url(world: World, year: int = 2018) -> str:
    return reverse("web:health", args=[world.organization.code, year])


def test_each_health_indicator_shows_its_formula_in_words_and_as_written(
    world: World, client: Client
) -> None:
    client.force_login(world.users["office"])
    page = client.get(health_url(world)).content.decode()
    assert "EQ-1 · Equilibrio economico della gestione corrente" in page
    assert "(oneri_correnti - interventi_economici) / proventi_correnti" in page
    assert "Oneri correnti − Interventi economici" in page
    assert "&lt;= 80%" in page  # the target as the plan writes it


def test_the_series_marks_whether_the_published_value_is_reproduced(world: World, client: Client) -> None:
    client.force_login(world.users["oiv"])
    page = client.get(health_url(world)).content.decode()
    row_2017 = page.split('data-code="EQ-1"')[1].split('data-year="2017"')[1].split("</tr>")[0]
    assert "80" in row_2017
    assert "coincide" in row_2017
    assert "non coincide" not in row_2017


def test_the_chart_is_an_accessible_svg_with_the_target_band(world: World, client: Client) -> None:
    client.force_login(world.users["oiv"])
    section = (
        client.get(health_url(world)).content.decode().split('data-code="EQ-1"')[1].split("</section>")[0]
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in section
    assert 'role="img"' in section
    assert "<title" in section
    assert "<desc" in section
    assert 'class="target-band"' in section
    assert "Intervallo obiettivo: al massimo 80 %" in section


def test_no_health_indicators_for_the_year_is_not_found(world: World, client: Client) -> None:
    client.force_login(world.users["oiv"])
    assert client.get(health_url(world, 1999)).status_code == 404


def test_a_stranger_gets_not_found(world: World, client: Client) -> None:
    client.force_login(world.users["stranger"])
    assert client.get(health_url(world)).status_code == 404


def test_the_health_page_costs_a_bounded_number_of_queries(
    world: World, client: Client, django_assert_max_num_queries: object
) -> None:
    client.force_login(world.users["oiv"])
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        assert client.get(health_url(world)).status_code == 200


def test_the_target_band_follows_the_target_kind() -> None:
    assert target_band({"kind": "range", "low": 380, "high": 390}) == (Decimal(380), Decimal(390))
    assert target_band({"kind": "at_least", "value": 105}) == (Decimal(105), None)
    assert target_band({"kind": "at_most", "value": "26000"}) == (None, Decimal(26000))
    assert target_band({"kind": "qualitative"}) is None
    assert target_band(None) is None


def row(formula_words: str, unit: str, years: list[HealthYear] | None = None) -> HealthRow:
    return HealthRow("X", "x", "", "a / b", unit, "", None, formula_words=formula_words, years=years or [])


def test_source_remarks_are_left_out_of_the_formula_in_words() -> None:
    words = "Oneri correnti (TOTALE A) (Piano, § 2.1.2: migliaia di euro) / Proventi correnti"
    assert formula_in_words(row(words, "%")) == "(Oneri correnti (TOTALE A) / Proventi correnti) × 100"
    assert formula_in_words(row("Proventi / Dipendenti", "euro")) == "Proventi / Dipendenti"


def test_missing_inputs_are_said_once_with_their_years() -> None:
    years = [
        HealthYear(2014, None, Decimal(1), missing=("Attivo",)),
        HealthYear(2015, None, Decimal(2), missing=("Attivo",)),
        HealthYear(2016, Decimal(3), None),
    ]
    assert gaps(row("a", "%", years)) == [("2014, 2015", "manca Attivo")]
