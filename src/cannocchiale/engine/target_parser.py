"""Read a target phrase written in Italian into a `Target` (DESIGN.md, "Targets").

The parser looks for *signals* in the phrase and decides only when they agree:
- a threshold: a comparator and a number (">= 83%", "non superiore al 10%",
  "almeno 2 iniziative", "oltre 90% dei documenti"), a share of items ("nel 90% dei casi",
  "realizzazione del 90% degli obiettivi"), a count of things ("n. 3 eventi",
  "10 controlli"), or a comparison with another year ("> del 2016", "<= anno n-1",
  "diminuzione ... rispetto all'anno precedente");
- a deadline: "entro aprile", "entro il 30 giugno", "entro 31/12/2018",
  "entro 60 giorni dal Decreto";
- a time limit per item: "entro 5 gg", "(30 gg dalla richiesta)" (at most N days);
- a done/not-done deliverable: "realizzazione", "report finale", "Attivazione",
  "nei termini richiesti".
Words around the signals ("Realizzazione di", "se adeguatamente motivato") are context.

A phrase with no signal, with two thresholds or two deadlines, with signals spread over
two sentences, or with a word that makes the number an estimate ("circa") is
*qualitative*: a person assesses it. The parser never guesses.

Other choices, each tested:
- A month without a year ("entro aprile") is resolved with the plan's `year`; without a
  `year` the kind stays "deadline" and `deadline` is None, meaning "calendar deadline, year
  not known yet" (parse again with the plan's year): no year is ever guessed. A year written
  in the text ("entro dicembre 2018", "31/12/2018") is used as written.
- "entro N giorni dal <event>" is a deadline relative to that one-off event; when the event
  is one that recurs for every item handled ("dalla richiesta", "dall'assegnazione",
  "dalla loro creazione") it is a time limit: at most N days.
- A time limit inside a share ("oltre 90% dei documenti ... fascicolati entro 45 gg") is
  the condition that the counted items meet, not a second target: the share is the target.
- A threshold with a calendar deadline in the same sentence ("n. 1 azione entro
  dicembre") keeps both: the threshold's kind, with `deadline` set.
- A bare number is the value to reach: "2" is at least 2, "80%" is at least 80 %, and
  "100%" alone is completion. A bare number of days or euro has no direction: qualitative.
- Months after an event ("entro tre mesi dal ...") are not turned into days: qualitative.
- Numbers with more than 15 significant digits are not targets anyone writes, and JSON
  numbers could not carry them: qualitative.

Matching is done on the text as written (case kept, so an event keeps its words), with
case-insensitive patterns compiled once below. The code raises on no input string: every
number goes through `_number`, every date is checked before `date()` is called.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import MAXYEAR, MINYEAR, date
from decimal import Decimal
from typing import Literal

from cannocchiale.engine.errors import EngineError
from cannocchiale.engine.italian_numbers import parse_italian_number
from cannocchiale.engine.target import (
    Change,
    Reference,
    RelativeDeadline,
    Scale,
    Target,
    TargetKind,
    TargetUnit,
)

__all__ = ["Declared", "declared_of", "has_several_targets", "parse_target"]

# Significant digits beyond which a number is not a plausible target (and would not survive
# a trip through a JSON float).
_MAX_DIGITS = 15

_MONTHS = {
    "gennaio": 1,
    "febbraio": 2,
    "marzo": 3,
    "aprile": 4,
    "maggio": 5,
    "giugno": 6,
    "luglio": 7,
    "agosto": 8,
    "settembre": 9,
    "ottobre": 10,
    "novembre": 11,
    "dicembre": 12,
}
_NUMBER_WORDS = {
    "un": 1,
    "uno": 1,
    "una": 1,
    "due": 2,
    "tre": 3,
    "quattro": 4,
    "cinque": 5,
    "sei": 6,
    "sette": 7,
    "otto": 8,
    "nove": 9,
    "dieci": 10,
}
# Words that can follow a number without making it a count of things: prepositions,
# articles, units of time, months.
_NOT_COUNT_NOUNS = frozenset(
    {
        "a", "ad", "al", "allo", "alla", "ai", "agli", "alle", "all", "di", "del", "dello",
        "della", "dei", "degli", "delle", "da", "dal", "dallo", "dalla", "dai", "dagli",
        "dalle", "in", "nel", "nello", "nella", "nei", "negli", "nelle", "su", "sul", "sulla",
        "per", "con", "tra", "fra", "e", "ed", "o", "od", "il", "lo", "la", "i", "gli", "le",
        "un", "una", "uno", "come", "che", "se", "entro", "oltre", "rispetto", "anno", "anni",
        "mese", "mesi", "settimana", "settimane", "ore", "ora", "minuti", "giorni", "giorno",
        "gg", "euro", "eur", "punti", "volte", "pari",
    }
    | set(_MONTHS)
)  # fmt: skip
# First words of a done/not-done deliverable ("Realizzazione", "Attivazione", "Report ...").
_DELIVERABLES = frozenset(
    {
        "realizzazione", "report", "relazione", "attivazione", "avvio", "adozione",
        "presentazione", "conclusione", "redazione", "predisposizione", "elaborazione",
        "stipula", "emanazione", "trasmissione", "definizione", "completamento",
        "approvazione", "pubblicazione", "attuazione", "controllo", "rendicontazione",
        "consegna", "invio",
    }
)  # fmt: skip
# Deliverable documents that make a phrase a milestone wherever they appear in it.
_DOCUMENT_WORDS = re.compile(r"\b(?:report|relazione|rendicontazione)\b", re.IGNORECASE)
# Events that happen once per item handled: "N giorni dal <event>" is then a time limit.
_PER_ITEM_EVENTS = frozenset(
    {
        "richiesta", "richieste", "ricezione", "ricevimento", "assegnazione", "arrivo",
        "presentazione", "protocollazione", "creazione", "segnalazione", "domanda", "istanza",
        "notifica", "deposito", "invio",
    }
)  # fmt: skip

# --- Building blocks -------------------------------------------------------------------

# A number token: digits with dots/commas between digit groups, optionally signed; never
# glued to a word, a date ("31/12") or a code ("3-4-5"). Validated by parse_italian_number.
_NUM = r"(?<![\w.,/\-])(?:-(?=[0-9]))?[0-9]+(?:[.,][0-9]+)*(?![0-9]|[.,/\-][0-9])"
_NUM_WORD = r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b"
# Glued to the number or not: "5gg", "5 gg.", "10 %", "30 euro".
_UNIT = r"(?:%|€|gg\b\.?|(?:giorni|giorno|euro|eur)\b)"
_MONTH = r"\b(?:" + "|".join(_MONTHS) + r")\b"
_YEAR = r"(?:19|20)[0-9]{2}"
# Where a consumed signal was: matches nothing else, keeps the words apart.
_MARK = " \u00a6 "

_I = re.IGNORECASE
# Repeated words ("entro entro", filler before a number) are bounded ({0,3}) rather than
# unbounded (*): a phrase made of thousands of "entro" must not cost quadratic time.

_WHITESPACE = re.compile(r"\s+")
_LIST_LABEL = re.compile(r"^(?:[-\u2022*]\s+)?(?:[0-9]{1,2}[a-z]?\)|[a-z]\))\s*", _I)
# Office prefixes of the project sheets: "RI -", "APE:", "RI+APE -", "APE + RI -".
_OFFICE_PREFIX = re.compile(r"^[A-Z]{2,5}(?:\s*\+\s*[A-Z]{2,5})*\s*[-:]\s*(?:-\s*)?")
_LEADING_BULLET = re.compile(r"^[-\u2022*]\s+")
_INNER_PARENS = re.compile(r"\(([^()]*)\)")
_SENTENCE_SPLIT = re.compile(r";|(?<=\w\w)\.\s+(?=[A-Z])")
# "di cui 5 ... e 5 a campione" breaks the count down: up to the end of its sentence.
_SUBSET = re.compile(r",?\s*\bdi\s+cui\b(?:[^.;]|\.(?!\s))*", _I)
# A label of a listed sub-target at the start of a line: "a) ", "2) ".
_LIST_ITEM = re.compile(r"^\s*(?:[a-z]|[0-9]{1,2})\)\s", re.MULTILINE)
_TRAILING_PUNCT = " .,;:"

# --- Whole-phrase forms ----------------------------------------------------------------

_BARE = re.compile(rf"(?P<num>-?[0-9][0-9.,]*)\s*(?P<unit>{_UNIT})?", _I)
_RANGE = re.compile(
    rf"(?:(?:da|tra)\s+)?(?P<low>-?[0-9][0-9.,]*)\s*(?P<u1>{_UNIT})?"
    rf"\s*(?:-|\ba\b|\be\b)\s*(?P<high>-?[0-9][0-9.,]*)\s*(?P<u2>{_UNIT})?",
    _I,
)

# --- Signals inside a sentence ---------------------------------------------------------

_ESTIMATE = re.compile(r"\bcirca\b|\ball['’]incirca\b", _I)
_MONTHS_AFTER = re.compile(rf"\bentro\s+(?:[0-9]+|{_NUM_WORD})\s+mes[ei]\b", _I)
_SCALE = re.compile(
    rf"(?:\bsu\s+)?(?:\buna\s+)?\b(?:scala|valutazione)\s+da\s+(?P<min>{_NUM})\s+a\s+(?P<max>{_NUM})", _I
)
_ON_TIME = re.compile(
    r"\b(?:entro|nei|nel\s+rispetto\s+dei|rispetto\s+dei|secondo)\s+(?:i\s+|le\s+|gli\s+)?"
    r"(?:rispettiv[ei]\s+)?(?:termini|tempi|tempistiche|scadenze)\b",
    _I,
)
# "1 o > di 1", "1 o più": at least that number.
_OR_MORE = re.compile(
    rf"(?P<num>{_NUM})\s+o\s+(?:>|più|maggiore|superiore)(?:\s*(?:di|a)\s*(?P<again>{_NUM}))?", _I
)
_SYMBOL_RELATIVE = re.compile(r"^\s*(?P<cmp>>=|=>|<=|=<|>|<)\s*(?P<rest>(?!-?[0-9]).*)$", _I)
_REFERENCE = re.compile(
    rf"\b(?:del|dell['’]|al|all['’]|anno)\s*(?:anno\s+)?(?P<year>{_YEAR})\b"
    r"|\banno\s+n\s*-\s*(?P<back>[1-9][0-9]?)\b"
    r"|\banno\s+precedente\b",
    _I,
)
_TREND_UP = r"incrementare|incremento|aumentare|aumento|migliorare|miglioramento|crescita"
_TREND_DOWN = r"diminuzione|diminuire|riduzione|ridurre|calo|contenimento"
_TREND = re.compile(rf"\b(?:(?P<up>{_TREND_UP})|(?P<down>{_TREND_DOWN}))\b", _I)
_VERSUS = re.compile(
    r"\brispetto\s+(?:a|al|allo|alla|all['’]|agli|ai)\s*(?:anno\s+)?"
    rf"(?:(?P<year>{_YEAR})\b|n\s*-\s*(?P<back>[1-9][0-9]?)\b|precedente\b)",
    _I,
)
# Comparator words and symbols: (kind, strict). Longer forms first so that "non superiore"
# is not read as "superiore".
_COMPARATORS: dict[str, tuple[TargetKind, bool]] = {
    ">=": ("at_least", False),
    "=>": ("at_least", False),
    "<=": ("at_most", False),
    "=<": ("at_most", False),
    ">": ("at_least", True),
    "<": ("at_most", True),
    "non inferiore": ("at_least", False),
    "non minore": ("at_least", False),
    "non meno di": ("at_least", False),
    "almeno": ("at_least", False),
    "minimo": ("at_least", False),
    "pari o superiore": ("at_least", False),
    "uguale o superiore": ("at_least", False),
    "oltre": ("at_least", True),
    "superiore": ("at_least", True),
    "maggiore": ("at_least", True),
    "più di": ("at_least", True),
    "non superiore": ("at_most", False),
    "non maggiore": ("at_most", False),
    "non oltre": ("at_most", False),
    "non più di": ("at_most", False),
    "al massimo": ("at_most", False),
    "massimo": ("at_most", False),
    "pari o inferiore": ("at_most", False),
    "uguale o inferiore": ("at_most", False),
    "inferiore": ("at_most", True),
    "minore": ("at_most", True),
    "meno di": ("at_most", True),
}
_CMP_ALTERNATIVES = "|".join(
    re.escape(word) if not word[0].isalpha() else r"\b" + word.replace(" ", r"\s+") + r"\b"
    for word in sorted(_COMPARATORS, key=len, reverse=True)
)
_FILLER = (
    r"(?:(?:per|il|lo|la|al|allo|alla|del|della|a|ad|di|pari\s+a|pari\s+ad|livello)\s+"
    r"|(?:l|dell|all|nell)['’]\s*){0,4}"
)
_COMPARISON = re.compile(
    rf"(?P<cmp>{_CMP_ALTERNATIVES})\s*(?P<filler>{_FILLER})"
    rf"(?P<num>{_NUM}|{_NUM_WORD})(?:\s*(?P<unit>{_UNIT}))?(?:\s+(?P<noun>[^\W\d_]{{2,}}))?",
    _I,
)
# A comparator word and another year: "superiore all'anno n-1", "inferiore al 2016".
_WORD_RELATIVE = re.compile(
    rf"(?P<cmp>{_CMP_ALTERNATIVES})\s*(?:(?:a|al|all['’]|del|dell['’]|quell[oia]\s+dell['’])\s*)?"
    rf"(?:anno\s+(?:n\s*-\s*(?P<back>[1-9][0-9]?)\b|(?P<previous>precedente)\b)|anno\s+(?P<year>{_YEAR})\b)",
    _I,
)
# A share of items: "nel 90% dei casi", "realizzazione del 90% degli obiettivi",
# "aumento del 40% dei documenti".
_SHARE = re.compile(
    rf"(?:\bnel\s+|\bnell['’]\s*|\b(?:realizzazione|{_TREND_UP}|{_TREND_DOWN})\s+(?:del\s+|dell['’]\s*|di\s+))"
    rf"(?P<num>{_NUM})\s*%"
    rf"|(?P<num2>{_NUM})\s*%\s+(?:dei|degli|delle)\b",
    _I,
)
_CALENDAR_DEADLINE = re.compile(
    rf"\bentro\s+(?:(?:entro|il|la\s+fine\s+di|fine)\s+){{0,3}}"
    rf"(?:(?P<day>[0-9]{{1,2}})\s+)?(?P<month>{_MONTH})(?:\s+(?P<year>{_YEAR})\b)?"
    rf"(?P<more>\s*(?:\be\b|,|-)\s*(?:il\s+)?(?:[0-9]{{1,2}}\s+)?{_MONTH})?",
    _I,
)
_NUMERIC_DEADLINE = re.compile(
    r"\bentro\s+(?:(?:entro|il)\s+){0,2}(?P<day>[0-9]{1,2})[/.\-](?P<month>[0-9]{1,2})"
    rf"(?:[/.\-](?P<year>{_YEAR}))?(?![0-9])",
    _I,
)
_YEAR_END = re.compile(r"\b(?:entro\s+(?:la\s+)?|a\s+)fine\s+(?:dell['’]\s*)?anno\b", _I)
_DAYS = rf"(?P<days>[0-9]{{1,4}}|{_NUM_WORD})\s*(?:\bgg\b\.?|\bgiorni\b|\bgiorno\b)"
_EVENT = r"(?:\s*(?:\b(?:dal|dalla|dallo|dai|dalle|dagli)\s+|\bdall['’]\s*)(?P<event>[^,;.()\u00a6]*))?"
_WITHIN_DAYS = re.compile(rf"\bentro\s+(?:(?:entro|i)\s+){{0,2}}{_DAYS}{_EVENT}", _I)
_DAYS_FROM = re.compile(
    r"(?<![\w.,/\-])(?P<days>[0-9]{1,4})\s*(?:\bgg\b\.?|\bgiorni\b)\s*"
    r"(?:\b(?:dal|dalla|dallo|dai|dalle|dagli)\s+|\bdall['’]\s*)(?P<event>[^,;.()\u00a6]*)",
    _I,
)
# A number that is not a year (years are references or labels: "annualità 2016").
_NUM_OUTSIDE_YEARS = re.compile(rf"(?!{_YEAR}(?![0-9])){_NUM}")
_NUMBERED = re.compile(
    r"(?:\b(?P<label>[^\W\d_]{2,})\s+)?\bn\s*[.°]\s*(?P<num>[0-9]+)(?![0-9]|[.,/\-][0-9])"
    r"(?:\s+(?P<noun>[^\W\d_]{2,}))?",
    _I,
)
# Words before "n. 1" that make it a name, "number one", not a count: "obiettivo n. 1".
_NAMED_BY_NUMBER = frozenset(
    {
        "obiettivo", "progetto", "procedura", "delibera", "determina", "determinazione", "decreto",
        "art", "articolo", "punto", "allegato", "legge", "circolare", "verbale", "azione", "fase",
        "scheda", "tabella", "area", "programma", "linea",
    }
)  # fmt: skip
_COUNTED = re.compile(
    r"(?<![\w.,/\-\u00a6])(?P<num>[0-9]+)(?![0-9]|[.,/\-][0-9])\s+(?P<noun>[^\W\d_]{2,})", _I
)
_FIRST_WORD = re.compile(r"[^\W\d_]+")
# "aumento del 40%", "riduzione del 10%": a change over a base year, not a level.
_GROWTH = re.compile(
    rf"\b(?:(?P<up>{_TREND_UP})|(?P<down>{_TREND_DOWN}))\s+(?:del\s+|dell['’]\s*|di\s+)(?P<num>{_NUM})\s*%",
    _I,
)


@dataclass(frozen=True, slots=True)
class _Measure:
    """A threshold found in a sentence."""

    kind: TargetKind
    value: Decimal | None
    strict: bool = False
    unit: TargetUnit | None = None
    reference: Reference | None = None
    share: bool = False
    change: Change | None = None


# A deadline found in a sentence; None is a calendar deadline whose year is not known.
_Deadline = date | RelativeDeadline | None


@dataclass(slots=True)
class _Findings:
    """The signals of a phrase, with the sentence each came from."""

    measures: list[tuple[int, _Measure]] = field(default_factory=list)
    deadlines: list[tuple[int, _Deadline]] = field(default_factory=list)
    time_limits: list[tuple[int, Decimal]] = field(default_factory=list)
    on_time: list[int] = field(default_factory=list)
    deliverable: bool = False
    blocked: bool = False
    # Sub-target labels ("a)", "b)" on their own lines): a list of targets, not one.
    listed: int = 0

    def has_signals(self) -> bool:
        return bool(self.measures or self.deadlines or self.time_limits or self.on_time)


# --- Public API ------------------------------------------------------------------------

# The longest target of a real plan (Lucca 2018) has 983 characters. The bound keeps a pasted
# document from costing seconds of parsing: the time grows faster than the length.
TARGET_MAX_LENGTH = 2000


class TargetTooLong(EngineError):
    """A target phrase longer than TARGET_MAX_LENGTH; the message says so in Italian."""

    def __init__(self, length: int) -> None:
        self.length = length
        super().__init__(
            f"il target ha {length} caratteri: al massimo {TARGET_MAX_LENGTH}; "
            "un target è una frase, i dettagli vanno nella descrizione dell'indicatore"
        )


@dataclass(frozen=True, slots=True)
class Declared:
    """What an indicator declares about its figures: a bare number ("105,0%", "=>3") takes
    them instead of the defaults (higher is better, unit from the phrase)."""

    direction: Literal["higher", "lower"] | None = None
    unit: TargetUnit | None = None
    scale: Scale | None = None


_NOTHING_DECLARED = Declared()

# An indicator's unit as plans write it (free text), in the structured form's words.
_DECLARED_UNITS: dict[str, TargetUnit] = {
    "%": "%", "percentuale": "%", "euro": "eur", "eur": "eur", "€": "eur", "numero": "count",
    "count": "count", "giorni": "days", "gg": "days", "days": "days", "punteggio": "score",
    "score": "score",
}  # fmt: skip


_DIRECTIONS: dict[str, Literal["higher", "lower"]] = {
    "higher_is_better": "higher",
    "lower_is_better": "lower",
}


def declared_of(polarity: object, unit: object, scale: object) -> Declared:
    """What an indicator's `polarity`, `unit` and `scale` (plan file, database) declare."""
    declared_scale: Scale | None = None
    if isinstance(scale, dict) and "min" in scale and "max" in scale:
        low, high = Decimal(str(scale["min"])), Decimal(str(scale["max"]))
        if low < high:
            declared_scale = {"min": low, "max": high}
    return Declared(
        direction=_DIRECTIONS.get(str(polarity or "")),
        unit=_DECLARED_UNITS.get(str(unit or "").strip().lower()),
        scale=declared_scale,
    )


