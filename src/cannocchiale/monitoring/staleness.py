"""When is an indicator's value stale: none within its update frequency."""

from __future__ import annotations

import calendar
from datetime import date

FREQUENCY_MONTHS = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}


def months_before(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_stale(*, frequency: str, last_value_on: date | None, today: date, plan_year: int) -> bool:
    """True when no value falls within the last period of the indicator's update frequency.

    Judged at `today`, but never after the end of the plan's year (a 2018 indicator is judged at
    31 December 2018 at the latest), and never before the year's first period has run out: a
    quarterly indicator cannot be stale in February, an annual one not before the year is over."""
    as_of = min(today, date(plan_year, 12, 31))
    months = FREQUENCY_MONTHS.get(frequency, 12)
    first_period_end = months_before(date(plan_year + 1, 1, 1), 12 - months)
    if as_of < first_period_end:
        return False
    return last_value_on is None or last_value_on <= months_before(as_of, months)
