"""Writes of monitoring: open and lock rounds, enter and review measurements, evidence files.

Each write runs inside a transaction and is recorded in the audit log with its before and after.
Whether a value is off target is the policy's call (`ScoringPolicy.deviates`), never this module's;
the value is scored by the one path of every figure (`evaluation.inputs.indicator_score`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.audit.selectors import last_editor
from cannocchiale.audit.services import audit_record
from cannocchiale.core.concurrency import EditConflict
from cannocchiale.core.errors import CannocchialeError, PermissionRefused
from cannocchiale.engine.explanation import decimal_json
from cannocchiale.engine.policy import ScoringPolicy
from cannocchiale.engine.scoring import Actual, Score
from cannocchiale.engine.target import Target as EngineTarget
from cannocchiale.evaluation.batch import plan_lock
from cannocchiale.evaluation.freshness import bump_data_version
from cannocchiale.evaluation.inputs import MeasurementRow, actual_of, indicator_score
from cannocchiale.evaluation.policies import policy_for_year
from cannocchiale.monitoring.evidence import EvidenceRefused, evidence_check, evidence_kind
from cannocchiale.monitoring.evidence_names import display_name
from cannocchiale.monitoring.models import (
    CorrectiveAction,
    Evidence,
    Measurement,
    MonitoringRound,
    Submission,
)
from cannocchiale.monitoring.selectors import measurement_text, own_unit_ids, responsible_units
from cannocchiale.planning.models import Indicator, Plan

Actor = AbstractBaseUser | AnonymousUser | None


# Which status may follow which: closing stops entries (reviews go on), locking freezes everything.
TRANSITIONS: dict[str, frozenset[str]] = {
    MonitoringRound.Status.OPEN: frozenset({MonitoringRound.Status.CLOSED, MonitoringRound.Status.LOCKED}),
    MonitoringRound.Status.CLOSED: frozenset({MonitoringRound.Status.OPEN, MonitoringRound.Status.LOCKED}),
    MonitoringRound.Status.LOCKED: frozenset({MonitoringRound.Status.CLOSED}),
}


class MonitoringError(CannocchialeError):
    pass


class MonitoringRefused(MonitoringError, PermissionRefused):
    """The caller's access does not allow this monitoring write (a 403, and still a MonitoringError)."""


@dataclass(frozen=True)
class MeasurementInput:
    value: Decimal | None = None
    done: bool | None = None
    completed_on: date | None = None
    assessed: Decimal | None = None
    justification: str = ""
    note: str = ""
    explanation: str = ""
    action: str = ""

    @property
    def empty(self) -> bool:
        return (
            self.value is None and self.done is None and self.completed_on is None and self.assessed is None
        )


def _round_snapshot(round_: MonitoringRound) -> dict[str, Any]:
    return {
        "name": round_.name,
        "as_of": round_.as_of.isoformat(),
        "due_date": round_.due_date.isoformat(),
        "final": round_.final,
        "status": round_.status,
    }


def _submission_snapshot(s: Submission) -> dict[str, Any]:
    m = s.measurement
    action = getattr(s, "corrective_action", None) if s.pk else None
    return {
        "state": s.state,
        "value": decimal_json(m.value) if m else None,
        "done": m.done if m else None,
        "completed_on": m.completed_on.isoformat() if m and m.completed_on else None,
        "assessed": decimal_json(m.assessed) if m else None,
        "note": m.note if m else "",
        "achievement": decimal_json(s.achievement),
        "off_target": s.off_target,
        "review_note": s.review_note,
        "explanation": action.explanation if action else "",
        "corrective_action": action.action if action else "",
    }


def _date_free(plan: Plan, as_of: date) -> None:
    if MonitoringRound.objects.filter(plan=plan, as_of=as_of).exists():
        raise MonitoringError(f"esiste già un monitoraggio alla data {as_of:%d/%m/%Y}")


