"""The organization's measurement and evaluation system (SMVP) as settings.

`ScoringPolicy()` is the default SMVP of DESIGN.md ("Scoring (the default SMVP)").
Every number is a `Decimal`; `policy_to_dict` writes them as exact strings for JSON
storage and `policy_from_dict` reads strings or numbers back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, cast

from cannocchiale.engine.errors import EngineError
from cannocchiale.engine.explanation import decimal_json

RelativeMode = Literal["binary", "proportional"]
RELATIVE_MODES: tuple[RelativeMode, ...] = ("binary", "proportional")

HUNDRED = Decimal(100)
ZERO = Decimal(0)


class PolicyError(EngineError):
    """A policy that cannot be applied (bad band, bad mode, bad stored form)."""


@dataclass(frozen=True, slots=True)
class Band:
    """Maps values in [low, high) — or [low, high] when `high_inclusive` — to a score.

    Inside the band the score is interpolated linearly from `score_low` (at `low`) to
    `score_high` (at `high`): `Band(60, 99, 60, 99)` is "proportional", `Band(0, 60, 0, 0)`
    is "nothing".
    """

    low: Decimal
    high: Decimal
    score_low: Decimal
    score_high: Decimal
    high_inclusive: bool = False

    def __post_init__(self) -> None:
        if self.high < self.low:
            raise PolicyError(f"band high {self.high} is below its low {self.low}")

    def contains(self, value: Decimal) -> bool:
        if self.high_inclusive:
            return self.low <= value <= self.high
        return self.low <= value < self.high

    def apply(self, value: Decimal) -> Decimal:
        if self.high == self.low:
            return self.score_high
        fraction = (value - self.low) / (self.high - self.low)
        return self.score_low + (self.score_high - self.score_low) * fraction


@dataclass(frozen=True, slots=True)
class StatusRule:
    """`status` applies when the achievement is at least `min_achievement`."""

    min_achievement: Decimal
    status: str


DEFAULT_STATUS_RULES: tuple[StatusRule, ...] = (
    StatusRule(HUNDRED, "green"),
    StatusRule(Decimal(90), "yellow"),
    StatusRule(ZERO, "red"),
)

DEFAULT_INDIVIDUAL_BANDS: tuple[Band, ...] = (
    # Linee guida DFP: below 60 % nothing, 60–99 % proportional, above 99 % all.
    Band(ZERO, Decimal(60), ZERO, ZERO),
    Band(Decimal(60), Decimal(99), Decimal(60), Decimal(99), high_inclusive=True),
    Band(Decimal(99), HUNDRED, HUNDRED, HUNDRED, high_inclusive=True),
)


@dataclass(frozen=True, slots=True)
class ScoringPolicy:
    """The scoring settings of one organization; the defaults are the default SMVP.

    - `cap`: achievement is capped at `cap` %.
    - `floor`: an achievement below it scores 0 % (None: no floor).
    - `strict_equal`: what a strict threshold (`>`, `<`) only equalled scores.
    - `relative_mode`: targets relative to another year's actual are met/not met
      (`binary`) or scored as a ratio (`proportional`).
    - `late_score`: what a late deadline scores; if `late_penalty_per_day` is set, a late
      deadline scores 100 − penalty × days late beyond `late_grace_days` (not below 0).
      Within the grace days a deadline counts as met.
    - `bands`: maps an achievement to a score (empty: the achievement is the score).
      Applied after the floor.
    - `status_rules`: ordered, first match wins.
    - `individual_bands`: turn an individual total into a share of the result bonus.
    """

    cap: Decimal = HUNDRED
    floor: Decimal | None = None
    strict_equal: Decimal = Decimal(99)
    relative_mode: RelativeMode = "binary"
    late_score: Decimal = ZERO
    late_penalty_per_day: Decimal | None = None
    late_grace_days: int = 0
    bands: tuple[Band, ...] = ()
    status_rules: tuple[StatusRule, ...] = DEFAULT_STATUS_RULES
    individual_bands: tuple[Band, ...] = field(default=DEFAULT_INDIVIDUAL_BANDS)

    def __post_init__(self) -> None:
        if self.cap <= 0:
            raise PolicyError(f"cap must be positive, not {self.cap}")
        if self.relative_mode not in RELATIVE_MODES:
            raise PolicyError(f"unknown relative mode {self.relative_mode!r}")
        if self.late_grace_days < 0:
            raise PolicyError(f"late grace days cannot be negative ({self.late_grace_days})")

    def status_for(self, achievement: Decimal | None) -> str | None:
        """The status of the first rule the achievement meets; None for no achievement."""
        if achievement is None:
            return None
        for rule in self.status_rules:
            if achievement >= rule.min_achievement:
                return rule.status
        return None

    def top_status(self) -> str | None:
        """The status the rules keep for the best achievements: the first rule's (first match wins)."""
        return self.status_rules[0].status if self.status_rules else None

    def deviates(self, achievement: Decimal | None) -> bool:
        """Whether an achievement is a deviation from its target ("scostamento").

        The one place this is decided: the monitoring round asks for the explanation and the
        corrective action of a deviation, and the Relazione lists every deviation. A computed
        achievement deviates when the target is not fully met (under 100 %: a strict
        threshold only equalled, a near miss) or when the status rules do not give it their
        top status (a policy whose top colour asks for more than 100 %). So a policy that
        colours 90 % green does not hide a 95 % achievement: the target was missed, and the
        law (art. 6 D.Lgs. 150/2009) asks why. No achievement (not computed): no deviation
        to explain here; such an indicator is flagged instead.
        """
        if achievement is None:
            return False
        return achievement < HUNDRED or self.status_for(achievement) != self.top_status()


