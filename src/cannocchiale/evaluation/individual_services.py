"""Writing individual evaluations: open, fill in, close, acknowledge, ask for and decide a review.

Every service checks the access rule, runs inside a transaction and records before and after.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.audit.services import audit_record
from cannocchiale.core.errors import CannocchialeError, PermissionRefused
from cannocchiale.engine.explanation import decimal_json
from cannocchiale.engine.policy import PolicyError
from cannocchiale.evaluation.individual_scores import YearContext, evaluations_of_year_query, plan_of_year
from cannocchiale.evaluation.models import BehaviourRating, IndividualEvaluation
from cannocchiale.evaluation.policies import individual_policy_for_year
from cannocchiale.evaluation.policy_services import Actor, scoring_policy_ensure_default
from cannocchiale.organization.models import Organization, OrgUnit, Position
from cannocchiale.planning.models import Plan

Status = IndividualEvaluation.Status
EVALUATED_ROLES = (Position.Role.SECRETARY_GENERAL, Position.Role.DIRECTOR, Position.Role.PO)


class EvaluationError(CannocchialeError):
    """An evaluation action refused: not allowed, or not possible in the sheet's state."""


class EvaluationRefused(EvaluationError, PermissionRefused):
    """The caller's access does not allow this evaluation write (a 403, and still an EvaluationError)."""


def _snapshot(evaluation: IndividualEvaluation) -> dict[str, Any]:
    return {
        "status": evaluation.status,
        "ratings": {r.criterion: decimal_json(r.rating) for r in evaluation.ratings.all()},
        "comments": evaluation.comments,
        "approval_act": evaluation.approval_act,
        "bonus_budget": decimal_json(evaluation.bonus_budget),
        "total": decimal_json(evaluation.total),
        "bonus_share": decimal_json(evaluation.bonus_share),
        "policy": evaluation.policy_id,
        "acknowledgement_note": evaluation.acknowledgement_note,
        "review_reason": evaluation.review_reason,
        "review_outcome": evaluation.review_outcome,
        "review_note": evaluation.review_note,
    }


