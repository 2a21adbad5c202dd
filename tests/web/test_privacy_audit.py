"""The record of changes shows an evaluation's content only to who may read the evaluation
(issue 10, point 10b): the administrator sees that a sheet changed, not its ratings or bonus."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cannocchiale.accounts.access import access_for
from cannocchiale.accounts.models import Membership, Role
from cannocchiale.audit.models import AuditEvent
from cannocchiale.audit.services import audit_record
from cannocchiale.evaluation.individual_services import evaluation_update, evaluations_open
from cannocchiale.planning.models import Plan, StrategicObjective
from tests.web.helpers import PASSWORD, World

pytestmark = pytest.mark.django_db
SECRET_COMMENT = "Giudizio riservato: scarsa attenzione al personale"
SECRET_BUDGET = Decimal("23456.78")
RATINGS = {c: Decimal(2) for c in ("programmazione", "persone", "utenza", "innovazione", "integrazione")}


def _evaluation_event(world: World) -> AuditEvent:
    planning = access_for(world.users["planning_office"], world.organization)
    opened = evaluations_open(organization=world.organization, year=2018, actor=None, access=planning)
    sheet = next(e for e in opened if e.evaluated_position.code == "DIR-AREA1")
    evaluation_update(
        evaluation=sheet,
        access=access_for(world.users["secretary_general"], world.organization),
        actor=world.users["secretary_general"],
        ratings=RATINGS,
        comments=SECRET_COMMENT,
        bonus_budget=SECRET_BUDGET,
    )
    return AuditEvent.objects.get(action="evaluation.update", object_id=str(sheet.pk))


def _installation_admin(world: World, *, role: str | None = None) -> Client:
    """A superuser of the Django admin; with `role`, also a member of the organization."""
    user = get_user_model().objects.create_user(
        username=f"root-{role or 'none'}", password=PASSWORD, is_staff=True, is_superuser=True
    )
    if role is not None:
        Membership.objects.create(organization=world.organization, user=user, role=role)
    client = Client()
    client.force_login(user)
    return client


def _admin_page(client: Client, event: AuditEvent) -> str:
    response = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", [None, Role.ADMIN, Role.OFFICE, Role.MANAGER])
def test_the_admin_does_not_show_an_evaluation_s_content_to_who_may_not_read_it(
    world: World, role: str | None
) -> None:
    event = _evaluation_event(world)
    page = _admin_page(_installation_admin(world, role=role), event)
    assert SECRET_COMMENT not in page
    assert "23456.78" not in page
    assert "23456,78" not in page
    assert '"persone": "2"' not in page
    assert "Riservato: i dettagli di una valutazione individuale" in page
    assert event.object_repr in page, "that the sheet changed, and which, stays visible"


@pytest.mark.parametrize("role", [Role.PLANNING_OFFICE, Role.OIV])
def test_the_admin_shows_an_evaluation_s_content_to_who_may_read_it(world: World, role: str) -> None:
    event = _evaluation_event(world)
    page = _admin_page(_installation_admin(world, role=role), event)
    assert SECRET_COMMENT in page
    assert "Riservato: i dettagli" not in page


def test_the_admin_still_shows_the_content_of_other_changes(world: World) -> None:
    plan_event = AuditEvent.objects.filter(organization=world.organization, action="plan.import").first()
    assert plan_event is not None
    page = _admin_page(_installation_admin(world), plan_event)
    assert "Riservato: i dettagli" not in page


def test_a_row_of_another_type_carrying_an_evaluation_s_action_is_withheld_too(world: World) -> None:
    """A row written by a bug or by hand, typed as a plan's but recording an evaluation's change."""
    event = _evaluation_event(world)
    plan = Plan.objects.get(organization=world.organization, year=2018)
    odd = audit_record(
        organization=world.organization,
        actor=None,
        action=event.action,
        object_type="planning.Plan",
        object_id=str(plan.pk),
        object_repr=str(plan),
        before=event.before,
        after=event.after,
    )
    for role in (None, Role.PLANNING_OFFICE):
        page = _admin_page(_installation_admin(world, role=role), odd)
        assert SECRET_COMMENT not in page, role


def test_the_plan_s_history_pages_never_carry_an_evaluation_s_content(world: World) -> None:
    """A guard: the web history lists the plan's objects only, never an evaluation's events."""
    _evaluation_event(world)
    plan = Plan.objects.get(organization=world.organization, year=2018)
    objective = StrategicObjective.objects.filter(plan=plan).first()
    assert objective is not None
    code = world.organization.code
    for role in ("office", "admin", "secretary_general", "director", "oiv", "planning_office"):
        client = Client()
        client.force_login(world.users[role])
        for path in (f"/o/{code}/storia/plan/{plan.pk}/", f"/o/{code}/storia/objective/{objective.pk}/"):
            response = client.get(path)
            assert response.status_code == 200, (role, path)
            assert SECRET_COMMENT not in response.content.decode(), (role, path)