def parse_target(text: str, *, year: int | None = None, declared: Declared | None = None) -> Target:
    """The structured form of the target phrase `text`, read for a plan of `year`.

    Never raises on any `text` of at most TARGET_MAX_LENGTH characters; raises TargetTooLong for a
    longer one, and ValueError for a `year` no date can have.
    """
    return _analyse(text, year, declared or _NOTHING_DECLARED)[0]


def has_several_targets(text: str, *, year: int | None = None) -> bool:
    """Whether `text` holds two or more thresholds or deadlines (a list of sub-targets, two
    counts, a deadline of one item only): it is then qualitative, to be split in indicators."""
    if len(text) > TARGET_MAX_LENGTH:
        return False
    return _analyse(text, year, _NOTHING_DECLARED)[1]


def _analyse(text: str, year: int | None, declared: Declared) -> tuple[Target, bool]:
    """The target, and whether it was left qualitative because it holds several targets."""
    if year is not None and not MINYEAR <= year <= MAXYEAR:
        raise ValueError(f"year out of range: {year}")
    if len(text) > TARGET_MAX_LENGTH:
        raise TargetTooLong(len(text))
    qualitative = Target(text=text, kind="qualitative")
    if len(_LIST_ITEM.findall(text)) >= 2:
        # "a) ... b) ... g) ... entro novembre": each item is a target of its own.
        return qualitative, True
    phrase = _normalize(text)
    if not phrase:
        return qualitative, False

    scale, phrase, scale_ok = _take_scale(phrase)
    if not scale_ok:
        return qualitative, False
    if scale is None:
        scale = declared.scale
    main, asides = _split_parentheses(phrase)
    main = main.rstrip(_TRAILING_PUNCT)

    whole = _whole_phrase(text, main, scale, declared)
    if whole is not None:
        return whole, False

    findings = _find(main, year, scale)
    if not findings.blocked and not findings.has_signals() and not findings.deliverable:
        # Nothing in the main text: the figure may be in the parenthesis, as in
        # "Tempestiva evasione richieste mail (3 gg dalla richiesta)".
        findings = _find("; ".join(asides), year, scale)
    decided = _decide(text, findings, scale)
    if decided is not None:
        return decided, False
    return qualitative, _several(findings)


