"""The year's cycle moves to a new version of the plan when that version is approved.

Rounds, their lines (submissions, with evidence, corrective actions and reminders), measurements,
the OIV's comments and validations belong to the organization's cycle for the year. They hang on
the version in force (`plan_in_force`), never on a revision still in draft: a draft is edited,
and may be replaced or deleted, and the monitoring must not go with it. When a revision is
approved, everything hanging on the earlier versions is re-attached to the new version's objects
with the same code (indicator code, round date), inside the approval's transaction; what has no
match stays where it is, never deleted, and is listed in the report the approval records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext, ngettext

from cannocchiale.evaluation.freshness import bump_plans
from cannocchiale.monitoring.models import (
    CorrectiveAction,
    Evidence,
    Measurement,
    MonitoringRound,
    Submission,
)
from cannocchiale.oversight.models import Comment, Validation
from cannocchiale.planning.models import (
    AnnualObjective,
    Indicator,
    Plan,
    Project,
    StrategicObjective,
)

# Comments name their subject by code: these subjects must exist in the new version.
_COMMENT_SUBJECTS: dict[str, Any] = {
    Comment.Subject.OBJECTIVE: StrategicObjective,
    Comment.Subject.PROJECT: Project,
    Comment.Subject.ANNUAL_OBJECTIVE: AnnualObjective,
    Comment.Subject.INDICATOR: Indicator,
}


@dataclass
class CarryOver:
    """What an approval carries to the new version and what it cannot match.

    `unmatched` items are dicts (they go into the audit record as they are): `kind` is
    indicator, round or comment; `code` the indicator's code, the round's date or the comment's
    subject; the counts say what stays with the earlier version.
    """

    from_versions: list[int] = field(default_factory=list)
    carried: Counter[str] = field(default_factory=Counter)
    unmatched: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from_versions": self.from_versions,
            "carried": dict(self.carried),
            "unmatched": self.unmatched,
        }

    @property
    def empty(self) -> bool:
        return not self.carried and not self.unmatched


def _earlier(plan: Plan) -> list[Plan]:
    return list(
        Plan.objects.filter(
            organization=plan.organization_id, year=plan.year, version__lt=plan.version
        ).order_by("version")
    )


def _indicator_codes(plan: Plan) -> dict[str, int]:
    return dict(Indicator.objects.filter(plan=plan).values_list("code", "pk"))


def _data_of_indicators(earlier_ids: list[int]) -> dict[str, Counter[str]]:
    """Per indicator code of the earlier versions: how many measurements and kept round lines."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    measured = (
        Measurement.objects.filter(indicator__plan_id__in=earlier_ids)
        .values("indicator__code")
        .annotate(n=Count("pk"))
    )
    for row in measured:
        found[row["indicator__code"]]["measurements"] += row["n"]
    lines = (
        Submission.objects.filter(indicator__plan_id__in=earlier_ids)
        .filter(_kept_line())
        .values("indicator__code")
        .annotate(n=Count("pk", distinct=True), files=Count("evidence", distinct=True))
    )
    for row in lines:
        found[row["indicator__code"]]["submissions"] += row["n"]
        found[row["indicator__code"]]["evidence"] += row["files"]
    return found


def _kept_line() -> Q:
    """A round line worth keeping: it holds a value, evidence or a corrective action. An empty
    line ("to enter") of an indicator the new version dropped has nothing to lose."""
    return (
        ~Q(state=Submission.State.TO_ENTER)
        | Q(measurement__isnull=False)
        | Q(Exists(Evidence.objects.filter(submission=OuterRef("pk"))))
        | Q(Exists(CorrectiveAction.objects.filter(submission=OuterRef("pk"))))
    )


def carry_over_preview(plan: Plan) -> CarryOver:
    """What approving `plan` now would leave behind (nothing is written)."""
    report = CarryOver()
    earlier = _earlier(plan)
    if not earlier:
        return report
    ids = [p.pk for p in earlier]
    report.from_versions = [p.version for p in earlier]
    codes = _indicator_codes(plan)
    for code, counts in sorted(_data_of_indicators(ids).items()):
        if code not in codes:
            report.unmatched.append({"kind": "indicator", "code": code, **counts})
    taken = set(MonitoringRound.objects.filter(plan=plan).values_list("as_of", flat=True))
    for round_ in MonitoringRound.objects.filter(plan_id__in=ids).order_by("as_of"):
        if round_.as_of in taken:
            report.unmatched.append({"kind": "round", "code": round_.as_of.isoformat(), "name": round_.name})
    report.unmatched += _unmatched_comments(plan, Comment.objects.filter(plan_id__in=ids))
    return report


