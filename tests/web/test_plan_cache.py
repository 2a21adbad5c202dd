"""The albero and the objective sheet are rendered once and served again until something changes."""

from __future__ import annotations

import re
from typing import Any

from django.test import Client
from django.urls import reverse

from cannocchiale.planning.models import Plan, Project
from tests.web.helpers import World


def signed_in(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def tree_url(org: str, **query: str) -> str:
    url = reverse("web:tree", args=[org, 2018])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def nodes_of(page: str) -> str:
    # Without the frame's script nonce, new at each request.
    return re.sub(r' nonce="[^"]*"', "", page.split('id="tree-nodes"')[1].split("htmx:configRequest")[0])


def test_a_second_visit_to_the_albero_reads_no_tree_and_shows_the_same_page(
    world: World, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(world, "oiv")
    first = client.get(tree_url(world.organization.code)).content.decode()
    # Session, user, organization, plan, latest change: nothing that grows with the plan.
    with django_assert_max_num_queries(8):
        second = client.get(tree_url(world.organization.code)).content.decode()
    # The frame around the body carries a fresh CSRF token per request; the albero itself is the same.
    assert nodes_of(second) == nodes_of(first)
    assert "1A0101" in second


def test_a_change_to_the_plan_shows_on_the_next_visit_to_the_albero_and_the_sheet(world: World) -> None:
    Plan.objects.filter(organization=world.organization).update(status=Plan.Status.DRAFT)
    office = signed_in(world, "planning_office")
    org = world.organization.code
    sheet = reverse("web:objective_sheet", args=[org, 2018, "1A"])
    assert "Titolo rinnovato" not in office.get(tree_url(org)).content.decode()
    assert "Titolo rinnovato" not in office.get(sheet).content.decode()
    project = Project.objects.get(plan__organization=world.organization, code="1A0101")
    response = office.post(
        reverse("web:project_edit", args=[org, 2018, "1A0101"]),
        {"title": "Titolo rinnovato", "description": "", "actions": "", "results": "", "offices": []},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Titolo rinnovato"
    assert "Titolo rinnovato" in office.get(tree_url(org)).content.decode()
    assert "Titolo rinnovato" in office.get(sheet).content.decode()


def test_each_filter_has_its_own_albero(world: World) -> None:
    client = signed_in(world, "oiv")
    org = world.organization.code
    everything = client.get(tree_url(org)).content.decode()
    nothing = client.get(tree_url(org, q="nessun-nodo-si-chiama-cosi")).content.decode()
    assert "1A0101" in everything
    assert "Nessun elemento dell" in nothing
    assert "1A0101" not in nothing.split('id="tree-nodes"')[1]


def test_the_edit_links_of_the_sheet_are_shown_only_to_those_who_may_edit(world: World) -> None:
    Plan.objects.filter(organization=world.organization).update(status=Plan.Status.DRAFT)
    sheet = reverse("web:objective_sheet", args=[world.organization.code, 2018, "1A"])
    edit = reverse("web:project_edit", args=[world.organization.code, 2018, "1A0101"])
    # The OIV reads it first: an editor coming second would get the OIV's body if the key forgot the right.
    signed_in(world, "oiv").get(sheet)
    assert "Modifica" in signed_in(world, "planning_office").get(sheet).content.decode()
    assert "Modifica</a>" not in signed_in(world, "oiv").get(sheet).content.decode()
    assert edit not in signed_in(world, "oiv").get(sheet).content.decode()


def test_one_organizations_albero_is_never_served_to_another(world: World) -> None:
    ours = signed_in(world, "oiv").get(tree_url(world.organization.code)).content.decode()
    theirs = signed_in(world, "stranger").get(tree_url(world.other.code)).content.decode()
    # Both plans have a project 1A0101: the links tell whose albero it is.
    assert reverse("web:project_sheet", args=[world.organization.code, 2018, "1A0101"]) in ours
    assert reverse("web:project_sheet", args=[world.other.code, 2018, "1A0101"]) in theirs
    assert f"/o/{world.organization.code}/" not in theirs


def test_the_htmx_filter_answer_is_only_the_nodes(world: World) -> None:
    client = signed_in(world, "oiv")
    url = tree_url(world.organization.code, q="1A")
    page = client.get(url).content.decode()
    nodes = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<form" not in nodes
    assert "1A0101" in nodes
    assert "<form" in page
