"""Evaluation pages: who sees, fills in, acknowledges; refused cases; the SMVP page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cannocchiale.accounts.access import access_for
from cannocchiale.evaluation.individual_services import evaluations_open
from cannocchiale.evaluation.models import IndividualEvaluation, ScoringPolicy
from tests.web.helpers import World

pytestmark = pytest.mark.django_db
RATINGS = {
    f"rating_{code}": "4" for code in ("programmazione", "persone", "utenza", "innovazione", "integrazione")
}


def _client(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def _sheets(world: World) -> dict[str, IndividualEvaluation]:
    access = access_for(world.users["planning_office"], world.organization)
    opened = evaluations_open(organization=world.organization, year=2018, actor=None, access=access)
    return {e.evaluated_position.code: e for e in opened}


def _url(world: World, name: str, sheet: IndividualEvaluation | None = None) -> str:
    args: list[object] = [world.organization.code, 2018] + ([sheet.pk] if sheet else [])
    return reverse(f"web:{name}", args=args)


def test_the_director_sees_only_his_own_sheet_and_the_one_he_gives(world: World) -> None:
    _sheets(world)
    page = _client(world, "director").get(_url(world, "evaluations")).content.decode()
    assert "Anna Bianchi" in page  # his own
    assert "Posizione organizzativa Servizio Registro imprese" in page  # the PO he evaluates
    assert "Segretario generale — Segretario generale" not in page  # the SG's sheet is not his business


def test_the_planning_office_and_the_oiv_see_every_sheet(world: World) -> None:
    _sheets(world)
    for role in ("planning_office", "oiv"):
        page = _client(world, role).get(_url(world, "evaluations")).content.decode()
        assert "Mario Rossi" in page
        assert "Anna Bianchi" in page


def test_an_office_user_cannot_open_a_managers_sheet(world: World) -> None:
    sheet = _sheets(world)["DIR-AREA1"]
    assert _client(world, "office").get(_url(world, "evaluation", sheet)).status_code == 404
    assert _client(world, "stranger").get(_url(world, "evaluation", sheet)).status_code == 404


def test_the_secretary_general_fills_in_the_directors_sheet(world: World) -> None:
    sheet = _sheets(world)["DIR-AREA1"]
    client = _client(world, "secretary_general")
    page = client.get(_url(world, "evaluation", sheet)).content.decode()
    assert "Salva e ricalcola" in page
    response = client.post(
        _url(world, "evaluation", sheet),
        {**RATINGS, "comments": "Bene", "bonus_budget": "12.000,00"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Scheda salvata" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.comments == "Bene"
    assert str(sheet.bonus_budget) == "12000.00"


def test_the_evaluated_director_may_read_but_not_fill_in_his_sheet(world: World) -> None:
    sheet = _sheets(world)["DIR-AREA1"]
    client = _client(world, "director")
    page = client.get(_url(world, "evaluation", sheet)).content.decode()
    assert "Salva e ricalcola" not in page
    assert client.post(_url(world, "evaluation", sheet), {**RATINGS, "comments": "io"}).status_code == 403


def test_the_director_acknowledges_after_the_sheet_is_concluded(world: World) -> None:
    sheet = _sheets(world)["DIR-AREA1"]
    director = _client(world, "director")
    assert director.post(_url(world, "evaluation_acknowledge", sheet), {"note": ""}).status_code == 403
    response = _client(world, "secretary_general").post(
        _url(world, "evaluation", sheet), {**RATINGS, "comments": "ok", "close": "1"}
    )
    assert response.status_code == 302
    page = director.get(_url(world, "evaluation", sheet)).content.decode()
    assert "Confermo la presa visione" in page
    assert director.post(_url(world, "evaluation_acknowledge", sheet), {"note": "Visto"}).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == "acknowledged"
    # The evaluator cannot acknowledge in the evaluated person's place.
    assert (
        _client(world, "secretary_general").post(_url(world, "evaluation_acknowledge", sheet), {}).status_code
        == 403
    )


def test_a_review_request_needs_a_reason(world: World) -> None:
    sheet = _sheets(world)["DIR-AREA1"]
    _client(world, "secretary_general").post(_url(world, "evaluation", sheet), {**RATINGS, "close": "1"})
    director = _client(world, "director")
    assert director.post(_url(world, "evaluation_review_request", sheet), {"reason": ""}).status_code == 422
    assert (
        director.post(_url(world, "evaluation_review_request", sheet), {"reason": "Dati errati"}).status_code
        == 302
    )
    sheet.refresh_from_db()
    assert sheet.status == "review_requested"


def test_the_printable_sheet_has_the_figures_and_no_menu(world: World) -> None:
    sheet = _sheets(world)["DIR-AREA1"]
    page = _client(world, "planning_office").get(_url(world, "evaluation_print", sheet)).content.decode()
    assert "Scheda di valutazione individuale" in page
    assert "Punteggio complessivo" in page
    assert "@page" in page
    assert "Menu principale" not in page


def test_the_list_page_costs_a_bounded_number_of_queries(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    _sheets(world)
    client = _client(world, "planning_office")
    with django_assert_max_num_queries(60):
        assert client.get(_url(world, "evaluations")).status_code == 200


def test_only_the_planning_office_edits_the_scoring_policy(world: World) -> None:
    url = reverse("web:scoring_policy", args=[world.organization.code])
    for role in ("secretary_general", "oiv", "office"):
        assert _client(world, role).get(url).status_code == 403
    client = _client(world, "planning_office")
    form = client.get(url).context["form"]
    data = {
        name: ("" if value is None else str(value).replace(".", ",")) for name, value in form.initial.items()
    }
    data.update(
        {
            "valid_from_year": "2019",
            "note": "Delibera 3/2019",
            "w_director_behaviours": "20",
            "w_director_differentiation": "15",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    row = ScoringPolicy.objects.get(organization=world.organization)
    assert row.valid_from_year == 2019
    assert row.settings["individual"]["role_weights"]["director"]["differentiation"] == "15"
    data["w_director_behaviours"] = "40"
    response = client.post(url, data)
    assert response.status_code == 422
    assert "sommano a 120" in response.content.decode()
