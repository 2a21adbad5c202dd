"""Every writer refuses, by itself, an Access of the wrong role or of another organization, and
changes nothing: the rule does not depend on the page that calls it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from cannocchiale.accounts.access import Access, access_for
from cannocchiale.accounts.models import Membership
from cannocchiale.accounts.services import administrator_appoint
from cannocchiale.audit.models import AuditEvent
from cannocchiale.core.errors import PermissionRefused
from cannocchiale.demo.measurements import simulated_measurements_import
from cannocchiale.engine.individual import DEFAULT_INDIVIDUAL_POLICY
from cannocchiale.engine.policy import DEFAULT_POLICY
from cannocchiale.evaluation.individual_services import evaluations_open
from cannocchiale.evaluation.models import IndividualEvaluation, ScoringPolicy
from cannocchiale.evaluation.policy_services import evaluation_min_group_set, scoring_policy_create
from cannocchiale.monitoring.models import Measurement, MonitoringRound, Submission
from cannocchiale.monitoring.services import (
    MeasurementInput,
    measurement_review,
    measurement_submit,
    round_open,
    round_status_set,
)
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Budget, Indicator, Plan, Project, Target
from cannocchiale.planning.services import (
    budget_update,
    indicator_update,
    plan_approve,
    plan_publish,
    project_update,
    target_update,
)
from cannocchiale.planning.versioning import plan_revise
from cannocchiale.reports.models import GeneratedDocument
from cannocchiale.reports.services import document_request
from tests.monitoring.helpers import june_round
from tests.web.helpers import World

pytestmark = pytest.mark.django_db

Writer = Callable[[World, Access], Any]


def _plan(world: World) -> Plan:
    return Plan.objects.get(organization=world.organization, year=2018)


def _submission(world: World) -> Submission:
    round_ = MonitoringRound.objects.filter(plan=_plan(world)).first() or june_round(world)
    return Submission.objects.select_related("round__plan", "indicator").filter(round=round_).first()  # type: ignore[return-value]


WRITERS: dict[str, Writer] = {
    "target_update": lambda w, a: target_update(
        access=a, target=Target.objects.filter(indicator__plan=_plan(w)).first(), text="almeno 1", actor=None
    ),
    "indicator_update": lambda w, a: indicator_update(
        access=a,
        indicator=Indicator.objects.filter(plan=_plan(w)).first(),
        description="altro",
        unit="",
        source="",
        actor=None,
    ),
    "project_update": lambda w, a: project_update(
        access=a,
        project=Project.objects.filter(plan=_plan(w)).first(),
        title="altro",
        description="",
        actions=[],
        results=[],
        offices=[],
        actor=None,
    ),
    "budget_update": lambda w, a: budget_update(
        access=a,
        budget=Budget.objects.filter(plan=_plan(w)).first(),
        costs=Decimal(1),
        revenues=None,
        investments=None,
        actor=None,
    ),
    "plan_approve": lambda w, a: plan_approve(
        access=a, plan=_plan(w), act="Delibera n. 1", date=dt.date(2018, 1, 31), actor=None
    ),
    "plan_publish": lambda w, a: plan_publish(access=a, plan=_plan(w), actor=None),
    "plan_revise": lambda w, a: plan_revise(access=a, plan=_plan(w), reason="nuove funzioni", actor=None),
    "round_open": lambda w, a: round_open(
        access=a,
        plan=_plan(w),
        name="Finale",
        as_of=dt.date(2018, 12, 31),
        due_date=dt.date(2019, 1, 31),
        actor=None,
    ),
    "round_status_set": lambda w, a: round_status_set(
        access=a, round_=_submission(w).round, status="locked", actor=None
    ),
    "measurement_submit": lambda w, a: measurement_submit(
        access=a, actor=w.users["oiv"], submission=_submission(w), data=MeasurementInput(value=Decimal(99))
    ),
    "measurement_review": lambda w, a: measurement_review(
        access=a, actor=w.users["oiv"], submission=_submission(w), accept=True
    ),
    "document_request": lambda w, a: document_request(
        access=a, plan=_plan(w), kind="piano", fmt="pdf", actor=None
    ),
    "scoring_policy_create": lambda w, a: scoring_policy_create(
        access=a,
        organization=w.organization,
        actor=None,
        valid_from_year=2019,
        scoring=DEFAULT_POLICY,
        individual=DEFAULT_INDIVIDUAL_POLICY,
    ),
    "evaluation_min_group_set": lambda w, a: evaluation_min_group_set(
        access=a, organization=w.organization, minimum=7, actor=None
    ),
    "evaluations_open": lambda w, a: evaluations_open(
        access=a, organization=w.organization, year=2018, actor=None
    ),
    "simulated_measurements_import": lambda w, a: simulated_measurements_import(
        access=a, plan=_plan(w), data={}
    ),
    "administrator_appoint": lambda w, a: administrator_appoint(
        access=a, organization=w.organization, user=w.users["oiv"], actor_name="prova"
    ),
}

# Wrong role in the organization (the OIV reads and comments, it changes none of these),
# the planning office of another organization, and the command line of another organization.
CALLERS: dict[str, Callable[[World], Access]] = {
    "oiv": lambda w: access_for(w.users["oiv"], w.organization),
    "another organization's planning office": lambda w: access_for(w.users["stranger"], w.other),
    "another organization's command line": lambda w: Access.system(w.other),
}


def _state(world: World) -> tuple[Any, ...]:
    plan = _plan(world)
    return (
        AuditEvent.objects.count(),
        list(Plan.objects.filter(organization=world.organization).values_list("pk", "status")),
        list(Target.objects.filter(indicator__plan=plan).order_by("pk").values_list("text", "version")),
        list(Indicator.objects.filter(plan=plan).order_by("pk").values_list("description")),
        list(Project.objects.filter(plan=plan).order_by("pk").values_list("title")),
        list(Budget.objects.filter(plan=plan).order_by("pk").values_list("costs")),
        list(MonitoringRound.objects.filter(plan=plan).values_list("pk", "status")),
        list(Submission.objects.filter(round__plan=plan).order_by("pk").values_list("state", "version")),
        Measurement.objects.filter(indicator__plan=plan).count(),
        GeneratedDocument.objects.count(),
        ScoringPolicy.objects.filter(organization=world.organization).count(),
        IndividualEvaluation.objects.filter(organization=world.organization).count(),
        Organization.objects.get(pk=world.organization.pk).evaluation_min_group,
        Membership.objects.filter(organization=world.organization).count(),
    )


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_writer_refuses_the_wrong_role_and_another_organization(
    world: World, writer: str, caller: str
) -> None:
    june_round(world)  # the round and its submissions, for the monitoring writers
    before = _state(world)
    with pytest.raises(PermissionRefused):
        WRITERS[writer](world, CALLERS[caller](world))
    assert _state(world) == before
