"""Individual evaluation (art. 9 D.Lgs. 150/2009, Linee guida DFP 5/2019): the pure rules.

A manager's evaluation mixes four components, each an achievement 0–100 %, with the weights
the SMVP sets for the evaluated role:

- `unit_result`: the result of the unit the person runs (the prevailing weight);
- `individual_objectives`: the weighted result of their objectives in the cascade;
- `behaviours`: the evaluator's ratings against the policy's criteria, weighted;
- `differentiation`: for managers, how much the ratings they gave their own staff differ.

Differentiation is measured with the coefficient of variation (population standard deviation
divided by the mean, in %) of the ratings given. It was chosen over a Gini-style index because
it is scale-free (ratings out of 5 or out of 100 read the same), it is the figure an OIV can
recompute by hand from the published distribution, and it grows smoothly with the spread, so
the policy's bands can turn it into an achievement (default: 0 % → 0, 10 % or more → 100 %).

A component with weight but no figure (no ratings given yet, no staff rated, no unit result)
is left out and the weights of the others are rescaled; the explanation says so. The total
becomes a share of the result bonus through the policy's individual bands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from typing import Any, Literal, cast

from cannocchiale.engine.explanation import Explanation, JsonValue, decimal_json, format_percent
from cannocchiale.engine.policy import (
    DEFAULT_POLICY,
    HUNDRED,
    ZERO,
    Band,
    PolicyError,
    ScoringPolicy,
    apply_bands,
    bonus_share,
)

Component = Literal["unit_result", "individual_objectives", "behaviours", "differentiation"]
COMPONENTS: tuple[Component, ...] = ("unit_result", "individual_objectives", "behaviours", "differentiation")
COMPONENT_LABELS: dict[Component, str] = {
    "unit_result": "Risultato dell'unità diretta",
    "individual_objectives": "Obiettivi individuali",
    "behaviours": "Comportamenti organizzativi e competenze",
    "differentiation": "Capacità di differenziare le valutazioni",
}
RESULT_COMPONENTS: frozenset[Component] = frozenset({"unit_result", "individual_objectives"})

EvaluatedRole = Literal["secretary_general", "director", "po"]
ROLES: tuple[EvaluatedRole, ...] = ("secretary_general", "director", "po")
ROLE_LABELS: dict[EvaluatedRole, str] = {
    "secretary_general": "Segretario generale",
    "director": "Dirigente",
    "po": "Posizione organizzativa",
}

RoleWeights = Mapping[Component, Decimal]


def _weights(unit: int, objectives: int, behaviours: int, differentiation: int) -> dict[Component, Decimal]:
    return {
        "unit_result": Decimal(unit),
        "individual_objectives": Decimal(objectives),
        "behaviours": Decimal(behaviours),
        "differentiation": Decimal(differentiation),
    }


@dataclass(frozen=True, slots=True)
class Criterion:
    """A behaviour or competence the evaluator rates; `weight` among the criteria (total 100)."""

    code: str
    label: str
    weight: Decimal


DEFAULT_ROLE_WEIGHTS: dict[EvaluatedRole, dict[Component, Decimal]] = {
    "secretary_general": _weights(50, 20, 20, 10),
    "director": _weights(40, 25, 25, 10),
    "po": _weights(40, 30, 25, 5),
}
DEFAULT_CRITERIA: tuple[Criterion, ...] = (
    Criterion("programmazione", "Capacità di programmazione e organizzazione del lavoro", Decimal(25)),
    Criterion("persone", "Gestione e valorizzazione dei collaboratori", Decimal(25)),
    Criterion("utenza", "Orientamento all'utenza e qualità del servizio", Decimal(20)),
    Criterion("innovazione", "Innovazione e soluzione dei problemi", Decimal(15)),
    Criterion("integrazione", "Integrazione e collaborazione con le altre strutture", Decimal(15)),
)
# Coefficient of variation (%) → achievement: no spread nothing, 10 % or more all.
DEFAULT_DIFFERENTIATION_BANDS: tuple[Band, ...] = (Band(ZERO, Decimal(10), ZERO, HUNDRED),)


@dataclass(frozen=True, slots=True)
class IndividualPolicy:
    """The individual-evaluation part of the SMVP."""

    role_weights: Mapping[EvaluatedRole, RoleWeights] = field(
        default_factory=lambda: {role: dict(w) for role, w in DEFAULT_ROLE_WEIGHTS.items()}
    )
    criteria: tuple[Criterion, ...] = DEFAULT_CRITERIA
    rating_min: Decimal = Decimal(1)
    rating_max: Decimal = Decimal(5)
    differentiation_bands: tuple[Band, ...] = DEFAULT_DIFFERENTIATION_BANDS
    min_rated_for_differentiation: int = 2

    def __post_init__(self) -> None:
        problems = individual_policy_problems(self)
        if problems:
            raise PolicyError("; ".join(problems))

    def weights_for(self, role: EvaluatedRole) -> RoleWeights:
        return self.role_weights[role]

    def results_share(self, role: EvaluatedRole) -> Decimal:
        """The share of results (unit and individual objectives) in the role's score."""
        return sum((w for c, w in self.role_weights[role].items() if c in RESULT_COMPONENTS), ZERO)

    def behaviours_share(self, role: EvaluatedRole) -> Decimal:
        """The share of organizational behaviours (ratings and differentiation) in the role's score."""
        return HUNDRED - self.results_share(role)


