"""Whether a plan's stored figures are fresh, known rather than inferred.

A plan carries a data version (`Plan.data_version`), bumped by `bump_data_version` in every
service that changes what its figures are computed from (a measurement, a target, an indicator,
a weight, the cascade, the SMVP, an import, a revision). Its stored current figures carry, in
`ScoreState`, the data version and the engine's rules version (`engine.RULES_VERSION`) they were
computed with. Figures are fresh when both match; nothing else (a comment, a reminder, a
document, an audit event of any kind) makes them stale.

The figures are rescored after the writer's transaction commits (`transaction.on_commit`), never
during a GET: a reader that finds them stale computes them in memory and writes nothing, and
`cannocchiale rescore` refreshes what is stale (after a change of the rules, say).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, QuerySet

from cannocchiale.engine import RULES_VERSION
from cannocchiale.evaluation.models import ScoreState
from cannocchiale.planning.models import Plan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Versions:
    """The plan's data version and the versions its stored figures were computed with (None: none stored)."""

    data: int
    stored_data: int | None
    stored_rules: int | None

    @property
    def fresh(self) -> bool:
        return self.stored_data == self.data and self.stored_rules == RULES_VERSION


def plan_versions(plan_id: int) -> Versions | None:
    """One query: the plan's data version beside its stored figures' versions."""
    row = (
        Plan.objects.filter(pk=plan_id)
        .values_list("data_version", "score_state__data_version", "score_state__rules_version")
        .first()
    )
    return None if row is None else Versions(*row)


def bump_data_version(plan: Plan | int, *, indicators: Iterable[int] = ()) -> None:
    """Records, inside the writer's transaction, that the plan's score inputs changed; rescores
    after the commit. `indicators`: the only indicators changed, when the writer knows them (the
    rescoring then recomputes only the figures above them)."""
    plan_id = plan if isinstance(plan, int) else plan.pk
    # An atomic increment: two writers of the same plan never both write the same version.
    Plan.objects.filter(pk=plan_id).update(data_version=F("data_version") + 1)
    changed = frozenset(indicators)
    # robust: the write has committed; a failed rescoring leaves the figures stale, and a stale
    # plan is computed on reading and refreshed by `cannocchiale rescore`.
    transaction.on_commit(lambda: plan_refresh(plan_id, changed), robust=True)


def bump_plans(plans: QuerySet[Plan]) -> None:
    """`bump_data_version` for each of these plans (a new SMVP, a revision's carry-over)."""
    for plan_id in plans.values_list("pk", flat=True):
        bump_data_version(plan_id)


def plan_refresh(plan_id: int, changed: Iterable[int] = (), *, force: bool = False) -> str:
    """Rescores the plan's stored current figures if stale (or `force`); returns what it did:
    "fresh" (nothing to do), "incremental" (only the figures above `changed`) or "full"."""
    # Imported here: the batch and incremental modules import this one's callers' models.
    from cannocchiale.evaluation.batch import plan_lock, plan_rescore
    from cannocchiale.evaluation.incremental import rescore_path

    with transaction.atomic():
        plan = Plan.objects.select_related("organization").filter(pk=plan_id).first()
        if plan is None:
            return "fresh"  # deleted meanwhile (a replaced import): nothing to score
        plan_lock(plan)
        # Read under the lock, before any input: inputs read later are at least this recent.
        versions = plan_versions(plan_id)
        assert versions is not None
        if versions.fresh and not force:
            return "fresh"
        # The incremental path stands in for a full scoring only when the one change since the
        # stored figures is the caller's (already committed, so counted in `data`).
        one_behind = versions.stored_rules == RULES_VERSION and versions.stored_data == versions.data - 1
        changed = set(changed)
        if changed and one_behind and not force and rescore_path(plan, changed):
            state_record(plan, versions.data)
            return "incremental"
        plan_rescore(plan, data_version=versions.data)
        return "full"


def state_record(plan: Plan, data_version: int) -> None:
    ScoreState.objects.update_or_create(
        plan=plan,
        defaults={
            "organization_id": plan.organization_id,
            "data_version": data_version,
            "rules_version": RULES_VERSION,
        },
    )
