"""The events that were not recorded before: sign-ins, failed sign-ins and lockouts, role changes from
anywhere, downloads of evidence and of evaluation sheets."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from cannocchiale.accounts.models import Membership, Role
from cannocchiale.audit.middleware import audit_actor
from cannocchiale.audit.models import AuditEvent
from cannocchiale.audit.services import acting_as, audit_record
from cannocchiale.audit.verification import chain_verify
from cannocchiale.monitoring.models import Evidence
from cannocchiale.organization.models import OrgUnit
from tests.monitoring.helpers import june_round, submission
from tests.web.helpers import PASSWORD, World


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def test_a_sign_in_is_recorded(world: World, client: Client) -> None:
    response = client.post("/accedi/", {"username": "programmazione", "password": PASSWORD})
    assert response.status_code == 302
    [event] = _events("auth.sign_in")
    assert event.actor == world.users["planning_office"]
    assert event.category == AuditEvent.Category.ACCESS
    assert event.after == {"username": "programmazione", "address": "127.0.0.1"}
    assert event.organization is None


def test_failed_sign_ins_and_the_lockout_are_recorded_without_the_password(
    world: World, client: Client
) -> None:
    for _ in range(5):
        client.post("/accedi/", {"username": "programmazione", "password": "sbagliata-segreta"})
    failed = _events("auth.sign_in_failed")
    assert len(failed) >= 5
    assert all(e.actor is None and e.object_repr == "programmazione" for e in failed)
    assert _events("auth.locked_out")
    assert not AuditEvent.objects.filter(after__icontains="sbagliata").exists()
    assert "sbagliata" not in str(list(AuditEvent.objects.values_list("before", "after", "reason")))
    assert chain_verify().broken == []


def test_a_very_long_username_is_cut(world: World, client: Client) -> None:
    response = client.post("/accedi/", {"username": "x" * 5000, "password": "no"})
    assert response.status_code == 200  # the form again, not a server error (axes's column is 255)
    for event in _events("auth.sign_in_failed"):
        assert len(event.object_repr) <= 150


def test_role_changes_through_the_orm_are_recorded_with_their_author(world: World) -> None:
    admin = world.users["admin"]
    office = OrgUnit.objects.filter(organization=world.organization, kind=OrgUnit.Kind.OFFICE).first()
    with acting_as(admin):
        membership = Membership.objects.create(
            organization=world.organization, user=world.users["office"], role=Role.OIV
        )
        membership.role, membership.unit = Role.PLANNING_OFFICE, office
        membership.save()
        membership.save()  # unchanged: nothing to record
        pk = membership.pk
        membership.delete()
    grant, change, revoke = (_events(a) for a in ("role.grant", "role.change", "role.revoke"))
    mine = [e for e in grant + change + revoke if e.object_id == str(pk)]
    assert [e.action for e in mine] == ["role.grant", "role.change", "role.revoke"]
    assert all(e.actor == admin and e.organization == world.organization for e in mine)
    assert mine[1].before["role"] == Role.OIV
    assert mine[1].after == {
        "user": "ufficio",
        "role": Role.PLANNING_OFFICE,
        "position": None,
        "unit": office.code if office else None,
        "active": True,
    }
    assert mine[2].before["role"] == Role.PLANNING_OFFICE


def test_a_role_changed_in_a_request_names_the_signed_in_user(world: World) -> None:
    """What the Django admin does: the middleware names the request's user."""
    admin = world.users["admin"]
    request = HttpRequest()
    request.user = SimpleLazyObject(lambda: admin)  # type: ignore[assignment]

    def view(request: HttpRequest) -> HttpResponse:
        Membership.objects.filter(user=world.users["oiv"], organization=world.organization).update(
            active=True
        )
        membership = Membership.objects.get(user=world.users["oiv"], organization=world.organization)
        membership.active = False
        membership.save()
        return HttpResponse("ok")

    audit_actor(view)(request)
    [event] = [e for e in _events("role.change") if e.after and e.after["user"] == "oiv"]
    assert event.actor == admin
    assert event.before["active"] is True
    assert event.after["active"] is False


def test_a_service_recording_the_same_role_change_gets_one_event(world: World) -> None:
    with acting_as(world.users["admin"]):
        membership = Membership.objects.create(
            organization=world.organization, user=world.users["oiv"], role=Role.OFFICE
        )
        again = audit_record(
            organization=world.organization,
            actor=world.users["admin"],
            action="role.grant",
            object_type="accounts.Membership",
            object_id=str(membership.pk),
        )
    assert (
        AuditEvent.objects.filter(object_type="accounts.Membership", object_id=str(membership.pk)).count()
        == 1
    )
    assert again.action == "role.grant"


def test_deleting_a_user_revokes_their_roles_in_an_intact_trail(world: World) -> None:
    stranger = world.users["stranger"]
    pk = Membership.objects.get(user=stranger).pk
    stranger.delete()
    [event] = [e for e in _events("role.revoke") if e.object_id == str(pk)]
    assert event.before["user"] == "estraneo"
    assert event.organization == world.other
    assert chain_verify().broken == []


def test_an_evidence_download_is_recorded(world: World, client: Client) -> None:
    round_ = june_round(world)
    target = submission(round_, "1A0101.1")
    evidence = Evidence(
        organization=world.organization, submission=target, original_name="verbale.pdf", size=9
    )
    evidence.file.save("verbale.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    client.force_login(world.users["planning_office"])
    url = reverse("web:evidence_download", args=[world.organization.code, 2018, round_.pk, evidence.pk])
    response = client.get(url)
    assert response.status_code == 200
    [event] = _events("evidence.download")
    assert event.actor == world.users["planning_office"]
    assert event.object_id == str(evidence.pk)
    assert "verbale.pdf" in event.object_repr
    assert event.category == AuditEvent.Category.ACCESS


@pytest.mark.parametrize("role", ["oiv"])
def test_an_evaluation_sheet_download_is_recorded(world: World, client: Client, role: str) -> None:
    from cannocchiale.accounts.access import access_for
    from cannocchiale.evaluation.individual_services import evaluations_open
    from cannocchiale.evaluation.models import IndividualEvaluation

    planner = world.users["planning_office"]
    evaluations_open(
        organization=world.organization,
        year=2018,
        actor=planner,
        access=access_for(planner, world.organization),
    )
    sheet = IndividualEvaluation.objects.filter(organization=world.organization).first()
    assert sheet is not None
    client.force_login(world.users[role])
    response = client.get(reverse("web:evaluation_print", args=[world.organization.code, 2018, sheet.pk]))
    assert response.status_code == 200
    [event] = _events("evaluation.print")
    assert event.actor == world.users[role]
    assert event.object_id == str(sheet.pk)
