"""Recorded accesses (a download, a sign-in) are in the trail but are not changes of the data: caches and
stored scores, keyed on the organization's latest change, stay valid."""

from __future__ import annotations

import pytest

from cannocchiale.audit.models import AuditEvent
from cannocchiale.audit.services import audit_record
from cannocchiale.planning.models import Plan
from tests.web.helpers import World


def _download(world: World) -> AuditEvent:
    return audit_record(
        organization=world.organization,
        actor=world.users["office"],
        action="evidence.download",
        object_type="monitoring.Evidence",
        object_id="1",
        category=AuditEvent.Category.ACCESS,
    )


def test_an_access_does_not_change_the_organization_state(world: World) -> None:
    from cannocchiale.web.body_cache import organization_state

    before = organization_state(world.organization.pk)
    _download(world)
    assert organization_state(world.organization.pk) == before


def test_an_access_does_not_make_stored_scores_stale(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from cannocchiale.evaluation import batch

    plan = Plan.objects.get(organization=world.organization, year=2018)
    batch.plan_rescore(plan)  # scored and stored
    _download(world)

    def rescored(*args: object, **kwargs: object) -> None:
        raise AssertionError("scored again after a download")

    monkeypatch.setattr(batch, "load_plan_inputs", rescored)
    assert batch.current_scores(plan)
