"""A revision of a published plan keeps the year's monitoring: rounds, measurements, evidence,
corrective actions, comments and evaluations stay reachable, and move to the new version when it
is approved, matched by code, with a report of what could not be matched."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cannocchiale.audit.models import AuditEvent
from cannocchiale.evaluation.batch import current_scores
from cannocchiale.evaluation.individual_scores import evaluations_of_year_query, live_results
from cannocchiale.evaluation.individual_services import evaluations_open
from cannocchiale.monitoring.models import (
    CorrectiveAction,
    Evidence,
    Measurement,
    MonitoringRound,
    Submission,
)
from cannocchiale.monitoring.services import MeasurementInput, measurement_submit
from cannocchiale.oversight.models import Comment
from cannocchiale.oversight.services import comment_add
from cannocchiale.planning.models import Indicator, Plan, Target
from cannocchiale.planning.selectors import plan_in_force
from cannocchiale.planning.services import plan_approve, plan_publish, target_update
from cannocchiale.planning.versioning import plan_revise
from tests.monitoring.helpers import access, june_round, submission
from tests.web.helpers import World

EVIDENCE = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass
class Cycle:
    world: World
    plan: Plan
    round: MonitoringRound
    submission: Submission
    evidence: Evidence
    scores: dict[tuple[str, str], Any]
    sheets: dict[int, Any]


def _figures(plan: Plan) -> dict[tuple[str, str], Any]:
    return {key: (s.achievement, s.status) for key, s in current_scores(plan).items()}


def _sheets(world: World) -> dict[int, Any]:
    evaluations = list(evaluations_of_year_query(world.organization.pk, 2018))
    return {pk: result.get("total") for pk, result in live_results(evaluations).items()}


@pytest.fixture
def cycle(world: World) -> Cycle:
    """Demo-like: a published plan, the open round of 30 June, a value off target with its
    corrective action and evidence, an OIV comment and the year's evaluation sheets."""
    plan = Plan.objects.get(organization=world.organization, year=2018)
    plan = plan_publish(
        access=access(world, "planning_office"), plan=plan, actor=world.users["planning_office"]
    )
    round_ = june_round(world)
    # Entered by the planning office (it answers for every indicator); 1A0101.1 stays due for the office.
    entered = measurement_submit(
        access=access(world, "planning_office"),
        actor=world.users["planning_office"],
        submission=submission(round_, "ENTE-1.1"),
        data=MeasurementInput(
            value=Decimal("5"), explanation="Personale ridotto", action="Riorganizzazione dello sportello"
        ),
        files=[SimpleUploadedFile("relazione.pdf", EVIDENCE, content_type="application/pdf")],
    )
    comment_add(
        access=access(world, "oiv"),
        plan=plan,
        subject_type=Comment.Subject.INDICATOR,
        subject_code="ENTE-1.1",
        text="Il valore va documentato meglio",
        actor=world.users["oiv"],
    )
    evaluations_open(
        organization=world.organization, year=2018, actor=None, access=access(world, "planning_office")
    )
    evidence = Evidence.objects.get(submission=entered)
    return Cycle(world, plan, round_, entered, evidence, _figures(plan), _sheets(world))


