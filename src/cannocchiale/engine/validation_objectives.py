"""Plan validation, annual objectives: assignees, references, complexity, the weights of each
assignee summing to 100 and the cascade (`derives_from`) without cycles.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from cannocchiale.engine.explanation import decimal_json, format_number
from cannocchiale.engine.validation_context import (
    ANNUAL_WEIGHT_DECIMALS,
    PlanChecker,
    as_map,
    code_of,
    items,
    strings,
    to_decimal,
)

POSITION_LEVELS = frozenset({"secretary_general", "director", "po"})
COMPLEXITY_CRITERIA = ("staff", "innovation", "relations", "burden")


def check_annual_objectives(v: PlanChecker) -> None:
    objectives = list(items(v.plan, "annual_objectives", "plan"))
    groups: dict[tuple[str, str | None], list[tuple[str, Mapping[str, Any]]]] = {}
    for path, objective in objectives:
        code = code_of(objective)
        level = str(objective.get("level"))
        assignee = objective.get("assignee")
        groups.setdefault((level, None if assignee is None else str(assignee)), []).append((path, objective))
        if level != "organization":
            if assignee is None:
                v.add(
                    "error",
                    "assignee_missing",
                    f"{path}.assignee",
                    f"L'obiettivo {code} di livello {level} non ha un assegnatario",
                    objective=code,
                    level=level,
                )
            elif level in POSITION_LEVELS and str(assignee) not in v.known("position"):
                v.add(
                    "error",
                    "unknown_assignee",
                    f"{path}.assignee",
                    f"L'assegnatario «{assignee}» dell'obiettivo {code} non è una posizione del piano",
                    objective=code,
                    reference=str(assignee),
                    expected="position",
                )
            elif level == "office" and str(assignee) not in v.known("unit"):
                v.add(
                    "error",
                    "unknown_assignee",
                    f"{path}.assignee",
                    f"L'assegnatario «{assignee}» dell'obiettivo {code} non è un'unità organizzativa",
                    objective=code,
                    reference=str(assignee),
                    expected="unit",
                )
        for key, kind, what, error in (
            ("derives_from", "annual_objective", "l'obiettivo annuale", "unknown_annual_objective"),
            ("projects", "project", "il progetto", "unknown_project"),
            (
                "strategic_objectives",
                "strategic_objective",
                "l'obiettivo strategico",
                "unknown_strategic_objective",
            ),
        ):
            for index, ref in enumerate(strings(objective.get(key))):
                if ref not in v.known(kind):
                    v.add(
                        "error",
                        error,
                        f"{path}.{key}[{index}]",
                        f"L'obiettivo {code} si riferisce a {what} «{ref}», che non esiste",
                        objective=code,
                        reference=ref,
                    )
        complexity = as_map(objective.get("complexity"))
        if (
            any(complexity.get(c) is not None for c in COMPLEXITY_CRITERIA)
            and complexity.get("coefficient") is None
        ):
            v.add(
                "error",
                "complexity_coefficient_missing",
                f"{path}.complexity.coefficient",
                f"L'obiettivo {code} indica i criteri di complessità ma non il coefficiente",
                objective=code,
            )
    check_weights(v, groups)
    check_cycles(v, objectives)


def check_weights(
    v: PlanChecker, groups: Mapping[tuple[str, str | None], list[tuple[str, Mapping[str, Any]]]]
) -> None:
    for (level, assignee), members in groups.items():
        weights = [to_decimal(objective.get("weight")) for _, objective in members]
        if level == "organization" and all(w is None for w in weights):
            continue
        who = "dell'Ente" if assignee is None else f"di {assignee}"
        for (path, objective), weight in zip(members, weights, strict=True):
            v.check_precision(
                objective.get("weight"),
                ANNUAL_WEIGHT_DECIMALS,
                f"{path}.weight",
                f"dell'obiettivo {code_of(objective)}",
            )
            if weight is None:
                v.add(
                    "error",
                    "weight_missing",
                    f"{path}.weight",
                    f"L'obiettivo {code_of(objective)} {who} non ha un peso",
                    objective=code_of(objective),
                    assignee=assignee,
                    level=level,
                )
        given = [w for w in weights if w is not None]
        if not given:
            continue
        total = sum(given, Decimal(0))
        if total != 100:
            v.add(
                "error",
                "weights_sum",
                f"{members[0][0]}.weight",
                f"I pesi degli obiettivi {who} sommano a {format_number(total)}, non a 100",
                assignee=assignee,
                level=level,
                sum=decimal_json(total),
                expected="100",
                objectives=[code_of(o) for _, o in members],
            )


def check_cycles(v: PlanChecker, objectives: list[tuple[str, Mapping[str, Any]]]) -> None:
    parents = {
        code: [p for p in strings(o.get("derives_from")) if p in v.known("annual_objective")]
        for _, o in objectives
        if (code := code_of(o)) is not None
    }
    reported: set[str] = set()
    for path, objective in objectives:
        code = code_of(objective)
        if code is None or code in reported:
            continue
        cycle = find_cycle(code, parents)
        if cycle:
            reported.update(cycle)
            v.add(
                "error",
                "derives_from_cycle",
                f"{path}.derives_from",
                f"La cascata degli obiettivi forma un ciclo: {' → '.join([*cycle, cycle[0]])}",
                cycle=cycle,
            )


def find_cycle(start: str, parents: Mapping[str, list[str]]) -> list[str]:
    """The cycle through `start` following `derives_from`, or an empty list."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for parent in parents.get(node, []):
            if parent == start:
                return trail
            if parent not in visited:
                visited.add(parent)
                stack.append((parent, [*trail, parent]))
    return []
