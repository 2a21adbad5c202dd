"""Reads of monitoring: rounds, what each office must enter, the state of a round, deviations.

Every read is scoped by the plan (hence its organization) and costs a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Prefetch, QuerySet

from cannocchiale.accounts.access import Access
from cannocchiale.engine.explanation import format_number, format_percent
from cannocchiale.monitoring.models import Evidence, Measurement, MonitoringRound, Submission
from cannocchiale.monitoring.staleness import is_stale
from cannocchiale.organization.models import OrgUnit, Position
from cannocchiale.planning.models import Indicator, Plan, ProjectOffice, Target

PENDING = (Submission.State.TO_ENTER, Submission.State.SENT_BACK)
UNASSIGNED = "—"


def responsible_units(plan: Plan) -> dict[int, frozenset[int]]:
    """The units that answer for each indicator: a project's offices, an annual objective's
    assignee (the office, or the unit of the PO, Dirigente or Segretario), a strategic
    objective's owner. An indicator with none is the planning office's to enter."""
    offices: dict[int, set[int]] = defaultdict(set)
    for project_id, unit_id in ProjectOffice.objects.filter(
        organization=plan.organization_id, project__plan=plan
    ).values_list("project_id", "unit_id"):
        offices[project_id].add(unit_id)
    rows = Indicator.objects.filter(plan=plan, organization=plan.organization_id).values_list(
        "id",
        "project_id",
        "annual_objective__assignee_unit_id",
        "annual_objective__assignee_position__unit_id",
        "strategic_objective__owner_id",
    )
    result: dict[int, frozenset[int]] = {}
    for indicator_id, project_id, unit_id, position_unit_id, owner_id in rows:
        units = set(offices.get(project_id, ())) if project_id is not None else set()
        units |= {u for u in (unit_id, position_unit_id, owner_id) if u is not None}
        result[indicator_id] = frozenset(units)
    return result


def own_unit_ids(access: Access) -> frozenset[int]:
    """The units a user answers for: an office's unit, the unit of a position held."""
    units = set(access.unit_ids)
    if access.position_ids:
        units |= set(
            Position.objects.filter(
                organization=access.organization, pk__in=access.position_ids, unit__isnull=False
            ).values_list("unit_id", flat=True)
        )
    return frozenset(units)


def rounds_list(*, plan: Plan) -> list[MonitoringRound]:
    return list(MonitoringRound.objects.filter(plan=plan, organization=plan.organization_id))


def round_get(*, plan: Plan, round_id: int) -> MonitoringRound | None:
    return (
        MonitoringRound.objects.filter(plan=plan, organization=plan.organization_id, pk=round_id)
        .select_related("plan", "organization")
        .first()
    )


def submissions_of(round_: MonitoringRound) -> QuerySet[Submission]:
    year = round_.plan.year
    return (
        # Lines a revision could not match stay on the earlier version's indicator, out of the round.
        Submission.objects.filter(
            round=round_, organization=round_.organization_id, indicator__plan=round_.plan_id
        )
        .select_related(
            "indicator__project",
            "indicator__annual_objective",
            "indicator__strategic_objective",
            "measurement",
            "corrective_action",
        )
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "id")),
            Prefetch("indicator__targets", queryset=Target.objects.filter(year=year), to_attr="year_targets"),
        )
        .order_by("indicator__position", "pk")
    )


def submission_get(*, round_: MonitoringRound, submission_id: int) -> Submission | None:
    return submissions_of(round_).filter(pk=submission_id).first()


def measurement_text(m: Measurement | None) -> str:
    """A measured value as a reader expects it: `3,8`, `realizzato`, `completato il 25/06/2018`."""
    if m is None:
        return "—"
    parts = []
    if m.value is not None:
        parts.append(format_number(m.value))
    if m.done is not None:
        parts.append("realizzato" if m.done else "non realizzato")
    if m.completed_on is not None:
        parts.append(f"completato il {m.completed_on:%d/%m/%Y}")
    if m.assessed is not None:
        parts.append(f"valutato {format_percent(m.assessed)}")
    return ", ".join(parts) or "—"