DEFAULT_POLICY = ScoringPolicy()


def apply_bands(value: Decimal, bands: Sequence[Band]) -> Decimal:
    """The score the band containing `value` gives; no bands: the value itself.

    A value outside every band takes the score of the nearest edge: below the lowest band,
    its `score_low`; above the highest, its `score_high`.
    """
    if not bands:
        return value
    # Decided case: a value on an edge belongs to the band that starts there (lower bound
    # inclusive, upper exclusive); only the top band keeps its upper bound (`high_inclusive`).
    for band in bands:
        if band.low <= value < band.high:
            return band.apply(value)
    for band in bands:
        if band.contains(value):
            return band.apply(value)
    lowest = min(bands, key=lambda b: b.low)
    if value < lowest.low:
        return lowest.score_low
    highest = max(bands, key=lambda b: b.high)
    if value >= highest.high:
        return highest.score_high
    # A gap between bands: the band just below the value decides.
    below = max((b for b in bands if b.high <= value), key=lambda b: b.high)
    return below.score_high


def bonus_share(total: Decimal, policy: ScoringPolicy = DEFAULT_POLICY) -> Decimal:
    """The share (0–100 %) of the result bonus an individual evaluation `total` earns."""
    share = apply_bands(total, policy.individual_bands)
    return max(ZERO, min(HUNDRED, share))


def policy_to_dict(policy: ScoringPolicy) -> dict[str, Any]:
    """The JSON form: Decimals as exact strings."""
    return {
        "cap": decimal_json(policy.cap),
        "floor": decimal_json(policy.floor),
        "strict_equal": decimal_json(policy.strict_equal),
        "relative_mode": policy.relative_mode,
        "late_score": decimal_json(policy.late_score),
        "late_penalty_per_day": decimal_json(policy.late_penalty_per_day),
        "late_grace_days": policy.late_grace_days,
        "bands": [_band_to_dict(b) for b in policy.bands],
        "status_rules": [
            {"min_achievement": decimal_json(r.min_achievement), "status": r.status}
            for r in policy.status_rules
        ],
        "individual_bands": [_band_to_dict(b) for b in policy.individual_bands],
    }


def policy_from_dict(data: Mapping[str, Any]) -> ScoringPolicy:
    """Read `policy_to_dict`'s form back; missing keys take the default SMVP's value."""
    default = DEFAULT_POLICY
    try:
        mode = data.get("relative_mode", default.relative_mode)
        if mode not in RELATIVE_MODES:
            raise PolicyError(f"unknown relative mode {mode!r}")
        return ScoringPolicy(
            cap=_dec(data.get("cap"), default.cap),
            floor=_opt_dec(data.get("floor")),
            strict_equal=_dec(data.get("strict_equal"), default.strict_equal),
            relative_mode=cast(RelativeMode, mode),
            late_score=_dec(data.get("late_score"), default.late_score),
            late_penalty_per_day=_opt_dec(data.get("late_penalty_per_day")),
            late_grace_days=int(data.get("late_grace_days") or 0),
            bands=tuple(_band_from_dict(b) for b in data.get("bands") or ()),
            status_rules=(
                tuple(
                    StatusRule(Decimal(str(r["min_achievement"])), str(r["status"]))
                    for r in data["status_rules"]
                )
                if data.get("status_rules") is not None
                else default.status_rules
            ),
            individual_bands=(
                tuple(_band_from_dict(b) for b in data["individual_bands"])
                if data.get("individual_bands") is not None
                else default.individual_bands
            ),
        )
    except (KeyError, TypeError, ArithmeticError) as exc:
        raise PolicyError(f"invalid scoring policy: {exc!r}") from exc


def _band_to_dict(band: Band) -> dict[str, Any]:
    return {
        "low": decimal_json(band.low),
        "high": decimal_json(band.high),
        "score_low": decimal_json(band.score_low),
        "score_high": decimal_json(band.score_high),
        "high_inclusive": band.high_inclusive,
    }


def _band_from_dict(data: Mapping[str, Any]) -> Band:
    return Band(
        low=Decimal(str(data["low"])),
        high=Decimal(str(data["high"])),
        score_low=Decimal(str(data["score_low"])),
        score_high=Decimal(str(data["score_high"])),
        high_inclusive=bool(data.get("high_inclusive", False)),
    )


def _dec(value: Any, default: Decimal) -> Decimal:
    return default if value is None else Decimal(str(value))


def _opt_dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