def round_open(
    *,
    access: Access,
    plan: Plan,
    name: str,
    as_of: date,
    due_date: date,
    actor: Actor,
    final: bool = False,
) -> MonitoringRound:
    """Open a round: one line to enter for every indicator of the plan. A value already measured
    at the round's date (an import, a previous entry) is taken as submitted, to be reviewed."""
    access.require(
        access.can_manage_lifecycle(),
        organization_id=plan.organization_id,
        message=_("solo l'Ufficio Programmazione e controllo apre, chiude e blocca i monitoraggi"),
        refusal=MonitoringRefused,
    )
    if due_date < as_of:
        raise MonitoringError("la scadenza per l'inserimento non può precedere la data del monitoraggio")
    with transaction.atomic():
        # The plan's row locked, then the date looked for: two openings at the same date wait for
        # each other, and the second finds the first's round (checked before, both would insert).
        plan_lock(plan)
        _date_free(plan, as_of)
        round_ = MonitoringRound.objects.create(
            organization=plan.organization,
            plan=plan,
            name=name.strip() or f"Monitoraggio al {as_of:%d/%m/%Y}",
            as_of=as_of,
            due_date=due_date,
            final=final,
        )
        indicators = list(Indicator.objects.filter(plan=plan).prefetch_related("targets", "measurements"))
        existing = {
            m.indicator_id: m
            for m in Measurement.objects.filter(
                organization=plan.organization, indicator__plan=plan, date=as_of
            )
        }
        submissions = []
        policy = _policy(round_)
        for indicator in indicators:
            submission = Submission(organization=plan.organization, round=round_, indicator=indicator)
            measurement = existing.get(indicator.pk)
            if measurement is not None:
                submission.measurement = measurement
                submission.state = Submission.State.SUBMITTED
                _apply_score(submission, _score(indicator, round_, _actual_of(measurement), policy), policy)
            submissions.append(submission)
        Submission.objects.bulk_create(submissions)
        audit_record(
            organization=plan.organization,
            actor=actor,
            action="monitoring.round_open",
            object_type="monitoring.MonitoringRound",
            object_id=str(round_.pk),
            object_repr=str(round_),
            after={**_round_snapshot(round_), "indicators": len(submissions)},
        )
    return round_


def round_status_set(
    *, access: Access, round_: MonitoringRound, status: str, actor: Actor
) -> MonitoringRound:
    access.require(
        access.can_manage_lifecycle(),
        organization_id=round_.organization_id,
        message=_("solo l'Ufficio Programmazione e controllo apre, chiude e blocca i monitoraggi"),
        refusal=MonitoringRefused,
    )
    with transaction.atomic():
        # Locked and read again: the transition allowed is the one from the status now stored.
        locked = MonitoringRound.objects.select_for_update().get(pk=round_.pk)
        round_.status = locked.status
        if status not in TRANSITIONS.get(round_.status, frozenset()):
            raise MonitoringError(
                f"un monitoraggio «{round_.get_status_display()}» non può diventare «{status}»"
            )
        before = _round_snapshot(round_)
        round_.status = status
        round_.save(update_fields=["status"])
        audit_record(
            organization=round_.organization,
            actor=actor,
            action="monitoring.round_status",
            object_type="monitoring.MonitoringRound",
            object_id=str(round_.pk),
            object_repr=str(round_),
            before=before,
            after=_round_snapshot(round_),
        )
    return round_


def _target_of(indicator: Indicator, year: int) -> EngineTarget | None:
    row = next((t for t in indicator.targets.all() if t.year == year), None)
    return EngineTarget.from_dict(row.structured) if row is not None else None


def _actual_of(m: Measurement | MeasurementInput) -> Actual:
    return actual_of(m)


def _score(
    indicator: Indicator, round_: MonitoringRound, actual: Actual, policy: ScoringPolicy | None = None
) -> Score:
    """The line's score: `actual` entered at the round's date, the other years from the stored rows,
    by the same path as every stored figure (`evaluation.inputs`)."""
    year = round_.plan.year
    rows = [
        MeasurementRow(m.date, m.value, m.done, m.completed_on, m.assessed, m.justification or "")
        for m in sorted(indicator.measurements.all(), key=lambda m: (m.date, m.pk))
    ]
    return indicator_score(
        _target_of(indicator, year),
        rows,
        year=year,
        final=round_.final,
        policy=policy or _policy(round_),
        as_of=round_.as_of,
        key=indicator.code,
        entered=actual,
    )


def _policy(round_: MonitoringRound) -> ScoringPolicy:
    return policy_for_year(organization=round_.organization, year=round_.plan.year)


def _apply_score(submission: Submission, score: Score, policy: ScoringPolicy | None = None) -> None:
    submission.achievement = score.achievement
    submission.off_target = (policy or _policy(submission.round)).deviates(score.achievement)


def measurement_assess(*, submission: Submission, data: MeasurementInput) -> Score:
    """How the engine scores this value against the indicator's target (nothing is saved)."""
    indicator = Indicator.objects.prefetch_related("targets", "measurements").get(pk=submission.indicator_id)
    return _score(indicator, submission.round, _actual_of(data))