# --- Normalizing -----------------------------------------------------------------------


def _normalize(text: str) -> str:
    """One line, plain quotes and dashes, no list label ("1a)") or bullet."""
    normalized = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u2265", ">=")
        .replace("\u2264", "<=")
        .replace("\u2212", "-")
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace(_MARK.strip(), " ")
    )
    normalized = _WHITESPACE.sub(" ", normalized).strip()
    normalized = _LIST_LABEL.sub("", normalized, count=1)
    return _LEADING_BULLET.sub("", normalized, count=1)


def _take_scale(phrase: str) -> tuple[Scale | None, str, bool]:
    """The rating scale ("su valutazione da 1 a 5"), the phrase without it, and whether
    the phrase is still readable (False for a scale whose bounds are not a scale)."""
    match = _SCALE.search(phrase)
    if match is None:
        return None, phrase, True
    low, high = _number(match.group("min")), _number(match.group("max"))
    if low is None or high is None or low >= high:
        return None, phrase, False
    rest = phrase[: match.start()] + " " + phrase[match.end() :]
    return {"min": low, "max": high}, _WHITESPACE.sub(" ", rest).strip(), True


def _split_parentheses(phrase: str) -> tuple[str, list[str]]:
    """The phrase without its parenthesized asides, and the asides.

    Asides are comments ("(tempi sospensione pratiche)", "(fonte: ...)"); an unmatched
    parenthesis, frequent in text pulled out of PDF tables, is just dropped.
    """
    asides: list[str] = []
    main = phrase
    # Innermost first; every pass removes at least one pair, so this ends.
    while True:
        match = _INNER_PARENS.search(main)
        if match is None:
            break
        asides.append(match.group(1))
        main = main[: match.start()] + " " + main[match.end() :]
    main = _WHITESPACE.sub(" ", main.replace("(", " ").replace(")", " ")).strip()
    return main, asides


