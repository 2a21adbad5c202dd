"""Reads of the cascade: each assignee's weighted annual objectives, and who may weigh them.

Four queries whatever the size of the plan: the objectives (with assignees and their parents),
the organization's units (for the chain of ancestors) and the positions the user holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from cannocchiale.accounts.access import Access
from cannocchiale.organization.models import OrgUnit, Position
from cannocchiale.planning.models import AnnualObjective, AnnualObjectiveLink, Plan

HUNDRED = Decimal(100)
LEVEL_ORDER = {"secretary_general": 0, "director": 1, "po": 2, "office": 3}
# The seed's Dirigenti give complexity coefficients to PO and offices only.
LEVELS_WITH_COMPLEXITY = frozenset({"po", "office"})


@dataclass
class CascadeGroup:
    key: str
    label: str
    level: str
    level_label: str
    unit_chain: frozenset[int]
    objectives: list[AnnualObjective] = field(default_factory=list)
    editable: bool = False

    @property
    def total(self) -> Decimal:
        return sum((o.weight or Decimal(0) for o in self.objectives), Decimal(0))

    @property
    def balanced(self) -> bool:
        return self.total == HUNDRED

    @property
    def has_complexity(self) -> bool:
        return self.level in LEVELS_WITH_COMPLEXITY


@dataclass
class Cascade:
    plan: Plan
    organization_objectives: list[AnnualObjective]
    groups: list[CascadeGroup]

    @property
    def unbalanced(self) -> list[CascadeGroup]:
        return [g for g in self.groups if not g.balanced]


def group_key(objective: AnnualObjective) -> str | None:
    if objective.assignee_position_id is not None:
        return f"p{objective.assignee_position_id}"
    if objective.assignee_unit_id is not None:
        return f"u{objective.assignee_unit_id}"
    return None


def unit_chains(organization_id: int) -> dict[int, frozenset[int]]:
    """Each unit's id with the ids of all its ancestors."""
    parents = dict(OrgUnit.objects.filter(organization_id=organization_id).values_list("id", "parent_id"))
    chains: dict[int, frozenset[int]] = {}
    for unit_id in parents:
        chain: list[int] = []
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in seen:
            seen.add(current)
            chain.append(current)
            current = parents.get(current)
        chains[unit_id] = frozenset(chain)
    return chains


def held_positions(access: Access) -> list[Position]:
    if not access.position_ids:
        return []
    return list(Position.objects.filter(organization=access.organization, pk__in=access.position_ids))


def cascade_get(*, plan: Plan, access: Access) -> Cascade:
    objectives = list(
        AnnualObjective.objects.filter(plan=plan, organization=plan.organization_id)
        .select_related("assignee_position__unit", "assignee_unit")
        .prefetch_related(
            Prefetch("parent_links", queryset=AnnualObjectiveLink.objects.select_related("parent"))
        )
        .order_by("position", "pk")
    )
    chains = unit_chains(plan.organization_id)
    held = held_positions(access)
    draft = plan.status == Plan.Status.DRAFT
    groups: dict[str, CascadeGroup] = {}
    organization_objectives = []
    for objective in objectives:
        key = group_key(objective)
        if key is None:
            organization_objectives.append(objective)
            continue
        group = groups.get(key)
        if group is None:
            assignee = objective.assignee_position or objective.assignee_unit
            unit_id = (
                objective.assignee_position.unit_id
                if objective.assignee_position is not None
                else objective.assignee_unit_id
            )
            chain = chains.get(unit_id, frozenset()) if unit_id is not None else frozenset()
            group = CascadeGroup(
                key=key,
                label=str(assignee),
                level=objective.level,
                level_label=objective.get_level_display(),
                unit_chain=chain,
            )
            group.editable = draft and access.can_weigh(
                level=group.level, assignee_unit_chain=chain, held=held
            )
            groups[key] = group
        group.objectives.append(objective)
    ordered = sorted(groups.values(), key=lambda g: LEVEL_ORDER.get(g.level, 9))
    return Cascade(plan=plan, organization_objectives=organization_objectives, groups=ordered)


def cascade_group_get(*, plan: Plan, access: Access, key: str) -> CascadeGroup | None:
    return next((g for g in cascade_get(plan=plan, access=access).groups if g.key == key), None)
