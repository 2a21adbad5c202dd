"""Score one indicator: a target, an actual and the policy give an achievement.

The rules are DESIGN.md's "Scoring (the default SMVP)", each a setting of
`ScoringPolicy`. The order of work in `score_indicator`:

1. a forced score (with its justification) wins over everything;
2. no target, an unresolvable reference year or event date: no score, flagged;
3. no usable actual: 0 % and flagged at the final round, else no score and flagged;
4. the rule of the target's kind gives the raw achievement, capped at `policy.cap`;
5. the floor (below it, 0 %), then the bands, then the status rules.

Figures keep full precision; `round_percent` is for display only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from cannocchiale.engine.errors import EngineError
from cannocchiale.engine.explanation import (
    Explanation,
    JsonValue,
    decimal_json,
    format_number,
    format_percent,
    round_percent,
)
from cannocchiale.engine.policy import HUNDRED, ZERO, ScoringPolicy, apply_bands
from cannocchiale.engine.target import Target

__all__ = ["Actual", "DataState", "Score", "ScoringError", "round_percent", "score_indicator"]

DataState = Literal["ok", "target_missing", "actual_missing", "stale", "assessment_missing"]


class ScoringError(EngineError):
    """A score that must not be computed: e.g. a forced score without a justification."""


@dataclass(frozen=True, slots=True)
class Actual:
    """What was measured for an indicator in a round.

    `value` for numeric targets, `done` for milestones (and completion targets without a
    value), `completed_on` for deadlines, `assessed` (0–100) with `justification` for
    qualitative targets, `forced` with `forced_justification` for a forced score.
    """

    value: Decimal | None = None
    done: bool | None = None
    completed_on: date | None = None
    assessed: Decimal | None = None
    justification: str | None = None
    forced: Decimal | None = None
    forced_justification: str | None = None


@dataclass(frozen=True, slots=True)
class Score:
    """An achievement with its status, data state and explanation.

    `achievement` is None when the figure is not computed: such a score is left out of
    roll-ups. `flag` says why a flagged score needs attention (a stable id).
    """

    achievement: Decimal | None
    status: str | None
    data_state: DataState
    flagged: bool
    explanation: Explanation
    flag: str | None = None
    forced: bool = False
    key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "achievement": decimal_json(self.achievement),
            "achievement_display": (
                decimal_json(round_percent(self.achievement)) if self.achievement is not None else None
            ),
            "status": self.status,
            "data_state": self.data_state,
            "flagged": self.flagged,
            "flag": self.flag,
            "forced": self.forced,
            "explanation": self.explanation.to_dict(),
        }


_NO_REFERENCES: Mapping[int, Decimal] = {}
_NO_EVENTS: Mapping[str, date] = {}


def score_indicator(
    target: Target | None,
    actual: Actual | None,
    *,
    policy: ScoringPolicy,
    final: bool,
    reference_actuals: Mapping[int, Decimal] = _NO_REFERENCES,
    year: int | None = None,
    stale: bool = False,
    event_dates: Mapping[str, date] = _NO_EVENTS,
    key: str | None = None,
) -> Score:
    """Score one indicator against its target under `policy`.

    `final` is the year-end round (a missing actual scores 0 %); `reference_actuals` are
    the actuals of other years, for targets relative to them (`years_back` counts back
    from `year`); `stale` says the value is older than the indicator's update frequency;
    `event_dates` resolve deadlines relative to an event ("entro 60 giorni dal Decreto").
    """
    if actual is not None and actual.forced is not None:
        return _forced(
            target,
            actual,
            policy=policy,
            final=final,
            key=key,
            stale=stale,
            reference_actuals=reference_actuals,
            year=year,
            event_dates=event_dates,
        )
    return _score(
        target,
        actual,
        policy=policy,
        final=final,
        reference_actuals=reference_actuals,
        year=year,
        stale=stale,
        event_dates=event_dates,
        key=key,
    )


# --- the pieces -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Raw:
    """A rule's outcome before floor, bands and status."""

    achievement: Decimal
    rule_id: str
    rule: str
    inputs: dict[str, JsonValue]


