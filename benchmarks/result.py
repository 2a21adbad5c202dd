"""A measured figure beside its floor: what every benchmark returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_name: str = ""
    goal: str = ""
    met: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.value / self.floor

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}

    def line(self) -> str:
        floor = f"{self.floor:>10.4g} {self.unit:<3}" if self.floor is not None else f"{'—':>10} {'':<3}"
        ratio = f"{self.ratio:>7.2f}×" if self.ratio is not None else f"{'—':>8}"
        verdict = {True: "sì", False: "NO", None: ""}[self.met]
        return (
            f"{self.name:<44} {self.value:>10.4g} {self.unit:<3} {floor} {ratio}  {self.goal:<26} {verdict}"
        )


HEADER = f"{'misura':<44} {'valore':>14} {'limite (floor)':>14} {'rapporto':>8}  {'obiettivo':<26} ok"
