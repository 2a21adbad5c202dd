"""Scoring a plan: every indicator, project, objective, area and assignee, each with its explanation.

Reads the plan in a fixed number of queries as plain rows (`plan_inputs`), turns them into the
engine's plain data, and lets the engine compute; nothing here decides a score. The reading and
the computing are separate so that batch scoring can read many plans at once and score each
at several dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from cannocchiale.engine.explanation import flag_words, format_percent
from cannocchiale.engine.policy import DEFAULT_POLICY, ScoringPolicy
from cannocchiale.engine.rollup import (
    CascadeObjective,
    Node,
    Weighted,
    cascade_rollup,
    objective_achievement,
    person_result,
    rollup_tree,
)
from cannocchiale.engine.scoring import Score
from cannocchiale.engine.target import Target
from cannocchiale.evaluation.inputs import MeasurementRow, indicator_score
from cannocchiale.evaluation.policies import policy_for_year
from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import (
    AnnualObjective,
    AnnualObjectiveLink,
    AnnualObjectiveProject,
    Indicator,
    Plan,
    Programme,
    Project,
    StrategicArea,
    StrategicObjective,
)
from cannocchiale.planning.models import Target as TargetRow

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
        flag = f" ⚑ {flag_words(self.score.flag)}" if self.score.flagged and self.score.flag else ""
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
    # The policy the figures were computed under: what deviates is its call (`ScoringPolicy.deviates`).
    policy: ScoringPolicy = DEFAULT_POLICY

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


# --- reading: a plan as plain rows, in a fixed number of queries whatever its size -------------


@dataclass(slots=True)
class IndicatorInput:
    pk: int
    code: str
    description: str
    weight: Decimal | None
    owner: tuple[str, int]
    target: Target | None = None
    measurements: list[MeasurementRow] = field(default_factory=list)


@dataclass(slots=True)
class TreeInput:
    pk: int
    code: str
    title: str
    children: list[TreeInput] = field(default_factory=list)


@dataclass(slots=True)
class AnnualInput:
    pk: int
    code: str
    title: str
    weight: Decimal | None
    assignee: tuple[str, str] | None
    derives_from: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PlanInputs:
    """What scoring a plan needs, read once: enough to score it at any date."""

    plan: Plan
    policy: ScoringPolicy
    indicators: list[IndicatorInput] = field(default_factory=list)
    areas: list[TreeInput] = field(default_factory=list)
    annual: list[AnnualInput] = field(default_factory=list)

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def label(self) -> str:
        return str(self.plan)


def _owner(so: int | None, project: int | None, annual: int | None) -> tuple[str, int]:
    if so is not None:
        return ("so", so)
    if project is not None:
        return ("project", project)
    return ("annual", annual or 0)


def load_plan_inputs(plans: list[Plan]) -> list[PlanInputs]:
    """The inputs of these plans, in the same order; the queries do not grow with the plans' size."""
    inputs = {
        p.pk: PlanInputs(plan=p, policy=policy_for_year(organization=p.organization, year=p.year))
        for p in plans
    }
    ids = list(inputs)
    indicators: dict[int, IndicatorInput] = {}
    for pk, plan_id, code, description, weight, so, project, annual in (
        Indicator.objects.filter(plan_id__in=ids)
        .order_by("plan_id", "position", "pk")
        .values_list(
            "pk",
            "plan_id",
            "code",
            "description",
            "weight",
            "strategic_objective_id",
            "project_id",
            "annual_objective_id",
        )
    ):
        item = IndicatorInput(pk, code, description, weight, _owner(so, project, annual))
        indicators[pk] = item
        inputs[plan_id].indicators.append(item)
    years = {p.pk: p.year for p in plans}
    parsed: dict[int, Target] = {}
    for indicator_id, plan_id, year, structured in TargetRow.objects.filter(
        indicator__plan_id__in=ids
    ).values_list("indicator_id", "indicator__plan_id", "year", "structured"):
        if year == years[plan_id]:
            parsed[indicator_id] = Target.from_dict(structured)
    for indicator_id, target in parsed.items():
        indicators[indicator_id].target = target
    attach_measurements(indicators, Measurement.objects.filter(indicator__plan_id__in=ids))
    _load_tree(inputs, ids)
    _load_annual(inputs, ids)
    return [inputs[p.pk] for p in plans]


