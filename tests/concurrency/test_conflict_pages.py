"""The pages of a second writer: a form posted with the version it was read at, after someone else
saved the same row, says who changed it and what it is now, and saves nothing. Any database: the
two writers take turns here, as two browser tabs opened on the same page would."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cannocchiale.accounts.access import Access, access_for
from cannocchiale.monitoring.models import Submission
from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from cannocchiale.organization.models import Position
from cannocchiale.planning.cascade_services import cascade_weights_save
from cannocchiale.planning.models import AnnualObjective, Plan, Target
from cannocchiale.planning.services import target_update
from tests.monitoring.helpers import access, june_round, submission
from tests.web.helpers import World, build_world


@pytest.fixture
def world(db: None, settings, tmp_path) -> World:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def signed_in(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def url(world: World, name: str, *args: object) -> str:
    return reverse(name, args=[world.organization.code, 2018, *args])


def hidden(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="(\d+)"', page)
    assert found, f"il modulo non porta il campo «{name}»"
    return found.group(1)


def test_a_target_saved_from_a_stale_form_shows_the_other_text_and_keeps_it(world: World) -> None:
    Plan.objects.filter(organization=world.organization).update(status=Plan.Status.DRAFT)
    target = Target.objects.get(
        indicator__plan__organization=world.organization, indicator__code="1A.1", year=2018
    )
    client = signed_in(world, "planning_office")
    edit = url(world, "web:target_edit", target.pk)
    version = hidden(client.get(edit).content.decode(), "version")
    # Meanwhile, someone else saves the same target.
    target_update(
        access=Access.system(world.organization),
        target=Target.objects.get(pk=target.pk),
        text="< 3gg",
        actor=world.users["secretary_general"],
    )

    response = client.post(edit, {"text": "almeno 83%", "version": version})

    page = response.content.decode()
    assert "Mentre modificavi questo target, segretario lo ha cambiato" in page
    assert "«&lt; 3gg»" in page
    assert "non sono state salvate" in page
    assert Target.objects.get(pk=target.pk).text == "< 3gg"
    # The form now carries the version it shows: saving again is a decision taken knowingly.
    assert hidden(page, "version") == str(int(version) + 1)
    assert client.post(edit, {"text": "almeno 83%", "version": hidden(page, "version")}).status_code == 302
    assert Target.objects.get(pk=target.pk).text == "almeno 83%"


def test_weights_saved_from_a_stale_page_show_the_other_weights_and_keep_them(world: World) -> None:
    plan = Plan.objects.get(organization=world.organization, year=2018)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT)
    plan.refresh_from_db()
    position = Position.objects.get(organization=world.organization, code="SG")
    key = f"p{position.pk}"
    sg1, sg2 = AnnualObjective.objects.filter(plan=plan, code__in=["SG-1", "SG-2"]).order_by("code")
    client = signed_in(world, "planning_office")
    page = client.get(url(world, "web:cascade")).content.decode()
    versions = {f"version-{o.pk}": hidden(page, f"version-{o.pk}") for o in (sg1, sg2)}
    other = world.users["planning_office"]
    cascade_weights_save(
        access=access_for(other, world.organization),
        actor=other,
        plan=plan,
        key=key,
        weights={sg1.pk: Decimal(55), sg2.pk: Decimal(45)},
    )

    response = client.post(
        url(world, "web:cascade_save", key),
        {f"weight-{sg1.pk}": "80", f"weight-{sg2.pk}": "20", **versions},
        HTTP_HX_REQUEST="true",
    )

    text = response.content.decode()
    assert "Mentre modificavi questi pesi, programmazione li ha cambiati: ora sono SG-1 55; SG-2 45" in text
    assert [o.weight for o in AnnualObjective.objects.filter(pk__in=[sg1.pk, sg2.pk]).order_by("code")] == [
        Decimal(55),
        Decimal(45),
    ]


def test_a_value_entered_from_a_stale_form_shows_the_value_now_stored_and_keeps_it(world: World) -> None:
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    client = signed_in(world, "office")
    enter = url(world, "web:measurement_enter", round_.pk, target.pk)
    version = hidden(client.get(enter).content.decode(), "version")
    measurement_submit(
        access=access(world, "planning_office"),
        actor=world.users["planning_office"],
        submission=submission(round_, "1A0101.1"),
        data=MeasurementInput(value=Decimal(97)),
    )

    response = client.post(enter, {"value": "91", "version": version})

    assert response.status_code == 422
    page = response.content.decode()
    assert "Mentre lavoravi su questa rilevazione, programmazione l&#x27;ha modificata" in page
    assert "«97»" in page
    saved = submission(round_, "1A0101.1")
    assert saved.measurement is not None
    assert saved.measurement.value == Decimal(97)


def test_a_review_of_a_value_entered_again_meanwhile_is_refused_and_says_so(world: World) -> None:
    round_ = june_round(world)
    office = signed_in(world, "office")
    enter = url(world, "web:measurement_enter", round_.pk, submission(round_, "1A0101.1").pk)
    office.post(enter, {"value": "92", "version": "1"})
    reviewer = signed_in(world, "planning_office")
    version = hidden(reviewer.get(enter).content.decode(), "version")
    # The office corrects the value while the page of the review is open.
    office.post(enter, {"value": "95", "version": version})

    response = reviewer.post(
        url(world, "web:measurement_review", round_.pk, submission(round_, "1A0101.1").pk),
        {"decision": "accept", "version": version},
        follow=True,
    )

    assert "Mentre lavoravi su questa rilevazione, ufficio l&#x27;ha modificata: ora il valore è «95»" in (
        response.content.decode()
    )
    saved = submission(round_, "1A0101.1")
    assert saved.state == Submission.State.SUBMITTED
    assert saved.measurement is not None
    assert saved.measurement.value == Decimal(95)
