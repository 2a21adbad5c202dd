from __future__ import annotations

import datetime as dt

import pytest

from cannocchiale.audit.models import AuditEvent
from cannocchiale.oversight.models import Comment, Validation
from cannocchiale.oversight.services import OversightError, comment_add, comment_resolve, validation_record
from cannocchiale.reports.models import GeneratedDocument
from tests.oversight.helpers import access, plan_of
from tests.web.helpers import World


def _comment(world: World, role: str = "oiv", text: str = "Target troppo prudente") -> Comment:
    return comment_add(
        access=access(world, role),
        plan=plan_of(world),
        subject_type="objective",
        subject_code="1A",
        text=text,
        actor=world.users[role],
    )


def _validate(world: World, role: str = "oiv", **changes: object) -> Validation:
    values: dict[str, object] = {
        "kind": "relazione",
        "outcome": "validated",
        "act_reference": "Verbale OIV n. 3",
        "act_date": dt.date(2019, 6, 20),
    }
    values.update(changes)
    return validation_record(
        access=access(world, role), plan=plan_of(world), actor=world.users[role], **values
    )  # type: ignore[arg-type]


def test_the_oiv_comments_on_an_objective_and_the_comment_is_audited(world: World) -> None:
    comment = _comment(world)
    assert (comment.subject_type, comment.subject_code, comment.author) == (
        "objective",
        "1A",
        world.users["oiv"],
    )
    event = AuditEvent.objects.get(action="comment.add", object_id=str(comment.pk))
    assert event.actor == world.users["oiv"]
    assert event.after["text"] == "Target troppo prudente"


def test_the_planning_office_comments_too(world: World) -> None:
    assert _comment(world, "planning_office").author == world.users["planning_office"]


@pytest.mark.parametrize("role", ["secretary_general", "director", "office", "admin"])
def test_other_roles_may_not_comment_and_nothing_is_saved(world: World, role: str) -> None:
    with pytest.raises(OversightError, match="solo l'OIV"):
        _comment(world, role)
    assert not Comment.objects.exists()
    assert not AuditEvent.objects.filter(action="comment.add").exists()


def test_a_comment_on_a_code_the_plan_does_not_have_is_refused(world: World) -> None:
    with pytest.raises(OversightError, match="9Z non trovato"):
        comment_add(
            access=access(world, "oiv"),
            plan=plan_of(world),
            subject_type="objective",
            subject_code="9Z",
            text="?",
            actor=world.users["oiv"],
        )
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused(world: World) -> None:
    with pytest.raises(OversightError, match="scrivere il testo"):
        _comment(world, text="   ")


def test_a_stranger_organizations_access_cannot_comment_on_this_plan(world: World) -> None:
    from cannocchiale.accounts.access import access_for

    outsider = access_for(world.users["stranger"], world.other)
    with pytest.raises(OversightError):
        comment_add(
            access=outsider,
            plan=plan_of(world),
            subject_type="plan",
            text="dall'esterno",
            actor=world.users["stranger"],
        )
    assert not Comment.objects.exists()


def test_the_author_resolves_their_comment_and_who_and_when_are_kept(world: World) -> None:
    comment = comment_resolve(access=access(world, "oiv"), comment=_comment(world), actor=world.users["oiv"])
    comment.refresh_from_db()
    assert comment.resolved
    assert comment.resolved_by == world.users["oiv"]
    assert comment.resolved_at
    assert AuditEvent.objects.filter(action="comment.resolve", object_id=str(comment.pk)).exists()


def test_the_planning_office_resolves_the_oivs_comment(world: World) -> None:
    comment = comment_resolve(
        access=access(world, "planning_office"), comment=_comment(world), actor=world.users["planning_office"]
    )
    assert comment.resolved_by == world.users["planning_office"]


def test_a_director_may_not_resolve_the_oivs_comment(world: World) -> None:
    comment = _comment(world)
    with pytest.raises(OversightError, match="solo l'autore"):
        comment_resolve(access=access(world, "director"), comment=comment, actor=world.users["director"])
    comment.refresh_from_db()
    assert not comment.resolved


def test_the_oiv_validates_the_relazione_tied_to_a_generated_document(world: World) -> None:
    plan = plan_of(world)
    document = GeneratedDocument.objects.create(
        organization=world.organization,
        plan=plan,
        plan_version=plan.version,
        kind="relazione",
        format="pdf",
        status="done",
    )
    validation = _validate(world, document_id=document.pk)
    assert validation.document == document
    assert validation.year == 2018
    event = AuditEvent.objects.get(action="validation.record")
    assert event.after["outcome"] == "validated"
    assert event.after["document"] == document.pk


def test_a_document_not_yet_ready_cannot_be_validated(world: World) -> None:
    plan = plan_of(world)
    queued = GeneratedDocument.objects.create(
        organization=world.organization, plan=plan, plan_version=1, kind="relazione", format="pdf"
    )
    with pytest.raises(OversightError, match="non è un documento pronto"):
        _validate(world, document_id=queued.pk)
    assert not Validation.objects.exists()


@pytest.mark.parametrize("role", ["planning_office", "secretary_general", "director", "office", "admin"])
def test_only_the_oiv_validates(world: World, role: str) -> None:
    with pytest.raises(OversightError, match="solo l'OIV valida"):
        _validate(world, role)
    assert not Validation.objects.exists()
    assert not AuditEvent.objects.filter(action="validation.record").exists()


def test_validating_with_remarks_needs_the_remarks(world: World) -> None:
    with pytest.raises(OversightError, match="osservazioni sono obbligatorie"):
        _validate(world, outcome="validated_with_remarks")
    validation = _validate(world, outcome="not_validated", remarks="Mancano gli scostamenti di 2A")
    assert validation.get_outcome_display() == "Non validata"


def test_a_validation_needs_its_act(world: World) -> None:
    with pytest.raises(OversightError, match="indicare l'atto"):
        _validate(world, act_reference=" ")
