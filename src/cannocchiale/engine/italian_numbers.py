"""Numbers written the Italian way: "26.000" is twenty-six thousand, "3,5" is three and a half.

The rule for the dot, which Italian uses as a thousands separator but people also type
as a decimal point:
- with a comma present, the comma is the decimal mark and every dot must separate
  thousands ("1.234,56");
- without a comma, a dot followed by groups of exactly three digits, after a first group
  of 1-3 digits not starting with 0, separates thousands ("26.000", "1.234.567");
- any other single dot is a decimal point ("2.5", "0.500", "1234.5").
So "2.500" is 2500 and "2.5" is 2.5: the three-digit group is the only ambiguous case and
Italian writing settles it as thousands.
"""

from __future__ import annotations

import re
from decimal import Decimal

# A sign (ASCII hyphen, Unicode minus, plus), then the digits in one of the accepted shapes.
# Every shape is anchored and free of nested quantifiers, so matching is linear.
_SIGN = r"(?P<sign>[-+\u2212]?)"
_WITH_COMMA = re.compile(_SIGN + r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),(?P<frac>[0-9]+)")
_THOUSANDS = re.compile(_SIGN + r"(?P<int>[1-9][0-9]{0,2}(?:\.[0-9]{3})+)")
_DECIMAL_DOT = re.compile(_SIGN + r"(?P<int>[0-9]+)\.(?P<frac>[0-9]+)")
_INTEGER = re.compile(_SIGN + r"(?P<int>[0-9]+)")


def parse_italian_number(text: str) -> Decimal:
    """Read `text` (one number, surrounding spaces allowed) as an exact Decimal.

    Raises ValueError when `text` is not a number written in one of the shapes above;
    it never hands free text to Decimal(), which would accept "NaN", "Infinity" or "1e5".
    """
    candidate = text.strip()
    for pattern in (_WITH_COMMA, _THOUSANDS, _DECIMAL_DOT, _INTEGER):
        match = pattern.fullmatch(candidate)
        if match is None:
            continue
        integer = match.group("int").replace(".", "")
        fraction = match.groupdict().get("frac")
        digits = integer if fraction is None else f"{integer}.{fraction}"
        sign = "-" if match.group("sign") in ("-", "\u2212") else ""
        return Decimal(sign + digits)
    raise ValueError(f"not a number written the Italian way: {text!r}")
