"""How a computed figure was reached: the inputs, the rule applied and the outcome.

Every score and roll-up carries an `Explanation`. The `rule` and `outcome` are Italian,
human-readable sentences; `rule_id` is a stable English id the UI can translate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

JsonValue = str | int | float | bool | None | list[Any] | dict[str, Any]

_TENTH = Decimal("0.1")
_CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Explanation:
    """The inputs, the rule and the outcome of one computed figure.

    `children` holds the explanations of the figures a roll-up was computed from;
    `notes` holds the remarks a reader must see (items left out, weights normalised…).
    """

    rule_id: str
    rule: str
    inputs: Mapping[str, JsonValue]
    outcome: str
    children: tuple[Explanation, ...] = ()
    notes: tuple[str, ...] = ()
    key: str | None = None

    def __post_init__(self) -> None:
        # A private copy: the caller's dict may change after the fact.
        object.__setattr__(self, "inputs", dict(self.inputs))

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "rule_id": self.rule_id,
            "rule": self.rule,
            "inputs": dict(self.inputs),
            "outcome": self.outcome,
            "notes": list(self.notes),
            "children": [child.to_dict() for child in self.children],
        }


# Cached: a plan's figures repeat a few values (100, 0, the weights) tens of thousands of times in
# a batch, and both functions depend only on the number, not on how the Decimal writes it.
@lru_cache(maxsize=8192)
def decimal_json(value: Decimal | None) -> str | None:
    """A Decimal as an exact JSON string without exponent (`Decimal("1E+2")` is `"100"`)."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def round_percent(value: Decimal) -> Decimal:
    """A percentage rounded for display: half up, one decimal. Never used in computation."""
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=8192)
def format_percent(value: Decimal | None) -> str:
    """`Decimal("83.333")` is `"83,3 %"`, `Decimal(100)` is `"100 %"`, the Italian way; None is `"—"`."""
    if value is None:
        return "—"
    rounded = round_percent(value)
    if rounded == rounded.to_integral_value():
        return f"{_italian(rounded.quantize(Decimal(1)))} %"
    return f"{_italian(rounded)} %"


def format_number(value: Decimal | None) -> str:
    """A number the Italian way, at the precision it was given: `Decimal("26000.5")` is `"26.000,5"`."""
    if value is None:
        return "—"
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return _italian_text(text)


def format_euro(value: Decimal) -> str:
    """`Decimal("1234567.8")` is `"1.234.567,80 €"`."""
    return f"{_italian_text(str(value.quantize(_CENT, rounding=ROUND_HALF_UP)))} €"


def _italian(value: Decimal) -> str:
    return _italian_text(format(value, "f"))


def _italian_text(text: str) -> str:
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, fraction = text.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups)
    if fraction:
        result += "," + fraction
    return sign + result


# Why a flagged figure needs a person's attention, in the words a document prints. The engine's
# flags are stable identifiers for code and data; no reader ever sees one.
FLAG_WORDS = {
    "target_missing": "manca il target o non è stato interpretato",
    "actual_missing": "manca il valore rilevato",
    "stale": "il valore non è aggiornato rispetto alla frequenza di rilevazione",
    "assessment_missing": "manca la valutazione del target qualitativo",
    "justification_missing": "la valutazione non ha la motivazione scritta e non è considerata",
    "reference_missing": "manca il valore dell'anno di riferimento",
    "event_date_missing": "manca la data dell'evento da cui decorre la scadenza",
    "nothing_to_measure": "nessun indicatore o elemento da misurare",
    "rollup_incomplete": "calcolato senza alcuni elementi non ancora calcolabili",
}


def flag_words(flag: str | None) -> str:
    """What a flag means, in words; an unknown flag still says that a person must check."""
    if not flag:
        return ""
    return FLAG_WORDS.get(flag, "da verificare")