def _unmatched_comments(plan: Plan, comments: Any) -> list[dict[str, Any]]:
    missing = []
    for subject, model in _COMMENT_SUBJECTS.items():
        known = set(model.objects.filter(plan=plan).values_list("code", flat=True))
        gone = (
            comments.filter(subject_type=subject)
            .exclude(subject_code__in=known)
            .values("subject_code")
            .annotate(n=Count("pk"))
        )
        missing += [
            {"kind": "comment", "subject": str(subject), "code": row["subject_code"], "comments": row["n"]}
            for row in gone.order_by("subject_code")
        ]
    return missing


def carry_over_apply(plan: Plan) -> CarryOver:
    """Re-attach the year's cycle from the earlier versions to `plan`; the caller holds the
    transaction (the approval's) so that the plan and its monitoring move together or not at all."""
    report = carry_over_preview(plan)
    earlier_ids = list(
        Plan.objects.filter(
            organization=plan.organization_id, year=plan.year, version__lt=plan.version
        ).values_list("pk", flat=True)
    )
    if not earlier_ids:
        return report
    codes = _indicator_codes(plan)
    taken = set(MonitoringRound.objects.filter(plan=plan).values_list("as_of", flat=True))
    rounds = list(
        MonitoringRound.objects.select_for_update()
        .filter(plan_id__in=earlier_ids)
        .exclude(as_of__in=taken)
        .order_by("as_of")
    )
    MonitoringRound.objects.filter(pk__in=[r.pk for r in rounds]).update(plan=plan)
    report.carried["rounds"] = len(rounds)
    report.carried["measurements"] = _repoint_measurements(earlier_ids, codes)
    report.carried["submissions"] = _repoint_submissions(plan, rounds, codes)
    report.carried["new_lines"] = _lines_for_new_indicators(plan, rounds)
    comments = Comment.objects.filter(plan_id__in=earlier_ids)
    report.carried["comments"] = comments.update(plan=plan)
    report.carried["validations"] = Validation.objects.filter(plan_id__in=earlier_ids).update(plan=plan)
    bump_plans(Plan.objects.filter(pk__in=[plan.pk, *earlier_ids]))
    _rescore(plan, rounds)
    report.carried = Counter({k: v for k, v in report.carried.items() if v})
    return report


def _repoint_measurements(earlier_ids: list[int], codes: dict[str, int]) -> int:
    moved = 0
    occupied = set(
        Measurement.objects.filter(indicator_id__in=codes.values()).values_list("indicator_id", "date")
    )
    rows = Measurement.objects.filter(indicator__plan_id__in=earlier_ids).values_list(
        "pk", "indicator__code", "date"
    )
    targets: dict[int, list[int]] = defaultdict(list)
    for pk, code, day in rows:
        new_id = codes.get(code)
        # A value the new version already holds at that date wins; the old one stays, unmatched.
        if new_id is not None and (new_id, day) not in occupied:
            occupied.add((new_id, day))
            targets[new_id].append(pk)
    for new_id, pks in targets.items():
        moved += Measurement.objects.filter(pk__in=pks).update(indicator_id=new_id)
    return moved


def _repoint_submissions(plan: Plan, rounds: list[MonitoringRound], codes: dict[str, int]) -> int:
    # Imported here: the monitoring services import the planning models, not the other way round.
    from cannocchiale.monitoring.services import _actual_of, _apply_score, _score

    # Read once, after the measurements moved: each line is scored against the new target.
    indicators = {
        i.pk: i for i in Indicator.objects.filter(plan=plan).prefetch_related("targets", "measurements")
    }
    moved: list[Submission] = []
    dropped: list[int] = []
    lines = Submission.objects.filter(round__in=rounds).select_related(
        "indicator", "measurement", "round__organization"
    )
    kept = set(Submission.objects.filter(round__in=rounds).filter(_kept_line()).values_list("pk", flat=True))
    for line in lines:
        new_id = codes.get(line.indicator.code)
        if new_id is None:
            if line.pk not in kept:
                dropped.append(line.pk)
            continue  # kept, on the earlier version's indicator: listed in the report
        line.indicator_id = new_id
        line.round.plan = plan
        if line.measurement is not None:
            # The revision may have changed the target: the stored achievement is scored again.
            _apply_score(line, _score(indicators[new_id], line.round, _actual_of(line.measurement)))
        moved.append(line)
    Submission.objects.filter(pk__in=dropped).delete()
    Submission.objects.bulk_update(moved, ["indicator", "achievement", "off_target"], batch_size=500)
    return len(moved)


