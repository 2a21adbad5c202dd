"""A target phrase posted through the page has a maximum length, refused before it is parsed."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from cannocchiale.engine.target_parser import TARGET_MAX_LENGTH
from cannocchiale.planning.models import Plan, Target
from tests.web.helpers import World


def test_a_huge_target_posted_through_the_page_is_refused_with_a_clear_error(world: World) -> None:
    Plan.objects.filter(organization=world.organization).update(status=Plan.Status.DRAFT)
    target = Target.objects.get(
        indicator__plan__organization=world.organization, indicator__code="1A.1", year=2018
    )
    before = (target.text, target.structured)
    client = Client()
    client.force_login(world.users["planning_office"])
    url = reverse("web:target_edit", args=[world.organization.code, 2018, target.pk])
    # 256k characters: the size that took 15 s through the parser before the bound.
    huge = "entro il 30 giugno " * (256_000 // 19)
    response = client.post(url, {"text": huge}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"al massimo {TARGET_MAX_LENGTH}" in page
    assert 'maxlength="2000"' in page
    target.refresh_from_db()
    assert (target.text, target.structured) == before


def test_a_target_of_the_maximum_length_is_still_accepted(world: World) -> None:
    Plan.objects.filter(organization=world.organization).update(status=Plan.Status.DRAFT)
    target = Target.objects.get(
        indicator__plan__organization=world.organization, indicator__code="1A.1", year=2018
    )
    client = Client()
    client.force_login(world.users["planning_office"])
    url = reverse("web:target_edit", args=[world.organization.code, 2018, target.pk])
    phrase = ("almeno 83% " * 200)[:TARGET_MAX_LENGTH].strip()
    client.post(url, {"text": phrase}, HTTP_HX_REQUEST="true")
    target.refresh_from_db()
    assert target.text == phrase
