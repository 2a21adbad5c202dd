"""The measurements of simulated administrations: the target phrases plans write, each with a way
to invent its values round by round, and the dates of the rounds.

Pure, as the plan's generator (`simulation/generator.py`) that draws from it: every choice comes
from the random stream it is given, so a run is reproducible.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections.abc import Callable
from typing import Any

PLAN_YEAR = 2018

Measure = Callable[[random.Random, float], dict[str, Any]]


def progress(round_index: int, rounds: int) -> float:
    return (round_index + 1) / rounds


# --- target kinds: each a phrase as plans write it and a way to measure it -----------------


def _numeric(value: float) -> dict[str, Any]:
    return {"value": round(value, 2)}


def _kind_completion(rng: random.Random) -> tuple[str, Measure]:
    return "100%", lambda r, p: _numeric(min(100.0, 100 * p * r.uniform(0.85, 1.15)))


def _kind_percent_at_least(rng: random.Random) -> tuple[str, Measure]:
    goal = rng.choice((80, 85, 90, 95))
    return f">= {goal}%", lambda r, p: _numeric(goal * r.uniform(0.8, 1.1) * (0.7 + 0.3 * p))


def _kind_count_at_least(rng: random.Random) -> tuple[str, Measure]:
    goal = rng.randint(2, 12)
    noun = rng.choice(("iniziative", "incontri", "seminari", "campagne"))
    return f"almeno {goal} {noun}", lambda r, p: _numeric(round(goal * p * r.uniform(0.6, 1.4)))


def _kind_days_at_most(rng: random.Random) -> tuple[str, Measure]:
    goal = rng.choice((5, 10, 15, 30, 60))
    return f"< {goal}gg", lambda r, p: _numeric(max(1.0, goal * r.uniform(0.6, 1.3)))


def _kind_amount_at_most(rng: random.Random) -> tuple[str, Measure]:
    goal = rng.randrange(10_000, 90_000, 1_000)
    text = f"<= {goal // 1000}.000"
    return text, lambda r, p: _numeric(goal * p * r.uniform(0.8, 1.2))


def _kind_deviation(rng: random.Random) -> tuple[str, Measure]:
    return (
        "scostamento medio non superiore al 10%",
        lambda r, p: _numeric(r.uniform(2, 14)),
    )


def _kind_range(rng: random.Random) -> tuple[str, Measure]:
    low = rng.choice((80, 85, 90))
    return f"{low}% - {low + 5}%", lambda r, p: _numeric(r.uniform(low - 8, low + 9))


def kind_relative(rng: random.Random) -> tuple[str, Measure]:
    return f"> del {PLAN_YEAR - 1}", lambda r, p: _numeric(r.uniform(80, 130))


def _kind_deadline(rng: random.Random) -> tuple[str, Measure]:
    month = rng.randint(3, 11)
    month_name = ("aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "novembre")
    names = dict(zip((4, 5, 6, 7, 9, 10, 11), month_name, strict=True))
    month = min(names, key=lambda m: abs(m - month))
    due = dt.date(PLAN_YEAR, month, calendar.monthrange(PLAN_YEAR, month)[1])

    def measure(r: random.Random, p: float) -> dict[str, Any]:
        if r.random() > p:
            return {}
        return {"completed_on": (due + dt.timedelta(days=r.randint(-40, 25))).isoformat()}

    return f"entro {names[month]}", measure


def _kind_milestone(rng: random.Random) -> tuple[str, Measure]:
    text = rng.choice(("realizzazione", "report finale", "relazione sulle attività poste in essere"))
    return text, lambda r, p: {"done": r.random() < 0.2 + 0.75 * p}


def _kind_rating(rng: random.Random) -> tuple[str, Measure]:
    return (
        "raggiungimento almeno livello 3,5 su valutazione da 1 a 5",
        lambda r, p: _numeric(r.uniform(2.8, 4.8)),
    )


def _kind_qualitative(rng: random.Random) -> tuple[str, Measure]:
    def measure(r: random.Random, p: float) -> dict[str, Any]:
        return {
            "assessed": r.choice((60, 70, 80, 90, 100)),
            "justification": "valutazione del dirigente sulla base della relazione dell'ufficio",
        }

    return "miglioramento qualitativo del servizio", measure


# How often each kind appears, roughly as in the seed: milestones and completions dominate.
_KINDS: tuple[tuple[Callable[[random.Random], tuple[str, Measure]], int], ...] = (
    (_kind_milestone, 24),
    (_kind_completion, 18),
    (_kind_deadline, 14),
    (_kind_count_at_least, 12),
    (_kind_percent_at_least, 8),
    (_kind_days_at_most, 6),
    (_kind_amount_at_most, 3),
    (_kind_deviation, 4),
    (_kind_range, 3),
    (kind_relative, 3),
    (_kind_rating, 2),
    (_kind_qualitative, 3),
)
KIND_MAKERS = [maker for maker, _ in _KINDS]
KIND_WEIGHTS = [weight for _, weight in _KINDS]


def round_dates(rounds: int, year: int = PLAN_YEAR) -> list[dt.date]:
    """The dates of `rounds` monitoring rounds spread over the year, the last on 31 December."""
    dates = []
    for index in range(rounds):
        month = max(1, round(12 * (index + 1) / rounds))
        dates.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
    return dates
