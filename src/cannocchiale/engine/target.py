"""The structured form of a target, shared by the engine, the database, the plan file and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, TypedDict, cast

TargetKind = Literal["completion", "at_least", "at_most", "range", "deadline", "milestone", "qualitative"]
TargetUnit = Literal["%", "days", "count", "eur", "score"]
TARGET_KINDS: tuple[TargetKind, ...] = (
    "completion",
    "at_least",
    "at_most",
    "range",
    "deadline",
    "milestone",
    "qualitative",
)
TARGET_UNITS: tuple[TargetUnit, ...] = ("%", "days", "count", "eur", "score")


class Scale(TypedDict):
    min: Decimal
    max: Decimal


class Reference(TypedDict, total=False):
    year: int
    years_back: int


class Change(TypedDict):
    """A growth (or a fall, when negative) over the reference year's actual, in percent:
    "aumento del 40%" is {"percent": 40}; the value to reach is reference × (1 + percent / 100)."""

    percent: Decimal


class RelativeDeadline(TypedDict):
    days_after: int
    event: str


@dataclass(frozen=True, slots=True)
class Target:
    """A target as written (`text`) and as understood (every other field).

    `kind == "qualitative"` means the parser did not understand the phrase: a person
    assesses it, never the engine.
    """

    text: str
    kind: TargetKind
    value: Decimal | None = None
    strict: bool = False
    low: Decimal | None = None
    high: Decimal | None = None
    unit: TargetUnit | None = None
    scale: Scale | None = None
    reference: Reference | None = None
    deadline: date | RelativeDeadline | None = None
    # Only with a reference; absent from stored JSON means no change.
    change: Change | None = None

    @property
    def understood(self) -> bool:
        return self.kind != "qualitative"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md: numbers as JSON numbers, dates as ISO strings."""
        deadline: Any = self.deadline
        if isinstance(deadline, date):
            deadline = deadline.isoformat()
        scale: Any = None
        if self.scale is not None:
            scale = {"min": _json_number(self.scale["min"]), "max": _json_number(self.scale["max"])}
        data: dict[str, Any] = {
            "text": self.text,
            "kind": self.kind,
            "value": _json_number(self.value),
            "strict": self.strict,
            "low": _json_number(self.low),
            "high": _json_number(self.high),
            "unit": self.unit,
            "scale": scale,
            "reference": dict(self.reference) if self.reference is not None else None,
            "deadline": deadline,
        }
        if self.change is not None:
            # Written only when present, so that the JSON of every other target is unchanged.
            data["change"] = {"percent": _json_number(self.change["percent"])}
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Target:
        deadline: Any = data.get("deadline")
        if isinstance(deadline, str):
            deadline = date.fromisoformat(deadline)
        scale_data = data.get("scale")
        scale: Scale | None = None
        if scale_data is not None:
            scale = {"min": Decimal(str(scale_data["min"])), "max": Decimal(str(scale_data["max"]))}
        change_data = data.get("change")
        change: Change | None = None
        if change_data is not None:
            change = {"percent": Decimal(str(change_data["percent"]))}
        kind = data["kind"]
        if kind not in TARGET_KINDS:
            raise ValueError(f"unknown target kind {kind!r}")
        return cls(
            text=data["text"],
            kind=cast(TargetKind, kind),
            value=_decimal(data.get("value")),
            strict=bool(data.get("strict", False)),
            low=_decimal(data.get("low")),
            high=_decimal(data.get("high")),
            unit=data.get("unit"),
            scale=scale,
            reference=data.get("reference"),
            deadline=deadline,
            change=change,
        )


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)
