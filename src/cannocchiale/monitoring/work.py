"""What I must do: each user's pending work across the organization's open rounds and draft plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse

from cannocchiale.accounts.access import Access
from cannocchiale.monitoring.models import MonitoringRound, Submission
from cannocchiale.monitoring.selectors import PENDING, own_unit_ids, responsible_units, stale_flags
from cannocchiale.planning.cascade_selectors import cascade_get
from cannocchiale.planning.models import CalendarPhase, Indicator, Plan


@dataclass
class WorkItem:
    title: str
    detail: str
    url: str
    due: date | None = None
    late: bool = False
    state: str = ""


@dataclass
class MyWork:
    entries: list[WorkItem] = field(default_factory=list)
    reviews: list[WorkItem] = field(default_factory=list)
    weights: list[WorkItem] = field(default_factory=list)
    stale: list[WorkItem] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.entries or self.reviews or self.weights or self.stale)


def latest_plans(organization_id: int) -> list[Plan]:
    """Each year's version in force (see planning.selectors.plan_in_force): the one people work on."""
    in_force: dict[int, Plan] = {}
    for plan in Plan.objects.filter(organization_id=organization_id).order_by("year", "version"):
        current = in_force.get(plan.year)
        if current is None or current.status == Plan.Status.DRAFT or plan.status != Plan.Status.DRAFT:
            in_force[plan.year] = plan
    return list(in_force.values())


def weights_due(phases: list[CalendarPhase], level: str) -> date | None:
    """The plan calendar's end of "Assegnazione obiettivi" for this level: to the Dirigenti for
    their objectives, to the structure for PO and offices."""
    assigning = [p for p in phases if "assegnazione obiettivi" in p.phase.lower() and p.end is not None]
    wanted = "dirigenti" if level == "director" else "struttura"
    matching = [p for p in assigning if wanted in p.phase.lower()] or assigning
    return max((p.end for p in matching if p.end is not None), default=None)


def _entries_and_reviews(
    work: MyWork, *, access: Access, rounds: list[MonitoringRound], today: date, mine: frozenset[int]
) -> set[int]:
    """Fill entries and reviews; returns the ids of the indicators this user answers for."""
    answered: set[int] = set()
    org = access.organization.code
    for round_ in rounds:
        responsible = responsible_units(round_.plan)
        # Lines left on an earlier version's indicator (not matched by a revision) are not due.
        submissions = Submission.objects.filter(
            round=round_, organization=access.organization, indicator__plan=round_.plan_id
        ).select_related("indicator")
        for s in submissions.order_by("indicator__position", "pk"):
            units = responsible.get(s.indicator_id, frozenset())
            url = reverse("web:measurement_enter", args=[org, round_.plan.year, round_.pk, s.pk])
            label = f"{s.indicator.code} — {s.indicator.description}"
            mine_here = bool(units & mine) or (access.is_planning_office and not units)
            if mine_here:
                answered.add(s.indicator_id)
            if mine_here and s.state in PENDING and round_.status == MonitoringRound.Status.OPEN:
                work.entries.append(
                    WorkItem(
                        label,
                        round_.name,
                        url,
                        due=round_.due_date,
                        late=today > round_.due_date,
                        state=s.get_state_display(),
                    )
                )
            if access.can_review_measurements() and s.state == Submission.State.SUBMITTED:
                work.reviews.append(WorkItem(label, round_.name, url, due=round_.due_date))
    return answered


def my_work_get(*, access: Access, today: date) -> MyWork:
    work = MyWork()
    plans = latest_plans(access.organization.pk)
    plan_ids = [p.pk for p in plans]
    rounds = list(
        MonitoringRound.objects.filter(
            organization=access.organization,
            plan_id__in=plan_ids,
            status__in=[MonitoringRound.Status.OPEN, MonitoringRound.Status.CLOSED],
        ).select_related("plan", "organization")
    )
    answered = _entries_and_reviews(
        work, access=access, rounds=rounds, today=today, mine=own_unit_ids(access)
    )
    for plan in plans:
        if plan.status != Plan.Status.DRAFT:
            continue
        cascade = cascade_get(plan=plan, access=access)
        phases = list(CalendarPhase.objects.filter(plan=plan))
        url = reverse("web:cascade", args=[access.organization.code, plan.year])
        for group in cascade.groups:
            if group.editable and not group.balanced:
                due = weights_due(phases, group.level)
                work.weights.append(
                    WorkItem(
                        group.label,
                        f"{group.level_label}: i pesi sommano a {group.total.normalize():f} su 100",
                        f"{url}#gruppo-{group.key}",
                        due=due,
                        late=due is not None and today > due,
                    )
                )
    if answered:
        by_plan: dict[int, list[Indicator]] = {}
        for indicator in Indicator.objects.filter(
            organization=access.organization, pk__in=answered
        ).select_related("plan"):
            by_plan.setdefault(indicator.plan_id, []).append(indicator)
        for indicators in by_plan.values():
            plan = indicators[0].plan
            flags = stale_flags(plan=plan, indicators=indicators, today=today)
            for indicator in sorted(indicators, key=lambda i: (i.position, i.pk)):
                if flags[indicator.pk]:
                    work.stale.append(
                        WorkItem(
                            f"{indicator.code} — {indicator.description}",
                            f"{indicator.get_frequency_display()} · piano {plan.year}",
                            "",
                        )
                    )
    work.entries.sort(key=lambda i: (i.due or date.max, i.title))
    return work
