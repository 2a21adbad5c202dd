"""The rule of each kind of target: a threshold and an actual give a raw achievement, then the
floor, the bands and the status rules finish it into a `Score` (DESIGN.md, "Scoring").

`engine.scoring` decides which rule applies and what is missing; these functions assume the
threshold and the actual are there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from cannocchiale.engine.explanation import (
    Explanation,
    JsonValue,
    decimal_json,
    format_number,
    format_percent,
)
from cannocchiale.engine.policy import HUNDRED, ZERO, ScoringPolicy, apply_bands
from cannocchiale.engine.score import Actual, Score
from cannocchiale.engine.target import Target

__all__ = ["Raw", "Threshold", "finish", "raw_achievement"]

# The reference actual, the resolved deadline, or nothing (milestones, ranges).
Threshold = Decimal | date | None


@dataclass(frozen=True, slots=True)
class Raw:
    """A rule's outcome before floor, bands and status."""

    achievement: Decimal
    rule_id: str
    rule: str
    inputs: dict[str, JsonValue]


def raw_achievement(target: Target, actual: Actual, threshold: Threshold, *, policy: ScoringPolicy) -> Raw:
    inputs: dict[str, JsonValue] = {"target": target.text, "tipo": target.kind}
    if target.kind == "deadline":
        assert isinstance(threshold, date)
        assert actual.completed_on is not None
        return _deadline_rule(threshold, actual.completed_on, policy=policy, inputs=inputs)
    if target.kind == "milestone" or (target.kind == "completion" and actual.value is None):
        done = actual.done if actual.done is not None else actual.completed_on is not None
        inputs["realizzato"] = done
        if done:
            return Raw(HUNDRED, "milestone_done", "traguardo: realizzato (100 %)", inputs)
        return Raw(ZERO, "milestone_not_done", "traguardo: non realizzato (0 %)", inputs)
    assert actual.value is not None
    value = actual.value
    inputs["effettivo"] = decimal_json(value)
    if target.reference is not None and target.change is not None:
        # "aumento del 40%": the value to reach is the reference actual grown by the change.
        assert isinstance(threshold, Decimal)
        inputs["riferimento"] = decimal_json(threshold)
        inputs["variazione_percentuale"] = decimal_json(target.change["percent"])
        goal = threshold * (HUNDRED + target.change["percent"]) / HUNDRED
        inputs["soglia"] = decimal_json(goal)
        higher = target.kind != "at_most"
        return _directional(value, goal, higher=higher, strict=target.strict, policy=policy, inputs=inputs)
    if target.reference is not None:
        assert isinstance(threshold, Decimal)
        return _relative(target, value, threshold, policy=policy, inputs=inputs)
    if target.kind == "range":
        assert target.low is not None
        assert target.high is not None
        return _range_rule(target.low, target.high, value, policy=policy, inputs=inputs)
    assert isinstance(threshold, Decimal)
    inputs["soglia"] = decimal_json(threshold)
    higher = target.kind in ("at_least", "completion")
    return _directional(value, threshold, higher=higher, strict=target.strict, policy=policy, inputs=inputs)


def _directional(
    value: Decimal,
    threshold: Decimal,
    *,
    higher: bool,
    strict: bool,
    policy: ScoringPolicy,
    inputs: dict[str, JsonValue],
    prefix: str = "",
    label_prefix: str = "",
) -> Raw:
    """At least (higher is better) or at most, with the strict-equal and positive-ratio rules."""
    name = "at_least" if higher else "at_most"
    label = label_prefix + ("almeno" if higher else "al massimo")
    if strict:
        label += " (soglia stretta)"
    if strict and value == threshold:
        return Raw(
            min(policy.strict_equal, policy.cap),
            f"{prefix}{name}_strict_equal",
            f"{label}: soglia stretta solo eguagliata, vale {format_percent(policy.strict_equal)}",
            inputs,
        )
    if higher:
        met = value > threshold if strict else value >= threshold
    else:
        met = value < threshold if strict else value <= threshold
    if value > 0 and threshold > 0:
        ratio = (value / threshold if higher else threshold / value) * HUNDRED
        achievement = min(ratio, policy.cap)
        formula = "effettivo / target" if higher else "target / effettivo"
        rule = f"{label}: raggiungimento = {formula}, massimo {format_percent(policy.cap)}"
        if strict and not met and achievement > policy.strict_equal:
            # Not met can never score more than only equalled.
            achievement = policy.strict_equal
            rule += f"; soglia stretta non superata: non più di {format_percent(policy.strict_equal)}"
        inputs["rapporto"] = decimal_json(ratio)
        return Raw(achievement, f"{prefix}{name}_ratio", rule, inputs)
    rule = f"{label}, valori non entrambi positivi: raggiunto (100 %) o non raggiunto (0 %)"
    met_score = min(HUNDRED, policy.cap)
    if met and not higher and threshold > 0 and policy.cap > HUNDRED:
        # At most a positive target with an actual of 0 or less: the ratio's limit, the cap,
        # so that a lower actual never scores less.
        met_score = policy.cap
        rule = (
            f"{label}, effettivo non positivo sotto un target positivo: il massimo, "
            f"{format_percent(policy.cap)}"
        )
    return Raw(met_score if met else ZERO, f"{prefix}{name}_binary", rule, inputs)


