"""Scoring a plan: every indicator, project, objective, area and assignee, each with its explanation.

Reads the plan in a fixed number of queries, turns rows into the engine's plain data, and lets
the engine compute; nothing here decides a score.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from cannocchiale.engine.explanation import format_percent
from cannocchiale.engine.policy import ScoringPolicy
from cannocchiale.engine.rollup import (
    CascadeObjective,
    Node,
    cascade_rollup,
    objective_achievement,
    person_result,
    rollup_tree,
)
from cannocchiale.engine.scoring import Actual, Score, score_indicator
from cannocchiale.engine.target import Target
from cannocchiale.evaluation.policies import policy_for_year
from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import AnnualObjective, Indicator, Plan, StrategicArea

STATUS_LABELS = {"green": "verde", "yellow": "giallo", "red": "rosso"}


@dataclass
class ScoredItem:
    kind: str
    key: str
    label: str
    score: Score

    @property
    def achievement_text(self) -> str:
        return format_percent(self.score.achievement)

    @property
    def status_text(self) -> str:
        return STATUS_LABELS.get(self.score.status or "", self.score.status or "—")

    @property
    def explanation_text(self) -> str:
        e = self.score.explanation
        notes = f" [{'; '.join(e.notes)}]" if e.notes else ""
        flag = f" ⚑ {self.score.flag}" if self.score.flagged and self.score.flag else ""
        return f"{e.rule} → {e.outcome}{notes}{flag}"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "label": self.label, **self.score.to_dict()}


@dataclass
class Section:
    title: str
    rows: list[ScoredItem]


@dataclass
class PlanScores:
    plan: str
    year: int
    final: bool
    indicators: list[ScoredItem] = field(default_factory=list)
    projects: list[ScoredItem] = field(default_factory=list)
    strategic_objectives: list[ScoredItem] = field(default_factory=list)
    areas: list[ScoredItem] = field(default_factory=list)
    plan_score: ScoredItem | None = None
    annual_objectives: list[ScoredItem] = field(default_factory=list)
    assignees: list[ScoredItem] = field(default_factory=list)

    def sections(self) -> list[Section]:
        return [
            Section("Indicatori", self.indicators),
            Section("Progetti", self.projects),
            Section("Obiettivi strategici", self.strategic_objectives),
            Section("Aree strategiche", self.areas + ([self.plan_score] if self.plan_score else [])),
            Section("Obiettivi annuali", self.annual_objectives),
            Section("Risultato per assegnatario", self.assignees),
        ]

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "year": self.year,
            "final": self.final,
            "indicators": [i.to_dict() for i in self.indicators],
            "projects": [i.to_dict() for i in self.projects],
            "strategic_objectives": [i.to_dict() for i in self.strategic_objectives],
            "areas": [i.to_dict() for i in self.areas],
            "plan_score": self.plan_score.to_dict() if self.plan_score else None,
            "annual_objectives": [i.to_dict() for i in self.annual_objectives],
            "assignees": [i.to_dict() for i in self.assignees],
        }


def _actuals_by_year(measurements: list[Measurement]) -> dict[int, Measurement]:
    """The latest measurement of each year: what counts as that year's actual."""
    latest: dict[int, Measurement] = {}
    for m in sorted(measurements, key=lambda m: (m.date, m.pk)):
        latest[m.date.year] = m
    return latest


def _actual(m: Measurement | None) -> Actual | None:
    if m is None:
        return None
    return Actual(
        value=m.value,
        done=m.done,
        completed_on=m.completed_on,
        assessed=m.assessed,
        justification=m.justification or None,
    )


def _score_indicators(
    indicators: list[Indicator], *, year: int, final: bool, policy: ScoringPolicy
) -> dict[int, Score]:
    scores: dict[int, Score] = {}
    for indicator in indicators:
        target_row = next((t for t in indicator.targets.all() if t.year == year), None)
        target = Target.from_dict(target_row.structured) if target_row is not None else None
        by_year = _actuals_by_year(list(indicator.measurements.all()))
        references = {y: m.value for y, m in by_year.items() if y != year and m.value is not None}
        scores[indicator.pk] = score_indicator(
            target,
            _actual(by_year.get(year)),
            policy=policy,
            final=final,
            reference_actuals=references,
            year=year,
            key=indicator.code,
        )
    return scores