def individual_policy_problems(policy: IndividualPolicy) -> list[str]:
    """What makes a policy unusable, in Italian, for the form that edits it; empty when sound."""
    problems: list[str] = []
    for role in ROLES:
        weights = policy.role_weights.get(role)
        label = ROLE_LABELS[role]
        if weights is None or set(weights) != set(COMPONENTS):
            problems.append(f"{label}: servono i pesi di tutte le componenti")
            continue
        if any(w < 0 for w in weights.values()):
            problems.append(f"{label}: i pesi non possono essere negativi")
        total = sum(weights.values(), ZERO)
        if total != HUNDRED:
            problems.append(f"{label}: i pesi sommano a {decimal_json(total)}, non a 100")
        others = max(w for c, w in weights.items() if c != "unit_result")
        if weights["unit_result"] < others:
            problems.append(f"{label}: il risultato dell'unità diretta deve avere il peso prevalente")
    if not policy.criteria:
        problems.append("serve almeno un criterio di valutazione dei comportamenti")
    codes = [c.code for c in policy.criteria]
    if len(set(codes)) != len(codes):
        problems.append("i codici dei criteri devono essere distinti")
    if any(c.weight <= 0 for c in policy.criteria):
        problems.append("ogni criterio deve avere un peso positivo")
    elif policy.criteria and sum((c.weight for c in policy.criteria), ZERO) != HUNDRED:
        problems.append("i pesi dei criteri devono sommare a 100")
    if policy.rating_min < 0 or policy.rating_max <= policy.rating_min:
        problems.append("la scala di valutazione deve andare da un minimo non negativo a un massimo maggiore")
    if policy.min_rated_for_differentiation < 2:
        problems.append("per misurare la differenziazione servono almeno 2 valutazioni")
    return problems


DEFAULT_INDIVIDUAL_POLICY = IndividualPolicy()


@dataclass(frozen=True, slots=True)
class ComponentResult:
    component: Component
    weight: Decimal
    achievement: Decimal | None
    explanation: Explanation

    @property
    def label(self) -> str:
        return COMPONENT_LABELS[self.component]

    def to_dict(self) -> dict[str, Any]:
        return {
            "component": self.component,
            "label": self.label,
            "weight": decimal_json(self.weight),
            "achievement": decimal_json(self.achievement),
            "explanation": self.explanation.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class IndividualScore:
    """The total (0–100 %), the share of the result bonus it earns, and how both were reached."""

    role: EvaluatedRole
    components: tuple[ComponentResult, ...]
    total: Decimal | None
    bonus_share: Decimal | None
    flagged: bool
    explanation: Explanation
    # The weight each counted component really had (rescaled when some were left out), and the
    # points it brought to the total: what the sheet shows line by line.
    effective_weights: Mapping[Component, Decimal] = field(default_factory=dict)
    points: Mapping[Component, Decimal] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "components": [
                {
                    **c.to_dict(),
                    "effective_weight": decimal_json(self.effective_weights.get(c.component)),
                    "points": decimal_json(self.points.get(c.component)),
                }
                for c in self.components
            ],
            "total": decimal_json(self.total),
            "bonus_share": decimal_json(self.bonus_share),
            "flagged": self.flagged,
            "explanation": self.explanation.to_dict(),
        }


def rating_achievement(rating: Decimal, policy: IndividualPolicy) -> Decimal:
    """A rating as a percentage of the scale's maximum (4 out of 5 is 80 %)."""
    if not policy.rating_min <= rating <= policy.rating_max:
        raise PolicyError(
            f"il punteggio {rating} è fuori dalla scala {policy.rating_min}–{policy.rating_max}"
        )
    return rating / policy.rating_max * HUNDRED


