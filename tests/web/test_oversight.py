"""The OIV's pages: the comments panel on the sheets, the page of all comments, the validation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from cannocchiale.accounts.access import access_for
from cannocchiale.oversight.models import Comment, Validation
from cannocchiale.oversight.services import comment_add
from cannocchiale.planning.models import Plan
from tests.web.helpers import World

HX = {"HX-Request": "true"}


def url(world: World, name: str, *args: object) -> str:
    return reverse(name, args=[world.organization.code, 2018, *args])


def panel(world: World, code: str = "1A") -> str:
    return url(world, "web:comments_panel", "objective", code)


def add(
    world: World, role: str = "oiv", text: str = "Indicatore 1A.2 poco sfidante", code: str = "1A"
) -> Comment:
    return comment_add(
        access=access_for(world.users[role], world.organization),
        plan=Plan.objects.get(organization=world.organization, year=2018),
        subject_type="objective",
        subject_code=code,
        text=text,
        actor=world.users[role],
    )


def test_the_objective_sheet_loads_its_comments_panel(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["director"])
    page = client.get(url(world, "web:objective_sheet", "1A")).content.decode()
    assert "Osservazioni dell'OIV e dell'ufficio programmazione" in page
    assert f'hx-get="{panel(world)}"' in page


def test_the_project_sheet_loads_its_comments_panel(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["oiv"])
    page = client.get(url(world, "web:project_sheet", "1A0101")).content.decode()
    assert f'hx-get="{url(world, "web:comments_panel", "project", "1A0101")}"' in page


def test_the_oiv_posts_a_comment_with_htmx_and_gets_the_panel_back(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["oiv"])
    response = client.post(panel(world), {"text": "Target 2019 uguale al 2018: perché?"}, headers=HX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # a partial, swapped in place
    assert "Target 2019 uguale al 2018: perché?" in body
    assert "Aperta" in body
    assert Comment.objects.get().author == world.users["oiv"]


def test_without_htmx_posting_a_comment_returns_to_the_sheet(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["planning_office"])
    response = client.post(panel(world), {"text": "Da rivedere con il dirigente"})
    assert response["Location"] == url(world, "web:objective_sheet", "1A")
    assert Comment.objects.filter(subject_code="1A").count() == 1


def test_an_empty_comment_is_refused_in_the_panel_and_nothing_saved(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["oiv"])
    body = client.post(panel(world), {"text": "  "}, headers=HX).content.decode()
    assert "scrivere il testo dell&#x27;osservazione" in body
    assert not Comment.objects.exists()


@pytest.mark.parametrize("role", ["secretary_general", "director", "office", "admin"])
def test_roles_that_may_not_comment_are_refused_and_see_no_form(client, world, role) -> None:  # type: ignore[no-untyped-def]
    add(world)
    client.force_login(world.users[role])
    assert client.post(panel(world), {"text": "anch'io"}, headers=HX).status_code == 403
    assert Comment.objects.count() == 1
    body = client.get(panel(world), headers=HX).content.decode()
    assert "Indicatore 1A.2 poco sfidante" in body  # everyone of the organization reads
    assert 'name="text"' not in body
    assert "Segna come risolta" not in body


def test_a_stranger_gets_not_found(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["stranger"])
    assert client.post(panel(world), {"text": "x"}).status_code == 404
    assert client.get(url(world, "web:oversight")).status_code == 404
    assert not Comment.objects.exists()


def test_the_planning_office_resolves_a_comment_from_the_panel(client, world) -> None:  # type: ignore[no-untyped-def]
    comment = add(world)
    client.force_login(world.users["planning_office"])
    body = client.post(
        url(world, "web:comment_resolve", comment.pk), {"from": "panel"}, headers=HX
    ).content.decode()
    assert "Risolta da programmazione" in body
    comment.refresh_from_db()
    assert comment.resolved


def test_a_director_cannot_resolve_the_oivs_comment(client, world) -> None:  # type: ignore[no-untyped-def]
    comment = add(world)
    client.force_login(world.users["director"])
    assert client.post(url(world, "web:comment_resolve", comment.pk), headers=HX).status_code == 403
    comment.refresh_from_db()
    assert not comment.resolved


def test_the_oversight_page_lists_open_comments_and_filters_resolved_ones(client, world) -> None:  # type: ignore[no-untyped-def]
    add(world, text="aperta sul 1A")
    resolved = add(world, text="chiusa sul 1B", code="1B")
    resolved.resolved = True
    resolved.save()
    client.force_login(world.users["office"])
    page = client.get(url(world, "web:oversight")).content.decode()
    assert "aperta sul 1A" in page
    assert "chiusa sul 1B" not in page
    partial = client.get(url(world, "web:oversight") + "?stato=resolved", headers=HX).content.decode()
    assert "<html" not in partial
    assert "chiusa sul 1B" in partial
    assert "aperta sul 1A" not in partial


def test_the_oversight_page_costs_the_same_queries_with_many_comments(  # type: ignore[no-untyped-def]
    client, world, django_assert_max_num_queries
) -> None:
    for n in range(30):
        add(world, text=f"osservazione {n}", code="1A" if n % 2 else "1B")
    client.force_login(world.users["oiv"])
    with django_assert_max_num_queries(20):
        page = client.get(url(world, "web:oversight") + "?stato=all").content.decode()
    assert "osservazione 29" in page
    with django_assert_max_num_queries(12):
        client.get(panel(world), headers=HX)


def test_the_oiv_validates_the_relazione_and_everyone_sees_it(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["oiv"])
    page = client.get(url(world, "web:oversight")).content.decode()
    assert "La Relazione non è ancora stata validata." in page
    response = client.post(
        url(world, "web:oversight_validate"),
        {
            "kind": "relazione",
            "outcome": "validated_with_remarks",
            "act_reference": "Verbale OIV n. 4",
            "act_date": "2019-06-25",
            "remarks": "Motivare meglio gli scostamenti di 2A",
            "document": "",
        },
    )
    assert response.status_code == 302
    validation = Validation.objects.get()
    assert validation.act_date == dt.date(2019, 6, 25)
    client.force_login(world.users["office"])
    page = client.get(url(world, "web:oversight")).content.decode()
    assert "Validata con osservazioni" in page
    assert "Verbale OIV n. 4" in page
    assert "Registra la validazione" not in page


@pytest.mark.parametrize("role", ["planning_office", "director", "admin"])
def test_only_the_oiv_may_record_a_validation(client, world, role) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users[role])
    response = client.post(
        url(world, "web:oversight_validate"),
        {"kind": "relazione", "outcome": "validated", "act_reference": "x", "act_date": "2019-06-25"},
    )
    assert response.status_code == 403
    assert not Validation.objects.exists()


def test_a_refused_validation_says_why_and_saves_nothing(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["oiv"])
    response = client.post(
        url(world, "web:oversight_validate"),
        {"kind": "relazione", "outcome": "not_validated", "act_reference": "V. 5", "act_date": "2019-06-25"},
        follow=True,
    )
    assert "con questo esito le osservazioni sono obbligatorie" in response.content.decode()
    assert not Validation.objects.exists()


def test_the_menu_has_the_oiv_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["director"])
    page = client.get(url(world, "web:tree")).content.decode()
    assert f'href="{url(world, "web:oversight")}"' in page