def _number(token: str) -> Decimal | None:
    """`token` as a Decimal, or None when it is not a plausible target number."""
    word = _NUMBER_WORDS.get(token.lower())
    if word is not None:
        return Decimal(word)
    try:
        value = parse_italian_number(token)
    except ValueError:
        return None
    if len(value.as_tuple().digits) > _MAX_DIGITS:
        return None
    return value


# --- Whole phrases: a bare number, a range ---------------------------------------------


def _whole_phrase(text: str, main: str, scale: Scale | None, declared: Declared) -> Target | None:
    """The phrase when it is only a number ("100%", "2", "80%") or a range ("85% - 90%").

    A bare number has no comparator: its direction, and its unit when the phrase does not
    write one, are the indicator's when it declares them.
    """
    bare = _BARE.fullmatch(main)
    if bare is not None:
        value = _number(bare.group("num"))
        if value is None:
            return Target(text=text, kind="qualitative")
        unit = _unit(bare.group("unit"), value, bare.group("num"), None, scale)
        if bare.group("unit") is None and declared.unit is not None and declared.scale is None:
            unit = declared.unit
        if declared.direction == "lower":
            return Target(text=text, kind="at_most", value=value, unit=unit, scale=scale)
        if unit == "%" and value == 100:
            return Target(text=text, kind="completion", value=value, unit="%")
        if unit in ("days", "eur") and declared.direction is None:
            return Target(text=text, kind="qualitative")
        return Target(text=text, kind="at_least", value=value, unit=unit, scale=scale)
    span = _RANGE.fullmatch(main)
    if span is not None:
        low, high = _number(span.group("low")), _number(span.group("high"))
        units = {_unit(u, None, "", None, None) for u in (span.group("u1"), span.group("u2")) if u}
        if low is None or high is None or low > high or len(units) > 1:
            return Target(text=text, kind="qualitative")
        unit = units.pop() if units else ("score" if scale else None)
        return Target(text=text, kind="range", low=low, high=high, unit=unit, scale=scale)
    return None


