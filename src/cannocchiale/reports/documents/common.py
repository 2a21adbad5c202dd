"""Small helpers the document builders share: figures printed the Italian way, progress, simulated data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from cannocchiale.engine.explanation import format_euro, format_percent
from cannocchiale.oversight.models import Validation
from cannocchiale.reports.documents.model import Cell, Column

Progress = Callable[[int, str], None]

STATUS_WORDS = {"green": "verde", "yellow": "giallo", "red": "rosso"}
SIMULATED_WARNING = (
    "Dati simulati. I valori rilevati per il {year} in questo documento non sono dati reali: "
    "sono stati simulati per la dimostrazione di Cannocchiale, perché i risultati effettivi non "
    "sono contenuti nel Piano di partenza. Ogni valore simulato riporta la nota «Valore simulato»."
)


def act_words(act: Validation) -> str:
    """A recorded act as documents name it: "Verbale OIV n. 7 del 20/06/2019"."""
    return f"{act.act_reference} del {act.act_date:%d/%m/%Y}"


def no_progress(_percent: int, _message: str) -> None:
    return None


def money(value: Decimal | None) -> Cell:
    return Cell(format_euro(value) if value is not None else "—", value)


def money_total(value: Decimal) -> Cell:
    return Cell(format_euro(value), value, bold=True)


def percent(value: Decimal | None) -> Cell:
    return Cell(format_percent(value), value)


def status(code: str | None) -> Cell:
    word = STATUS_WORDS.get(code or "", "non calcolato")
    return Cell(word, None, status=code)


def text(value: object) -> Cell:
    return Cell(str(value) if value not in (None, "") else "—")


def total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def money_column(label: str) -> Column:
    return Column(label, 3, "right", '#,##0.00 "€"')


def percent_column(label: str) -> Column:
    # Achievements are kept as percentages (83.3); the workbook stores the fraction, shown to one decimal.
    return Column(label, 3, "right", "0.0%", percent=True)