def measurement_deviates(*, submission: Submission, score: Score) -> bool:
    """Whether this score deviates from the target, so that the line needs its explanation and
    corrective action: the policy in force decides (`ScoringPolicy.deviates`)."""
    return _policy(submission.round).deviates(score.achievement)


def check_evidence(files: Sequence[UploadedFile[Any]]) -> None:
    """Type (by content), size and number of the files: refused before anything is saved."""
    try:
        evidence_check(files)
    except EvidenceRefused as error:
        raise MonitoringError(str(error)) from error


def _submission_locked(submission: Submission, version: int | None) -> Submission:
    """The submission as it is now, locked until the transaction ends; `EditConflict` when it
    changed since the form was read at `version`."""
    Submission.objects.select_for_update().filter(pk=submission.pk).values_list("pk", flat=True).get()
    # Read after the lock, in a statement of its own: a locking read that joins would see the row
    # the other writer committed but the measurement it points to as it was before.
    locked = Submission.objects.select_related(
        "round__plan", "round__organization", "indicator", "measurement"
    ).get(pk=submission.pk)
    if version is not None and locked.version != version:
        who = last_editor(
            organization_id=locked.organization_id, object_type="monitoring.Submission", object_id=locked.pk
        )
        raise EditConflict(
            _(
                "Mentre lavoravi su questa rilevazione, %(who)s l'ha modificata: ora il valore è "
                "«%(value)s» (%(state)s). Nulla è stato salvato: rileggi la rilevazione e, se serve, "
                "ripeti l'operazione."
            )
            % {
                "who": who,
                "value": measurement_text(locked.measurement),
                "state": locked.get_state_display().lower(),
            }
        )
    return locked


def _may_enter(access: Access, submission: Submission) -> bool:
    units = responsible_units(submission.round.plan).get(submission.indicator_id, frozenset())
    return access.can_enter_measurement(responsible_unit_ids=units, own_unit_ids=own_unit_ids(access))


def measurement_submit(
    *,
    access: Access,
    actor: User,
    submission: Submission,
    data: MeasurementInput,
    files: Sequence[UploadedFile[Any]] = (),
    version: int | None = None,
) -> Submission:
    """Enter an indicator's actual value in a round and send it for review.

    Refused when the round is not open, the value was already accepted, the user does not
    answer for the indicator, no value is given, or the value deviates from the target
    without the explanation of the deviation and a corrective action. `version` is the
    submission's version the form was read at: when the value or its review changed since,
    nothing is saved and `EditConflict` says what the value is now."""
    round_ = submission.round
    access.require(
        _may_enter(access, submission),
        organization_id=submission.organization_id,
        message=_("non sei responsabile di questo indicatore"),
        refusal=MonitoringRefused,
    )
    if round_.status != MonitoringRound.Status.OPEN:
        raise MonitoringError("il monitoraggio non è aperto: i valori non si possono più inserire")
    if submission.state == Submission.State.ACCEPTED:
        raise MonitoringError("il valore è già stato accettato")
    if data.empty:
        raise MonitoringError("inserisci il valore rilevato")
    check_evidence(files)
    # Changes recorded from here on are this submission's: the stored figures older than it stand.
    with transaction.atomic():
        # What was checked above may be another writer's past: the checks that decide are made
        # again on the locked row, and the second of two writers waits for the first to finish.
        submission = _submission_locked(submission, version)
        # The plan's lock, which rescoring needs, taken before the audit chain's: every writer
        # takes them in that order, so two never wait for each other.
        plan_lock(round_.plan)
        if submission.round.status != MonitoringRound.Status.OPEN:
            raise MonitoringError("il monitoraggio non è aperto: i valori non si possono più inserire")
        if submission.state == Submission.State.ACCEPTED:
            raise MonitoringError("il valore è già stato accettato")
        score = measurement_assess(submission=submission, data=data)
        policy = _policy(submission.round)
        off_target = policy.deviates(score.achievement)
        if off_target and not (data.explanation.strip() and data.action.strip()):
            raise MonitoringError(
                "il valore non raggiunge il target: "
                "indica la motivazione dello scostamento e l'azione correttiva"
            )
        before = _submission_snapshot(submission)
        measurement = (
            submission.measurement
            or Measurement.objects.filter(indicator_id=submission.indicator_id, date=round_.as_of).first()
            or Measurement(
                organization=round_.organization, indicator_id=submission.indicator_id, date=round_.as_of
            )
        )
        measurement.value = data.value
        measurement.done = data.done
        measurement.completed_on = data.completed_on
        measurement.assessed = data.assessed
        measurement.justification = data.justification
        measurement.note = data.note
        measurement.simulated = False  # entered by a person: a real value, even over a simulated one
        measurement.entered_by = actor
        measurement.entered_by_name = actor.get_username()
        measurement.save()
        submission.measurement = measurement
        submission.state = Submission.State.SUBMITTED
        submission.submitted_by = actor
        submission.submitted_at = timezone.now()
        submission.version += 1
        _apply_score(submission, score, policy)
        submission.save()
        if data.explanation.strip() or data.action.strip():
            CorrectiveAction.objects.update_or_create(
                submission=submission,
                defaults={
                    "organization": round_.organization,
                    "explanation": data.explanation.strip(),
                    "action": data.action.strip(),
                    "entered_by": actor,
                },
            )
        elif not off_target:
            CorrectiveAction.objects.filter(submission=submission).delete()
        submission = Submission.objects.select_related("measurement", "corrective_action", "round").get(
            pk=submission.pk
        )
        for upload in files:
            _evidence_save(submission=submission, upload=upload, actor=actor)
        audit_record(
            organization=round_.organization,
            actor=actor,
            action="monitoring.submit",
            object_type="monitoring.Submission",
            object_id=str(submission.pk),
            object_repr=f"{round_} · {submission.indicator.code}",
            before=before,
            after={
                **_submission_snapshot(submission),
                "evidence_added": [display_name(f.name or "") for f in files],
            },
        )
        bump_data_version(round_.plan_id, indicators=[submission.indicator_id])
    return submission