def _unit(
    written: str | None, value: Decimal | None, token: str, noun: str | None, scale: Scale | None
) -> TargetUnit | None:
    """The unit of a number from what follows it.

    Without a written unit, a number is a count when a noun follows ("2 iniziative") or
    when it is a small whole number (1-10, written without separators): such plans write
    counts of actions and events that way ("=>3"). Larger or decimal bare numbers are
    amounts whose unit the phrase does not say ("<= 26.000" euro per employee): None.
    """
    if written:
        mark = written.lower().rstrip(".")
        if mark == "%":
            return "%"
        if mark in ("gg", "giorni", "giorno"):
            return "days"
        return "eur"
    if scale is not None:
        return "score"
    if noun is not None and noun.lower() not in _NOT_COUNT_NOUNS:
        return "count"
    if value is not None and token.isdigit() and 0 <= value <= 10:
        return "count"
    if value is not None and token.lower() in _NUMBER_WORDS:
        return "count"
    return None


# --- Signals ---------------------------------------------------------------------------


def _find(main: str, year: int | None, scale: Scale | None) -> _Findings:
    """Every signal of `main`, sentence by sentence."""
    findings = _Findings()
    for index, raw in enumerate(_SENTENCE_SPLIT.split(main)):
        sentence = _SUBSET.sub("", raw).strip()
        if not sentence:
            continue
        if _ESTIMATE.search(sentence) or _MONTHS_AFTER.search(sentence):
            findings.blocked = True
            return findings
        sentence = _OFFICE_PREFIX.sub("", sentence, count=1)
        findings.deliverable = findings.deliverable or _is_deliverable(sentence)
        _find_in_sentence(sentence, index, year, scale, findings)
    return findings