def _score(
    target: Target | None,
    actual: Actual | None,
    *,
    policy: ScoringPolicy,
    final: bool,
    reference_actuals: Mapping[int, Decimal],
    year: int | None,
    stale: bool,
    event_dates: Mapping[str, date],
    key: str | None,
) -> Score:
    if target is None:
        return _unscored(
            "target_missing",
            "target_missing",
            "nessun target: il raggiungimento non si calcola",
            {},
            key=key,
        )
    inputs: dict[str, JsonValue] = {"target": target.text, "tipo": target.kind}
    if target.kind == "qualitative":
        return _qualitative(target, actual, policy=policy, final=final, stale=stale, key=key)

    # Decided case: at the final round no actual scores 0 %, even when the threshold refers to
    # another year whose actual is missing too. With an actual, the threshold must be known.
    if final and not _has_actual(target, actual):
        return _actual_missing(target, policy=policy, final=final, inputs=inputs, key=key)
    threshold = _threshold(target, reference_actuals=reference_actuals, year=year, event_dates=event_dates)
    if isinstance(threshold, Score):
        return _with_key(threshold, key)

    if not _has_actual(target, actual):
        return _actual_missing(target, policy=policy, final=final, inputs=inputs, key=key)
    assert actual is not None  # _has_actual says so
    raw = _rule(target, actual, threshold, policy=policy)
    return _finish(raw, policy=policy, stale=stale, key=key)


_Threshold = Decimal | date | None


def _threshold(
    target: Target,
    *,
    reference_actuals: Mapping[int, Decimal],
    year: int | None,
    event_dates: Mapping[str, date],
) -> _Threshold | Score:
    """The reference actual, the resolved deadline, or an unscored Score saying what is missing."""
    inputs: dict[str, JsonValue] = {"target": target.text, "tipo": target.kind}
    if target.reference is not None:
        ref = target.reference
        ref_year: int | None = ref.get("year")
        if ref_year is None and "years_back" in ref:
            if year is None:
                return _unscored(
                    "reference_year_unknown",
                    "target_missing",
                    f"target relativo a {ref['years_back']} anni prima: manca l'anno di riferimento",
                    inputs,
                    flag="reference_missing",
                )
            ref_year = year - ref["years_back"]
        if ref_year is None:
            return _unscored(
                "reference_year_unknown",
                "target_missing",
                "target relativo a un altro anno, ma l'anno non è indicato",
                inputs,
                flag="reference_missing",
            )
        if ref_year not in reference_actuals:
            inputs["anno_di_riferimento"] = ref_year
            return _unscored(
                "reference_missing",
                "target_missing",
                f"target relativo all'anno {ref_year}: manca il valore effettivo di quell'anno",
                inputs,
                flag="reference_missing",
            )
        return reference_actuals[ref_year]
    if target.kind == "deadline":
        deadline = target.deadline
        if deadline is None:
            return _unscored("deadline_missing", "target_missing", "scadenza senza data", inputs)
        if isinstance(deadline, date):
            return deadline
        event = deadline["event"]
        if event not in event_dates:
            inputs["evento"] = event
            inputs["giorni_dopo"] = deadline["days_after"]
            return _unscored(
                "event_date_missing",
                "target_missing",
                f"scadenza a {deadline['days_after']} giorni da «{event}»: manca la data dell'evento",
                inputs,
                flag="event_date_missing",
            )
        return event_dates[event] + timedelta(days=deadline["days_after"])
    if target.kind in ("at_least", "at_most"):
        if target.value is None:
            return _unscored("target_value_missing", "target_missing", "target senza valore numerico", inputs)
        return target.value
    if target.kind == "completion":
        return target.value if target.value is not None else HUNDRED
    if target.kind == "range":
        if target.low is None or target.high is None:
            return _unscored("target_value_missing", "target_missing", "intervallo senza estremi", inputs)
        return None
    return None  # milestone


def _has_actual(target: Target, actual: Actual | None) -> bool:
    if actual is None:
        return False
    if target.kind == "deadline":
        return actual.completed_on is not None
    if target.kind == "milestone":
        return actual.done is not None or actual.completed_on is not None
    if target.kind == "completion":
        return actual.value is not None or actual.done is not None
    return actual.value is not None


