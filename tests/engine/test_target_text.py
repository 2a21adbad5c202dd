"""Each way a target can be understood reads back as a plain Italian sentence."""

from __future__ import annotations

import pytest

from cannocchiale.engine.target_parser import parse_target
from cannocchiale.engine.target_text import describe_target


@pytest.mark.parametrize(
    ("phrase", "said"),
    [
        (">= 83%", "almeno 83 %"),
        ("< 5gg", "meno di 5 giorni"),
        ("<= 26.000", "al massimo 26.000"),
        ("380% - 390%", "tra 380 % e 390 %"),
        ("100%", "completamento: 100 %"),
        ("entro aprile", "entro il 30 aprile 2018"),
        ("entro 60 giorni dal Decreto", "entro 60 giorni da: Decreto"),
        ("realizzazione", "traguardo: realizzato o non realizzato"),
        ("> del 2016", "più del valore effettivo del 2016"),
        ("<= anno n-1", "non più del valore effettivo dell'anno precedente"),
        ("raggiungimento almeno livello 3,5 su valutazione da 1 a 5", "almeno 3,5 su una scala da 1 a 5"),
        ("come da cronoprogramma", "non compreso: sarà valutato da una persona, con una motivazione scritta"),
    ],
)
def test_targets_read_back_in_italian(phrase: str, said: str) -> None:
    assert describe_target(parse_target(phrase, year=2018)) == said


def test_a_month_deadline_without_a_year_says_the_year_is_unknown() -> None:
    assert describe_target(parse_target("entro aprile")) == "entro una scadenza il cui anno non è ancora noto"
