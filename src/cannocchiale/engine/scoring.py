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
from datetime import date, timedelta
from decimal import Decimal

from cannocchiale.engine.explanation import (
    Explanation,
    JsonValue,
    decimal_json,
    format_percent,
    round_percent,
)
from cannocchiale.engine.policy import HUNDRED, ZERO, ScoringPolicy
from cannocchiale.engine.score import (
    Actual,
    DataState,
    Score,
    ScoringError,
    unscored,
    with_key,
    zero_at_final,
)
from cannocchiale.engine.scoring_rules import Raw, Threshold, finish, raw_achievement
from cannocchiale.engine.target import Target

__all__ = ["Actual", "DataState", "Score", "ScoringError", "round_percent", "score_indicator"]


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
        return unscored(
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
        return with_key(threshold, key)

    if not _has_actual(target, actual):
        return _actual_missing(target, policy=policy, final=final, inputs=inputs, key=key)
    assert actual is not None  # _has_actual says so
    raw = raw_achievement(target, actual, threshold, policy=policy)
    return finish(raw, policy=policy, stale=stale, key=key)


def _threshold(
    target: Target,
    *,
    reference_actuals: Mapping[int, Decimal],
    year: int | None,
    event_dates: Mapping[str, date],
) -> Threshold | Score:
    """The reference actual, the resolved deadline, or an unscored Score saying what is missing."""
    inputs: dict[str, JsonValue] = {"target": target.text, "tipo": target.kind}
    if target.reference is not None:
        ref = target.reference
        ref_year: int | None = ref.get("year")
        if ref_year is None and "years_back" in ref:
            if year is None:
                return unscored(
                    "reference_year_unknown",
                    "target_missing",
                    f"target relativo a {ref['years_back']} anni prima: manca l'anno di riferimento",
                    inputs,
                    flag="reference_missing",
                )
            ref_year = year - ref["years_back"]
        if ref_year is None:
            return unscored(
                "reference_year_unknown",
                "target_missing",
                "target relativo a un altro anno, ma l'anno non è indicato",
                inputs,
                flag="reference_missing",
            )
        if ref_year not in reference_actuals:
            inputs["anno_di_riferimento"] = ref_year
            return unscored(
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
            return unscored("deadline_missing", "target_missing", "scadenza senza data", inputs)
        if isinstance(deadline, date):
            return deadline
        event = deadline["event"]
        if event not in event_dates:
            inputs["evento"] = event
            inputs["giorni_dopo"] = deadline["days_after"]
            return unscored(
                "event_date_missing",
                "target_missing",
                f"scadenza a {deadline['days_after']} giorni da «{event}»: manca la data dell'evento",
                inputs,
                flag="event_date_missing",
            )
        return event_dates[event] + timedelta(days=deadline["days_after"])
    if target.kind in ("at_least", "at_most"):
        if target.value is None:
            return unscored("target_value_missing", "target_missing", "target senza valore numerico", inputs)
        return target.value
    if target.kind == "completion":
        return target.value if target.value is not None else HUNDRED
    if target.kind == "range":
        if target.low is None or target.high is None:
            return unscored("target_value_missing", "target_missing", "intervallo senza estremi", inputs)
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


def _qualitative(
    target: Target, actual: Actual | None, *, policy: ScoringPolicy, final: bool, stale: bool, key: str | None
) -> Score:
    inputs: dict[str, JsonValue] = {"target": target.text, "tipo": target.kind}
    assessed = actual.assessed if actual is not None else None
    justification = (actual.justification or "").strip() if actual is not None else ""
    if assessed is None:
        if final:
            return zero_at_final(
                "qualitative_assessment_missing_final",
                "assessment_missing",
                "target qualitativo senza valutazione alla rilevazione finale: 0 %",
                inputs,
                policy=policy,
                key=key,
            )
        return unscored(
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
        return zero_at_final(
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
        return unscored(
            "qualitative_unjustified",
            "assessment_missing",
            "target qualitativo: la valutazione vale solo con una motivazione scritta",
            inputs,
            key=key,
            flag="justification_missing",
        )
    inputs["motivazione"] = justification
    achievement = max(ZERO, min(assessed, policy.cap))
    raw = Raw(
        achievement,
        "qualitative_assessed",
        "target qualitativo: la percentuale valutata da una persona",
        inputs,
    )
    return finish(raw, policy=policy, stale=stale, key=key)


def _actual_missing(
    target: Target, *, policy: ScoringPolicy, final: bool, inputs: dict[str, JsonValue], key: str | None
) -> Score:
    if final:
        return zero_at_final(
            "actual_missing_final",
            "actual_missing",
            "nessun valore effettivo alla rilevazione finale: 0 %",
            inputs,
            policy=policy,
            key=key,
        )
    return unscored(
        "actual_missing_in_year",
        "actual_missing",
        "nessun valore effettivo durante l'anno: escluso dalle aggregazioni",
        inputs,
        key=key,
        flag="actual_missing",
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