def _rule(target: Target, actual: Actual, threshold: _Threshold, *, policy: ScoringPolicy) -> _Raw:
    inputs: dict[str, JsonValue] = {"target": target.text, "tipo": target.kind}
    if target.kind == "deadline":
        assert isinstance(threshold, date)
        assert actual.completed_on is not None
        return _deadline(threshold, actual.completed_on, policy=policy, inputs=inputs)
    if target.kind == "milestone" or (target.kind == "completion" and actual.value is None):
        done = actual.done if actual.done is not None else actual.completed_on is not None
        inputs["realizzato"] = done
        if done:
            return _Raw(HUNDRED, "milestone_done", "traguardo: realizzato (100 %)", inputs)
        return _Raw(ZERO, "milestone_not_done", "traguardo: non realizzato (0 %)", inputs)
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
        return _range(target.low, target.high, value, policy=policy, inputs=inputs)
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
) -> _Raw:
    """At least (higher is better) or at most, with the strict-equal and positive-ratio rules."""
    name = "at_least" if higher else "at_most"
    label = label_prefix + ("almeno" if higher else "al massimo")
    if strict:
        label += " (soglia stretta)"
    if strict and value == threshold:
        return _Raw(
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
        return _Raw(achievement, f"{prefix}{name}_ratio", rule, inputs)
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
    return _Raw(met_score if met else ZERO, f"{prefix}{name}_binary", rule, inputs)


def _relative(
    target: Target, value: Decimal, reference: Decimal, *, policy: ScoringPolicy, inputs: dict[str, JsonValue]
) -> _Raw:
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
    return _Raw(
        min(HUNDRED, policy.cap) if met else ZERO,
        "relative_binary",
        f"{label} il valore dell'anno di riferimento: raggiunto (100 %) o non raggiunto (0 %)",
        inputs,
    )


def _range(
    low: Decimal, high: Decimal, value: Decimal, *, policy: ScoringPolicy, inputs: dict[str, JsonValue]
) -> _Raw:
    inputs["minimo"] = decimal_json(low)
    inputs["massimo"] = decimal_json(high)
    if low <= value <= high:
        return _Raw(
            min(HUNDRED, policy.cap), "range_inside", "intervallo: valore dentro l'intervallo (100 %)", inputs
        )
    below = value < low
    bound = low if below else high
    if value > 0 and bound > 0:
        ratio = (value / bound if below else bound / value) * HUNDRED
        inputs["rapporto"] = decimal_json(ratio)
        formula = "effettivo / minimo" if below else "massimo / effettivo"
        return _Raw(
            min(ratio, policy.cap),
            "range_ratio",
            f"intervallo: fuori, raggiungimento = {formula} (estremo più vicino)",
            inputs,
        )
    return _Raw(ZERO, "range_binary", "intervallo: fuori, valori non entrambi positivi (0 %)", inputs)


def _deadline(
    deadline: date, completed_on: date, *, policy: ScoringPolicy, inputs: dict[str, JsonValue]
) -> _Raw:
    inputs["scadenza"] = deadline.isoformat()
    inputs["completato_il"] = completed_on.isoformat()
    days_late = (completed_on - deadline).days
    if days_late <= 0:
        return _Raw(min(HUNDRED, policy.cap), "deadline_on_time", "scadenza: rispettata (100 %)", inputs)
    inputs["giorni_di_ritardo"] = days_late
    if days_late <= policy.late_grace_days:
        return _Raw(
            min(HUNDRED, policy.cap),
            "deadline_grace",
            f"scadenza: ritardo entro la tolleranza di {policy.late_grace_days} giorni (100 %)",
            inputs,
        )
    if policy.late_penalty_per_day is not None:
        counted = days_late - policy.late_grace_days
        score = max(ZERO, HUNDRED - policy.late_penalty_per_day * counted)
        return _Raw(
            min(score, policy.cap),
            "deadline_late_penalty",
            f"scadenza: in ritardo, 100 % meno {format_number(policy.late_penalty_per_day)} punti per "
            f"ciascuno dei {counted} giorni oltre la tolleranza, non meno di 0 %",
            inputs,
        )
    return _Raw(
        max(ZERO, min(policy.late_score, policy.cap)),
        "deadline_late",
        f"scadenza: in ritardo, vale {format_percent(policy.late_score)}",
        inputs,
    )


def _qualitative(
    target: Target, actual: Actual | None, *, policy: ScoringPolicy, final: bool, stale: bool, key: str | None
) -> Score:
    inputs: dict[str, JsonValue] = {"target": target.text, "tipo": target.kind}
    assessed = actual.assessed if actual is not None else None
    justification = (actual.justification or "").strip() if actual is not None else ""
    if assessed is None:
        if final:
            return _zero_at_final(
                "qualitative_assessment_missing_final",
                "assessment_missing",
                "target qualitativo senza valutazione alla rilevazione finale: 0 %",
                inputs,
                policy=policy,
                key=key,
            )
        return _unscored(
            "qualitative_assessment_missing",
            "assessment_missing",
            "target qualitativo: manca la valutazione di una persona",
            inputs,
            key=key,
            flag="assessment_missing",
        )
    inputs["valutato"] = decimal_json(assessed)
    if not justification and final:
        # Decided case: an assessment without its justification does not count, 0 % at the end.
        return _zero_at_final(
            "qualitative_unjustified_final",
            "assessment_missing",
            "target qualitativo: la valutazione senza motivazione scritta non vale, "
            "alla rilevazione finale 0 %",
            inputs,
            policy=policy,
            key=key,
            flag="justification_missing",
        )
    if not justification:
        return _unscored(
            "qualitative_unjustified",
            "assessment_missing",
            "target qualitativo: la valutazione vale solo con una motivazione scritta",
            inputs,
            key=key,
            flag="justification_missing",
        )
    inputs["motivazione"] = justification
    achievement = max(ZERO, min(assessed, policy.cap))
    raw = _Raw(
        achievement,
        "qualitative_assessed",
        "target qualitativo: la percentuale valutata da una persona",
        inputs,
    )
    return _finish(raw, policy=policy, stale=stale, key=key)


def _actual_missing(
    target: Target, *, policy: ScoringPolicy, final: bool, inputs: dict[str, JsonValue], key: str | None
) -> Score:
    if final:
        return _zero_at_final(
            "actual_missing_final",
            "actual_missing",
            "nessun valore effettivo alla rilevazione finale: 0 %",
            inputs,
            policy=policy,
            key=key,
        )
    return _unscored(
        "actual_missing_in_year",
        "actual_missing",
        "nessun valore effettivo durante l'anno: escluso dalle aggregazioni",
        inputs,
        key=key,
        flag="actual_missing",
    )


def _finish(raw: _Raw, *, policy: ScoringPolicy, stale: bool, key: str | None) -> Score:
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


def _unscored(
    rule_id: str,
    data_state: DataState,
    rule: str,
    inputs: dict[str, JsonValue],
    *,
    key: str | None = None,
    flag: str | None = None,
) -> Score:
    return Score(
        achievement=None,
        status=None,
        data_state=data_state,
        flagged=True,
        flag=flag or data_state,
        key=key,
        explanation=Explanation(rule_id, rule, inputs, "non calcolato", key=key),
    )


def _zero_at_final(
    rule_id: str,
    data_state: DataState,
    rule: str,
    inputs: dict[str, JsonValue],
    *,
    policy: ScoringPolicy,
    key: str | None = None,
    flag: str | None = None,
) -> Score:
    """What is missing at the final round scores 0 %, flagged: `_unscored`'s twin for the year's end."""
    return Score(
        achievement=ZERO,
        status=policy.status_for(ZERO),
        data_state=data_state,
        flagged=True,
        flag=flag or data_state,
        key=key,
        explanation=Explanation(rule_id, rule, inputs, format_percent(ZERO), key=key),
    )


def _with_key(score: Score, key: str | None) -> Score:
    if key is None:
        return score
    explanation = score.explanation
    return Score(
        achievement=score.achievement,
        status=score.status,
        data_state=score.data_state,
        flagged=score.flagged,
        flag=score.flag,
        forced=score.forced,
        key=key,
        explanation=Explanation(
            explanation.rule_id,
            explanation.rule,
            explanation.inputs,
            explanation.outcome,
            explanation.children,
            explanation.notes,
            key=key,
        ),
    )


def _forced(
    target: Target | None,
    actual: Actual,
    *,
    policy: ScoringPolicy,
    final: bool,
    key: str | None,
    stale: bool,
    reference_actuals: Mapping[int, Decimal],
    year: int | None,
    event_dates: Mapping[str, date],
) -> Score:
    forced = actual.forced
    assert forced is not None
    justification = (actual.forced_justification or "").strip()
    if not justification:
        raise ScoringError("a forced score needs a written justification")
    if not ZERO <= forced <= policy.cap:
        raise ScoringError(f"a forced score must be between 0 and {policy.cap}, not {forced}")
    computed = _score(
        target,
        actual,
        policy=policy,
        final=final,
        reference_actuals=reference_actuals,
        year=year,
        stale=stale,
        event_dates=event_dates,
        key=key,
    )
    inputs: dict[str, JsonValue] = {
        "forzato": decimal_json(forced),
        "motivazione": justification,
        "raggiungimento_calcolato": decimal_json(computed.achievement),
    }
    return Score(
        achievement=forced,
        status=policy.status_for(forced),
        data_state=computed.data_state,
        flagged=computed.flagged,
        flag=computed.flag,
        forced=True,
        key=key,
        explanation=Explanation(
            "forced",
            "punteggio forzato da una persona, con motivazione scritta",
            inputs,
            format_percent(forced),
            children=(computed.explanation,),
            key=key,
        ),
    )