def _is_deliverable(sentence: str) -> bool:
    first = _FIRST_WORD.search(sentence)
    if first is not None and first.group(0).lower() in _DELIVERABLES:
        return True
    return _DOCUMENT_WORDS.search(sentence) is not None


def _find_in_sentence(
    sentence: str, index: int, year: int | None, scale: Scale | None, out: _Findings
) -> None:
    """Record the signals of one sentence in `out`, most specific forms first.

    Each form consumes the text it matched, so a later, looser form ("10 controlli") cannot
    read the same number again.
    """
    rest = sentence
    for extract in (
        _extract_on_time,
        _extract_symbol_relative,
        _extract_word_relative,
        _extract_growth,
        _extract_trend_relative,
        _extract_or_more,
        _extract_comparisons,
        _extract_shares,
        _extract_calendar_deadlines,
        _extract_day_limits,
        _extract_counts,
    ):
        rest = extract(rest, index, year, scale, out)
        if out.blocked:
            return


def _consume(pattern: re.Pattern[str], text: str, handle: Callable[[re.Match[str]], object]) -> str:
    """Call `handle` on every match of `pattern` in `text`; the text without the matches."""
    return pattern.sub(lambda match: (handle(match), _MARK)[1], text)


def _extract_on_time(text: str, index: int, year: int | None, scale: Scale | None, out: _Findings) -> str:
    return _consume(_ON_TIME, text, lambda match: out.on_time.append(index))


def _extract_symbol_relative(
    text: str, index: int, year: int | None, scale: Scale | None, out: _Findings
) -> str:
    """ "> del 2016", "< anno 2014", "<= anno n-1", "> % PEC valide rispetto all'anno n-1"."""
    match = _SYMBOL_RELATIVE.match(text)
    if match is None:
        return text
    rest = match.group("rest")
    reference = _reference(_REFERENCE.search(rest))
    if reference is None:
        return text
    kind, strict = _COMPARATORS[match.group("cmp")]
    unit: TargetUnit | None = "%" if rest.lstrip().startswith("%") else None
    out.measures.append(
        (index, _Measure(kind=kind, value=None, strict=strict, unit=unit, reference=reference))
    )
    return _MARK


def _extract_word_relative(
    text: str, index: int, year: int | None, scale: Scale | None, out: _Findings
) -> str:
    """ "superiore all'anno n-1", "non inferiore all'anno precedente": that year's actual."""

    def handle(match: re.Match[str]) -> None:
        kind, strict = _COMPARATORS[_comparator_key(match.group("cmp"))]
        out.measures.append(
            (index, _Measure(kind=kind, value=None, strict=strict, reference=_reference(match)))
        )

    return _consume(_WORD_RELATIVE, text, handle)


