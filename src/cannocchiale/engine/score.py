"""What scoring one indicator says: the actual it reads, the score it gives, and the outcomes
that give no figure (no target, nothing measured) or a flagged 0 % at the year's end.

`engine.scoring` computes; this module only names its results, so that the rules
(`engine.scoring_rules`) and the roll-ups can read them without importing the scoring.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from cannocchiale.engine.errors import EngineError
from cannocchiale.engine.explanation import (
    Explanation,
    JsonValue,
    decimal_json,
    format_percent,
    round_percent,
)
from cannocchiale.engine.policy import ZERO, ScoringPolicy

__all__ = ["Actual", "DataState", "Score", "ScoringError", "unscored", "with_key", "zero_at_final"]

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


def unscored(
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


def zero_at_final(
    rule_id: str,
    data_state: DataState,
    rule: str,
    inputs: dict[str, JsonValue],
    *,
    policy: ScoringPolicy,
    key: str | None = None,
    flag: str | None = None,
) -> Score:
    """What is missing at the final round scores 0 %, flagged: `unscored`'s twin for the year's end."""
    return Score(
        achievement=ZERO,
        status=policy.status_for(ZERO),
        data_state=data_state,
        flagged=True,
        flag=flag or data_state,
        key=key,
        explanation=Explanation(rule_id, rule, inputs, format_percent(ZERO), key=key),
    )


def with_key(score: Score, key: str | None) -> Score:
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