def behaviours_component(
    ratings: Mapping[str, Decimal | None], *, weight: Decimal, policy: IndividualPolicy
) -> ComponentResult:
    """The weighted mean of the ratings, each as a percentage of the scale; unrated criteria left out."""
    notes: list[str] = []
    rated: list[tuple[Criterion, Decimal]] = []
    for criterion in policy.criteria:
        rating = ratings.get(criterion.code)
        if rating is None:
            notes.append(f"criterio «{criterion.label}» non ancora valutato")
        else:
            rated.append((criterion, rating))
    achievement: Decimal | None = None
    if rated:
        total_weight = sum((c.weight for c, _ in rated), ZERO)
        achievement = sum((rating_achievement(r, policy) * c.weight for c, r in rated), ZERO) / total_weight
    inputs: dict[str, JsonValue] = {c.code: decimal_json(ratings.get(c.code)) for c in policy.criteria}
    inputs["scala"] = f"{decimal_json(policy.rating_min)}–{decimal_json(policy.rating_max)}"
    return ComponentResult(
        "behaviours",
        weight,
        achievement,
        Explanation(
            "behaviours_weighted_mean",
            "media dei punteggi per criterio, pesata con i pesi dei criteri, "
            "ciascuno in percentuale del massimo della scala",
            inputs,
            format_percent(achievement) if achievement is not None else "non calcolato",
            notes=tuple(notes),
            key="behaviours",
        ),
    )


def coefficient_of_variation(values: Sequence[Decimal]) -> Decimal | None:
    """Population standard deviation over mean, in %; None with fewer than 2 values or a zero mean."""
    if len(values) < 2:
        return None
    mean = sum(values, ZERO) / len(values)
    if mean <= 0:
        return None
    variance = sum(((v - mean) ** 2 for v in values), ZERO) / len(values)
    return variance.sqrt() / mean * HUNDRED


def differentiation_component(
    ratings_given: Sequence[Decimal], *, weight: Decimal, policy: IndividualPolicy
) -> ComponentResult:
    """How much the ratings a manager gave their staff differ, through the policy's bands."""
    cv = (
        coefficient_of_variation(ratings_given)
        if len(ratings_given) >= policy.min_rated_for_differentiation
        else None
    )
    notes: tuple[str, ...] = ()
    if cv is None:
        achievement = None
        notes = (
            f"valutazioni attribuite: {len(ratings_given)}; ne servono almeno "
            f"{policy.min_rated_for_differentiation} per misurare la differenziazione",
        )
    else:
        achievement = max(ZERO, min(HUNDRED, apply_bands(cv, policy.differentiation_bands)))
    return ComponentResult(
        "differentiation",
        weight,
        achievement,
        Explanation(
            "differentiation_cv",
            "coefficiente di variazione delle valutazioni attribuite ai collaboratori "
            "(deviazione standard / media), convertito con le fasce del sistema",
            {
                "valutazioni": [decimal_json(v) for v in ratings_given],
                "coefficiente_di_variazione": decimal_json(cv),
            },
            format_percent(achievement) if achievement is not None else "non applicabile",
            notes=notes,
            key="differentiation",
        ),
    )


def given_component(
    component: Component, achievement: Decimal | None, explanation: Explanation, *, weight: Decimal
) -> ComponentResult:
    """A component computed elsewhere (unit result, objectives: the plan's roll-up)."""
    return ComponentResult(component, weight, achievement, explanation)


