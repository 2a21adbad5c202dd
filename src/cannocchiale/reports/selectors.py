"""Reads for the documents: one plan, its whole tree, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from cannocchiale.monitoring.models import CorrectiveAction, Measurement
from cannocchiale.organization.models import Organization, OrgUnit, Position
from cannocchiale.planning.models import (
    AnnualObjective,
    Budget,
    CalendarPhase,
    DeclaredBudget,
    Indicator,
    Plan,
    StrategicArea,
)
from cannocchiale.reports.models import GeneratedDocument


@dataclass
class PlanContent:
    plan: Plan
    units: list[OrgUnit]
    positions: list[Position]
    areas: list[StrategicArea]
    declared_budgets: list[DeclaredBudget]
    annual_objectives: list[AnnualObjective]
    calendar: list[CalendarPhase]


def _indicators() -> Prefetch[str]:
    return Prefetch(
        "indicators", queryset=Indicator.objects.order_by("position", "pk").prefetch_related("targets")
    )


def plan_content(*, plan: Plan) -> PlanContent:
    """The plan's tree, its annual objectives, budgets and calendar; everything the Piano prints."""
    organization = plan.organization
    areas = list(
        StrategicArea.objects.filter(organization=organization, plan=plan)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "objectives",
                queryset=plan.strategic_objectives.select_related("owner").order_by("position"),
            ),
            Prefetch("objectives__indicators", queryset=Indicator.objects.order_by("position", "pk")),
            "objectives__indicators__targets",
            Prefetch("objectives__budgets", queryset=Budget.objects.order_by("year", "pk")),
            "objectives__programmes__projects__office_links__unit",
            Prefetch(
                "objectives__programmes__projects__indicators",
                queryset=Indicator.objects.order_by("position", "pk"),
            ),
            "objectives__programmes__projects__indicators__targets",
        )
    )
    annual = list(
        AnnualObjective.objects.filter(organization=organization, plan=plan)
        .select_related("assignee_position", "assignee_unit")
        .prefetch_related(_indicators(), "parent_links__parent")
        .order_by("position")
    )
    return PlanContent(
        plan=plan,
        units=list(OrgUnit.objects.filter(organization=organization).order_by("position")),
        positions=list(
            Position.objects.filter(organization=organization).select_related("unit").order_by("position")
        ),
        areas=areas,
        declared_budgets=list(
            DeclaredBudget.objects.filter(organization=organization, plan=plan).select_related("area")
        ),
        annual_objectives=annual,
        calendar=list(
            CalendarPhase.objects.filter(organization=organization, plan=plan).order_by("position")
        ),
    )


def plan_measurements(*, plan: Plan, year: int, as_of: date | None = None) -> dict[str, list[Measurement]]:
    """The measurements of the plan's indicators for `year` (up to `as_of`), per indicator, oldest first."""
    rows = (
        Measurement.objects.filter(organization=plan.organization, indicator__plan=plan, date__year=year)
        .select_related("indicator")
        .order_by("date", "pk")
    )
    if as_of is not None:
        rows = rows.filter(date__lte=as_of)
    result: dict[str, list[Measurement]] = {}
    for m in rows:
        result.setdefault(m.indicator.code, []).append(m)
    return result


def plan_corrective_actions(*, plan: Plan, as_of: date | None = None) -> dict[str, CorrectiveAction]:
    """The latest corrective action of each indicator of the plan (from its rounds up to `as_of`)."""
    rows = (
        CorrectiveAction.objects.filter(organization=plan.organization, submission__round__plan=plan)
        .select_related("submission__indicator", "submission__round")
        .order_by("submission__round__as_of", "pk")
    )
    if as_of is not None:
        rows = rows.filter(submission__round__as_of__lte=as_of)
    return {a.submission.indicator.code: a for a in rows}


def documents_for_plan(*, plan: Plan) -> QuerySet[GeneratedDocument]:
    return (
        GeneratedDocument.objects.filter(organization=plan.organization, plan__year=plan.year)
        .select_related("plan", "created_by")
        .order_by("-created_at", "-pk")
    )


def document_get(*, organization_id: int, pk: int) -> GeneratedDocument | None:
    return (
        GeneratedDocument.objects.filter(organization_id=organization_id, pk=pk)
        .select_related("plan", "created_by", "organization")
        .first()
    )


def validatable_documents(*, organization: Organization, year: int, kind: str) -> list[GeneratedDocument]:
    """The ready documents of the year the OIV may tie a validation to, newest first."""
    return list(
        GeneratedDocument.objects.filter(
            organization=organization,
            plan__year=year,
            kind=kind,
            status=GeneratedDocument.Status.DONE,
        )
        .select_related("plan")
        .order_by("-created_at", "-pk")[:10]
    )
