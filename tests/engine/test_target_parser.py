"""The target parser, form by form (DESIGN.md, "Targets: the seed's own phrases")."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from cannocchiale.engine.target import Target
from cannocchiale.engine.target_parser import parse_target


def _fields(target: Target) -> dict[str, Any]:
    """The understood fields that differ from the defaults (kind always included)."""
    defaults = Target(text=target.text, kind=target.kind)
    result: dict[str, Any] = {"kind": target.kind}
    for name in ("value", "strict", "low", "high", "unit", "scale", "reference", "deadline", "change"):
        if getattr(target, name) != getattr(defaults, name):
            result[name] = getattr(target, name)
    return result


def _check(text: str, expected: dict[str, Any], *, year: int | None = 2018) -> None:
    target = parse_target(text, year=year)
    assert target.text == text
    assert _fields(target) == expected


# --- Completion, thresholds ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("100%", {"kind": "completion", "value": Decimal(100), "unit": "%"}),
        ("100 %", {"kind": "completion", "value": Decimal(100), "unit": "%"}),
        ("80%", {"kind": "at_least", "value": Decimal(80), "unit": "%"}),
        ("2", {"kind": "at_least", "value": Decimal(2), "unit": "count"}),
        ("=>3", {"kind": "at_least", "value": Decimal(3), "unit": "count"}),
        (">= 83%", {"kind": "at_least", "value": Decimal(83), "unit": "%"}),
        ("≥ 83%", {"kind": "at_least", "value": Decimal(83), "unit": "%"}),
        ("> 5", {"kind": "at_least", "value": Decimal(5), "strict": True, "unit": "count"}),
        ("< 5gg", {"kind": "at_most", "value": Decimal(5), "strict": True, "unit": "days"}),
        ("<= 26.000", {"kind": "at_most", "value": Decimal(26000)}),
        ("<= -20%", {"kind": "at_most", "value": Decimal(-20), "unit": "%"}),
        ("=< 3,5", {"kind": "at_most", "value": Decimal("3.5")}),
        ("<= 1.000 €", {"kind": "at_most", "value": Decimal(1000), "unit": "eur"}),
        ("almeno 500 euro", {"kind": "at_least", "value": Decimal(500), "unit": "eur"}),
        ("almeno 2 iniziative", {"kind": "at_least", "value": Decimal(2), "unit": "count"}),
        ("Almeno due incontri", {"kind": "at_least", "value": Decimal(2), "unit": "count"}),
        ("non inferiore a 3", {"kind": "at_least", "value": Decimal(3), "unit": "count"}),
        ("non meno di 100 posizioni", {"kind": "at_least", "value": Decimal(100), "unit": "count"}),
        ("superiore al 5%", {"kind": "at_least", "value": Decimal(5), "strict": True, "unit": "%"}),
        ("non superiore a 5 gg", {"kind": "at_most", "value": Decimal(5), "unit": "days"}),
        ("non più di 3 giorni", {"kind": "at_most", "value": Decimal(3), "unit": "days"}),
        ("inferiore a 10", {"kind": "at_most", "value": Decimal(10), "strict": True, "unit": "count"}),
        ("n. 3 eventi", {"kind": "at_least", "value": Decimal(3), "unit": "count"}),
        ("10 controlli", {"kind": "at_least", "value": Decimal(10), "unit": "count"}),
        ("Risultato atteso 1 o > di 1", {"kind": "at_least", "value": Decimal(1), "unit": "count"}),
        (
            "scostamento medio non superiore al 10%",
            {"kind": "at_most", "value": Decimal(10), "unit": "%"},
        ),
        ("nel 90% dei casi", {"kind": "at_least", "value": Decimal(90), "unit": "%"}),
        (
            "Realizzazione del 90% degli obiettivi",
            {"kind": "at_least", "value": Decimal(90), "unit": "%"},
        ),
        (
            "aumento del 40% dei documenti",
            {"kind": "at_least", "reference": {"years_back": 1}, "change": {"percent": Decimal(40)}},
        ),
    ],
)
def test_thresholds(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


def test_bare_large_numbers_have_no_unit() -> None:
    """Only small whole numbers or numbers followed by a noun are counts."""
    assert parse_target(">= 30").unit is None
    assert parse_target("<= 90,0").unit is None
    assert parse_target(">= 10").unit == "count"


def test_share_within_a_time_limit_is_the_target() -> None:
    """The 45 gg is what each document must meet; the target is the share, strictly above 90."""
    _check(
        "oltre 90% dei documenti in entrata/uscita fascicolati entro 45 gg dalla loro creazione",
        {"kind": "at_least", "value": Decimal(90), "strict": True, "unit": "%"},
    )
    _check(
        "rifiuto del documento entro 5 giorni dall'assegnazione nel 90% dei casi",
        {"kind": "at_least", "value": Decimal(90), "unit": "%"},
    )


def test_scale() -> None:
    _check(
        "raggiungimento almeno livello 3,5 su valutazione da 1 a 5",
        {
            "kind": "at_least",
            "value": Decimal("3.5"),
            "unit": "score",
            "scale": {"min": Decimal(1), "max": Decimal(5)},
        },
    )
    _check(
        "giudizio complessivo non inferiore a 3 (scala da 1 a 5)",
        {
            "kind": "at_least",
            "value": Decimal(3),
            "unit": "score",
            "scale": {"min": Decimal(1), "max": Decimal(5)},
        },
    )
    assert parse_target("almeno 3 su scala da 5 a 1").kind == "qualitative"


# --- Ranges ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("380% - 390%", {"kind": "range", "low": Decimal(380), "high": Decimal(390), "unit": "%"}),
        ("85% - 90%", {"kind": "range", "low": Decimal(85), "high": Decimal(90), "unit": "%"}),
        (" 10% – 13%", {"kind": "range", "low": Decimal(10), "high": Decimal(13), "unit": "%"}),
        ("85 - 90%", {"kind": "range", "low": Decimal(85), "high": Decimal(90), "unit": "%"}),
        ("da 3 a 5", {"kind": "range", "low": Decimal(3), "high": Decimal(5)}),
        ("tra 2,5 e 3,5", {"kind": "range", "low": Decimal("2.5"), "high": Decimal("3.5")}),
        ("-5% - 5%", {"kind": "range", "low": Decimal(-5), "high": Decimal(5), "unit": "%"}),
    ],
)
def test_ranges(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


@pytest.mark.parametrize("text", ["390% - 380%", "5% - 10 gg", "1.2.3 - 5"])
def test_ranges_that_are_not(text: str) -> None:
    assert parse_target(text).kind == "qualitative"


# --- Relative to another year ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("> del 2016", {"kind": "at_least", "strict": True, "reference": {"year": 2016}}),
        ("< anno 2014", {"kind": "at_most", "strict": True, "reference": {"year": 2014}}),
        ("<= anno n-1", {"kind": "at_most", "reference": {"years_back": 1}}),
        ("<= anno n - 2", {"kind": "at_most", "reference": {"years_back": 2}}),
        (
            "> % PEC valide rispetto all'anno n-1",
            {"kind": "at_least", "strict": True, "unit": "%", "reference": {"years_back": 1}},
        ),
        (
            "< del 2016 (tempi sospensione pratiche)",
            {"kind": "at_most", "strict": True, "reference": {"year": 2016}},
        ),
        ("superiore al 2016", {"kind": "at_least", "strict": True, "reference": {"year": 2016}}),
        (
            "diminuzione dei tempi rispetto all'anno precedente",
            {"kind": "at_most", "strict": True, "reference": {"years_back": 1}},
        ),
        (
            "da incrementare rispetto al 2017",
            {"kind": "at_least", "strict": True, "reference": {"year": 2017}},
        ),
    ],
)
def test_relative(text: str, expected: dict[str, Any]) -> None:
    _check(text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "<= anno n-0",
        "> del",
    ],
)
def test_relative_not_understood(text: str) -> None:
    assert parse_target(text).kind == "qualitative"


# --- Deadlines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("entro aprile", date(2018, 4, 30)),
        ("entro febbraio", date(2018, 2, 28)),
        ("entro il 30 giugno", date(2018, 6, 30)),
        ("entro dicembre 2019", date(2019, 12, 31)),
        ("entro 30/6/2018", date(2018, 6, 30)),
        ("entro il 31.12.2019", date(2019, 12, 31)),
        ("entro entro 30 giugno", date(2018, 6, 30)),
        ("entro la fine di marzo", date(2018, 3, 31)),
        ("1a) Redazione entro giugno", date(2018, 6, 30)),
        ("report a fine anno", date(2018, 12, 31)),
        ("Rinnovo Certificato (Cat. A1 e C): entro 26 febbraio", date(2018, 2, 26)),
    ],
)
def test_calendar_deadlines(text: str, expected: date) -> None:
    _check(text, {"kind": "deadline", "deadline": expected})


def test_relative_deadlines_keep_the_event_as_written() -> None:
    _check(
        "entro 60 giorni dal Decreto",
        {"kind": "deadline", "deadline": {"days_after": 60, "event": "Decreto"}},
    )
    _check(
        "trasmissione entro 30 giorni dall’approvazione del bilancio di esercizio 2017",
        {
            "kind": "deadline",
            "deadline": {"days_after": 30, "event": "approvazione del bilancio di esercizio 2017"},
        },
    )


@pytest.mark.parametrize(
    "text",
    ["entro 5 gg", "entro 10 giorni dalla richiesta", "Riesame cartella (30 gg dalla richiesta di sgravio)"],
)
def test_time_limits_are_at_most_days(text: str) -> None:
    """A duration, or days from an event that recurs per item, is a time limit, not a date."""
    target = parse_target(text, year=2018)
    assert (target.kind, target.unit, target.deadline) == ("at_most", "days", None)


def test_without_a_year_a_calendar_deadline_stays_unresolved() -> None:
    """No year is guessed: the kind says "deadline", the date is filled in once the year is known."""
    for text in ("entro aprile", "entro il 30 giugno", "entro 30/6"):
        target = parse_target(text)
        assert (target.kind, target.deadline) == ("deadline", None)
    assert parse_target("entro dicembre 2018").deadline == date(2018, 12, 31)
    assert parse_target("entro 60 giorni dal Decreto").deadline == {"days_after": 60, "event": "Decreto"}
    counted = parse_target("n. 1 azione entro dicembre")
    assert (counted.kind, counted.value, counted.deadline) == ("at_least", Decimal(1), None)


def test_threshold_with_a_calendar_deadline_keeps_both() -> None:
    _check(
        "n. 20 comunicati entro dicembre",
        {"kind": "at_least", "value": Decimal(20), "unit": "count", "deadline": date(2018, 12, 31)},
    )


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("entro il 31 febbraio", 2018),
        ("entro il 31 febbraio", None),
        ("entro il 29 febbraio", 2018),
        ("entro 31/13/2018", 2018),
        ("entro il 0 marzo", 2018),
    ],
)
def test_days_that_do_not_exist(text: str, year: int | None) -> None:
    assert parse_target(text, year=year).kind == "qualitative"


def test_leap_day() -> None:
    assert parse_target("entro il 29 febbraio", year=2020).deadline == date(2020, 2, 29)
    assert parse_target("entro il 29 febbraio").deadline is None
    assert parse_target("entro il 29 febbraio").kind == "deadline"


def test_year_out_of_range_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="year"):
        parse_target("entro aprile", year=0)


# --- Milestones ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "realizzazione",
        "Realizzazione.",
        "report finale",
        "Attivazione",
        "RI - Attivazione",
        "Realizzazione evento",
        "avvio della procedura",
        "Elaborazione dati nei termini richiesti",
        "entro i termini previsti da UN",
        "conto annuale, anagrafe delle prestazioni (report finale con dettaglio tipologie)",
    ],
)
def test_milestones(text: str) -> None:
    _check(text, {"kind": "milestone"})


# --- Not understood --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "buono",
        "miglioramento della qualità",
        "Scostamento medio del 10%",  # no direction
        "5 gg",  # days with no direction
        "gestione di circa 90 procedure",
        "entro tre mesi dal rilascio delle prime due licenze",
        "entro gennaio prima proposta, entro marzo seconda proposta",
        "relazione alla Giunta entro luglio e dicembre",
        "presentazione progetto entro marzo e report a fine anno",
        "realizzazione di almeno 3 seminari e di 3 corsi di formazione",
        "Riscontro quadrimestrale, alle date del 30/04-31/08-31/12",
        "<= 1234567890123456789",  # not a plausible target
        "31.01.2019",
        # Whole cells of the seed holding several targets.
        "40 primopiano/news su sito web CCIAA; 40 post su pagina social CCIAA; promozione di 10 eventi",
        "media planning entro il 15 aprile. Sviluppo contenuti da incrementare rispetto al 2017.",
    ],
)
def test_qualitative(text: str) -> None:
    target = parse_target(text, year=2018)
    assert target == Target(text=text, kind="qualitative")
    assert not target.understood


def test_json_form() -> None:
    assert parse_target("entro aprile", year=2018).to_dict() == {
        "text": "entro aprile",
        "kind": "deadline",
        "value": None,
        "strict": False,
        "low": None,
        "high": None,
        "unit": None,
        "scale": None,
        "reference": None,
        "deadline": "2018-04-30",
    }
    assert parse_target("raggiungimento almeno livello 3,5 su valutazione da 1 a 5").to_dict()["value"] == 3.5