def _evidence_save(*, submission: Submission, upload: UploadedFile[Any], actor: User) -> Evidence:
    return Evidence.objects.create(
        organization_id=submission.organization_id,
        submission=submission,
        file=upload,
        original_name=display_name(upload.name or ""),
        # The type read from the content, not the one the browser claimed.
        content_type=evidence_kind(upload).content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )


def measurement_review(
    *,
    access: Access,
    actor: User,
    submission: Submission,
    accept: bool,
    note: str = "",
    version: int | None = None,
) -> Submission:
    """Accept a submitted value, or send it back to its office with a note saying what to fix.

    `version` is the submission's version the reviewer read: a value entered again since is
    never accepted unseen (`EditConflict` shows it, nothing is recorded)."""
    access.require(
        access.can_review_measurements(),
        organization_id=submission.organization_id,
        message=_("solo l'Ufficio Programmazione e controllo rivede le rilevazioni"),
        refusal=MonitoringRefused,
    )
    if submission.round.status == MonitoringRound.Status.LOCKED:
        raise MonitoringError("il monitoraggio è bloccato: sbloccalo per rivedere")
    if submission.state != Submission.State.SUBMITTED:
        raise MonitoringError("si rivede solo un valore inviato")
    if not accept and not note.strip():
        raise MonitoringError("per rinviare il valore scrivi cosa va corretto")
    with transaction.atomic():
        submission = _submission_locked(submission, version)
        if submission.round.status == MonitoringRound.Status.LOCKED:
            raise MonitoringError("il monitoraggio è bloccato: sbloccalo per rivedere")
        if submission.state != Submission.State.SUBMITTED:
            raise MonitoringError("si rivede solo un valore inviato")
        before = _submission_snapshot(submission)
        submission.state = Submission.State.ACCEPTED if accept else Submission.State.SENT_BACK
        submission.review_note = note.strip()
        submission.reviewed_by = actor
        submission.reviewed_at = timezone.now()
        submission.version += 1
        submission.save(update_fields=["state", "review_note", "reviewed_by", "reviewed_at", "version"])
        audit_record(
            organization=submission.round.organization,
            actor=actor,
            action="monitoring.accept" if accept else "monitoring.send_back",
            object_type="monitoring.Submission",
            object_id=str(submission.pk),
            object_repr=f"{submission.round} · {submission.indicator.code}",
            before=before,
            after=_submission_snapshot(submission),
            reason=note.strip(),
        )
    return submission


def demo_round_open(*, access: Access, plan: Plan) -> MonitoringRound:
    """The demo's round at 30 June of the plan's year, so that monitoring pages have work to show."""
    as_of = date(plan.year, 6, 30)
    existing = MonitoringRound.objects.filter(plan=plan, as_of=as_of).first()
    if existing is not None:
        return existing
    return round_open(
        access=access,
        plan=plan,
        name="Monitoraggio al 30 giugno",
        as_of=as_of,
        due_date=date(plan.year, 7, 31),
        actor=None,
    )