def attach_measurements(
    indicators: Mapping[int, IndicatorInput], measurements: QuerySet[Measurement]
) -> None:
    """Appends each measurement to its indicator's list, in date order (then entry order)."""
    for indicator_id, taken_on, value, done, completed_on, assessed, justification in measurements.order_by(
        "indicator_id", "date", "pk"
    ).values_list("indicator_id", "date", "value", "done", "completed_on", "assessed", "justification"):
        indicators[indicator_id].measurements.append(
            MeasurementRow(taken_on, value, done, completed_on, assessed, justification)
        )


def _load_tree(inputs: dict[int, PlanInputs], ids: list[int]) -> None:
    nodes: dict[tuple[str, int], TreeInput] = {}
    levels = (
        (StrategicArea, None),
        (StrategicObjective, "area_id"),
        (Programme, "objective_id"),
        (Project, "programme_id"),
    )
    parent_kind = None
    for model, parent_field in levels:
        kind = model.__name__
        fields = ["pk", "plan_id", "code", "title"] + ([parent_field] if parent_field else [])
        for row in (
            model._default_manager.filter(plan_id__in=ids).order_by("position", "pk").values_list(*fields)
        ):
            node = TreeInput(row[0], row[2], row[3] or "")
            nodes[(kind, row[0])] = node
            if parent_field is None:
                inputs[row[1]].areas.append(node)
            else:
                nodes[(parent_kind or "", row[4])].children.append(node)
        parent_kind = kind


def _load_annual(inputs: dict[int, PlanInputs], ids: list[int]) -> None:
    objectives: dict[int, AnnualInput] = {}
    for row in (
        AnnualObjective.objects.filter(plan_id__in=ids)
        .order_by("position", "pk")
        .values_list(
            "pk",
            "plan_id",
            "code",
            "title",
            "weight",
            "assignee_position__code",
            "assignee_position__title",
            "assignee_position__holder",
            "assignee_unit__code",
            "assignee_unit__name",
        )
    ):
        pk, plan_id, code, title, weight, p_code, p_title, p_holder, u_code, u_name = row
        assignee: tuple[str, str] | None = None
        if p_code is not None:
            # As str(Position) and str(OrgUnit) label them.
            assignee = (p_code, f"{p_title} ({p_holder})" if p_holder else p_title)
        elif u_code is not None:
            assignee = (u_code, u_name)
        objectives[pk] = AnnualInput(pk, code, title, weight, assignee)
        inputs[plan_id].annual.append(objectives[pk])
    for child, parent in (
        AnnualObjectiveLink.objects.filter(child__plan_id__in=ids)
        .order_by("child_id", "position", "pk")
        .values_list("child_id", "parent__code")
    ):
        objectives[child].derives_from.append(parent)
    for objective, project in (
        AnnualObjectiveProject.objects.filter(objective__plan_id__in=ids)
        .order_by("objective_id", "position", "pk")
        .values_list("objective_id", "project__code")
    ):
        objectives[objective].projects.append(project)


# --- computing ---------------------------------------------------------------------------------


def score_indicator_input(
    indicator: IndicatorInput, *, year: int, final: bool, policy: ScoringPolicy, as_of: date | None
) -> Score:
    """One indicator's score from its target and the measurements taken up to `as_of`."""
    return indicator_score(
        indicator.target,
        indicator.measurements,
        year=year,
        final=final,
        policy=policy,
        as_of=as_of,
        key=indicator.code,
    )


def plan_score(*, plan: Plan, final: bool = False, as_of: date | None = None) -> PlanScores:
    """Every figure of the plan; with `as_of`, from the measurements taken up to that date."""
    inputs = load_plan_inputs([plan])[0]
    return score_plan_inputs(inputs, final=final, as_of=as_of)


def score_plan_inputs(inputs: PlanInputs, *, final: bool, as_of: date | None) -> PlanScores:
    year = inputs.year
    policy = inputs.policy
    scores = {
        i.pk: score_indicator_input(i, year=year, final=final, policy=policy, as_of=as_of)
        for i in inputs.indicators
    }
    return rollup_plan_inputs(inputs, scores, final=final)


