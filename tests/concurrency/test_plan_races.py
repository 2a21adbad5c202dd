"""Two people saving the same target, or the weights of the same assignee, at the same moment."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cannocchiale.accounts.access import access_for
from cannocchiale.core.concurrency import EditConflict
from cannocchiale.organization.models import Position
from cannocchiale.planning import cascade_services
from cannocchiale.planning.cascade_services import cascade_weights_save
from cannocchiale.planning.models import AnnualObjective, Plan, Target
from cannocchiale.planning.services import target_update
from tests.concurrency.conftest import meeting_point, postgresql_only, run_together, wrap_after
from tests.web.helpers import World, make_user

pytestmark = [postgresql_only, pytest.mark.django_db(transaction=True), pytest.mark.slow]


def draft(world: World) -> Plan:
    plan = Plan.objects.get(organization=world.organization, year=2018)
    plan.status = Plan.Status.DRAFT
    plan.save()
    return plan


def test_of_two_saves_of_the_same_target_read_at_once_the_second_is_refused(world: World) -> None:
    draft(world)
    target = Target.objects.filter(indicator__plan__organization=world.organization, year=2018).first()
    assert target is not None
    other = make_user("programmazione-2", world.organization, "planning_office")
    # Both forms read at the same version, as two browsers open on the same sheet.
    first, second = (Target.objects.select_related("indicator__plan").get(pk=target.pk) for _ in range(2))
    read_at = target.version

    outcomes = run_together(
        lambda: target_update(
            access=access_for(world.users["planning_office"], world.organization),
            target=first,
            text="almeno 95",
            actor=world.users["planning_office"],
            version=read_at,
        ),
        lambda: target_update(
            access=access_for(other, world.organization),
            target=second,
            text="almeno 80",
            actor=other,
            version=read_at,
        ),
    )

    errors = [o.error for o in outcomes if o.error is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], EditConflict)
    saved = Target.objects.get(pk=target.pk)
    winner = "almeno 95" if outcomes[0].error is None else "almeno 80"
    assert saved.text == winner
    assert saved.version == read_at + 1
    # The one refused is shown what the other saved.
    assert f"«{winner}»" in str(errors[0])


def _sg_group(world: World, plan: Plan) -> tuple[str, list[AnnualObjective]]:
    """The Segretario generale's objectives (70, 30) and a third one at 0."""
    position = Position.objects.get(organization=world.organization, code="SG")
    AnnualObjective.objects.create(
        organization=world.organization,
        plan=plan,
        code="SG-3",
        level=AnnualObjective.Level.SECRETARY_GENERAL,
        title="Terzo obiettivo",
        assignee_position=position,
        weight=Decimal(0),
        position=99,
    )
    objectives = list(AnnualObjective.objects.filter(plan=plan, assignee_position=position).order_by("code"))
    assert [o.weight for o in objectives] == [Decimal(70), Decimal(30), Decimal(0)]
    return f"p{position.pk}", objectives


def _save(world: World, plan: Plan, key: str, weights: dict[int, Decimal], **kwargs: object) -> object:
    user = world.users["planning_office"]
    return cascade_weights_save(
        access=access_for(user, world.organization),
        actor=user,
        plan=plan,
        key=key,
        weights=weights,
        **kwargs,  # type: ignore[arg-type]
    )


def _total(plan: Plan, key: str) -> Decimal:
    position_id = int(key[1:])
    return sum(
        (
            o.weight or Decimal(0)
            for o in AnnualObjective.objects.filter(plan=plan, assignee_position_id=position_id)
        ),
        Decimal(0),
    )


def test_two_weight_saves_from_the_same_reading_keep_the_sum_at_100(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = draft(world)
    key, (sg1, sg2, sg3) = _sg_group(world, plan)
    # Each save reads the group, then both go on together: each compares with what it read.
    wrap_after(cascade_services, "cascade_group_get", monkeypatch, meeting_point(2))

    outcomes = run_together(
        lambda: _save(world, plan, key, {sg1.pk: Decimal(60), sg2.pk: Decimal(40), sg3.pk: Decimal(0)}),
        lambda: _save(world, plan, key, {sg1.pk: Decimal(70), sg2.pk: Decimal(20), sg3.pk: Decimal(10)}),
    )

    assert [o.error for o in outcomes] == [None, None]
    assert _total(plan, key) == Decimal(100)
    stored = {o.pk: o.weight for o in AnnualObjective.objects.filter(pk__in=[sg1.pk, sg2.pk, sg3.pk])}
    # What is stored is one of the two saves, whole: never a mix of both.
    assert stored in (
        {sg1.pk: Decimal(60), sg2.pk: Decimal(40), sg3.pk: Decimal(0)},
        {sg1.pk: Decimal(70), sg2.pk: Decimal(20), sg3.pk: Decimal(10)},
    )


def test_of_two_weight_saves_read_at_the_same_versions_the_second_is_told(world: World) -> None:
    plan = draft(world)
    key, (sg1, sg2, sg3) = _sg_group(world, plan)
    versions = {o.pk: o.version for o in (sg1, sg2, sg3)}

    outcomes = run_together(
        lambda: _save(
            world,
            plan,
            key,
            {sg1.pk: Decimal(60), sg2.pk: Decimal(40), sg3.pk: Decimal(0)},
            versions=versions,
        ),
        lambda: _save(
            world,
            plan,
            key,
            {sg1.pk: Decimal(70), sg2.pk: Decimal(20), sg3.pk: Decimal(10)},
            versions=versions,
        ),
    )

    errors = [o.error for o in outcomes if o.error is not None]
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], EditConflict)
    assert "SG-1" in str(errors[0])
    assert _total(plan, key) == Decimal(100)
