"""The round's dashboard and the pending-work page are rendered once and served again until something
changes, and never to someone who should see another page."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.test import Client
from django.urls import reverse

from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from tests.monitoring.helpers import access, june_round, submission
from tests.web.helpers import World


def signed_in(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def body_of(page: str) -> str:
    """The page without its frame (whose CSRF token and script nonce are new at each request)."""
    return re.sub(r' nonce="[^"]*"', "", page.split('id="cruscotto"')[1].split("htmx:configRequest")[0])


def round_url(world: World, round_id: int) -> str:
    return reverse("web:round", args=[world.organization.code, 2018, round_id])


def my_work_url(world: World) -> str:
    return reverse("web:my_work", args=[world.organization.code])


def test_a_second_visit_to_the_dashboard_reads_no_rows_and_shows_the_same_page(
    world: World, django_assert_max_num_queries: Any
) -> None:
    round_ = june_round(world)
    office = signed_in(world, "planning_office")
    first = office.get(round_url(world, round_.pk)).content.decode()
    # Session, user, membership, plan, round, latest change, the simulated-data notice.
    with django_assert_max_num_queries(8):
        second = office.get(round_url(world, round_.pk)).content.decode()
    assert body_of(second) == body_of(first)


def test_an_office_coming_after_the_planning_office_gets_its_own_dashboard(world: World) -> None:
    round_ = june_round(world)
    planning = signed_in(world, "planning_office").get(round_url(world, round_.pk)).content.decode()
    office = signed_in(world, "office").get(round_url(world, round_.pk)).content.decode()
    assert "SG-2.1" in planning
    assert "SG-2.1" not in office
    assert "1A0101.1" in office
    # Only the planning office manages the round: its buttons stay out of the office's frame.
    assert "Chiudi l&#x27;inserimento" in planning or "Chiudi l'inserimento" in planning
    assert "Chiudi l" not in office


def test_a_value_submitted_shows_on_the_next_visit_to_the_dashboard_and_my_work(world: World) -> None:
    round_ = june_round(world)
    office = signed_in(world, "planning_office")
    before = office.get(round_url(world, round_.pk)).content.decode()
    work_before = office.get(my_work_url(world)).content.decode()
    assert '<span class="dash-n">1</span><span>da rivedere</span>' in before
    measurement_submit(
        access=access(world, "office"),
        actor=world.users["office"],
        submission=submission(round_, "1A0101.1"),
        data=MeasurementInput(value=Decimal("95")),
    )
    after = office.get(round_url(world, round_.pk)).content.decode()
    assert '<span class="dash-n">2</span><span>da rivedere</span>' in after
    work_after = office.get(my_work_url(world)).content.decode()
    assert "1A0101.1" not in work_before.split("Rilevazioni da rivedere")[-1]
    assert "1A0101.1" in work_after.split("Rilevazioni da rivedere")[-1]


def test_each_role_gets_its_own_pending_work(world: World) -> None:
    june_round(world)
    office = signed_in(world, "office").get(my_work_url(world)).content.decode()
    planning = signed_in(world, "planning_office").get(my_work_url(world)).content.decode()
    again = signed_in(world, "office").get(my_work_url(world)).content.decode()
    assert "Valori da inserire" in office
    assert "1A0101.1" in office
    assert "SG-2.1" not in office
    assert "Rilevazioni da rivedere" in planning
    assert body_of_main(again) == body_of_main(office)


def body_of_main(page: str) -> str:
    return re.sub(r' nonce="[^"]*"', "", page.split("<main")[1].split("htmx:configRequest")[0])
