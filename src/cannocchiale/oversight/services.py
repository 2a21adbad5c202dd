"""The OIV's writes: comments, their resolution, validations. Each one checked and audited here,
so that the pages, the CLI and the API refuse the same things."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone

from cannocchiale.accounts.access import Access
from cannocchiale.audit.services import audit_record
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.monitoring.models import MonitoringRound
from cannocchiale.oversight.models import Comment, Validation
from cannocchiale.planning.models import AnnualObjective, Indicator, Plan, Project, StrategicObjective

Actor = AbstractBaseUser | AnonymousUser | None
MAX_COMMENT = 4000

# Subjects named by a code inside the plan; "plan" and "relazione" are the plan itself.
_CODED: dict[str, type[StrategicObjective | Project | AnnualObjective | Indicator]] = {
    Comment.Subject.OBJECTIVE: StrategicObjective,
    Comment.Subject.PROJECT: Project,
    Comment.Subject.ANNUAL_OBJECTIVE: AnnualObjective,
    Comment.Subject.INDICATOR: Indicator,
}


class OversightError(CannocchialeError):
    """A comment or validation refused: not allowed, or not well formed."""


def _user(actor: Actor) -> User | None:
    # The project keeps Django's user model; an anonymous or absent actor is recorded as nobody.
    return actor if isinstance(actor, User) else None


def _check_subject(plan: Plan, subject_type: str, subject_code: str) -> str:
    if subject_type not in Comment.Subject.values:
        raise OversightError(f"non si può commentare «{subject_type}»")
    if subject_type in (Comment.Subject.PLAN, Comment.Subject.RELAZIONE):
        return ""
    if subject_type == Comment.Subject.ROUND:
        try:
            as_of = date.fromisoformat(subject_code)
        except ValueError as error:
            raise OversightError("monitoraggio non trovato: indicare la data (AAAA-MM-GG)") from error
        found = MonitoringRound.objects.filter(
            organization=plan.organization, plan=plan, as_of=as_of
        ).exists()
    else:
        model = _CODED[subject_type]
        found = model.objects.filter(organization=plan.organization, plan=plan, code=subject_code).exists()
    if not found:
        raise OversightError(f"{Comment.Subject(subject_type).label} {subject_code} non trovato nel piano")
    return subject_code


def comment_add(
    *, access: Access, plan: Plan, subject_type: str, subject_code: str = "", text: str, actor: Actor
) -> Comment:
    if not access.can_comment() or access.organization.pk != plan.organization_id:
        raise OversightError("solo l'OIV e l'ufficio programmazione possono scrivere osservazioni")
    text = text.strip()
    if not text:
        raise OversightError("scrivere il testo dell'osservazione")
    if len(text) > MAX_COMMENT:
        raise OversightError(f"l'osservazione supera i {MAX_COMMENT} caratteri")
    code = _check_subject(plan, subject_type, subject_code.strip())
    with transaction.atomic():
        comment = Comment.objects.create(
            organization=plan.organization,
            plan=plan,
            subject_type=subject_type,
            subject_code=code,
            text=text,
            author=_user(actor),
        )
        audit_record(
            organization=plan.organization,
            actor=actor,
            action="comment.add",
            object_type="oversight.Comment",
            object_id=str(comment.pk),
            object_repr=str(comment),
            after={"subject_type": subject_type, "subject_code": code, "text": text},
        )
    return comment


def comment_resolve(*, access: Access, comment: Comment, actor: Actor) -> Comment:
    if comment.organization_id != access.organization.pk or not access.can_resolve_comment(comment):
        raise OversightError("solo l'autore o l'ufficio programmazione possono chiudere l'osservazione")
    with transaction.atomic():
        comment.resolved = True
        comment.resolved_by = _user(actor)
        comment.resolved_at = timezone.now()
        comment.save(update_fields=["resolved", "resolved_by", "resolved_at"])
        audit_record(
            organization=access.organization,
            actor=actor,
            action="comment.resolve",
            object_type="oversight.Comment",
            object_id=str(comment.pk),
            object_repr=str(comment),
            before={"resolved": False},
            after={"resolved": True},
        )
    return comment


def _document_for(plan: Plan, kind: str, document_id: int | None) -> Any:
    if document_id is None:
        return None
    # Through the plan's documents: the reports app gathers the oversight's records into its
    # documents and sits above this one, so it is not imported here ("done": a finished document).
    document = plan.generated_documents.filter(
        organization=plan.organization,
        plan__year=plan.year,
        kind=kind,
        status="done",
        pk=document_id,
    ).first()
    if document is None:
        raise OversightError("il documento indicato non è un documento pronto di quest'anno")
    return document


def validation_record(
    *,
    access: Access,
    plan: Plan,
    kind: str,
    outcome: str,
    act_reference: str,
    act_date: date,
    remarks: str = "",
    document_id: int | None = None,
    actor: Actor,
) -> Validation:
    """Record the OIV's act. Validating with remarks, or refusing, needs the remarks written."""
    if not access.can_validate() or access.organization.pk != plan.organization_id:
        raise OversightError("solo l'OIV valida i documenti")
    if kind not in Validation.Kind.values:
        raise OversightError(f"documento «{kind}» non previsto")
    if outcome not in Validation.Outcome.values:
        raise OversightError(f"esito «{outcome}» non previsto")
    act_reference, remarks = act_reference.strip(), remarks.strip()
    if not act_reference:
        raise OversightError("indicare l'atto di validazione (per esempio: Verbale OIV n. 3)")
    if outcome != Validation.Outcome.VALIDATED and not remarks:
        raise OversightError("con questo esito le osservazioni sono obbligatorie")
    document = _document_for(plan, kind, document_id)
    with transaction.atomic():
        validation = Validation.objects.create(
            organization=plan.organization,
            plan=plan,
            year=plan.year,
            kind=kind,
            document=document,
            outcome=outcome,
            act_reference=act_reference,
            act_date=act_date,
            remarks=remarks,
            validated_by=_user(actor),
        )
        audit_record(
            organization=plan.organization,
            actor=actor,
            action="validation.record",
            object_type="oversight.Validation",
            object_id=str(validation.pk),
            object_repr=str(validation),
            after={
                "kind": kind,
                "outcome": outcome,
                "act_reference": act_reference,
                "act_date": act_date.isoformat(),
                "remarks": remarks,
                "document": document.pk if document else None,
                "plan_version": plan.version,
            },
        )
    return validation