def _lines_for_new_indicators(plan: Plan, rounds: list[MonitoringRound]) -> int:
    """An indicator the revision added is due in the rounds still open, like any other."""
    created = 0
    indicators = list(Indicator.objects.filter(plan=plan).values_list("pk", flat=True))
    for round_ in rounds:
        if round_.status != MonitoringRound.Status.OPEN:
            continue
        present = set(Submission.objects.filter(round=round_).values_list("indicator_id", flat=True))
        new = [
            Submission(organization_id=plan.organization_id, round=round_, indicator_id=pk)
            for pk in indicators
            if pk not in present
        ]
        Submission.objects.bulk_create(new)
        created += len(new)
    return created


def _rescore(plan: Plan, rounds: list[MonitoringRound]) -> None:
    # The current figures are rescored after the commit (bump_plans); the rounds' here.
    from cannocchiale.evaluation.batch import rescore_after_measurement

    for as_of in sorted({r.as_of for r in MonitoringRound.objects.filter(plan=plan)}):
        rescore_after_measurement(plan=plan, as_of=as_of)


# --- the report in words ----------------------------------------------------------------------


def _counted(counts: dict[str, Any]) -> str:
    parts = []
    n = int(counts.get("measurements") or 0)
    if n:
        parts.append(ngettext("%(n)s rilevazione", "%(n)s rilevazioni", n) % {"n": n})
    n = int(counts.get("submissions") or 0)
    if n:
        parts.append(ngettext("%(n)s riga di monitoraggio", "%(n)s righe di monitoraggio", n) % {"n": n})
    n = int(counts.get("evidence") or 0)
    if n:
        parts.append(ngettext("%(n)s evidenza", "%(n)s evidenze", n) % {"n": n})
    return ", ".join(parts)


def unmatched_lines(items: list[dict[str, Any]]) -> list[str]:
    """Each item of a carry-over report as a sentence for the planning office."""
    lines = []
    for item in items:
        kind, code = item.get("kind"), str(item.get("code", ""))
        if kind == "indicator":
            lines.append(
                gettext(
                    "Indicatore %(code)s: non c'è nella nuova versione; "
                    "%(what)s restano con la versione precedente."
                )
                % {"code": code, "what": _counted(item) or gettext("nessun dato")}
            )
        elif kind == "round":
            day = code[8:10] + "/" + code[5:7] + "/" + code[0:4] if len(code) == 10 else code
            lines.append(
                gettext(
                    "Monitoraggio al %(date)s: la nuova versione ne ha già uno alla stessa data; "
                    "resta con la versione precedente."
                )
                % {"date": day}
            )
        elif kind == "comment":
            subject = (
                Comment.Subject(item["subject"]).label
                if item.get("subject") in Comment.Subject.values
                else ""
            )
            lines.append(
                ngettext(
                    "%(n)s osservazione su %(subject)s %(code)s, che non c'è nella nuova versione.",
                    "%(n)s osservazioni su %(subject)s %(code)s, che non c'è nella nuova versione.",
                    int(item.get("comments") or 0),
                )
                % {"n": item.get("comments") or 0, "subject": str(subject).lower(), "code": code}
            )
    return lines


def carry_over_recorded(plan: Plan) -> dict[str, Any] | None:
    """The report the approval of `plan` recorded in the audit, if it carried anything over."""
    from cannocchiale.audit.models import AuditEvent

    event = (
        AuditEvent.objects.filter(
            organization_id=plan.organization_id,
            action="plan.carry_over",
            object_type="planning.Plan",
            object_id=str(plan.pk),
        )
        .order_by("-at", "-pk")
        .first()
    )
    return event.after if event is not None and isinstance(event.after, dict) else None
