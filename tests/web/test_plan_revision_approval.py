"""A plan with validation errors is never approved: the approval runs the plan validation (the
same as `cannocchiale validate`) and refuses, listing each error with the place to fix it."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from cannocchiale.accounts.access import Access
from cannocchiale.audit.models import AuditEvent
from cannocchiale.planning.models import AnnualObjective, Plan
from cannocchiale.planning.services import ApprovalRefused, plan_approve
from tests.web.helpers import World


@pytest.fixture
def overweight(world: World) -> Plan:
    """A draft whose Segretario generale's objectives weigh 80 + 30 = 110."""
    plan = Plan.objects.get(organization=world.organization, year=2018)
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.DRAFT, approval_act="", approval_date=None)
    AnnualObjective.objects.filter(plan=plan, code="SG-1").update(weight=80)
    plan.refresh_from_db()
    return plan


def test_the_service_refuses_to_approve_weights_summing_to_110(world: World, overweight: Plan) -> None:
    with pytest.raises(ApprovalRefused) as refused:
        plan_approve(
            access=Access.system(world.organization),
            plan=overweight,
            act="Delibera di Giunta n. 7",
            date=date(2018, 1, 25),
            actor=world.users["admin"],
        )
    messages = [item.finding.message for item in refused.value.errors]
    assert any("sommano a 110" in message for message in messages)
    assert {(item.kind, item.code) for item in refused.value.errors} >= {("annual_objective", "SG-1")}
    stored = Plan.objects.get(pk=overweight.pk)
    assert stored.status == Plan.Status.DRAFT
    assert stored.approval_act == ""
    assert not AuditEvent.objects.filter(action="plan.approve", object_id=str(overweight.pk)).exists()


def test_the_page_says_why_the_approval_is_refused_and_links_to_the_place_to_fix(
    world: World, overweight: Plan
) -> None:
    client = Client()
    client.force_login(world.users["planning_office"])
    url = reverse("web:plan_lifecycle", args=[world.organization.code, 2018])
    response = client.post(url, {"action": "approve", "act": "Delibera di Giunta n. 7", "date": "2018-01-25"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Approvazione rifiutata: il piano resta in bozza." in page
    assert "sommano a 110" in page
    cascade = reverse("web:cascade", args=[world.organization.code, 2018])
    assert f'href="{cascade}#obiettivo-SG-1"' in page
    assert "weights_sum" not in page  # the finding's internal code is never shown
    assert Plan.objects.get(pk=overweight.pk).status == Plan.Status.DRAFT


def test_a_valid_draft_is_still_approved(world: World, overweight: Plan) -> None:
    AnnualObjective.objects.filter(plan=overweight, code="SG-1").update(weight=70)
    plan_approve(
        access=Access.system(world.organization),
        plan=overweight,
        act="Delibera di Giunta n. 7",
        date=date(2018, 1, 25),
        actor=None,
    )
    assert Plan.objects.get(pk=overweight.pk).status == Plan.Status.APPROVED