def _record(
    evaluation: IndividualEvaluation,
    *,
    actor: Actor,
    action: str,
    before: dict[str, Any] | None,
    reason: str = "",
) -> None:
    fresh = IndividualEvaluation.objects.prefetch_related("ratings").get(pk=evaluation.pk)
    audit_record(
        organization=evaluation.organization,
        actor=actor,
        action=f"evaluation.{action}",
        object_type="evaluation.IndividualEvaluation",
        object_id=str(evaluation.pk),
        object_repr=str(evaluation),
        before=before,
        after=_snapshot(fresh),
        reason=reason,
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise EvaluationError(message)


def evaluator_of(position: Position, positions: list[Position], units: dict[int, OrgUnit]) -> Position | None:
    """SG: none (the Giunta, on the OIV's proposal); Dirigente: the SG; PO: the Dirigente above its unit."""
    secretary = next((p for p in positions if p.role == Position.Role.SECRETARY_GENERAL), None)
    if position.role == Position.Role.SECRETARY_GENERAL:
        return None
    if position.role == Position.Role.PO:
        directors = {p.unit_id: p for p in positions if p.role == Position.Role.DIRECTOR and p.unit_id}
        unit = units.get(position.unit_id) if position.unit_id else None
        while unit is not None:
            if unit.pk in directors:
                return directors[unit.pk]
            unit = units.get(unit.parent_id) if unit.parent_id else None
    return secretary


def evaluations_open(
    *,
    organization: Organization,
    year: int,
    actor: Actor,
    access: Access,
    roles: tuple[str, ...] = EVALUATED_ROLES,
) -> list[IndividualEvaluation]:
    """Open the year's sheet for every position of the given roles that has none yet.

    The planning office opens them; the demo loader with the system's access (`Access.system`).
    """
    access.require(
        access.can_open_evaluations(),
        organization_id=organization.pk,
        message=_("solo l'Ufficio Programmazione apre le valutazioni"),
        refusal=EvaluationRefused,
    )
    if not Plan.objects.filter(organization=organization, year=year).exists():
        raise EvaluationError(f"nessun Piano della performance per il {year}")
    with transaction.atomic():
        policy_row = scoring_policy_ensure_default(
            access=access, organization=organization, year=year, actor=actor
        )
        criteria = individual_policy_for_year(organization=organization, year=year).criteria
        positions = list(Position.objects.filter(organization=organization).order_by("position"))
        units = {u.pk: u for u in OrgUnit.objects.filter(organization=organization)}
        existing = set(
            IndividualEvaluation.objects.filter(organization=organization, year=year).values_list(
                "evaluated_position_id", flat=True
            )
        )
        opened = []
        for position in positions:
            if position.role not in roles or position.pk in existing:
                continue
            evaluation = IndividualEvaluation.objects.create(
                organization=organization,
                year=year,
                evaluated_position=position,
                evaluated_name=position.holder,
                evaluator_position=evaluator_of(position, positions, units),
                policy=policy_row,
            )
            BehaviourRating.objects.bulk_create(
                BehaviourRating(
                    organization=organization,
                    evaluation=evaluation,
                    criterion=c.code,
                    label=c.label,
                    weight=c.weight,
                    position=index,
                )
                for index, c in enumerate(criteria)
            )
            _record(evaluation, actor=actor, action="open", before=None)
            opened.append(evaluation)
        return opened


def evaluation_update(
    *,
    evaluation: IndividualEvaluation,
    access: Access,
    actor: Actor,
    ratings: Mapping[str, Decimal | None],
    comments: str,
    bonus_budget: Decimal | None = None,
    approval_act: str = "",
) -> IndividualEvaluation:
    """The evaluator saves ratings and comments; the sheet stays open."""
    _require(access.can_fill_evaluation(evaluation), "solo il valutatore compila la scheda, finché è aperta")
    policy = individual_policy_for_year(organization=evaluation.organization, year=evaluation.year)
    with transaction.atomic():
        locked = IndividualEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        _require(locked.status == Status.OPEN, "la scheda è già conclusa")
        before = _snapshot(locked)
        rows = {r.criterion: r for r in locked.ratings.all()}
        for code, value in ratings.items():
            row = rows.get(code)
            if row is None:
                raise EvaluationError(f"criterio sconosciuto: {code}")
            if value is not None and not policy.rating_min <= value <= policy.rating_max:
                raise EvaluationError(
                    f"«{row.label}»: il punteggio deve andare da {decimal_json(policy.rating_min)} "
                    f"a {decimal_json(policy.rating_max)}"
                )
            if row.rating != value:
                row.rating = value
                row.save(update_fields=["rating"])
        locked.comments = comments
        locked.bonus_budget = bonus_budget
        locked.approval_act = approval_act
        locked.save(update_fields=["comments", "bonus_budget", "approval_act"])
        _record(locked, actor=actor, action="update", before=before)
        return locked


def evaluation_close(
    *, evaluation: IndividualEvaluation, access: Access, actor: Actor
) -> IndividualEvaluation:
    """The evaluator concludes the sheet: the figures are frozen with the SMVP version in force."""
    _require(access.can_fill_evaluation(evaluation), "solo il valutatore conclude la scheda")
    with transaction.atomic():
        locked = IndividualEvaluation.objects.select_for_update().get(pk=evaluation.pk)
        _require(locked.status == Status.OPEN, "la scheda è già conclusa")
        missing = [r.label for r in locked.ratings.all() if r.rating is None]
        _require(not missing, "mancano i punteggi per: " + "; ".join(missing))
        if locked.evaluator_position_id is None:
            _require(
                bool(locked.approval_act.strip()), "indicare l'atto con cui la Giunta approva la valutazione"
            )
        before = _snapshot(locked)
        everyone = list(evaluations_of_year_query(locked.organization_id, locked.year))
        context = YearContext(plan_of_year(locked.organization_id, locked.year), everyone)
        try:
            score = context.score(next(e for e in everyone if e.pk == locked.pk))
        except PolicyError as exc:
            raise EvaluationError(str(exc)) from exc
        _require(score.total is not None, "il punteggio complessivo non si può calcolare")
        locked.result = score.to_dict()
        locked.total = score.total
        locked.bonus_share = score.bonus_share
        locked.policy = context.policy.row
        locked.status = Status.CLOSED
        locked.closed_at = timezone.now()
        locked.save()
        _record(locked, actor=actor, action="close", before=before)
        return locked


def evaluation_acknowledge(
    *, evaluation: IndividualEvaluation, access: Access, actor: Actor, note: str = ""
) -> IndividualEvaluation:
    _require(
        access.can_acknowledge_evaluation(evaluation), "solo il valutato prende visione della scheda conclusa"
    )
    with transaction.atomic():
        before = _snapshot(evaluation)
        evaluation.status = Status.ACKNOWLEDGED
        evaluation.acknowledged_at = timezone.now()
        evaluation.acknowledgement_note = note
        evaluation.save(update_fields=["status", "acknowledged_at", "acknowledgement_note"])
        _record(evaluation, actor=actor, action="acknowledge", before=before)
        return evaluation


def evaluation_request_review(
    *, evaluation: IndividualEvaluation, access: Access, actor: Actor, reason: str
) -> IndividualEvaluation:
    _require(
        access.can_request_review(evaluation), "solo il valutato chiede la revisione della scheda conclusa"
    )
    _require(bool(reason.strip()), "indicare il motivo della richiesta di revisione")
    with transaction.atomic():
        before = _snapshot(evaluation)
        evaluation.status = Status.REVIEW_REQUESTED
        evaluation.review_reason = reason.strip()
        evaluation.review_requested_at = timezone.now()
        evaluation.save(update_fields=["status", "review_reason", "review_requested_at"])
        _record(evaluation, actor=actor, action="request_review", before=before, reason=reason)
        return evaluation


def evaluation_decide_review(
    *, evaluation: IndividualEvaluation, access: Access, actor: Actor, outcome: str, note: str
) -> IndividualEvaluation:
    """Accepted: the sheet returns to the evaluator, figures unfrozen. Rejected: confirmed as it was."""
    _require(access.can_decide_review(evaluation), "solo il valutatore decide sulla richiesta di revisione")
    _require(outcome in IndividualEvaluation.ReviewOutcome.values, "esito della revisione non valido")
    _require(bool(note.strip()), "motivare l'esito della revisione")
    with transaction.atomic():
        before = _snapshot(evaluation)
        evaluation.review_outcome = outcome
        evaluation.review_note = note.strip()
        evaluation.reviewed_at = timezone.now()
        if outcome == IndividualEvaluation.ReviewOutcome.ACCEPTED:
            evaluation.status = Status.OPEN
            evaluation.result = None
            evaluation.total = None
            evaluation.bonus_share = None
            evaluation.closed_at = None
        else:
            evaluation.status = Status.REVIEWED
        evaluation.save()
        _record(evaluation, actor=actor, action="decide_review", before=before, reason=note)
        return evaluation