def _extract_growth(text: str, index: int, year: int | None, scale: Scale | None, out: _Findings) -> str:
    """ "aumento del 40% dei documenti": at least the previous year's actual plus 40 %,
    unless another base is named ("riduzione del 10% rispetto al 2017")."""
    match = _GROWTH.search(text)
    if match is None:
        return text
    percent = _number(match.group("num"))
    if percent is None or percent <= 0 or (match.group("down") and percent >= 100):
        out.blocked = True
        return text
    rest = text[: match.start()] + _MARK + text[match.end() :]
    versus = _VERSUS.search(rest)
    reference: Reference = {"years_back": 1}
    if versus is not None:
        named = _reference(versus)
        if named is not None:
            reference = named
        rest = rest[: versus.start()] + _MARK + rest[versus.end() :]
    up = match.group("up") is not None
    change: Change = {"percent": percent if up else -percent}
    out.measures.append(
        (
            index,
            _Measure(kind="at_least" if up else "at_most", value=None, reference=reference, change=change),
        )
    )
    return rest


def _extract_trend_relative(
    text: str, index: int, year: int | None, scale: Scale | None, out: _Findings
) -> str:
    """ "diminuzione ... rispetto all'anno precedente", "da incrementare rispetto al 2017"."""
    versus = _VERSUS.search(text)
    trend = _TREND.search(text)
    if versus is None or trend is None:
        return text
    reference = _reference(versus)
    if reference is None:
        return text
    if _NUM_OUTSIDE_YEARS.search(text[: versus.start()] + text[versus.end() :]):
        # "riduzione del 10% rispetto al 2017": a figure and a reference together have
        # more than one reading.
        out.blocked = True
        return text
    kind: TargetKind = "at_least" if trend.group("up") else "at_most"
    unit: TargetUnit | None = "%" if re.search(r"%|\bpercentuale\b", text, _I) else None
    out.measures.append((index, _Measure(kind=kind, value=None, strict=True, unit=unit, reference=reference)))
    return _MARK


def _reference(match: re.Match[str] | None) -> Reference | None:
    """The reference year of a match of _REFERENCE or _VERSUS."""
    if match is None:
        return None
    if match.groupdict().get("year"):
        return {"year": int(match.group("year"))}
    back = match.group("back")
    return {"years_back": 1 if back is None else int(back)}


def _extract_or_more(text: str, index: int, year: int | None, scale: Scale | None, out: _Findings) -> str:
    """ "1 o > di 1", "2 o più": at least that number."""

    def handle(match: re.Match[str]) -> None:
        value = _number(match.group("num"))
        again = match.group("again")
        if value is None or (again is not None and _number(again) != value):
            out.blocked = True
            return
        unit = _unit(None, value, match.group("num"), None, scale)
        out.measures.append((index, _Measure(kind="at_least", value=value, unit=unit)))

    return _consume(_OR_MORE, text, handle)


def _extract_comparisons(text: str, index: int, year: int | None, scale: Scale | None, out: _Findings) -> str:
    """A comparator and a number: ">= 83%", "non superiore al 10%", "almeno 2 iniziative"."""

    def handle(match: re.Match[str]) -> None:
        token = match.group("num")
        value = _number(token)
        if value is None:
            out.blocked = True
            return
        kind, strict = _COMPARATORS[_comparator_key(match.group("cmp"))]
        filler = match.group("filler").lower()
        if (
            match.group("unit") is None
            and re.fullmatch(_YEAR, token)
            and re.search(r"(?:\bdel|\bal|['’])\s*$", filler)
        ):
            # "superiore al 2016": the actual of that year, not the number 2016.
            out.measures.append(
                (index, _Measure(kind=kind, value=None, strict=strict, reference={"year": int(token)}))
            )
            return
        unit = _unit(match.group("unit"), value, token, match.group("noun"), scale)
        out.measures.append(
            (index, _Measure(kind=kind, value=value, strict=strict, unit=unit, share=unit == "%"))
        )

    return _consume(_COMPARISON, text, handle)


def _comparator_key(written: str) -> str:
    """The _COMPARATORS key of a comparator as written (any case, any spacing)."""
    return _WHITESPACE.sub(" ", written.lower())


def _extract_shares(text: str, index: int, year: int | None, scale: Scale | None, out: _Findings) -> str:
    """A share of items with no comparator: "nel 90% dei casi" is at least 90 %."""

    def handle(match: re.Match[str]) -> None:
        token = match.group("num") or match.group("num2")
        value = _number(token)
        if value is None:
            out.blocked = True
            return
        out.measures.append((index, _Measure(kind="at_least", value=value, unit="%", share=True)))

    return _consume(_SHARE, text, handle)