@dataclass
class Row:
    submission: Submission
    units: list[str]
    late: bool
    may_enter: bool
    stale: bool = False

    @property
    def target(self) -> Target | None:
        targets = getattr(self.submission.indicator, "year_targets", [])
        return targets[0] if targets else None

    @property
    def value_text(self) -> str:
        return measurement_text(self.submission.measurement)

    @property
    def achievement_text(self) -> str:
        return format_percent(self.submission.achievement)

    @property
    def owner_label(self) -> str:
        i = self.submission.indicator
        owner = i.project or i.annual_objective or i.strategic_objective
        return f"{owner.code} {owner.title}" if owner is not None else ""


@dataclass
class UnitGroup:
    label: str
    rows: list[Row] = field(default_factory=list)


@dataclass
class RoundView:
    round: MonitoringRound
    groups: list[UnitGroup]
    counts: dict[str, int]
    deviations: list[Row]
    units: list[tuple[int, str]]

    @property
    def total(self) -> int:
        return self.counts.get("total", 0)


def _is_late(submission: Submission, round_: MonitoringRound, today: date) -> bool:
    return submission.state in PENDING and today > round_.due_date


def round_view(
    *,
    round_: MonitoringRound,
    access: Access,
    today: date,
    unit_id: int | None = None,
    state: str = "",
    only_mine: bool = False,
) -> RoundView:
    """The round as a page shows it: the rows grouped by responsible office (filtered by office and
    state when asked), the counts of the dashboard and the deviations with their corrective actions."""
    plan = round_.plan
    responsible = responsible_units(plan)
    names = dict(OrgUnit.objects.filter(organization=plan.organization_id).values_list("id", "name"))
    mine = own_unit_ids(access)
    counts: Counter[str] = Counter()
    groups: dict[str, UnitGroup] = {}
    deviations = []
    for submission in submissions_of(round_):
        units = responsible.get(submission.indicator_id, frozenset())
        row = Row(
            submission=submission,
            units=sorted(names[u] for u in units if u in names),
            late=_is_late(submission, round_, today),
            may_enter=access.can_enter_measurement(responsible_unit_ids=units, own_unit_ids=mine),
        )
        counts["total"] += 1
        counts[submission.state] += 1
        counts["late"] += row.late
        counts["off_target"] += submission.off_target
        if submission.off_target:
            deviations.append(row)
        if unit_id is not None and unit_id not in units:
            continue
        if only_mine and not units & mine:
            continue
        if state and submission.state != state and not (state == "late" and row.late):
            continue
        labels = sorted(names[u] for u in units & mine if u in names) if only_mine else row.units
        for label in labels or [UNASSIGNED]:
            groups.setdefault(label, UnitGroup(label)).rows.append(row)
    ordered = sorted(groups.values(), key=lambda g: (g.label == UNASSIGNED, g.label))
    used = sorted({u for units in responsible.values() for u in units if u in names}, key=lambda u: names[u])
    return RoundView(
        round=round_,
        groups=ordered,
        counts=dict(counts),
        deviations=deviations,
        units=[(u, names[u]) for u in used],
    )


def last_values(*, plan: Plan, indicator_ids: list[int]) -> dict[int, date]:
    """The date of each indicator's latest value within the plan's year."""
    return dict(
        Measurement.objects.filter(
            organization=plan.organization_id, indicator_id__in=indicator_ids, date__year=plan.year
        )
        .values("indicator_id")
        .annotate(last=Max("date"))
        .values_list("indicator_id", "last")
    )


def stale_flags(*, plan: Plan, indicators: list[Indicator], today: date) -> dict[int, bool]:
    last = last_values(plan=plan, indicator_ids=[i.pk for i in indicators])
    return {
        i.pk: is_stale(frequency=i.frequency, last_value_on=last.get(i.pk), today=today, plan_year=plan.year)
        for i in indicators
    }
