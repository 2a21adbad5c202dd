"""What I must do: each role's pending work."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from cannocchiale.planning.models import AnnualObjective, Plan
from tests.monitoring.helpers import access, june_round, submission


def page(client, world, role: str) -> str:  # type: ignore[no-untyped-def]
    client.force_login(world.users[role])
    return client.get(reverse("web:my_work", args=[world.organization.code])).content.decode()


def test_an_office_sees_the_values_it_must_enter_with_the_due_date(client, world) -> None:  # type: ignore[no-untyped-def]
    june_round(world)
    text = page(client, world, "office")
    assert "Valori da inserire" in text
    assert "1A0101.1" in text
    assert "31/7/2018" in text
    assert "SG-2.1" not in text


def test_the_planning_office_sees_the_reviews_waiting(client, world) -> None:  # type: ignore[no-untyped-def]
    round_ = june_round(world)
    measurement_submit(
        access=access(world, "office"),
        actor=world.users["office"],
        submission=submission(round_, "1A0101.1"),
        data=MeasurementInput(value=Decimal("95")),
    )
    text = page(client, world, "planning_office")
    assert "Rilevazioni da rivedere" in text
    assert "1A0101.1" in text


def test_a_director_sees_weights_to_assign_when_they_do_not_sum_to_100(client, world) -> None:  # type: ignore[no-untyped-def]
    Plan.objects.filter(organization=world.organization).update(status=Plan.Status.DRAFT)
    AnnualObjective.objects.filter(organization=world.organization, code="PO-REG-1").update(weight=80)
    text = page(client, world, "director")
    assert "Pesi da assegnare" in text
    assert "sommano a 80 su 100" in text
    assert "Pesi da assegnare" not in page(client, world, "office")


def test_a_stale_indicator_is_flagged(client, world) -> None:  # type: ignore[no-untyped-def]
    june_round(world)  # 1A0101.1 is monthly and has no value in 2018
    text = page(client, world, "office")
    assert "Indicatori non aggiornati" in text
    assert "non aggiornato" in text


def test_nothing_to_do_says_so(client, world) -> None:  # type: ignore[no-untyped-def]
    assert "Niente da fare" in page(client, world, "oiv")
