from __future__ import annotations

import datetime as dt

from cannocchiale.oversight.selectors import comments_for_subject, comments_for_year, validation_latest
from cannocchiale.oversight.services import comment_add, comment_resolve, validation_record
from tests.oversight.helpers import access, plan_of
from tests.web.helpers import World


def test_comments_are_listed_open_first_and_filtered_by_state_and_subject(world: World) -> None:
    oiv = access(world, "oiv")
    plan = plan_of(world)
    first = comment_add(
        access=oiv, plan=plan, subject_type="objective", subject_code="1A", text="uno", actor=None
    )
    comment_add(access=oiv, plan=plan, subject_type="project", subject_code="1A0101", text="due", actor=None)
    comment_add(access=oiv, plan=plan, subject_type="plan", text="tre", actor=None)
    comment_resolve(access=access(world, "planning_office"), comment=first, actor=None)
    org = world.organization
    assert [c.text for c in comments_for_year(organization=org, year=2018, state="open")] == ["tre", "due"]
    assert [c.text for c in comments_for_year(organization=org, year=2018, state="resolved")] == ["uno"]
    assert [c.text for c in comments_for_year(organization=org, year=2018, subject_type="project")] == ["due"]
    assert [
        c.text
        for c in comments_for_subject(
            organization=org, year=2018, subject_type="objective", subject_code="1A"
        )
    ] == ["uno"]


def test_another_organization_sees_none_of_the_comments(world: World) -> None:
    comment_add(access=access(world, "oiv"), plan=plan_of(world), subject_type="plan", text="x", actor=None)
    assert comments_for_year(organization=world.other, year=2018) == []


def test_the_latest_validation_is_the_one_in_force(world: World) -> None:
    oiv = access(world, "oiv")
    for outcome, act in (("not_validated", "Verbale 2"), ("validated", "Verbale 3")):
        validation_record(
            access=oiv,
            plan=plan_of(world),
            kind="relazione",
            outcome=outcome,
            act_reference=act,
            act_date=dt.date(2019, 6, 1),
            remarks="r",
            actor=None,
        )
    latest = validation_latest(organization=world.organization, year=2018, kind="relazione")
    assert latest is not None
    assert latest.act_reference == "Verbale 3"
    assert validation_latest(organization=world.other, year=2018, kind="relazione") is None
