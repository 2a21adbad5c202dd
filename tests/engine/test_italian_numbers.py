"""Numbers written the Italian way."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cannocchiale.engine.italian_numbers import parse_italian_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26.000", Decimal("26000")),
        ("3,5", Decimal("3.5")),
        ("1.234,56", Decimal("1234.56")),
        ("-20", Decimal("-20")),
        ("0,5", Decimal("0.5")),
        ("100", Decimal("100")),
        ("90,0", Decimal("90.0")),
        ("1.234.567", Decimal("1234567")),
        ("1234,5", Decimal("1234.5")),
        ("+7", Decimal("7")),
        ("\u22125", Decimal("-5")),
        ("  42 ", Decimal("42")),
        # A dot not followed by groups of exactly three digits is a decimal point.
        ("2.5", Decimal("2.5")),
        ("1234.5", Decimal("1234.5")),
        # A leading zero cannot start a thousands group: "0.500" is a half.
        ("0.500", Decimal("0.5")),
        # The ambiguous case: three digits after the dot are thousands.
        ("2.500", Decimal("2500")),
    ],
)
def test_reads_italian_numbers(text: str, expected: Decimal) -> None:
    assert parse_italian_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "NaN",
        "Infinity",
        "1e5",
        "1,2,3",
        "1.234.5",
        "12.34,5",
        "1.23,4",
        ",5",
        "5,",
        "5.",
        "--5",
        "5%",
        "3 4",
        "٣",  # an Arabic-Indic digit: Decimal() would accept it, Italian writing does not
    ],
)
def test_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="Italian"):
        parse_italian_number(text)


def _italian(value: Decimal) -> str:
    """`value` written the Italian way: dots between thousands, comma before decimals."""
    sign = "-" if value < 0 else ""
    integer, _, fraction = f"{abs(value):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    written = sign + ".".join(groups)
    return f"{written},{fraction}" if fraction else written


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False, allow_infinity=False))
def test_reads_back_what_italian_writing_writes(value: Decimal) -> None:
    assert parse_italian_number(_italian(value)) == value


@given(st.text(max_size=30))
def test_either_a_decimal_or_value_error(text: str) -> None:
    try:
        result = parse_italian_number(text)
    except ValueError:
        return
    assert result.is_finite()
