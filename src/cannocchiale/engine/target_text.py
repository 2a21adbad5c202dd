"""A target's structured form said back in Italian, so a person can check how it was understood."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cannocchiale.engine.explanation import format_number
from cannocchiale.engine.target import Target

_UNITS = {"%": " %", "days": " giorni", "eur": " €", "count": "", "score": ""}
_MONTHS = (
    "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
    "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
)  # fmt: skip


def _amount(value: Decimal | None, unit: str | None) -> str:
    return f"{format_number(value)}{_UNITS.get(unit or '', '')}"


def italian_date(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _reference(target: Target) -> str:
    """«valore effettivo del 2016», to follow «del», «al»: Italian joins them as «del valore…»."""
    reference = target.reference or {}
    if "year" in reference:
        return f"valore effettivo del {reference['year']}"
    back = reference.get("years_back", 1)
    return "valore effettivo dell'anno precedente" if back == 1 else f"valore effettivo di {back} anni prima"


def describe_target(target: Target) -> str:
    """E.g. «almeno 83 %», «meno di 5 giorni», «entro il 30 aprile 2018», «non compreso: …»."""
    kind = target.kind
    if kind == "qualitative":
        return "non compreso: sarà valutato da una persona, con una motivazione scritta"
    if kind == "completion":
        return f"completamento: {_amount(target.value, target.unit)}"
    if kind == "milestone":
        return "traguardo: realizzato o non realizzato"
    if kind == "range":
        return f"tra {_amount(target.low, target.unit)} e {_amount(target.high, target.unit)}"
    if kind == "deadline":
        deadline = target.deadline
        if isinstance(deadline, date):
            return f"entro il {italian_date(deadline)}"
        if isinstance(deadline, dict):
            return f"entro {deadline['days_after']} giorni da: {deadline['event']}"
        return "entro una scadenza il cui anno non è ancora noto"
    at_least = kind == "at_least"
    if target.change is not None and target.reference is not None:
        return _describe_change(target, at_least)
    if target.value is None and target.reference is not None:
        if at_least:
            word = "più del" if target.strict else "almeno pari al"
        else:
            word = "meno del" if target.strict else "non più del"
        return f"{word} {_reference(target)}"
    if at_least:
        word = "più di" if target.strict else "almeno"
    else:
        word = "meno di" if target.strict else "al massimo"
    text = f"{word} {_amount(target.value, target.unit)}"
    if target.scale is not None:
        low, high = format_number(target.scale["min"]), format_number(target.scale["max"])
        text += f" su una scala da {low} a {high}"
    if target.reference is not None:
        text += f", rispetto al {_reference(target)}"
    if isinstance(target.deadline, date):
        text += f", entro il {italian_date(target.deadline)}"
    return text


def _describe_change(target: Target, at_least: bool) -> str:
    """«almeno il valore effettivo dell'anno precedente aumentato del 40 % (1,4 volte)»."""
    assert target.change is not None
    percent = target.change["percent"]
    factor = format_number((Decimal(100) + percent) / Decimal(100))
    word = (
        ("più del" if target.strict else "almeno il")
        if at_least
        else ("meno del" if target.strict else "non più del")
    )
    moved = "aumentato" if percent >= 0 else "ridotto"
    amount = format_number(abs(percent))
    return f"{word} {_reference(target)} {moved} del {amount} % ({factor} volte quel valore)"
