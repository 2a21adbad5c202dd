"""Every target phrase of the seed plan (Piano della Performance 2018-2019, CCIAA di Lucca).

The phrases and their expected kinds are in seed_target_phrases.txt; the file's header
lists the phrases left qualitative and why.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cannocchiale.engine.target_parser import parse_target

PLAN_YEAR = 2018
PHRASES_FILE = Path(__file__).with_name("seed_target_phrases.txt")


def _load() -> list[tuple[str, str]]:
    phrases = []
    for line in PHRASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        text, kind = line.split("\t")
        phrases.append((text, kind))
    return phrases


SEED = _load()


def test_the_file_is_sound() -> None:
    texts = [text for text, _ in SEED]
    assert len(texts) == len(set(texts)), "each phrase once"
    assert 150 <= len(texts) <= 250


@pytest.mark.parametrize(("text", "kind"), SEED, ids=[text[:40] for text, _ in SEED])
def test_kind(text: str, kind: str) -> None:
    assert parse_target(text, year=PLAN_YEAR).kind == kind


def test_almost_all_understood() -> None:
    understood = sum(parse_target(text, year=PLAN_YEAR).understood for text, _ in SEED)
    assert understood / len(SEED) > 0.93


# A sample of the seed with every understood field.
DETAILS: dict[str, dict[str, Any]] = {
    "100%": {"kind": "completion", "value": Decimal(100), "unit": "%"},
    "=>3": {"kind": "at_least", "value": Decimal(3), "unit": "count"},
    "=> 2 (almeno 1 in ambito diverso da quelle anno n-1).": {
        "kind": "at_least",
        "value": Decimal(2),
        "unit": "count",
    },
    "< 5gg": {"kind": "at_most", "value": Decimal(5), "strict": True, "unit": "days"},
    "<= 26.000": {"kind": "at_most", "value": Decimal(26000), "unit": None},
    "<= -20%": {"kind": "at_most", "value": Decimal(-20), "unit": "%"},
    "<= 90,0": {"kind": "at_most", "value": Decimal(90), "unit": None},
    ">= 83%": {"kind": "at_least", "value": Decimal(83), "strict": False, "unit": "%"},
    "380% - 390%": {"kind": "range", "low": Decimal(380), "high": Decimal(390), "unit": "%"},
    "70% - 80%": {"kind": "range", "low": Decimal(70), "high": Decimal(80), "unit": "%"},
    "> del 2016": {"kind": "at_least", "strict": True, "value": None, "reference": {"year": 2016}},
    "< anno 2014": {"kind": "at_most", "strict": True, "reference": {"year": 2014}},
    "<= anno n-1": {"kind": "at_most", "strict": False, "reference": {"years_back": 1}},
    "> % PEC valide rispetto all'anno n-1": {
        "kind": "at_least",
        "strict": True,
        "unit": "%",
        "reference": {"years_back": 1},
    },
    "raggiungimento almeno livello 3,5 su valutazione da 1 a 5": {
        "kind": "at_least",
        "value": Decimal("3.5"),
        "unit": "score",
        "scale": {"min": Decimal(1), "max": Decimal(5)},
    },
    "scostamento medio non superiore al 10% se adeguatamente motivato": {
        "kind": "at_most",
        "value": Decimal(10),
        "strict": False,
        "unit": "%",
    },
    "oltre 90% dei documenti in entrata/uscita fascicolati entro 45 gg dalla loro creazione per "
    "permettere la conservazione anticipata;": {
        "kind": "at_least",
        "value": Decimal(90),
        "strict": True,
        "unit": "%",
        "deadline": None,
    },
    "entro Aprile": {"kind": "deadline", "deadline": date(2018, 4, 30)},
    "entro febbraio": {"kind": "deadline", "deadline": date(2018, 2, 28)},
    "APE - entro il 30 aprile": {"kind": "deadline", "deadline": date(2018, 4, 30)},
    "entro Dicembre 2018": {"kind": "deadline", "deadline": date(2018, 12, 31)},
    "Realizzazione entro 30/6/2018": {"kind": "deadline", "deadline": date(2018, 6, 30)},
    "Definizione delle azioni di dettaglio e del relativo cronoprogramma entro 60 giorni dal Decreto "
    "di approvazione del MISE": {
        "kind": "deadline",
        "deadline": {"days_after": 60, "event": "Decreto di approvazione del MISE"},
    },
    "entro 15 gg dalla chiusura del monitoraggio": {
        "kind": "deadline",
        "deadline": {"days_after": 15, "event": "chiusura del monitoraggio"},
    },
    "realizzazione": {"kind": "milestone", "value": None, "deadline": None},
    "report finale": {"kind": "milestone"},
    "RI - Attivazione": {"kind": "milestone"},
    "almeno 2 iniziative": {"kind": "at_least", "value": Decimal(2), "unit": "count"},
    "Almeno un seminario": {"kind": "at_least", "value": Decimal(1), "unit": "count"},
    "inserimento di n.3 nuove imprese.": {"kind": "at_least", "value": Decimal(3), "unit": "count"},
    "n. 1 azione entro dicembre": {
        "kind": "at_least",
        "value": Decimal(1),
        "unit": "count",
        "deadline": date(2018, 12, 31),
    },
    "1 corso di aggiornamento (entro ottobre": {
        "kind": "at_least",
        "value": Decimal(1),
        "unit": "count",
        "deadline": date(2018, 10, 31),
    },
    "Almeno 2 campagne, di cui almeno una in ambito diverso da quelle degli anni precedenti": {
        "kind": "at_least",
        "value": Decimal(2),
        "unit": "count",
    },
    "RI: Risultato atteso: non superiore a 5 gg (fonte: Monitoraggio tempi medi di evasione. "
    "Rilevazione al 31.01.2019)": {"kind": "at_most", "value": Decimal(5), "unit": "days"},
    "Tempestiva evasione richieste mail ( 3 gg dalla richiesta)": {
        "kind": "at_most",
        "value": Decimal(3),
        "unit": "days",
    },
    "corretta applicazione del titolario nell’80% dei casi": {
        "kind": "at_least",
        "value": Decimal(80),
        "unit": "%",
    },
    "Incassi da sollecito 2017/2018 pari ad almeno il 10% del credito a Dicembre 2017 (dati di "
    "consuntivo).": {"kind": "at_least", "value": Decimal(10), "unit": "%", "deadline": None},
    "prevista una diminuzione dei tempi di sospensione delle pratiche rispetto all'anno precedente": {
        "kind": "at_most",
        "strict": True,
        "reference": {"years_back": 1},
    },
    "Risultato atteso 1 o > di 1 (corredare il dato con indicazione contratti attivati);": {
        "kind": "at_least",
        "value": Decimal(1),
        "strict": False,
    },
}


@pytest.mark.parametrize("text", list(DETAILS), ids=[text[:40] for text in DETAILS])
def test_details(text: str) -> None:
    assert text in dict(SEED), "the sample comes from the seed file"
    target = parse_target(text, year=PLAN_YEAR)
    for name, expected in DETAILS[text].items():
        assert getattr(target, name) == expected, name