def signed_in(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def revise(cycle: Cycle) -> Plan:
    response = signed_in(cycle.world, "planning_office").post(
        reverse("web:plan_lifecycle", args=[cycle.world.organization.code, 2018]),
        {"action": "revise", "reason": "Rimodulazione di metà anno"},
    )
    assert response.status_code == 302
    revised = Plan.objects.get(
        organization=cycle.world.organization, year=2018, version=cycle.plan.version + 1
    )
    assert revised.status == Plan.Status.DRAFT
    return revised


def approve(cycle: Cycle, revised: Plan) -> Plan:
    return plan_approve(
        access=access(cycle.world, "planning_office"),
        plan=revised,
        act="Delibera di Giunta n. 99",
        date=date(2018, 7, 10),
        actor=cycle.world.users["planning_office"],
    )


def round_url(cycle: Cycle) -> str:
    return reverse("web:round", args=[cycle.world.organization.code, 2018, cycle.round.pk])


def evidence_url(cycle: Cycle) -> str:
    return reverse(
        "web:evidence_download", args=[cycle.world.organization.code, 2018, cycle.round.pk, cycle.evidence.pk]
    )


def my_work(cycle: Cycle, role: str) -> str:
    url = reverse("web:my_work", args=[cycle.world.organization.code])
    return signed_in(cycle.world, role).get(url).content.decode()


def assert_monitoring_reachable(cycle: Cycle) -> None:
    for role in ("office", "planning_office", "oiv"):
        page = signed_in(cycle.world, role).get(round_url(cycle) + "?ufficio=")
        assert page.status_code == 200, role
        text = page.content.decode()
        assert "ENTE-1.1" in text
        assert "SG-2.1" in text  # the whole round, not one line
    download = signed_in(cycle.world, "planning_office").get(evidence_url(cycle))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == EVIDENCE  # type: ignore[attr-defined]
    entry = reverse(
        "web:measurement_enter",
        args=[cycle.world.organization.code, 2018, cycle.round.pk, cycle.submission.pk],
    )
    text = signed_in(cycle.world, "planning_office").get(entry).content.decode()
    assert "Riorganizzazione dello sportello" in text
    assert "relazione.pdf" in text
    due = my_work(cycle, "office")
    assert "Valori da inserire" in due
    assert "1A0101.1" in due
    review = my_work(cycle, "planning_office")
    assert "Rilevazioni da rivedere" in review
    assert "ENTE-1.1" in review


def test_the_fixture_has_the_monitoring_in_progress(cycle: Cycle) -> None:
    assert_monitoring_reachable(cycle)
    assert CorrectiveAction.objects.filter(submission=cycle.submission).exists()
    assert cycle.scores[("indicator", "ENTE-1.1")][0] is not None
    assert any(total is not None for total in cycle.sheets.values())


def test_after_a_revision_the_round_its_values_evidence_and_due_work_are_all_still_there(
    cycle: Cycle,
) -> None:
    measurements = Measurement.objects.filter(organization=cycle.world.organization).count()
    revise(cycle)
    assert_monitoring_reachable(cycle)
    # The draft is a copy of the plan, not of its monitoring: nothing is counted twice.
    assert Measurement.objects.filter(organization=cycle.world.organization).count() == measurements


def test_a_revision_changes_no_score_and_no_evaluation_sheet(cycle: Cycle) -> None:
    revised = revise(cycle)
    # The draft is edited: nothing anyone sees moves until the revision is approved.
    target = Target.objects.get(indicator__plan=revised, indicator__code="ENTE-1.1", year=2018)
    target_update(
        access=access(cycle.world, "planning_office"),
        target=target,
        text="< 10gg",
        actor=cycle.world.users["planning_office"],
    )
    in_force = plan_in_force(organization=cycle.world.organization, year=2018)
    assert in_force is not None
    assert in_force.pk == cycle.plan.pk
    assert _figures(in_force) == cycle.scores
    assert _sheets(cycle.world) == cycle.sheets


@pytest.mark.parametrize("role", ["office", "director", "secretary_general", "oiv", "admin"])
def test_after_a_revision_everyone_else_still_sees_the_published_plan(cycle: Cycle, role: str) -> None:
    revised = revise(cycle)
    page = signed_in(cycle.world, role).get(reverse("web:tree", args=[cycle.world.organization.code, 2018]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="plan-status">Pubblicato<' in text
    assert "Bozza in revisione" not in text
    # Asking for the draft by its number does not show it either.
    draft = signed_in(cycle.world, role).get(
        reverse("web:tree", args=[cycle.world.organization.code, 2018]) + f"?versione={revised.version}"
    )
    assert 'data-testid="plan-status">Bozza<' not in draft.content.decode()
    # Nor does the overview or the lifecycle page list it.
    home = signed_in(cycle.world, role).get(reverse("web:org_home", args=[cycle.world.organization.code]))
    assert ">Bozza<" not in home.content.decode()
    lifecycle = signed_in(cycle.world, role).get(
        reverse("web:plan_lifecycle", args=[cycle.world.organization.code, 2018])
    )
    assert ">Bozza<" not in lifecycle.content.decode()


def test_the_planning_office_sees_the_draft_with_a_banner_and_switches_to_the_published_one(
    cycle: Cycle,
) -> None:
    revised = revise(cycle)
    published_version, draft_version = cycle.plan.version, revised.version
    client = signed_in(cycle.world, "planning_office")
    tree = reverse("web:tree", args=[cycle.world.organization.code, 2018])
    text = client.get(tree).content.decode()
    assert 'data-testid="plan-status">Bozza<' in text
    assert "Bozza in revisione: non ancora approvata" in text
    assert f"{tree}?versione={published_version}" in text
    published = client.get(f"{tree}?versione={published_version}").content.decode()
    assert 'data-testid="plan-status">Pubblicato<' in published
    assert "Bozza in revisione: non ancora approvata" not in published
    # The choice holds on the next pages, until switched back.
    again = client.get(tree).content.decode()
    assert 'data-testid="plan-status">Pubblicato<' in again
    assert f"{tree}?versione={draft_version}" in again
    back = client.get(f"{tree}?versione={draft_version}").content.decode()
    assert 'data-testid="plan-status">Bozza<' in back


def test_the_monitoring_never_hangs_on_the_draft_so_replacing_the_draft_loses_nothing(
    cycle: Cycle,
) -> None:
    revised = revise(cycle)
    revised.delete()  # what `import --replace` of the draft does
    assert MonitoringRound.objects.filter(pk=cycle.round.pk).exists()
    assert Evidence.objects.filter(pk=cycle.evidence.pk).exists()
    assert Comment.objects.filter(organization=cycle.world.organization).count() == 1
    assert_monitoring_reachable(cycle)


def test_approving_the_revision_carries_the_monitoring_over_to_the_new_version(cycle: Cycle) -> None:
    revised = revise(cycle)
    approve(cycle, revised)
    round_ = MonitoringRound.objects.get(pk=cycle.round.pk)
    assert round_.plan_id == revised.pk
    moved = Submission.objects.select_related("indicator", "measurement__indicator").get(
        pk=cycle.submission.pk
    )
    assert moved.indicator.plan_id == revised.pk
    assert moved.measurement is not None
    assert moved.measurement.indicator.plan_id == revised.pk
    assert not Submission.objects.filter(round=round_).exclude(indicator__plan=revised).exists()
    assert Comment.objects.get(organization=cycle.world.organization).plan_id == revised.pk
    in_force = plan_in_force(organization=cycle.world.organization, year=2018)
    assert in_force is not None
    assert in_force.pk == revised.pk
    assert _figures(revised) == cycle.scores
    assert _sheets(cycle.world) == cycle.sheets
    assert_monitoring_reachable(cycle)
    event = AuditEvent.objects.get(action="plan.carry_over", object_id=str(revised.pk))
    assert event.after["unmatched"] == []
    assert event.after["carried"]["rounds"] == 1


def test_an_indicator_removed_in_the_draft_is_reported_as_unmatched_and_its_values_are_kept(
    cycle: Cycle,
) -> None:
    revised = revise(cycle)
    Indicator.objects.filter(plan=revised, code="ENTE-1.1").delete()
    client = signed_in(cycle.world, "planning_office")
    lifecycle = reverse("web:plan_lifecycle", args=[cycle.world.organization.code, 2018])
    before = client.get(lifecycle).content.decode()
    assert "Non trovati nella bozza" in before
    assert "ENTE-1.1" in before
    response = client.post(
        lifecycle, {"action": "approve", "act": "Delibera di Giunta n. 99", "date": "2018-07-10"}
    )
    assert response.status_code == 302
    assert Plan.objects.get(pk=revised.pk).status == Plan.Status.APPROVED
    event = AuditEvent.objects.get(action="plan.carry_over", object_id=str(revised.pk))
    assert {"kind": "indicator", "code": "ENTE-1.1"} in [
        {"kind": item["kind"], "code": item["code"]} for item in event.after["unmatched"]
    ]
    after = client.get(lifecycle).content.decode()
    assert "Non riportati sulla nuova versione" in after
    assert "ENTE-1.1" in after
    # Nothing is deleted: the value, its evidence and corrective action stay with version 1.
    kept = Submission.objects.select_related("indicator", "measurement").get(pk=cycle.submission.pk)
    assert kept.indicator.plan_id == cycle.plan.pk
    assert Evidence.objects.filter(pk=cycle.evidence.pk).exists()
    assert CorrectiveAction.objects.filter(submission=kept).exists()
    # The rest of the round moved, and the round page still answers.
    assert MonitoringRound.objects.get(pk=cycle.round.pk).plan_id == revised.pk
    assert client.get(round_url(cycle) + "?ufficio=").status_code == 200
    assert "ENTE-1.1" not in my_work(cycle, "planning_office")


def test_an_indicator_added_in_the_draft_is_due_in_the_open_round_after_approval(cycle: Cycle) -> None:
    revised = revise(cycle)
    template = Indicator.objects.get(plan=revised, code="1A0101.1")
    added = Indicator.objects.create(
        organization=cycle.world.organization,
        plan=revised,
        code="1A0101.9",
        description="Pratiche telematiche sul totale",
        project=template.project,
        position=99,
    )
    approve(cycle, revised)
    assert Submission.objects.filter(round=cycle.round, indicator=added).exists()


def test_a_revision_audits_what_its_approval_would_not_carry_over(cycle: Cycle) -> None:
    revised = plan_revise(
        access=access(cycle.world, "planning_office"),
        plan=cycle.plan,
        reason="Nuove funzioni",
        actor=cycle.world.users["planning_office"],
    )
    event = AuditEvent.objects.get(action="plan.revise", object_id=str(revised.pk))
    assert event.after["unmatched"] == []