def _weighted(indicators: list[Indicator], scores: dict[int, Score]) -> list[tuple[Score, Decimal | None]]:
    return [(scores[i.pk], i.weight) for i in indicators]


def plan_score(*, plan: Plan, final: bool = False, as_of: date | None = None) -> PlanScores:
    year = plan.year
    policy = policy_for_year(organization=plan.organization, year=year)
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .prefetch_related("targets", "measurements")
        .order_by("position", "pk")
    )
    scores = _score_indicators(indicators, year=year, final=final, policy=policy)
    by_owner: dict[tuple[str, int], list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        if indicator.strategic_objective_id is not None:
            by_owner[("so", indicator.strategic_objective_id)].append(indicator)
        elif indicator.project_id is not None:
            by_owner[("project", indicator.project_id)].append(indicator)
        elif indicator.annual_objective_id is not None:
            by_owner[("annual", indicator.annual_objective_id)].append(indicator)

    result = PlanScores(plan=str(plan), year=year, final=final)
    result.indicators = [ScoredItem("indicator", i.code, i.description, scores[i.pk]) for i in indicators]

    areas = list(StrategicArea.objects.filter(plan=plan).prefetch_related("objectives__programmes__projects"))
    project_scores: dict[str, Score] = {}
    area_nodes = []
    for area in areas:
        objective_nodes = []
        for objective in area.objectives.all():
            programme_nodes = []
            for programme in objective.programmes.all():
                project_nodes = []
                for project in programme.projects.all():
                    own = by_owner.get(("project", project.pk))
                    if own:
                        score = objective_achievement(_weighted(own, scores), policy=policy, key=project.code)
                        project_scores[project.code] = score
                        result.projects.append(ScoredItem("project", project.code, project.title, score))
                    project_nodes.append(Node(project.code, project_scores.get(project.code)))
                programme_nodes.append(Node(programme.code, None, project_nodes))
            own_so = by_owner.get(("so", objective.pk))
            so_score = (
                objective_achievement(_weighted(own_so, scores), policy=policy, key=objective.code)
                if own_so
                else None
            )
            node = Node(objective.code, so_score, programme_nodes)
            result.strategic_objectives.append(
                ScoredItem(
                    "strategic_objective", objective.code, objective.title, rollup_tree(node, policy=policy)
                )
            )
            objective_nodes.append(node)
        area_node = Node(area.code, None, objective_nodes)
        result.areas.append(ScoredItem("area", area.code, area.title, rollup_tree(area_node, policy=policy)))
        area_nodes.append(area_node)
    plan_node = Node(f"piano-{year}", None, area_nodes)
    result.plan_score = ScoredItem("plan", plan_node.key, str(plan), rollup_tree(plan_node, policy=policy))

    annual = list(
        AnnualObjective.objects.filter(plan=plan)
        .select_related("assignee_position", "assignee_unit")
        .prefetch_related("parent_links__parent", "project_links__project")
    )
    cascade = cascade_rollup(
        [
            CascadeObjective(
                code=o.code,
                indicators=_weighted(by_owner.get(("annual", o.pk), []), scores),
                derives_from=[link.parent.code for link in o.parent_links.all()],
                projects=[link.project.code for link in o.project_links.all()],
            )
            for o in annual
        ],
        project_scores=project_scores,
        policy=policy,
    )
    result.annual_objectives = [
        ScoredItem("annual_objective", o.code, o.title, cascade[o.code]) for o in annual
    ]

    per_assignee: dict[str, tuple[str, list[tuple[Score, Decimal | None]]]] = {}
    for o in annual:
        assignee = o.assignee_position or o.assignee_unit
        if assignee is None:
            continue
        label = str(assignee)
        per_assignee.setdefault(assignee.code, (label, []))[1].append((cascade[o.code], o.weight))
    result.assignees = [
        ScoredItem("assignee", code, label, person_result(items, policy=policy, key=code))
        for code, (label, items) in per_assignee.items()
    ]
    return result
