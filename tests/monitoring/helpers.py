from __future__ import annotations

from datetime import date

from cannocchiale.accounts.access import Access, access_for
from cannocchiale.monitoring.models import MonitoringRound, Submission
from cannocchiale.monitoring.services import round_open
from cannocchiale.planning.models import Plan
from tests.web.helpers import World


def june_round(world: World) -> MonitoringRound:
    plan = Plan.objects.get(organization=world.organization, year=2018)
    return round_open(
        access=Access.system(world.organization),
        plan=plan,
        name="Monitoraggio al 30 giugno",
        as_of=date(2018, 6, 30),
        due_date=date(2018, 7, 31),
        actor=world.users["planning_office"],
    )


def submission(round_: MonitoringRound, code: str) -> Submission:
    return Submission.objects.select_related("round__plan", "measurement").get(
        round=round_, indicator__code=code
    )


def access(world: World, role: str) -> Access:
    return access_for(world.users[role], world.organization)