def individual_score(
    role: EvaluatedRole,
    components: Sequence[ComponentResult],
    *,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> IndividualScore:
    """The weighted total of the components, and the bonus share it earns.

    Components without weight do not count; those with weight but no achievement are left out
    and the others' weights rescaled to 100, flagged so the evaluator sees it before closing.
    """
    notes: list[str] = []
    counted = [c for c in components if c.weight > 0 and c.achievement is not None]
    for c in components:
        if c.weight > 0 and c.achievement is None:
            notes.append(f"«{c.label}» senza valore: escluso, pesi delle altre componenti riproporzionati")
    total_weight = sum((c.weight for c in counted), ZERO)
    total: Decimal | None = None
    effective: dict[Component, Decimal] = {}
    points: dict[Component, Decimal] = {}
    if total_weight > 0:
        for c in counted:
            effective[c.component] = c.weight * HUNDRED / total_weight
            points[c.component] = effective[c.component] * cast(Decimal, c.achievement) / HUNDRED
        # One division at the end: summing the rounded points would drift in the last digit.
        exact = sum((c.weight * cast(Decimal, c.achievement) for c in counted), ZERO) / total_weight
        total = max(ZERO, min(HUNDRED, exact))
    share = bonus_share(total, policy) if total is not None else None
    inputs: dict[str, JsonValue] = {c.component: decimal_json(c.achievement) for c in components}
    inputs["pesi"] = {c.component: decimal_json(c.weight) for c in components}
    outcome = (
        f"{format_percent(total)}: quota del premio di risultato {format_percent(share)}"
        if total is not None
        else "non calcolato"
    )
    return IndividualScore(
        role=role,
        components=tuple(components),
        total=total,
        bonus_share=share,
        flagged=bool(notes),
        effective_weights=effective,
        points=points,
        explanation=Explanation(
            "individual_weighted_total",
            "somma pesata delle componenti con i pesi del sistema per il ruolo; "
            "la quota del premio deriva dalle fasce del sistema",
            inputs,
            outcome,
            children=tuple(c.explanation for c in components),
            notes=tuple(notes),
            key=role,
        ),
    )


DISTRIBUTION_EDGES: tuple[Decimal, ...] = (Decimal(60), Decimal(70), Decimal(80), Decimal(90))


def score_distribution(
    totals: Sequence[Decimal], edges: Sequence[Decimal] = DISTRIBUTION_EDGES
) -> list[tuple[str, int]]:
    """How many totals fall in each class (below 60 %, 60–70 %, …, 90 % and above), for publication."""
    bounds = sorted(edges)
    labels = [f"meno di {format_percent(bounds[0])}"]
    labels += [f"da {format_percent(lo)} a meno di {format_percent(hi)}" for lo, hi in pairwise(bounds)]
    labels.append(f"{format_percent(bounds[-1])} e oltre")
    counts = [0] * len(labels)
    for total in totals:
        counts[sum(1 for edge in bounds if total >= edge)] += 1
    return list(zip(labels, counts, strict=True))


# --- the stored form --------------------------------------------------------------------------


def individual_policy_to_dict(policy: IndividualPolicy) -> dict[str, Any]:
    return {
        "role_weights": {
            role: {c: decimal_json(w) for c, w in policy.role_weights[role].items()} for role in ROLES
        },
        "criteria": [
            {"code": c.code, "label": c.label, "weight": decimal_json(c.weight)} for c in policy.criteria
        ],
        "rating_min": decimal_json(policy.rating_min),
        "rating_max": decimal_json(policy.rating_max),
        "differentiation_bands": [
            {
                "low": decimal_json(b.low),
                "high": decimal_json(b.high),
                "score_low": decimal_json(b.score_low),
                "score_high": decimal_json(b.score_high),
                "high_inclusive": b.high_inclusive,
            }
            for b in policy.differentiation_bands
        ],
        "min_rated_for_differentiation": policy.min_rated_for_differentiation,
    }


def individual_policy_from_dict(data: Mapping[str, Any] | None) -> IndividualPolicy:
    """Read `individual_policy_to_dict`'s form; missing keys take the default's value."""
    if not data:
        return DEFAULT_INDIVIDUAL_POLICY
    default = DEFAULT_INDIVIDUAL_POLICY
    try:
        weights_data = data.get("role_weights")
        role_weights: Mapping[EvaluatedRole, RoleWeights] = (
            {
                role: {cast(Component, c): Decimal(str(w)) for c, w in weights_data[role].items()}
                for role in ROLES
            }
            if weights_data is not None
            else default.role_weights
        )
        criteria = (
            tuple(
                Criterion(str(c["code"]), str(c["label"]), Decimal(str(c["weight"])))
                for c in data["criteria"]
            )
            if data.get("criteria") is not None
            else default.criteria
        )
        bands = (
            tuple(
                Band(
                    Decimal(str(b["low"])),
                    Decimal(str(b["high"])),
                    Decimal(str(b["score_low"])),
                    Decimal(str(b["score_high"])),
                    bool(b.get("high_inclusive", False)),
                )
                for b in data["differentiation_bands"]
            )
            if data.get("differentiation_bands") is not None
            else default.differentiation_bands
        )
        return IndividualPolicy(
            role_weights=role_weights,
            criteria=criteria,
            rating_min=Decimal(str(data.get("rating_min", default.rating_min))),
            rating_max=Decimal(str(data.get("rating_max", default.rating_max))),
            differentiation_bands=bands,
            min_rated_for_differentiation=int(
                data.get("min_rated_for_differentiation", default.min_rated_for_differentiation)
            ),
        )
    except (KeyError, TypeError, AttributeError, ArithmeticError) as exc:
        raise PolicyError(f"invalid individual policy: {exc!r}") from exc
