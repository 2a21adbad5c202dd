"""Properties of the target parser that must hold for every input."""

import json
import re
from datetime import date
from decimal import Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cannocchiale.engine.target import Target
from cannocchiale.engine.target_parser import parse_target

# Pieces of real target phrases, so that generated text reaches the parser's deeper paths
# (random unicode alone rarely spells "entro il 30 giugno").
_PIECES = [
    "entro", "il", "la fine di", "aprile", "febbraio", "dicembre", "30", "29", "31", "2018",
    "/", ".", ",", ";", "(", ")", "-", "–", "%", "gg", "giorni", "dal", "dalla", "dall'",
    "Decreto", "richiesta", "almeno", "non", "superiore", "inferiore", "a", "al", "del",
    "anno", "n-1", "n", "n.", "3", "3,5", "26.000", "1.234,56", "-20", ">", "<", ">=", "<=",
    "=>", "=<", "oltre", "su", "valutazione", "scala", "da", "a", "5", "1", "0", "e", "o",
    "tra", "di cui", "circa", "mesi", "tre", "due", "rispetto", "all'anno", "precedente",
    "incremento", "riduzione", "realizzazione", "report", "finale", "Attivazione", "nei",
    "termini", "iniziative", "eventi", "RI", "APE", "+", ":", "1a)", "nel", "dei", "casi",
    "fine", "anno", "9" * 20, "0,000001", "¦", "\n", " ",
]  # fmt: skip
_PHRASES = st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join)
_ANY_TEXT = st.one_of(st.text(max_size=80), _PHRASES)
_YEARS = st.one_of(st.none(), st.integers(min_value=1, max_value=9999))


@settings(max_examples=600)
@given(_ANY_TEXT, _YEARS)
@example("entro il 29 febbraio", 2019)
@example("entro il 31 dicembre", 9999)
@example("entro 9999 giorni dal Decreto", None)
@example("(" * 200 + "almeno 2" + ")" * 50, 2018)
def test_never_raises_and_keeps_the_text(text: str, year: int | None) -> None:
    target = parse_target(text, year=year)
    assert isinstance(target, Target)
    assert target.text == text


@settings(max_examples=600)
@given(_ANY_TEXT, _YEARS)
def test_understood_fields_are_consistent(text: str, year: int | None) -> None:
    target = parse_target(text, year=year)
    numbers = [n for n in (target.value, target.low, target.high) if n is not None]
    assert all(n.is_finite() and len(n.as_tuple().digits) <= 15 for n in numbers)
    match target.kind:
        case "qualitative":
            assert target == Target(text=text, kind="qualitative")
        case "completion":
            assert (target.value, target.unit) == (Decimal(100), "%")
        case "range":
            assert target.low is not None
            assert target.high is not None
            assert target.low <= target.high
            assert target.value is None
            assert target.reference is None
        case "at_least" | "at_most":
            # A threshold has a number, or a year to compare with: never both, never neither.
            assert (target.value is None) == (target.reference is not None)
            assert target.low is None
            assert target.high is None
        case "deadline":
            assert target.value is None
            assert target.unit is None
            if year is not None and target.deadline is None:
                raise AssertionError("with the plan's year every calendar deadline resolves")
        case "milestone":
            assert target.value is None
            assert target.deadline is None
    if target.scale is not None:
        assert target.scale["min"] < target.scale["max"]
    if isinstance(target.deadline, date) and year is not None:
        assert str(target.deadline.year) in text or target.deadline.year == year
    if isinstance(target.deadline, dict):
        # The event keeps the words as written.
        event_words = " ".join(re.findall(r"\w+", target.deadline["event"]))
        assert event_words
        assert event_words in " ".join(re.findall(r"\w+", text))


@settings(max_examples=600)
@given(_ANY_TEXT, _YEARS)
def test_round_trip_through_json(text: str, year: int | None) -> None:
    target = parse_target(text, year=year)
    assert Target.from_dict(target.to_dict()) == target
    assert Target.from_dict(json.loads(json.dumps(target.to_dict()))) == target


def _italian(value: Decimal) -> str:
    sign = "-" if value < 0 else ""
    integer, _, fraction = f"{abs(value):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    written = sign + ".".join(groups)
    return f"{written},{fraction}" if fraction else written


_AMOUNTS = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
_COMPARATORS = {
    ">=": ("at_least", False),
    "=>": ("at_least", False),
    ">": ("at_least", True),
    "almeno": ("at_least", False),
    "non inferiore a": ("at_least", False),
    "oltre": ("at_least", True),
    "<=": ("at_most", False),
    "=<": ("at_most", False),
    "<": ("at_most", True),
    "non superiore al": ("at_most", False),
}


@given(st.sampled_from(sorted(_COMPARATORS)), _AMOUNTS, st.sampled_from(["", "%", " %", " gg", " euro"]))
def test_thresholds_read_back_the_number_written(comparator: str, amount: Decimal, unit: str) -> None:
    target = parse_target(f"{comparator} {_italian(amount)}{unit}", year=2018)
    assert (target.kind, target.strict) == _COMPARATORS[comparator]
    assert target.value == amount
    assert target.unit == {"": target.unit, "%": "%", " %": "%", " gg": "days", " euro": "eur"}[unit]


@given(_AMOUNTS, _AMOUNTS)
def test_ranges_read_back_both_bounds(first: Decimal, second: Decimal) -> None:
    low, high = sorted((first, second))
    target = parse_target(f"{_italian(low)}% - {_italian(high)}%")
    assert (target.kind, target.low, target.high, target.unit) == ("range", low, high, "%")


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=12), st.integers(1, 31))
def test_dates_are_real_days(year: int, month: int, day: int) -> None:
    target = parse_target(f"entro il {day}/{month}/2020", year=year)
    try:
        expected: date | None = date(2020, month, day)
    except ValueError:
        expected = None
    if expected is None:
        assert target.kind == "qualitative"
    else:
        assert (target.kind, target.deadline) == ("deadline", expected)
