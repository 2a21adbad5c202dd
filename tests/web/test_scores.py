"""Scores explained: every figure of the plan with its status, each opening to its explanation."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.web.helpers import World

YEAR = 2018


def scores_url(world: World, **query: str) -> str:
    url = reverse("web:scores", args=[world.organization.code, YEAR])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def explain_url(world: World, kind: str, code: str) -> str:
    return reverse("web:score_explain", args=[world.organization.code, YEAR, kind, code])


def test_the_scores_page_lists_every_kind_of_figure_with_its_status_in_words(
    world: World, client: Client
) -> None:
    client.force_login(world.users["planning_office"])
    page = client.get(scores_url(world)).content.decode()
    for heading in (
        "Indicatori",
        "Progetti",
        "Obiettivi strategici",
        "Aree strategiche",
        "Obiettivi annuali",
    ):
        assert f"{heading} <span" in page
    assert 'data-code="1A.1"' in page
    assert "verde" in page or "giallo" in page or "rosso" in page
    assert "non calcolato" in page  # indicators without a measurement say so, not 0 %


def test_the_scores_page_filters_by_kind(world: World, client: Client) -> None:
    client.force_login(world.users["oiv"])
    page = client.get(scores_url(world, tipo="indicator")).content.decode()
    assert 'data-kind="indicator"' in page
    assert 'data-kind="project"' not in page


def test_the_scores_page_filters_by_status(world: World, client: Client) -> None:
    client.force_login(world.users["oiv"])
    page = client.get(scores_url(world, tipo="indicator", stato="none")).content.decode()
    assert 'data-status="none"' in page
    assert 'data-status="green"' not in page


def test_an_htmx_filter_returns_only_the_table(world: World, client: Client) -> None:
    client.force_login(world.users["oiv"])
    response = client.get(scores_url(world, tipo="area"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'data-kind="area"' in body
    assert "<html" not in body


def test_an_indicator_opens_to_its_rule_inputs_and_result(world: World, client: Client) -> None:
    client.force_login(world.users["director"])
    page = client.get(explain_url(world, "indicator", "DIR-AREA1-1.1")).content.decode()
    assert "Come è calcolato" in page
    assert "Regola applicata" in page
    assert "Valutazione espressa" in page  # the input's Italian label, not "valutato"
    assert "85 %" in page
    assert "Giudizi positivi" in page  # the written justification the score rests on


def test_a_roll_up_shows_the_figures_it_was_computed_from(world: World, client: Client) -> None:
    client.force_login(world.users["planning_office"])
    page = client.get(explain_url(world, "strategic_objective", "1A")).content.decode()
    assert "<details" in page
    assert "Calcolato da" in page
    assert "1A.1" in page or "1A01" in page


def test_the_explanation_comes_as_a_partial_for_htmx(world: World, client: Client) -> None:
    client.force_login(world.users["planning_office"])
    response = client.get(explain_url(world, "indicator", "1A.1"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'data-testid="score-explanation"' in body
    assert "Chiudi" in body
    assert "<html" not in body


def test_an_unknown_figure_is_not_found(world: World, client: Client) -> None:
    client.force_login(world.users["planning_office"])
    assert client.get(explain_url(world, "indicator", "NON-ESISTE")).status_code == 404
    assert client.get(explain_url(world, "unicorn", "1A.1")).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [("planning_office", 200), ("oiv", 200), ("admin", 200), ("director", 403), ("office", 403)],
)
def test_a_persons_overall_result_is_read_only_by_those_who_see_everything(
    world: World, client: Client, role: str, status: int
) -> None:
    client.force_login(world.users[role])
    assert client.get(explain_url(world, "assignee", "SG")).status_code == status
    listed = "Risultato per assegnatario" in client.get(scores_url(world)).content.decode()
    assert listed is (status == 200)


def test_a_stranger_cannot_see_the_scores_of_another_organization(world: World, client: Client) -> None:
    client.force_login(world.users["stranger"])
    assert client.get(scores_url(world)).status_code == 404
    assert client.get(explain_url(world, "indicator", "1A.1")).status_code == 404


def test_the_scores_page_costs_a_bounded_number_of_queries(
    world: World, client: Client, django_assert_max_num_queries: object
) -> None:
    client.force_login(world.users["planning_office"])
    with django_assert_max_num_queries(30):  # type: ignore[operator]
        assert client.get(scores_url(world)).status_code == 200