def _extract_calendar_deadlines(
    text: str, index: int, year: int | None, scale: Scale | None, out: _Findings
) -> str:
    """ "entro aprile", "entro il 30 giugno", "entro dicembre 2018", "entro 31/12/2018"."""

    def by_name(match: re.Match[str]) -> None:
        if match.group("more"):  # "entro luglio e dicembre": two deadlines
            out.deadlines.append((index, None))
        month = _MONTHS[match.group("month").lower()]
        _add_date(match.group("day"), month, match.group("year"), index, year, out)

    def by_digits(match: re.Match[str]) -> None:
        month = int(match.group("month"))
        if not 1 <= month <= 12:
            out.blocked = True
            return
        _add_date(match.group("day"), month, match.group("year"), index, year, out)

    def year_end(match: re.Match[str]) -> None:
        _add_date("31", 12, None, index, year, out)

    text = _consume(_CALENDAR_DEADLINE, text, by_name)
    text = _consume(_NUMERIC_DEADLINE, text, by_digits)
    return _consume(_YEAR_END, text, year_end)


def _add_date(
    day: str | None, month: int, written_year: str | None, index: int, year: int | None, out: _Findings
) -> None:
    """Record the deadline day/month/year, or block the phrase when no such day exists."""
    resolved_year = int(written_year) if written_year else year
    if resolved_year is None:
        # No year to put it in: a calendar deadline, unresolved. Check the day as far as
        # possible (29 February is possible in some year).
        if day is not None and not 1 <= int(day) <= calendar.monthrange(2000, month)[1]:
            out.blocked = True
            return
        out.deadlines.append((index, None))
        return
    last = calendar.monthrange(resolved_year, month)[1]
    day_number = last if day is None else int(day)
    if not 1 <= day_number <= last:
        out.blocked = True
        return
    out.deadlines.append((index, date(resolved_year, month, day_number)))


def _extract_day_limits(text: str, index: int, year: int | None, scale: Scale | None, out: _Findings) -> str:
    """ "entro 60 giorni dal Decreto" (a deadline), "entro 5 gg", "30 gg dalla richiesta"."""

    def handle(match: re.Match[str]) -> None:
        days = _number(match.group("days"))
        if days is None:
            out.blocked = True
            return
        event = (match.group("event") or "").strip().rstrip(_TRAILING_PUNCT)
        if not event or _is_per_item(event):
            out.time_limits.append((index, days))
            return
        out.deadlines.append((index, {"days_after": int(days), "event": event}))

    text = _consume(_WITHIN_DAYS, text, handle)
    return _consume(_DAYS_FROM, text, handle)


def _is_per_item(event: str) -> bool:
    words = [word.lower() for word in _FIRST_WORD.findall(event)[:2]]
    if words and words[0] in ("loro", "sua", "suo", "propria", "proprio"):
        words = words[1:]
    return bool(words) and words[0] in _PER_ITEM_EVENTS


def _extract_counts(text: str, index: int, year: int | None, scale: Scale | None, out: _Findings) -> str:
    """Counts without a comparator: "n. 3 eventi", "10 controlli": at least that many."""

    def count(match: re.Match[str]) -> None:
        value = _number(match.group("num"))
        if value is None:
            out.blocked = True
            return
        out.measures.append((index, _Measure(kind="at_least", value=value, unit="count")))

    def numbered(match: re.Match[str]) -> str:
        # "n. 3 eventi" counts events; "obiettivo n. 1", or "n. 1" with no word after it, is
        # the name "number one": never a threshold (the words around it stay).
        label, noun = match.group("label"), match.group("noun")
        if label is not None and label.lower() in _NAMED_BY_NUMBER:
            return _MARK
        if noun is None:
            return _MARK
        count(match)
        return (label or "") + _MARK + noun

    def counted(match: re.Match[str]) -> str:
        token, noun = match.group("num"), match.group("noun")
        if noun.lower() not in _NOT_COUNT_NOUNS and not re.fullmatch(_YEAR, token):
            count(match)
        return match.group(0)

    text = _NUMBERED.sub(numbered, text)
    return _COUNTED.sub(counted, text)


def _several(findings: _Findings) -> bool:
    """Whether the signals are more than one target (not a phrase blocked for another reason)."""
    if findings.blocked:
        return False
    thresholds = len(findings.measures) + len(findings.time_limits)
    return thresholds > 1 or len(findings.deadlines) > 1 or (thresholds >= 1 and len(findings.deadlines) >= 1)


# --- Deciding --------------------------------------------------------------------------


def _decide(text: str, findings: _Findings, scale: Scale | None) -> Target | None:
    """The target the signals agree on, or None (qualitative)."""
    if findings.blocked:
        return None
    measures = list(findings.measures)
    if not any(measure.share for _, measure in measures):
        # A time limit is a target of its own unless it qualifies a share's items.
        measures += [
            (index, _Measure(kind="at_most", value=days, unit="days")) for index, days in findings.time_limits
        ]
    sentences = {index for index, _ in measures} | {index for index, _ in findings.deadlines}
    sentences |= set(findings.on_time)
    if len(sentences) > 1 or len(measures) > 1 or len(findings.deadlines) > 1:
        return None
    deadline = findings.deadlines[0][1] if findings.deadlines else None
    if measures:
        measure = measures[0][1]
        return Target(
            text=text,
            kind=measure.kind,
            value=measure.value,
            strict=measure.strict,
            unit=measure.unit,
            scale=scale,
            reference=measure.reference,
            deadline=deadline,
            change=measure.change,
        )
    if findings.deadlines:
        return Target(text=text, kind="deadline", deadline=deadline)
    if findings.on_time or findings.deliverable:
        return Target(text=text, kind="milestone")
    return None
