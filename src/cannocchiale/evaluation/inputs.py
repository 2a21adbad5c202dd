"""The one path from stored measurement rows to the engine's inputs.

Every figure of an indicator — the line of a monitoring round as it is entered, the stored
scores, the scores page, the documents — is scored from the same inputs, built here:

- the actual of the plan's year is the latest row *with a value* taken at or before the date
  (DESIGN.md, "Decided cases": a row without a value — a note, a file — never replaces an
  earlier value);
- the actual of every other year, for targets relative to it, is that year's latest row with
  a number, by the same rule.

Rows come sorted by date, then by entry order (`attach_measurements`); nothing here reads the
database, so the monitoring services and the batch scorer call it on rows they already hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from cannocchiale.engine.policy import ScoringPolicy
from cannocchiale.engine.scoring import Actual, Score, score_indicator
from cannocchiale.engine.target import Target

__all__ = [
    "EngineInputs",
    "MeasurementRow",
    "actual_of",
    "engine_inputs",
    "has_value",
    "indicator_score",
]


class MeasurementRow(NamedTuple):
    # A named tuple: made straight from the query's rows, several times cheaper than a frozen dataclass.
    taken_on: date
    value: Decimal | None
    done: bool | None
    completed_on: date | None
    assessed: Decimal | None
    justification: str


class _Recorded(Protocol):
    """What a measurement holds: a stored row, a `Measurement`, or a value being entered."""

    @property
    def value(self) -> Decimal | None: ...
    @property
    def done(self) -> bool | None: ...
    @property
    def completed_on(self) -> date | None: ...
    @property
    def assessed(self) -> Decimal | None: ...
    @property
    def justification(self) -> str: ...


def has_value(m: _Recorded) -> bool:
    """Whether a row records a result (a number, done or not, a completion date, an assessment)."""
    return m.value is not None or m.done is not None or m.completed_on is not None or m.assessed is not None


def actual_of(m: _Recorded) -> Actual:
    """The engine's actual for one recorded row."""
    return Actual(
        value=m.value,
        done=m.done,
        completed_on=m.completed_on,
        assessed=m.assessed,
        justification=m.justification or None,
    )


@dataclass(frozen=True, slots=True)
class EngineInputs:
    """The actual of the plan's year (None: nothing recorded) and the actuals of other years."""

    actual: Actual | None
    reference_actuals: dict[int, Decimal] = field(default_factory=dict)


def engine_inputs(rows: Iterable[MeasurementRow], *, year: int, as_of: date | None) -> EngineInputs:
    """The engine's inputs from an indicator's rows (sorted by date, then entry) up to `as_of`."""
    current: MeasurementRow | None = None
    references: dict[int, Decimal] = {}
    for row in rows:
        if as_of is not None and row.taken_on > as_of:
            break
        if row.taken_on.year == year:
            if has_value(row):
                current = row
        elif row.value is not None:
            references[row.taken_on.year] = row.value
    return EngineInputs(actual_of(current) if current is not None else None, references)


def indicator_score(
    target: Target | None,
    rows: Iterable[MeasurementRow],
    *,
    year: int,
    final: bool,
    policy: ScoringPolicy,
    as_of: date | None,
    key: str | None = None,
    entered: Actual | None = None,
) -> Score:
    """One indicator's score from its target and its rows up to `as_of`.

    `entered` is a value being entered at `as_of` (a monitoring round's line): it is the actual
    of the year, as it will be once saved; the reference years still come from the rows.
    """
    inputs = engine_inputs(rows, year=year, as_of=as_of)
    return score_indicator(
        target,
        entered if entered is not None else inputs.actual,
        policy=policy,
        final=final,
        reference_actuals=inputs.reference_actuals,
        year=year,
        key=key,
    )