def _relative(
    target: Target, value: Decimal, reference: Decimal, *, policy: ScoringPolicy, inputs: dict[str, JsonValue]
) -> Raw:
    inputs["riferimento"] = decimal_json(reference)
    ref = target.reference or {}
    inputs["anno_di_riferimento"] = ref.get("year")
    if "years_back" in ref:
        inputs["anni_prima"] = ref["years_back"]
    higher = target.kind != "at_most"
    label_prefix = "rispetto a un altro anno, "
    if policy.relative_mode == "proportional":
        return _directional(
            value,
            reference,
            higher=higher,
            strict=target.strict,
            policy=policy,
            inputs=inputs,
            prefix="relative_",
            label_prefix=label_prefix,
        )
    label = label_prefix + ("almeno" if higher else "al massimo")
    # Decided case: a strict threshold only equalled is not met, 0 % in this met-or-not mode.
    if higher:
        met = value > reference if target.strict else value >= reference
    else:
        met = value < reference if target.strict else value <= reference
    return Raw(
        min(HUNDRED, policy.cap) if met else ZERO,
        "relative_binary",
        f"{label} il valore dell'anno di riferimento: raggiunto (100 %) o non raggiunto (0 %)",
        inputs,
    )


def _range_rule(
    low: Decimal, high: Decimal, value: Decimal, *, policy: ScoringPolicy, inputs: dict[str, JsonValue]
) -> Raw:
    inputs["minimo"] = decimal_json(low)
    inputs["massimo"] = decimal_json(high)
    if low <= value <= high:
        return Raw(
            min(HUNDRED, policy.cap), "range_inside", "intervallo: valore dentro l'intervallo (100 %)", inputs
        )
    below = value < low
    bound = low if below else high
    if value > 0 and bound > 0:
        ratio = (value / bound if below else bound / value) * HUNDRED
        inputs["rapporto"] = decimal_json(ratio)
        formula = "effettivo / minimo" if below else "massimo / effettivo"
        return Raw(
            min(ratio, policy.cap),
            "range_ratio",
            f"intervallo: fuori, raggiungimento = {formula} (estremo più vicino)",
            inputs,
        )
    return Raw(ZERO, "range_binary", "intervallo: fuori, valori non entrambi positivi (0 %)", inputs)


def _deadline_rule(
    deadline: date, completed_on: date, *, policy: ScoringPolicy, inputs: dict[str, JsonValue]
) -> Raw:
    inputs["scadenza"] = deadline.isoformat()
    inputs["completato_il"] = completed_on.isoformat()
    days_late = (completed_on - deadline).days
    if days_late <= 0:
        return Raw(min(HUNDRED, policy.cap), "deadline_on_time", "scadenza: rispettata (100 %)", inputs)
    inputs["giorni_di_ritardo"] = days_late
    if days_late <= policy.late_grace_days:
        return Raw(
            min(HUNDRED, policy.cap),
            "deadline_grace",
            f"scadenza: ritardo entro la tolleranza di {policy.late_grace_days} giorni (100 %)",
            inputs,
        )
    if policy.late_penalty_per_day is not None:
        counted = days_late - policy.late_grace_days
        score = max(ZERO, HUNDRED - policy.late_penalty_per_day * counted)
        return Raw(
            min(score, policy.cap),
            "deadline_late_penalty",
            f"scadenza: in ritardo, 100 % meno {format_number(policy.late_penalty_per_day)} punti per "
            f"ciascuno dei {counted} giorni oltre la tolleranza, non meno di 0 %",
            inputs,
        )
    return Raw(
        max(ZERO, min(policy.late_score, policy.cap)),
        "deadline_late",
        f"scadenza: in ritardo, vale {format_percent(policy.late_score)}",
        inputs,
    )


def finish(raw: Raw, *, policy: ScoringPolicy, stale: bool, key: str | None) -> Score:
    achievement = raw.achievement
    notes: list[str] = []
    below_floor = policy.floor is not None and achievement < policy.floor
    if below_floor:
        assert policy.floor is not None
        notes.append(
            f"sotto la soglia minima di {format_percent(policy.floor)}: "
            f"{format_percent(achievement)} diventa 0 %"
        )
        achievement = ZERO
    # Decided case: the floor reads the rule's achievement; only one at or above it is banded.
    if policy.bands and not below_floor:
        banded = apply_bands(achievement, policy.bands)
        notes.append(
            f"fasce del sistema di valutazione: {format_percent(achievement)} diventa "
            f"{format_percent(banded)}"
        )
        achievement = banded
    achievement = max(ZERO, min(achievement, policy.cap))
    if stale:
        notes.append("valore non aggiornato secondo la frequenza dell'indicatore")
    inputs = dict(raw.inputs)
    inputs["raggiungimento_calcolato"] = decimal_json(raw.achievement)
    return Score(
        achievement=achievement,
        status=policy.status_for(achievement),
        data_state="stale" if stale else "ok",
        flagged=stale,
        flag="stale" if stale else None,
        key=key,
        explanation=Explanation(
            raw.rule_id, raw.rule, inputs, format_percent(achievement), notes=tuple(notes), key=key
        ),
    )
