"""The documents page: who may request, follow and download a document."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cannocchiale.reports.models import GeneratedDocument
from tests.web.helpers import World


def _client(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def _page(world: World) -> str:
    plan_year = world.organization_plan_year  # type: ignore[attr-defined]
    return reverse("web:documents", args=[world.organization.code, plan_year])


@pytest.fixture
def org_world(world: World) -> World:
    from cannocchiale.planning.models import Plan

    world.organization_plan_year = Plan.objects.filter(organization=world.organization).first().year  # type: ignore[attr-defined, union-attr]
    return world


def test_the_planning_office_generates_the_piano_and_downloads_a_pdf(org_world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CANNOCCHIALE_DOCUMENT_WORKER = "inline"
    client = _client(org_world, "planning_office")
    response = client.post(_page(org_world), {"kind": "piano", "format": "pdf"}, follow=True)
    assert "Pronto" in response.content.decode()
    document = GeneratedDocument.objects.get(organization=org_world.organization)
    assert document.status == "done"
    assert document.plan_version == document.plan.version
    download = client.get(
        reverse("web:document_download", args=[org_world.organization.code, document.plan.year, document.pk])
    )
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF")
    assert download["Content-Disposition"].startswith('attachment; filename="piano-performance-')


def test_a_queued_document_makes_the_list_poll_until_it_is_ready(org_world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CANNOCCHIALE_DOCUMENT_WORKER = "external"
    client = _client(org_world, "planning_office")
    response = client.post(
        _page(org_world), {"kind": "relazione", "format": "docx"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'id="documents-list"' in html
    assert "<html" not in html
    assert 'hx-trigger="every 2s"' in html
    assert "In coda" in html


def test_the_oiv_and_managers_read_but_only_the_planning_office_requests(org_world: World) -> None:
    for who in ("oiv", "director"):
        client = _client(org_world, who)
        page = client.get(_page(org_world))
        assert page.status_code == 200
        assert "Richiedi un documento" not in page.content.decode()
        assert client.post(_page(org_world), {"kind": "piano", "format": "pdf"}).status_code == 403
    assert _client(org_world, "planning_office").get(_page(org_world)).status_code == 200


def test_offices_and_strangers_cannot_see_the_documents(org_world: World) -> None:
    assert _client(org_world, "office").get(_page(org_world)).status_code == 403
    assert _client(org_world, "stranger").get(_page(org_world)).status_code == 404


def test_a_document_of_another_organization_is_never_served(org_world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.CANNOCCHIALE_DOCUMENT_WORKER = "inline"
    _client(org_world, "planning_office").post(_page(org_world), {"kind": "piano", "format": "xlsx"})
    document = GeneratedDocument.objects.get()
    stranger = _client(org_world, "stranger")
    url = reverse("web:document_download", args=[org_world.other.code, document.plan.year, document.pk])
    assert stranger.get(url).status_code == 404
