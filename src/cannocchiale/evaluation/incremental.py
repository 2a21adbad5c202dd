"""Rescoring after a change to a few indicators: only the figures above them, from the stored rows.

A new measurement (or target) moves its indicator, the project or objective that owns it, the
strategic objective above, its area, the plan, and the cascade of annual objectives and
assignees; every other figure keeps its stored value. Each figure on that path is computed by the
engine from its children, as in a full scoring: the changed indicators are scored afresh, their
siblings and the untouched branches are read back from their stored rows, which keep the exact
achievement and what a parent's explanation cites of a child (key, rule, outcome).

The reading is the plan's structure and about a hundred stored rows instead of every target and
measurement of the plan, and the engine computes a few dozen figures instead of seven hundred:
this is what keeps the web application's rescoring within its goal on large plans. The result
is the same as scoring the whole plan again; the tests compare the two row by row.

`rescore_path` is taken only when the stored figures are one data version behind the caller's
change (evaluation/freshness.py); it gives way to the full rescoring when a figure is missing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q

from cannocchiale.engine.explanation import Explanation
from cannocchiale.engine.policy import ScoringPolicy
from cannocchiale.engine.rollup import (
    Node,
    Weighted,
    cascade_rollup,
    person_result,
    rollup_tree,
)
from cannocchiale.engine.scoring import Score
from cannocchiale.engine.target import Target
from cannocchiale.evaluation.batch import (
    _EXPLANATION,
    _SUBJECT_CODE,
    CURRENT,
    Row,
    _instance,
    score_row,
    store_rows,
)
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.evaluation.plan_structure import plan_structure
from cannocchiale.evaluation.policies import policy_for_year
from cannocchiale.evaluation.services import (
    IndicatorInput,
    PlanInputs,
    attach_measurements,
    cascade_objectives,
    objective_node,
    score_indicator_input,
)
from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import Plan
from cannocchiale.planning.models import Target as TargetRow

# The subject types whose stored rows are always read: a few per objective, not per indicator.
_ABOVE_INDICATORS = ("project", "strategic_objective", "area", "plan", "annual_objective", "assignee")
# In a stored row (batch.score_row): the figure's columns, then its explanation.
_FIGURES = slice(_SUBJECT_CODE + 1, _EXPLANATION)
_Keep = Callable[[str, str, Score], None]


class _Stale(Exception):
    """The stored rows cannot stand in for a full scoring."""


def rescore_path(plan: Plan, changed: set[int]) -> bool:
    """Recomputes and stores only the figures above the `changed` indicators; False when the
    stored rows cannot stand in for a full scoring (a row missing, the plan's structure changed).

    The caller (evaluation/freshness.plan_refresh) holds the plan's lock and has checked that the
    stored figures are one data version behind, the change being the caller's: two writers of the
    same plan rescore one after the other, the second reading the rows the first wrote.
    """
    try:
        stored = _Stored(plan, changed)
        fresh = stored.recompute()
    except _Stale:
        return False
    moved = [key for key, row in fresh.items() if key[0] == "plan" or stored.differs(key, row)]
    store_rows([_instance(fresh[key]) for key in moved])
    return True


class _Stored:
    """The plan's structure, the changed indicators' inputs and the stored rows the path needs."""

    def __init__(self, plan: Plan, changed: set[int]) -> None:
        self.plan = plan
        self.policy: ScoringPolicy = policy_for_year(organization=plan.organization, year=plan.year)
        structure = plan_structure(plan.pk)
        self.indicators = structure.indicators
        self.changed = [i for i in self.indicators if i.pk in changed]
        if len(self.changed) != len(changed):
            raise _Stale  # an indicator of another plan, or deleted
        owners = {i.owner for i in self.changed}
        self.inputs = PlanInputs(
            plan=plan, policy=self.policy, areas=structure.areas, annual=structure.annual
        )
        # Each project's code and strategic objective, from one walk of the tree.
        projects = {
            project.pk: (project.code, objective.pk)
            for area in self.inputs.areas
            for objective in area.children
            for programme in objective.children
            for project in programme.children
        }
        self.touched_projects = {pk for kind, pk in owners if kind == "project"}
        touched = [projects[pk] for pk in self.touched_projects if pk in projects]
        self.touched_sos = {so for _, so in touched} | {pk for kind, pk in owners if kind == "so"}
        self.touched_annual = self._touched_annual(owners, {code for code, _ in touched})
        # The indicators whose scores a recomputed figure needs: the changed ones' siblings and
        # the own indicators of the strategic and annual objectives on the path.
        self.needed = [
            i
            for i in self.indicators
            if i.owner in owners
            or (i.owner[0] == "so" and i.owner[1] in self.touched_sos)
            or (i.owner[0] == "annual" and i.owner[1] in self.touched_annual)
        ]
        self.rows = _stored_rows(plan, [i.code for i in self.needed])
        plan_row = self.rows.get(("plan", f"piano-{plan.year}"))
        if plan_row is None:
            raise _Stale
        _load_changed_inputs(self.changed, plan.year)

    def _touched_annual(self, owners: set[tuple[str, int]], project_codes: set[str]) -> set[int]:
        """The annual objectives whose figure may move: measured by a changed indicator, realising a
        changed project (`project_codes`), or (having no indicators of their own) derived from by
        one of those."""
        annual = self.inputs.annual
        measured = {i.owner[1] for i in self.indicators if i.owner[0] == "annual"}
        touched = {o.pk for o in annual if ("annual", o.pk) in owners or project_codes & set(o.projects)}
        by_code = {o.code: o for o in annual}
        pending = [o for o in annual if o.pk in touched]
        while pending:
            child = pending.pop()
            for code in child.derives_from:
                parent = by_code.get(code)
                if parent is not None and parent.pk not in measured and parent.pk not in touched:
                    touched.add(parent.pk)
                    pending.append(parent)
        return touched

    def has(self, key: tuple[str, str]) -> bool:
        return key in self.rows

    def pk(self, key: tuple[str, str]) -> int:
        return int(self.rows[key]["pk"])

    def differs(self, key: tuple[str, str], row: Row) -> bool:
        old = self.rows.get(key)
        if old is None:
            return True
        return tuple(old["figures"]) != row[_FIGURES] or old["explanation"] != row[_EXPLANATION]

    def score(self, kind: str, code: str) -> Score:
        row = self.rows.get((kind, code))
        if row is None:
            raise _Stale
        return _score_from_row(code, row)

    def recompute(self) -> dict[tuple[str, str], Row]:
        plan, policy, year = self.plan, self.policy, self.plan.year
        fresh: dict[tuple[str, str], Row] = {}

        def keep(kind: str, code: str, score: Score) -> None:
            fresh[(kind, code)] = score_row(plan, CURRENT, False, kind, code, score)

        indicator_scores: dict[int, Score] = {}
        for i in self.changed:
            score = score_indicator_input(i, year=year, final=False, policy=policy, as_of=CURRENT)
            indicator_scores[i.pk] = score
            keep("indicator", i.code, score)
        by_owner: dict[tuple[str, int], list[Weighted]] = defaultdict(list)
        for i in self.needed:
            score = indicator_scores.get(i.pk) or self.score("indicator", i.code)
            by_owner[i.owner].append((score, i.weight))

        project_scores = {
            code: _score_from_row(code, row) for (kind, code), row in self.rows.items() if kind == "project"
        }
        rolled: dict[int, Score] = {}
        area_nodes = []
        for area in self.inputs.areas:
            objective_nodes = []
            area_touched = False
            for objective in area.children:
                if objective.pk not in self.touched_sos:
                    node = Node(objective.code)
                    rolled[id(node)] = self.score("strategic_objective", objective.code)
                    objective_nodes.append(node)
                    continue
                area_touched = True
                node = objective_node(
                    objective,
                    by_owner=by_owner,
                    project_scores=project_scores,
                    policy=policy,
                    scored=lambda p, s: keep("project", p.code, s),
                )
                keep("strategic_objective", objective.code, rollup_tree(node, policy=policy, done=rolled))
                objective_nodes.append(node)
            area_node = Node(area.code, None, objective_nodes)
            if area_touched:
                keep("area", area.code, rollup_tree(area_node, policy=policy, done=rolled))
            else:
                rolled[id(area_node)] = self.score("area", area.code)
            area_nodes.append(area_node)
        plan_node = Node(f"piano-{year}", None, area_nodes)
        keep("plan", plan_node.key, rollup_tree(plan_node, policy=policy, done=rolled))

        annual = self.inputs.annual
        cascade = cascade_rollup(
            cascade_objectives(annual, by_owner),
            project_scores=project_scores,
            policy=policy,
            known={
                o.code: self.score("annual_objective", o.code)
                for o in annual
                if o.pk not in self.touched_annual
            },
        )
        touched_assignees = {o.assignee[0] for o in annual if o.assignee and o.pk in self.touched_annual}
        per_assignee: dict[str, list[tuple[Score, Decimal | None]]] = {}
        for o in annual:
            if o.pk in self.touched_annual:
                keep("annual_objective", o.code, cascade[o.code])
            if o.assignee is not None:
                per_assignee.setdefault(o.assignee[0], []).append((cascade[o.code], o.weight))
        for code, items in per_assignee.items():
            if code in touched_assignees:
                keep("assignee", code, person_result(items, policy=policy, key=code))
        # Every annual objective and assignee of the plan has its stored row: a set that differs
        # means the plan changed in a way the stored rows do not know.
        if {code for (k, code) in self.rows if k == "annual_objective"} != {o.code for o in annual}:
            raise _Stale
        if {code for (k, code) in self.rows if k == "assignee"} != set(per_assignee):
            raise _Stale
        return fresh


def _load_changed_inputs(changed: Sequence[IndicatorInput], year: int) -> None:
    by_pk = {i.pk: i for i in changed}
    for indicator_id, structured in TargetRow.objects.filter(indicator_id__in=by_pk, year=year).values_list(
        "indicator_id", "structured"
    ):
        by_pk[indicator_id].target = Target.from_dict(structured)
    attach_measurements(by_pk, Measurement.objects.filter(indicator_id__in=by_pk))


def _stored_rows(plan: Plan, indicator_codes: list[str]) -> dict[tuple[str, str], dict[str, Any]]:
    rows = ComputedScore.objects.filter(plan=plan, as_of=CURRENT).filter(
        Q(subject_type__in=_ABOVE_INDICATORS) | Q(subject_type="indicator", subject_code__in=indicator_codes)
    )
    columns = ("achievement", "status", "data_state", "flagged", "flag")
    return {
        (row[0], row[1]): {"pk": row[2], "figures": row[3:8], "explanation": row[8], "computed_at": row[9]}
        for row in rows.values_list(
            "subject_type", "subject_code", "pk", *columns, "explanation", "computed_at"
        )
    }


def _score_from_row(code: str, row: dict[str, Any]) -> Score:
    """A stored figure as the engine's roll-ups read a child: achievement, state and what is cited of it."""
    achievement, status, data_state, flagged, flag = row["figures"]
    explanation = row["explanation"]
    exact = explanation.get("exact")
    return Score(
        achievement=Decimal(exact) if exact is not None else achievement,
        status=status or None,
        data_state=data_state,
        flagged=flagged,
        flag=flag or None,
        forced=bool(explanation.get("forced", False)),
        key=explanation.get("key", code),
        explanation=Explanation(
            explanation["rule_id"],
            explanation["rule"],
            {},
            explanation["outcome"],
            key=explanation.get("key", code),
        ),
    )
