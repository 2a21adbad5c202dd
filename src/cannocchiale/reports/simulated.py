"""Simulated data is marked where it is read: the demo's invented results must never pass for real ones."""

from __future__ import annotations

from collections.abc import Iterable

from cannocchiale.monitoring.models import Measurement

# Every simulated measurement's note starts with this; the demo data set writes it, documents look for it.
SIMULATED_NOTE = "Valore simulato"
SIMULATED_BANNER = "Dati simulati"


def is_simulated(measurement: Measurement) -> bool:
    return measurement.note.startswith(SIMULATED_NOTE)


def any_simulated(measurements: Iterable[Measurement]) -> bool:
    return any(is_simulated(m) for m in measurements)
