"""The national simulation: creating and removing simulated administrations."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from cannocchiale.audit.services import audit_record
from cannocchiale.core.statistics import refresh_planner_statistics
from cannocchiale.organization.models import Organization
from cannocchiale.simulation.bulk_load import delete_organizations, load_documents
from cannocchiale.simulation.generator import organization_documents
from cannocchiale.simulation.selectors import SIMULATED


@dataclass
class SimulationResult:
    organizations: int
    seed: int
    rounds: int
    removed_organizations: int
    counts: Counter[str] = field(default_factory=Counter)


def simulated_organizations() -> list[int]:
    """The ids of simulated organizations: both marks, so a real ente named "sim-…" is never touched."""
    return list(Organization.objects.filter(SIMULATED).values_list("pk", flat=True))


def simulation_create(
    *,
    organizations: int,
    seed: int = 1,
    rounds: int = 4,
    actor: AbstractBaseUser | AnonymousUser | None = None,
) -> SimulationResult:
    """Replaces any previous simulation with `organizations` new simulated administrations."""
    if organizations < 1:
        raise ValueError("organizations must be at least 1")
    if rounds < 1:
        raise ValueError("rounds must be at least 1")
    with transaction.atomic():
        previous = simulated_organizations()
        if previous:
            delete_organizations(previous)
        counts = load_documents(organization_documents(count=organizations, seed=seed, rounds=rounds))
        audit_record(
            organization=None,
            actor=actor,
            action="simulation.create",
            object_type="simulation",
            object_repr=f"{organizations} enti simulati (seme {seed}, {rounds} rilevazioni)",
            before={"organizations": len(previous)} if previous else None,
            after={"organizations": organizations, "seed": seed, "rounds": rounds, **counts},
        )
    refresh_planner_statistics()
    return SimulationResult(organizations, seed, rounds, len(previous), counts)