def rollup_plan_inputs(inputs: PlanInputs, scores: dict[int, Score], *, final: bool) -> PlanScores:
    """Every figure above the indicators, from the indicators' scores (keyed by indicator id)."""
    year = inputs.year
    policy = inputs.policy
    by_owner: dict[tuple[str, int], list[Weighted]] = defaultdict(list)
    for indicator in inputs.indicators:
        by_owner[indicator.owner].append((scores[indicator.pk], indicator.weight))

    result = PlanScores(plan=inputs.label, year=year, final=final, policy=policy)
    result.indicators = [
        ScoredItem("indicator", i.code, i.description, scores[i.pk]) for i in inputs.indicators
    ]

    project_scores: dict[str, Score] = {}
    rolled: dict[int, Score] = {}
    area_nodes = []
    for area in inputs.areas:
        objective_nodes = []
        for objective in area.children:
            node = objective_node(
                objective,
                by_owner=by_owner,
                project_scores=project_scores,
                policy=policy,
                scored=lambda p, s: result.projects.append(ScoredItem("project", p.code, p.title, s)),
            )
            result.strategic_objectives.append(
                ScoredItem(
                    "strategic_objective",
                    objective.code,
                    objective.title,
                    rollup_tree(node, policy=policy, done=rolled),
                )
            )
            objective_nodes.append(node)
        area_node = Node(area.code, None, objective_nodes)
        result.areas.append(
            ScoredItem("area", area.code, area.title, rollup_tree(area_node, policy=policy, done=rolled))
        )
        area_nodes.append(area_node)
    plan_node = Node(f"piano-{year}", None, area_nodes)
    result.plan_score = ScoredItem(
        "plan", plan_node.key, inputs.label, rollup_tree(plan_node, policy=policy, done=rolled)
    )

    cascade = cascade_rollup(
        cascade_objectives(inputs.annual, by_owner), project_scores=project_scores, policy=policy
    )
    result.annual_objectives = [
        ScoredItem("annual_objective", o.code, o.title, cascade[o.code]) for o in inputs.annual
    ]

    per_assignee: dict[str, tuple[str, list[tuple[Score, Decimal | None]]]] = {}
    for o in inputs.annual:
        if o.assignee is None:
            continue
        code, label = o.assignee
        per_assignee.setdefault(code, (label, []))[1].append((cascade[o.code], o.weight))
    result.assignees = [
        ScoredItem("assignee", code, label, person_result(items, policy=policy, key=code))
        for code, (label, items) in per_assignee.items()
    ]
    return result


def objective_node(
    objective: TreeInput,
    *,
    by_owner: Mapping[tuple[str, int], Sequence[Weighted]],
    project_scores: dict[str, Score],
    policy: ScoringPolicy,
    scored: Callable[[TreeInput, Score], None],
) -> Node:
    """A strategic objective's node: the mean of its own indicators, over its programmes' projects.

    Each project with indicators in `by_owner` is scored, kept in `project_scores` and handed to
    `scored`; a project without keeps the score `project_scores` already has for it, if any.
    """
    programme_nodes = []
    for programme in objective.children:
        project_nodes = []
        for project in programme.children:
            own = by_owner.get(("project", project.pk))
            if own:
                score = objective_achievement(own, policy=policy, key=project.code)
                project_scores[project.code] = score
                scored(project, score)
            project_nodes.append(Node(project.code, project_scores.get(project.code)))
        programme_nodes.append(Node(programme.code, None, project_nodes))
    own_so = by_owner.get(("so", objective.pk))
    so_score = objective_achievement(own_so, policy=policy, key=objective.code) if own_so else None
    return Node(objective.code, so_score, programme_nodes)


def cascade_objectives(
    annual: Sequence[AnnualInput], by_owner: Mapping[tuple[str, int], Sequence[Weighted]]
) -> list[CascadeObjective]:
    """The annual objectives as the cascade's roll-up takes them: own indicators and links."""
    return [
        CascadeObjective(
            code=o.code,
            indicators=by_owner.get(("annual", o.pk), []),
            derives_from=o.derives_from,
            projects=o.projects,
        )
        for o in annual
    ]
