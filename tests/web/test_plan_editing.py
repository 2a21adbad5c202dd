"""Editing the plan in place: the planning office only, a draft only, every change audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cannocchiale.audit.models import AuditEvent
from cannocchiale.planning.models import Budget, Indicator, Plan, Project, Target
from tests.web.helpers import World


def signed_in(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


@pytest.fixture
def draft(world: World) -> World:
    Plan.objects.filter(organization=world.organization).update(status=Plan.Status.DRAFT)
    return world


def target_of(world: World, code: str, year: int = 2018) -> Target:
    return Target.objects.get(
        indicator__plan__organization=world.organization, indicator__code=code, year=year
    )


def edit_url(world: World, name: str, key: object) -> str:
    return reverse(name, args=[world.organization.code, 2018, key])


def test_the_sheet_shows_how_each_target_was_understood_and_flags_the_ones_that_were_not(
    world: World,
) -> None:
    page = signed_in(world, "office").get(edit_url(world, "web:objective_sheet", "1A")).content.decode()
    assert "Compreso come: meno di 4 giorni" in page
    assert "almeno 3,5 su una scala da 1 a 5" in page


def test_a_target_edited_through_htmx_comes_back_with_its_new_understanding(draft: World) -> None:
    target = target_of(draft, "1A.1")
    response = signed_in(draft, "planning_office").post(
        edit_url(draft, "web:target_edit", target.pk), {"text": "almeno 83%"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "Compreso come: almeno 83 %" in page
    assert "<html" not in page
    target.refresh_from_db()
    assert target.text == "almeno 83%"
    assert target.kind == "at_least"


def test_a_target_that_is_not_understood_is_flagged_after_saving(draft: World) -> None:
    target = target_of(draft, "1A.1")
    page = (
        signed_in(draft, "planning_office")
        .post(
            edit_url(draft, "web:target_edit", target.pk),
            {"text": "fare del proprio meglio"},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert "Non compreso" in page


def test_an_empty_target_is_refused_with_a_message_and_nothing_changes(draft: World) -> None:
    target = target_of(draft, "1A.1")
    page = (
        signed_in(draft, "planning_office")
        .post(edit_url(draft, "web:target_edit", target.pk), {"text": "  "}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert "non può essere vuoto" in page
    target.refresh_from_db()
    assert target.text == "< 4gg"


def test_every_edit_is_recorded_with_who_before_and_after(draft: World) -> None:
    target = target_of(draft, "1A.1")
    signed_in(draft, "planning_office").post(
        edit_url(draft, "web:target_edit", target.pk), {"text": "<= 3gg"}
    )
    event = AuditEvent.objects.get(action="target.update", object_id=str(target.pk))
    assert event.actor_name == "programmazione"
    assert event.before["text"] == "< 4gg"
    assert event.after["text"] == "<= 3gg"


def test_without_javascript_saving_a_target_returns_to_its_sheet(draft: World) -> None:
    target = target_of(draft, "1A.1")
    response = signed_in(draft, "planning_office").post(
        edit_url(draft, "web:target_edit", target.pk), {"text": "<= 3gg"}
    )
    assert response.status_code == 302
    assert response["Location"] == edit_url(draft, "web:objective_sheet", "1A")


@pytest.mark.parametrize("role", ["secretary_general", "director", "office", "oiv", "admin"])
def test_other_roles_may_not_edit_the_plan(draft: World, role: str) -> None:
    target = target_of(draft, "1A.1")
    response = signed_in(draft, role).post(edit_url(draft, "web:target_edit", target.pk), {"text": "100%"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.text == "< 4gg"


def test_an_approved_plan_is_locked_even_for_the_planning_office(world: World) -> None:
    # The full-features plan is approved.
    target = target_of(world, "1A.1")
    client = signed_in(world, "planning_office")
    assert client.post(edit_url(world, "web:target_edit", target.pk), {"text": "100%"}).status_code == 403
    assert client.get(edit_url(world, "web:project_edit", "1A0101")).status_code == 403
    page = client.get(edit_url(world, "web:objective_sheet", "1A")).content.decode()
    assert "non si modifica più" in page
    assert edit_url(world, "web:target_edit", target.pk) not in page


def test_an_indicator_description_unit_and_source_are_edited(draft: World) -> None:
    indicator = Indicator.objects.get(plan__organization=draft.organization, code="1A.1")
    signed_in(draft, "planning_office").post(
        edit_url(draft, "web:indicator_edit", indicator.pk),
        {"description": "Tempo medio di evasione", "unit": "giorni", "source": "Priamo"},
    )
    indicator.refresh_from_db()
    assert (indicator.description, indicator.unit, indicator.source) == (
        "Tempo medio di evasione",
        "giorni",
        "Priamo",
    )


def test_budget_figures_are_read_the_italian_way_and_shown_back_in_euro(draft: World) -> None:
    budget = Budget.objects.filter(
        plan__organization=draft.organization, strategic_objective__code="1A"
    ).first()
    assert budget is not None
    page = (
        signed_in(draft, "planning_office")
        .post(
            edit_url(draft, "web:budget_edit", budget.pk),
            {"costs": "12.500,50", "revenues": "", "investments": "0"},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    budget.refresh_from_db()
    assert str(budget.costs) == "12500.50"
    assert budget.revenues is None
    assert "12.500,50 €" in page


def test_a_project_title_actions_results_and_offices_are_edited(draft: World) -> None:
    project = Project.objects.get(plan__organization=draft.organization, code="1A0101")
    response = signed_in(draft, "planning_office").post(
        edit_url(draft, "web:project_edit", "1A0101"),
        {
            "title": "Nuovo titolo",
            "description": "Descrizione",
            "actions": "Prima azione\n\nSeconda azione",
            "results": "Un risultato",
            "offices": [],
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Nuovo titolo"
    assert project.actions == ["Prima azione", "Seconda azione"]
    assert project.offices.count() == 0
    page = signed_in(draft, "oiv").get(edit_url(draft, "web:project_sheet", "1A0101")).content.decode()
    assert "Seconda azione" in page


def test_the_history_of_a_sheet_shows_the_changes_of_its_targets_in_words(draft: World) -> None:
    target = target_of(draft, "1A.1")
    client = signed_in(draft, "planning_office")
    client.post(edit_url(draft, "web:target_edit", target.pk), {"text": "almeno 83%"})
    objective = target.indicator.strategic_objective
    assert objective is not None
    page = client.get(
        reverse("web:history", args=[draft.organization.code, "objective", objective.pk])
    ).content.decode()
    assert "programmazione" in page
    assert "&lt; 4gg" in page
    assert "almeno 83%" in page
    assert "almeno 83 %" in page  # the new understanding, in words


def test_a_stranger_cannot_read_the_history_of_another_organizations_object(world: World) -> None:
    target = target_of(world, "1A.1")
    url = reverse("web:history", args=[world.other.code, "target", target.pk])
    assert signed_in(world, "stranger").get(url).status_code == 404
