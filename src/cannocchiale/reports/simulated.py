"""Simulated data is marked where it is read: the demo's invented results must never pass for real ones."""

from __future__ import annotations

from collections.abc import Iterable

from cannocchiale.monitoring.models import Measurement

# The demo data set's notes start with this, for the reader; what marks a value is its `simulated` flag.
SIMULATED_NOTE = "Valore simulato"
SIMULATED_BANNER = "Dati simulati"


def is_simulated(measurement: Measurement) -> bool:
    return measurement.simulated


def any_simulated(measurements: Iterable[Measurement]) -> bool:
    return any(is_simulated(m) for m in measurements)
