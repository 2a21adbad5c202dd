"""The cascade page: weighted objectives per assignee, live sum, who may weigh whom."""

from __future__ import annotations

from django.urls import reverse

from cannocchiale.audit.models import AuditEvent
from cannocchiale.organization.models import Position
from cannocchiale.planning.models import AnnualObjective, Plan


def draft(world) -> Plan:  # type: ignore[no-untyped-def]
    plan = Plan.objects.get(organization=world.organization, year=2018)
    plan.status = Plan.Status.DRAFT
    plan.save()
    return plan


def key_of(world, code: str) -> str:  # type: ignore[no-untyped-def]
    return f"p{Position.objects.get(organization=world.organization, code=code).pk}"


def sg_objectives(world) -> list[AnnualObjective]:  # type: ignore[no-untyped-def]
    return list(
        AnnualObjective.objects.filter(organization=world.organization, code__in=["SG-1", "SG-2"]).order_by(
            "code"
        )
    )


def sign_in(client, world, role: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users[role])


def url(world, name: str, *args: object) -> str:  # type: ignore[no-untyped-def]
    return reverse(name, args=[world.organization.code, 2018, *args])


def test_the_page_shows_each_assignee_with_weights_and_derivation(
    client, world, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, world, "oiv")
    with django_assert_max_num_queries(20):
        page = client.get(url(world, "web:cascade")).content.decode()
    assert "Coordinare il ciclo della performance" in page
    assert "deriva da" in page
    assert "Somma 100 su 100: corretta" in page
    assert "1,25" in page  # PO-REG-1's coefficient from (3, 2, 2, 3)
    assert 'name="weight-' not in page  # the OIV reads, never weighs


def test_the_running_sum_is_shown_in_red_with_words_as_the_user_types(client, world) -> None:  # type: ignore[no-untyped-def]
    draft(world)
    sign_in(client, world, "planning_office")
    sg1, sg2 = sg_objectives(world)
    response = client.post(
        url(world, "web:cascade_check", key_of(world, "SG")),
        {f"weight-{sg1.pk}": "65", f"weight-{sg2.pk}": "30"},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert "Somma 95 su 100: deve essere 100" in text
    assert "text-danger" in text


def test_saving_is_refused_unless_the_weights_sum_to_100(client, world) -> None:  # type: ignore[no-untyped-def]
    draft(world)
    sign_in(client, world, "planning_office")
    sg1, sg2 = sg_objectives(world)
    key = key_of(world, "SG")
    refused = client.post(
        url(world, "web:cascade_save", key),
        {f"weight-{sg1.pk}": "65", f"weight-{sg2.pk}": "30"},
        HTTP_HX_REQUEST="true",
    )
    assert "sommano a 95 su 100" in refused.content.decode()
    sg1.refresh_from_db()
    assert sg1.weight == 70
    saved = client.post(
        url(world, "web:cascade_save", key),
        {f"weight-{sg1.pk}": "62,5", f"weight-{sg2.pk}": "37,5"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200
    assert "Pesi salvati" in saved.content.decode()
    sg1.refresh_from_db()
    assert str(sg1.weight) == "62.50"
    event = AuditEvent.objects.get(action="cascade.weigh", object_id=str(sg1.pk))
    assert event.before["weight"] == "70"
    assert event.after["weight"] == "62.5"


def test_a_director_weighs_the_po_of_the_directorate_with_complexity(client, world) -> None:  # type: ignore[no-untyped-def]
    draft(world)
    sign_in(client, world, "director")
    po = AnnualObjective.objects.get(organization=world.organization, code="PO-REG-1")
    response = client.post(
        url(world, "web:cascade_save", key_of(world, "PO-REG")),
        {
            f"weight-{po.pk}": "100",
            f"staff-{po.pk}": "1",
            f"innovation-{po.pk}": "1",
            f"relations-{po.pk}": "1",
            f"burden-{po.pk}": "3",
        },
    )
    assert response.status_code == 302
    po.refresh_from_db()
    assert str(po.complexity) == "0.750"


def test_a_director_cannot_weigh_the_secretary_general(client, world) -> None:  # type: ignore[no-untyped-def]
    draft(world)
    sign_in(client, world, "director")
    sg1, sg2 = sg_objectives(world)
    page = client.get(url(world, "web:cascade")).content.decode()
    assert f'name="weight-{sg1.pk}"' not in page
    assert (
        f'name="weight-{AnnualObjective.objects.get(organization=world.organization, code="PO-REG-1").pk}"'
        in page
    )
    client.post(
        url(world, "web:cascade_save", key_of(world, "SG")),
        {f"weight-{sg1.pk}": "50", f"weight-{sg2.pk}": "50"},
    )
    sg1.refresh_from_db()
    assert sg1.weight == 70


def test_the_secretary_general_weighs_the_directors_only(client, world) -> None:  # type: ignore[no-untyped-def]
    draft(world)
    sign_in(client, world, "secretary_general")
    page = client.get(url(world, "web:cascade")).content.decode()
    director_objective = AnnualObjective.objects.get(organization=world.organization, code="DIR-AREA1-1")
    assert f'name="weight-{director_objective.pk}"' in page
    assert (
        f'name="weight-{AnnualObjective.objects.get(organization=world.organization, code="PO-REG-1").pk}"'
        not in page
    )


def test_nobody_weighs_once_the_plan_is_approved(client, world) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, world, "planning_office")  # the fixture's plan is approved
    page = client.get(url(world, "web:cascade")).content.decode()
    assert 'name="weight-' not in page
    assert "non sono più modificabili" in page
    sg1, sg2 = sg_objectives(world)
    client.post(
        url(world, "web:cascade_save", key_of(world, "SG")),
        {f"weight-{sg1.pk}": "50", f"weight-{sg2.pk}": "50"},
    )
    sg1.refresh_from_db()
    assert sg1.weight == 70


def test_a_stranger_does_not_see_the_cascade(client, world) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, world, "stranger")
    assert client.get(url(world, "web:cascade")).status_code == 404
