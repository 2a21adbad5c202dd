"""Roll scores up: indicators into objectives, objectives into a person's result, the tree, the cascade.

Every function returns a `Score` whose explanation has the inputs' explanations as children.
Common rules:

- a score with no achievement (None: e.g. no actual during the year) is left out, and the
  explanation says which; if nothing is left, the roll-up has no achievement and is flagged;
- weights are used where every included item has one; otherwise the mean is simple
  (equal weights), and a mix of weighted and unweighted items is noted and flagged;
- a roll-up is flagged when any of its inputs is flagged or something was left out.

The cascade (`cascade_rollup`): an annual objective with its own indicators is measured by
them. One without indicators takes the simple mean of the achievements of the objectives
that derive from it (`derives_from` points at it) and of the projects it realises. This
applies recursively down the cascade; a cycle in `derives_from` is an error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from cannocchiale.engine.explanation import (
    Explanation,
    JsonValue,
    decimal_json,
    format_number,
    format_percent,
)
from cannocchiale.engine.policy import DEFAULT_POLICY, HUNDRED, ZERO, ScoringPolicy
from cannocchiale.engine.scoring import DataState, Score, ScoringError

Weighted = tuple[Score, Decimal | None]


def weighted_mean(
    items: Sequence[Weighted],
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
    key: str | None = None,
    rule_id: str = "weighted_mean",
    rule: str = "media dei raggiungimenti, pesata dove i pesi sono indicati",
    expected_total: Decimal | None = None,
) -> Score:
    """The (weighted) mean of the items' achievements, skipping those without one.

    With `expected_total` (a person's objectives: 100) the weights of all items are checked
    against it; if they differ, the weights are normalised and the explanation says so.
    """
    notes: list[str] = []
    flagged = False
    included: list[tuple[int, Score, Decimal | None]] = []
    for index, (score, weight) in enumerate(items):
        if weight is not None and weight < 0:
            raise ScoringError(f"negative weight {weight} for {_label(score, index)}")
        if score.achievement is None:
            notes.append(f"escluso {_label(score, index)}: raggiungimento non calcolato")
            flagged = True
        else:
            included.append((index, score, weight))
        flagged = flagged or score.flagged

    inputs: dict[str, JsonValue] = {
        "elementi": len(items),
        "inclusi": len(included),
        "pesi": [decimal_json(w) for _, w in items],
    }
    if expected_total is not None:
        declared = [w for _, w in items]
        total = sum((w for w in declared if w is not None), ZERO)
        inputs["somma_pesi"] = decimal_json(total)
        if any(w is None for w in declared):
            notes.append("alcuni pesi mancano: media semplice")
            flagged = True
        elif total != expected_total:
            notes.append(
                f"i pesi sommano a {format_number(total)}, non a {format_number(expected_total)}: "
                "normalizzati"
            )
            flagged = True

    achievement: Decimal | None = None
    if included:
        weights = [w for _, _, w in included]
        if all(w is not None for w in weights) and sum((w for w in weights if w is not None), ZERO) > 0:
            total_weight = sum((w for w in weights if w is not None), ZERO)
            achievement = (
                sum(
                    (
                        s.achievement * w
                        for _, s, w in included
                        if s.achievement is not None and w is not None
                    ),
                    ZERO,
                )
                / total_weight
            )
            rule_used = rule
        else:
            if any(w is not None for w in weights):
                notes.append("pesi indicati solo per alcuni elementi (o tutti zero): media semplice")
                flagged = True
            achievement = sum(
                (s.achievement for _, s, _ in included if s.achievement is not None), ZERO
            ) / len(included)
            rule_used = rule + " (media semplice: pesi non indicati)"
        achievement = max(ZERO, min(achievement, policy.cap))
    else:
        rule_used = rule
        flagged = True
        if items:
            notes.append("nessun elemento con raggiungimento calcolato")
        else:
            notes.append("nessun elemento da aggregare")

    data_state: DataState = "ok" if achievement is not None else "actual_missing"
    return Score(
        achievement=achievement,
        status=policy.status_for(achievement),
        data_state=data_state,
        flagged=flagged,
        flag=("rollup_incomplete" if flagged else None),
        key=key,
        explanation=Explanation(
            rule_id,
            rule_used,
            inputs,
            format_percent(achievement) if achievement is not None else "non calcolato",
            children=tuple(s.explanation for s, _ in items),
            notes=tuple(notes),
            key=key,
        ),
    )


def objective_achievement(
    indicators: Sequence[Weighted], *, policy: ScoringPolicy = DEFAULT_POLICY, key: str | None = None
) -> Score:
    """An objective's achievement: the mean of its indicators (weights where given)."""
    return weighted_mean(
        indicators,
        policy=policy,
        key=key,
        rule_id="objective_mean",
        rule="obiettivo: media dei raggiungimenti degli indicatori, pesata dove i pesi sono indicati",
    )


def person_result(
    objectives: Sequence[Weighted], *, policy: ScoringPolicy = DEFAULT_POLICY, key: str | None = None
) -> Score:
    """A person's result: the mean of their objectives weighted by their weights (summing to 100)."""
    return weighted_mean(
        objectives,
        policy=policy,
        key=key,
        rule_id="person_weighted_mean",
        rule="risultato: media dei raggiungimenti degli obiettivi pesata con i loro pesi (totale 100)",
        expected_total=HUNDRED,
    )


@dataclass(frozen=True, slots=True)
class Node:
    """A node of the performance tree (plan → area → strategic objective → programme → project).

    `score` is the node's own measurement (e.g. a project's objective_achievement, a strategic
    objective's strategic indicators), or None when it has none; `weight` is its weight
    among its siblings, None for equal weights.
    """

    key: str
    score: Score | None = None
    children: Sequence[Node] = field(default=())
    weight: Decimal | None = None


def rollup_tree(
    node: Node, *, policy: ScoringPolicy = DEFAULT_POLICY, done: dict[int, Score] | None = None
) -> Score:
    """A node's achievement: its own score where it has one, else the mean of its children's.

    A node measured by its own indicators keeps that measurement even when its children
    say otherwise (the children's roll-up is kept in the explanation's inputs, for reading).
    `done` keeps the nodes already rolled up, by identity: a caller that rolls up each level
    of the same tree (objectives, then areas, then the plan) computes every node once.
    """
    if done is not None and id(node) in done:
        return done[id(node)]
    score = _rollup_node(node, policy=policy, done=done)
    if done is not None:
        done[id(node)] = score
    return score


def _rollup_node(node: Node, *, policy: ScoringPolicy, done: dict[int, Score] | None) -> Score:
    children = [(rollup_tree(child, policy=policy, done=done), child.weight) for child in node.children]
    if node.score is not None:
        own = node.score
        inputs: dict[str, JsonValue] = {"raggiungimento_proprio": decimal_json(own.achievement)}
        child_explanations: tuple[Explanation, ...] = (own.explanation,)
        if children:
            from_children = weighted_mean(children, policy=policy, key=node.key)
            inputs["raggiungimento_dai_figli"] = decimal_json(from_children.achievement)
            child_explanations += (from_children.explanation,)
        return Score(
            achievement=own.achievement,
            status=policy.status_for(own.achievement),
            data_state=own.data_state,
            flagged=own.flagged,
            flag=own.flag,
            forced=own.forced,
            key=node.key,
            explanation=Explanation(
                "tree_own",
                "misurato dai propri indicatori",
                inputs,
                format_percent(own.achievement) if own.achievement is not None else "non calcolato",
                children=child_explanations,
                key=node.key,
            ),
        )
    if not children:
        return Score(
            achievement=None,
            status=None,
            data_state="target_missing",
            flagged=True,
            flag="nothing_to_measure",
            key=node.key,
            explanation=Explanation(
                "tree_empty",
                "nessun indicatore e nessun elemento sottostante",
                {},
                "non calcolato",
                key=node.key,
            ),
        )
    return weighted_mean(
        children,
        policy=policy,
        key=node.key,
        rule_id="tree_mean",
        rule="media dei raggiungimenti degli elementi sottostanti, pesata dove i pesi sono indicati",
    )


@dataclass(frozen=True, slots=True)
class CascadeObjective:
    """An annual objective in the cascade: its own indicator scores and its links."""

    code: str
    indicators: Sequence[Weighted] = field(default=())
    derives_from: Sequence[str] = field(default=())
    projects: Sequence[str] = field(default=())


def cascade_rollup(
    objectives: Sequence[CascadeObjective],
    *,
    project_scores: Mapping[str, Score] | None = None,
    policy: ScoringPolicy = DEFAULT_POLICY,
    known: Mapping[str, Score] | None = None,
) -> dict[str, Score]:
    """Every annual objective's achievement, by code (see the module's docstring for the rule).

    Raises `ScoringError` on a cycle in `derives_from`. Links to unknown objectives are
    ignored (plan validation reports them); an unknown project is left out and noted.
    `known` gives the achievements of objectives whose inputs have not changed since they were
    computed: they are taken as they are, and only the others are computed.
    """
    projects = project_scores or {}
    by_code = {o.code: o for o in objectives}
    derived: dict[str, list[str]] = {o.code: [] for o in objectives}
    for o in objectives:
        for parent in o.derives_from:
            if parent in derived and o.code not in derived[parent]:
                derived[parent].append(o.code)

    results: dict[str, Score] = dict(known or {})
    in_progress: set[str] = set()

    def compute(code: str) -> Score:
        if code in results:
            return results[code]
        if code in in_progress:
            raise ScoringError(f"cycle in the cascade through {code}")
        in_progress.add(code)
        objective = by_code[code]
        if objective.indicators:
            score = objective_achievement(objective.indicators, policy=policy, key=code)
        else:
            score = _from_cascade(objective, [compute(c) for c in derived[code]])
        in_progress.discard(code)
        results[code] = score
        return score

    def _from_cascade(objective: CascadeObjective, children: list[Score]) -> Score:
        items: list[Weighted] = [(s, None) for s in children]
        missing: list[str] = []
        for project in objective.projects:
            if project in projects:
                items.append((_keyed(projects[project], project), None))
            else:
                missing.append(project)
        if not items:
            return Score(
                achievement=None,
                status=None,
                data_state="target_missing",
                flagged=True,
                flag="nothing_to_measure",
                key=objective.code,
                explanation=Explanation(
                    "cascade_empty",
                    "nessun indicatore, nessun obiettivo derivato e nessun progetto misurato",
                    {"progetti_non_misurati": list(missing)},
                    "non calcolato",
                    key=objective.code,
                ),
            )
        score = weighted_mean(
            items,
            policy=policy,
            key=objective.code,
            rule_id="cascade_mean",
            rule="obiettivo senza indicatori: media semplice dei raggiungimenti degli obiettivi che ne "
            "derivano e dei progetti che realizza",
        )
        if not missing:
            return score
        explanation = score.explanation
        return Score(
            achievement=score.achievement,
            status=score.status,
            data_state=score.data_state,
            flagged=True,
            flag="rollup_incomplete",
            key=objective.code,
            explanation=Explanation(
                explanation.rule_id,
                explanation.rule,
                {**explanation.inputs, "progetti_non_misurati": list(missing)},
                explanation.outcome,
                explanation.children,
                (*explanation.notes, *(f"progetto {p} senza misura: escluso" for p in missing)),
                key=objective.code,
            ),
        )

    for o in objectives:
        compute(o.code)
    return results


def _keyed(score: Score, key: str) -> Score:
    if score.key is not None:
        return score
    e = score.explanation
    return Score(
        achievement=score.achievement,
        status=score.status,
        data_state=score.data_state,
        flagged=score.flagged,
        flag=score.flag,
        forced=score.forced,
        key=key,
        explanation=Explanation(e.rule_id, e.rule, e.inputs, e.outcome, e.children, e.notes, key=key),
    )


def _label(score: Score, index: int) -> str:
    return score.key if score.key is not None else f"l'elemento n. {index + 1}"
