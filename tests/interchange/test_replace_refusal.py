"""`import --replace` never destroys a plan that is no longer a draft, and the audit names the person."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from cannocchiale.accounts.access import Access
from cannocchiale.audit.models import AuditEvent
from cannocchiale.cli.main import main
from cannocchiale.core.errors import ImportFailed
from cannocchiale.evaluation.batch import plan_rescore
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_file
from cannocchiale.monitoring.models import Measurement, MonitoringRound, Submission
from cannocchiale.monitoring.services import round_open
from cannocchiale.planning.models import Indicator, Plan, Target

FIXTURES = Path(__file__).parents[1] / "fixtures"
FULL = FIXTURES / "full_features.yaml"  # an approved plan, with its approval act, and measurements

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        "plans": Plan.objects.count(),
        "indicators": Indicator.objects.count(),
        "targets": Target.objects.count(),
        "rounds": MonitoringRound.objects.count(),
        "submissions": Submission.objects.count(),
        "measurements": Measurement.objects.count(),
        "scores": ComputedScore.objects.count(),
    }


def _monitored_approved_plan() -> Plan:
    result = plan_import(document=load_file(FULL))
    plan = Plan.objects.get(
        organization__code=result.organization_code, year=result.year, version=result.version
    )
    assert plan.status == Plan.Status.APPROVED
    round_open(
        access=Access.system(plan.organization),
        plan=plan,
        name="Monitoraggio al 30 giugno",
        as_of=dt.date(2018, 6, 30),
        due_date=dt.date(2018, 7, 31),
        actor=None,
    )
    plan_rescore(plan)
    return plan


@pytest.mark.parametrize("status", [Plan.Status.APPROVED, Plan.Status.PUBLISHED])
def test_replacing_a_plan_that_is_not_a_draft_is_refused_and_changes_nothing(status: str) -> None:
    plan = _monitored_approved_plan()
    Plan.objects.filter(pk=plan.pk).update(status=status)
    before = _counts()
    assert before["rounds"] == 1
    assert before["submissions"] > 0
    assert before["measurements"] > 0
    assert before["scores"] > 0
    events = AuditEvent.objects.count()

    with pytest.raises(ImportFailed) as caught:
        plan_import(document=load_file(FULL), replace=True)

    (problem,) = caught.value.problems
    assert problem.startswith(f"{FULL}:")
    assert f"il piano 2018 versione {plan.version}" in problem
    assert {"approved": "«approvato»", "published": "«pubblicato»"}[status] in problem
    assert "revisione" in problem
    assert _counts() == before
    assert Plan.objects.get(pk=plan.pk).status == status
    assert AuditEvent.objects.count() == events


def test_the_command_line_refuses_it_too_with_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    _monitored_approved_plan()
    before = _counts()
    assert main(["import", "--replace", str(FULL)]) == 1
    err = capsys.readouterr().err
    assert "non si sostituisce" in err
    assert "Traceback" not in err
    assert _counts() == before


def test_replacing_a_draft_still_works() -> None:
    first = plan_import(document=load_file(FIXTURES / "minimal.yaml"))
    plan = Plan.objects.get(organization__code=first.organization_code, year=first.year)
    assert plan.status == Plan.Status.DRAFT
    again = plan_import(document=load_file(FIXTURES / "minimal.yaml"), replace=True)
    assert again.replaced
    assert Plan.objects.filter(organization__code=first.organization_code).count() == 1
    assert AuditEvent.objects.filter(action="plan.replace").count() == 1


def test_the_command_line_import_names_the_person_who_ran_it() -> None:
    assert main(["import", str(FIXTURES / "minimal.yaml")]) == 0
    event = AuditEvent.objects.get(action="plan.import")
    assert event.actor is None
    assert event.actor_name == f"{getpass.getuser()} (riga di comando)"
    assert event.actor_name != "sistema"


def test_the_command_line_import_can_name_a_user_of_the_system() -> None:
    user = get_user_model().objects.create_user(username="mrossi", password="una-password-lunga-2018")
    assert main(["import", "--actor", "mrossi", str(FIXTURES / "minimal.yaml")]) == 0
    event = AuditEvent.objects.get(action="plan.import")
    assert event.actor == user
    assert event.actor_name == "mrossi"


def test_an_unknown_actor_is_refused_before_anything_is_read(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--actor", "nessuno", str(FIXTURES / "minimal.yaml")]) == 1
    assert "«nessuno» non esiste" in capsys.readouterr().err
    assert not Plan.objects.exists()
