"""The figures of individual evaluations: ORM rows turned into the engine's components.

The unit result and the individual objectives come from the plan's year-end scoring
(`plan_score(final=True)`), computed once for all the evaluations of a year; the behaviours
from the evaluator's ratings; differentiation from the ratings the evaluated manager gave.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from typing import Any, cast

from django.db.models import QuerySet

from cannocchiale.core.errors import NotFoundError
from cannocchiale.engine.explanation import Explanation
from cannocchiale.engine.individual import (
    Component,
    Criterion,
    EvaluatedRole,
    IndividualPolicy,
    IndividualScore,
    behaviours_component,
    differentiation_component,
    given_component,
    individual_score,
)
from cannocchiale.engine.rollup import weighted_mean
from cannocchiale.engine.scoring import Score
from cannocchiale.evaluation.models import BehaviourRating, IndividualEvaluation
from cannocchiale.evaluation.policies import PolicyInForce, policy_in_force
from cannocchiale.evaluation.services import PlanScores, plan_score
from cannocchiale.organization.models import OrgUnit, Position
from cannocchiale.planning.models import Plan, StrategicObjective


def _criteria_policy(policy: IndividualPolicy, ratings: list[BehaviourRating]) -> IndividualPolicy:
    """The policy with the criteria copied into the sheet when it was opened."""
    if not ratings:
        return policy
    return replace(policy, criteria=tuple(Criterion(r.criterion, r.label, r.weight) for r in ratings))


def behaviour_achievement(evaluation: IndividualEvaluation, policy: IndividualPolicy) -> Decimal | None:
    """The behaviours component of a sheet (needs `ratings` prefetched)."""
    ratings = list(evaluation.ratings.all())
    component = behaviours_component(
        {r.criterion: r.rating for r in ratings},
        weight=Decimal(0),
        policy=_criteria_policy(policy, ratings),
    )
    return component.achievement


class YearContext:
    """What every evaluation of one plan year shares, loaded once: scores, units, objectives' owners."""

    def __init__(self, plan: Plan, evaluations: list[IndividualEvaluation]) -> None:
        self.plan = plan
        self.policy: PolicyInForce = policy_in_force(organization=plan.organization, year=plan.year)
        self.scores: PlanScores = plan_score(plan=plan, final=True)
        units = list(OrgUnit.objects.filter(organization=plan.organization).only("pk", "code", "parent_id"))
        self.units = {u.pk: u for u in units}
        self.children: dict[int | None, list[OrgUnit]] = defaultdict(list)
        for unit in units:
            self.children[unit.parent_id].append(unit)
        self.owned_objectives: dict[int, list[str]] = defaultdict(list)
        for code, owner_id in StrategicObjective.objects.filter(plan=plan).values_list("code", "owner_id"):
            if owner_id is not None:
                self.owned_objectives[owner_id].append(code)
        self.evaluations = evaluations
        self.given: dict[int, list[Decimal]] = defaultdict(list)
        for other in evaluations:
            if other.evaluator_position_id is None:
                continue
            achieved = behaviour_achievement(other, self.policy.individual)
            if achieved is not None:
                self.given[other.evaluator_position_id].append(achieved)

    def _subtree_codes(self, unit: OrgUnit) -> list[str]:
        codes, stack = [], list(self.children.get(unit.pk, []))
        while stack:
            current = stack.pop()
            codes.append(current.code)
            stack.extend(self.children.get(current.pk, []))
        return codes

    def unit_result(self, position: Position) -> Score | Explanation:
        """The result of the unit a position runs; an Explanation alone when there is none."""
        if position.role == Position.Role.SECRETARY_GENERAL and self.scores.plan_score is not None:
            return self.scores.plan_score.score
        unit = self.units.get(position.unit_id) if position.unit_id else None
        if unit is None:
            return Explanation("unit_missing", "la posizione non dirige un'unità", {}, "non calcolato")
        owned = set(self.owned_objectives.get(unit.pk, []))
        if owned:
            items = [(s.score, None) for s in self.scores.strategic_objectives if s.key in owned]
            rule = f"media dei raggiungimenti degli obiettivi strategici di cui è responsabile «{unit}»"
        else:
            below = set(self._subtree_codes(unit)) | {unit.code}
            items = [(s.score, None) for s in self.scores.assignees if s.key in below]
            rule = f"media dei risultati delle strutture che compongono «{unit}»"
        if not items:
            return Explanation("unit_missing", f"nessun obiettivo misurato per «{unit}»", {}, "non calcolato")
        return weighted_mean(
            items, policy=self.policy.scoring, key=unit.code, rule_id="unit_result", rule=rule
        )

    def objectives_result(self, position: Position) -> Score | Explanation:
        found = next((s.score for s in self.scores.assignees if s.key == position.code), None)
        if found is None:
            return Explanation(
                "objectives_missing", "nessun obiettivo individuale assegnato nel Piano", {}, "non calcolato"
            )
        return found

    def score(self, evaluation: IndividualEvaluation) -> IndividualScore:
        position = evaluation.evaluated_position
        role = cast(EvaluatedRole, position.role)
        individual = self.policy.individual
        weights = individual.weights_for(role)
        ratings = list(evaluation.ratings.all())
        components = []
        given: tuple[tuple[Component, Score | Explanation], ...] = (
            ("unit_result", self.unit_result(position)),
            ("individual_objectives", self.objectives_result(position)),
        )
        for name, found in given:
            if isinstance(found, Score):
                achievement, explanation = found.achievement, found.explanation
            else:
                achievement, explanation = None, found
            components.append(given_component(name, achievement, explanation, weight=weights[name]))
        components.append(
            behaviours_component(
                {r.criterion: r.rating for r in ratings},
                weight=weights["behaviours"],
                policy=_criteria_policy(individual, ratings),
            )
        )
        components.append(
            differentiation_component(
                self.given.get(position.pk, []), weight=weights["differentiation"], policy=individual
            )
        )
        return individual_score(role, components, policy=self.policy.scoring)


def evaluations_of_year_query(organization_id: int, year: int) -> QuerySet[IndividualEvaluation]:
    return (
        IndividualEvaluation.objects.filter(organization_id=organization_id, year=year)
        .select_related("evaluated_position__unit", "evaluator_position", "policy", "organization")
        .prefetch_related("ratings")
    )


def plan_of_year(organization_id: int, year: int) -> Plan:
    """The plan an open evaluation is measured against: the year's version in force (never a
    revision still in draft: an evaluation must not move with a plan nobody approved)."""
    from cannocchiale.planning.selectors import plan_in_force

    plan = plan_in_force(organization=organization_id, year=year)
    if plan is None:
        raise NotFoundError(f"nessun Piano della performance per il {year}")
    return plan


def live_results(evaluations: list[IndividualEvaluation]) -> dict[int, dict[str, Any]]:
    """The computed figures (dict form) of evaluations of one year; closed ones as frozen."""
    results: dict[int, dict[str, Any]] = {}
    open_ones = [e for e in evaluations if e.is_open]
    frozen = {e.pk: e.result for e in evaluations if not e.is_open and e.result is not None}
    results.update(frozen)
    if open_ones:
        first = open_ones[0]
        # Differentiation needs every sheet of the year, not only those on screen.
        everyone = list(evaluations_of_year_query(first.organization_id, first.year))
        context = YearContext(plan_of_year(first.organization_id, first.year), everyone)
        for evaluation in open_ones:
            results[evaluation.pk] = context.score(evaluation).to_dict()
    return results
