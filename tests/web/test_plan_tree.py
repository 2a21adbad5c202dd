"""The albero della performance: the tree, its filters and its figures, in a bounded number of queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_file, load_text
from tests.web.helpers import FIXTURES, World


def signed_in(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def tree_url(world: World, **query: str) -> str:
    url = reverse("web:tree", args=[world.organization.code, 2018])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_tree_shows_every_level_from_area_to_project_with_links_to_the_sheets(world: World) -> None:
    page = signed_in(world, "office").get(tree_url(world)).content.decode()
    org = world.organization.code
    assert "Area" in page
    assert "1A" in page
    assert "1A01" in page
    assert "1A0101" in page
    assert reverse("web:objective_sheet", args=[org, 2018, "1A"]) in page
    assert reverse("web:project_sheet", args=[org, 2018, "1A0101"]) in page


def test_a_node_with_measurements_shows_its_traffic_light_in_words_and_its_percentage(world: World) -> None:
    # 1A.1 "< 4gg" measured at 3.8 days: met, so the objective 1A is green at 100 %.
    page = signed_in(world, "oiv").get(tree_url(world, q="1A")).content.decode()
    assert 'data-status="green"' in page
    assert "raggiunto" in page
    assert "100 %" in page


def test_a_node_without_measurements_says_it_is_not_measured_rather_than_showing_a_colour(
    world: World,
) -> None:
    page = signed_in(world, "oiv").get(tree_url(world, q="2A")).content.decode()
    assert "non misurato" in page


def test_searching_keeps_the_matching_nodes_and_their_path(world: World) -> None:
    client = signed_in(world, "planning_office")
    page = client.get(tree_url(world, q="1A0101")).content.decode()
    assert 'data-code="1A0101"' in page
    assert 'data-code="1A"' in page
    assert 'data-code="1"' in page
    assert 'data-code="2A"' not in page


def test_filtering_by_area_shows_only_that_area(world: World) -> None:
    page = signed_in(world, "planning_office").get(tree_url(world, area="2")).content.decode()
    assert 'data-code="2A"' in page
    assert 'data-code="1A"' not in page


def test_filtering_by_office_keeps_only_the_projects_of_that_office(world: World) -> None:
    page = signed_in(world, "planning_office").get(tree_url(world, office="UFF-REG")).content.decode()
    assert 'data-code="1A0101"' in page
    assert 'data-code="2A"' not in page


def test_filtering_by_status_keeps_only_nodes_in_that_state(world: World) -> None:
    page = signed_in(world, "planning_office").get(tree_url(world, status="green")).content.decode()
    assert 'data-code="1A"' in page
    assert 'data-code="2A"' not in page


def test_an_htmx_request_gets_only_the_tree_not_the_whole_page(world: World) -> None:
    response = signed_in(world, "planning_office").get(tree_url(world, q="1B"), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert 'data-code="1B"' in page
    assert "<html" not in page


def test_a_stranger_cannot_see_another_organizations_tree(world: World) -> None:
    assert signed_in(world, "stranger").get(tree_url(world)).status_code == 404


def _bigger_plan() -> None:
    """The full-features plan again under another organization, with many more objectives and projects."""
    document = load_file(FIXTURES / "full_features.yaml")
    data = document.data
    data["organization"]["code"] = "grande"
    area = data["plan"]["areas"][0]
    template = area["objectives"][0]
    for n in range(2, 12):
        copy = {
            **template,
            "code": f"1{chr(ord('A') + n)}",
            "indicators": [],
            "budgets": [],
            "programmes": [
                {
                    "code": f"1{chr(ord('A') + n)}01",
                    "title": f"Programma {n}",
                    "projects": [
                        {
                            "code": f"1{chr(ord('A') + n)}010{k}",
                            "title": f"Progetto {n}.{k}",
                            "offices": ["UFF-REG"],
                        }
                        for k in range(1, 6)
                    ],
                }
            ],
        }
        area["objectives"].append(copy)
    data["plan"]["annual_objectives"] = []
    data["plan"]["measurements"] = [
        m for m in data["plan"]["measurements"] if m["indicator"].startswith("1A")
    ]
    from cannocchiale.interchange.yaml_io import dump_text

    plan_import(document=load_text(dump_text(data)))


@pytest.mark.django_db
def test_the_tree_costs_the_same_number_of_queries_for_a_small_and_a_large_plan(
    world: World, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cannocchiale.accounts.models import Membership, Role
    from cannocchiale.organization.models import Organization

    _bigger_plan()
    big = Organization.objects.get(code="grande")
    Membership.objects.create(
        organization=big, user=world.users["planning_office"], role=Role.PLANNING_OFFICE
    )
    client = signed_in(world, "planning_office")
    # The idle timeout renews the session at most once a minute: let the first request pay for it.
    assert client.get(reverse("web:home")).status_code == 200
    counts = []
    for org in (world.organization.code, "grande"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("web:tree", args=[org, 2018]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert "1L0105" in response.content.decode()
    with django_assert_max_num_queries(40):
        client.get(reverse("web:tree", args=["grande", 2018]))
