"""The method note of a document follows the policy its figures were computed with.

The reader who checks the document against the data: change the SMVP (green from 90 %, a floor,
a strict-equality score), and the note must say the new rules; a mid-year report must not say
that an indicator without a value counts as 0 %.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from cannocchiale.engine.policy import DEFAULT_POLICY, Band, StatusRule
from cannocchiale.reports.documents.method import method_sentences


def note(**changes: object) -> str:
    return " ".join(method_sentences(replace(DEFAULT_POLICY, **changes), final=True))  # type: ignore[arg-type]


def test_the_default_note_states_the_traffic_light_thresholds() -> None:
    assert "verde da 100 %, giallo da 90 %, rosso altrimenti" in note()


def test_a_policy_green_from_90_is_stated_as_such() -> None:
    rules = (
        StatusRule(Decimal(90), "green"),
        StatusRule(Decimal(60), "yellow"),
        StatusRule(Decimal(0), "red"),
    )
    assert "verde da 90 %, giallo da 60 %, rosso altrimenti" in note(status_rules=rules)


def test_strict_equality_floor_and_bands_follow_the_policy() -> None:
    text = note(
        strict_equal=Decimal(95),
        floor=Decimal(40),
        bands=(Band(Decimal(40), Decimal(100), Decimal(50), Decimal(100), high_inclusive=True),),
    )
    assert "soltanto eguagliato vale 95 %" in text
    assert "inferiore al 40 % vale 0 %, prima dell'applicazione delle fasce" in text
    assert "da 40 % a 100 % → da 50 % a 100 % in proporzione" in text
    assert "inferiore al" not in note()


def test_late_deadlines_follow_the_policy() -> None:
    assert "in ritardo vale 0 %" in note()
    assert "perde 2 % per ogni giorno" in note(late_penalty_per_day=Decimal(2), late_grace_days=5)
    assert "tolleranza di 5 giorni" in note(late_penalty_per_day=Decimal(2), late_grace_days=5)


def test_a_mid_year_note_never_says_a_missing_value_counts_as_zero() -> None:
    during = " ".join(method_sentences(DEFAULT_POLICY, final=False))
    assert "esclusi dalle medie" in during
    assert "senza valore vale 0 %" not in during
    assert "senza valore vale 0 %" in note()
