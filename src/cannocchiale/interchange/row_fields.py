"""The parts of the row builder (`interchange/rows.py`): how a level of rows is saved, and the
fields of the rows read from a document's entries, the one reading of each.

Shared by the row builder (the importer's and the bulk path's) and by the loader of a data set of
measurements: a number is an exact decimal, a date an ISO date, a target phrase is read by the
indicator's declared direction, unit and scale, as validation reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.db import models

from cannocchiale.engine.target_parser import Declared, declared_of, parse_target
from cannocchiale.organization.models import Organization, OrgUnit, Position
from cannocchiale.planning.models import (
    AnnualObjective,
    Indicator,
    Plan,
    Project,
    StrategicArea,
    StrategicObjective,
)


def text_of(value: Any) -> str:
    return "" if value is None else str(value)


def date_of(value: str | dt.date | None) -> dt.date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def decimal_of(value: Any) -> Decimal | None:
    """A document number as an exact decimal: the importer's files carry decimals already, the
    generator's documents ints and floats from round(x, 2), read through their shortest form."""
    return None if value is None else value if isinstance(value, Decimal) else Decimal(str(value))


def organization_fields(data: dict[str, Any]) -> dict[str, Any]:
    """An organization's fields but its code, from the document's `organization`."""
    return {
        "name": data["name"],
        "kind": text_of(data.get("kind")),
        "staff": data.get("staff"),
        "mission": text_of(data.get("mission")),
        "vision": text_of(data.get("vision")),
        "values": list(data.get("values") or []),
    }


def unit_fields(data: dict[str, Any], *, parent: OrgUnit | None, position: int) -> dict[str, Any]:
    return {
        "name": data["name"],
        "kind": data["kind"],
        "parent": parent,
        "staff": data.get("staff"),
        "position": position,
    }


def position_fields(data: dict[str, Any], *, units: dict[str, OrgUnit], position: int) -> dict[str, Any]:
    return {
        "role": data["role"],
        "title": text_of(data.get("title")),
        "unit": units[data["unit"]] if data.get("unit") else None,
        "holder": text_of(data.get("holder")),
        "position": position,
    }


class TargetReader:
    """Reads target phrases as validation reads them; a plan repeats phrases, each is parsed once."""

    def __init__(self) -> None:
        self._read: dict[tuple[Any, ...], dict[str, Any]] = {}

    def fields(self, entry: dict[str, Any], declared: Declared | None = None) -> dict[str, Any]:
        """A target row's fields: the text as written and the structured form the engine reads."""
        text, year = str(entry["text"]), entry["year"]
        scale = sorted((declared.scale or {}).items()) if declared else []
        key = (text, year, declared and declared.direction, declared and declared.unit, tuple(scale))
        if key not in self._read:
            parsed = parse_target(text, year=year, declared=declared)
            self._read[key] = {"text": parsed.text, "kind": parsed.kind, "structured": parsed.to_dict()}
        return {"year": year, **self._read[key]}


def indicator_declared(data: dict[str, Any]) -> Declared:
    """What a document's indicator declares about a bare number: direction, unit, scale."""
    return declared_of(data.get("polarity"), data.get("unit"), data.get("scale"))


def measurement_fields(
    organization: Organization, indicator: Indicator, data: dict[str, Any]
) -> dict[str, Any]:
    """A measurement's fields from a document's entry (the plan file's, or a data set's of measurements)."""
    return {
        "organization": organization,
        "indicator": indicator,
        "date": date_of(data["date"]),
        "value": decimal_of(data.get("value")),
        "done": data.get("done"),
        "completed_on": date_of(data.get("completed_on")),
        "assessed": decimal_of(data.get("assessed")),
        "justification": text_of(data.get("justification")),
        "note": text_of(data.get("note")),
        "entered_by_name": text_of(data.get("entered_by")),
        # What marks a value as invented is this flag, never the words of its note.
        "simulated": bool(data.get("simulated", False)),
    }


class Insert(Protocol):
    """Saves `rows` of `model` and returns them, primary keys set."""

    def __call__[M: models.Model](self, model: type[M], rows: list[M], /) -> Sequence[M]: ...


@dataclass(eq=False)
class DocumentRows:
    """One document's saved rows, keyed by code as the document names them."""

    document: dict[str, Any]
    organization: Organization
    units: dict[str, OrgUnit]
    positions: dict[str, Position]
    plan: Plan = field(init=False)
    areas: dict[str, StrategicArea] = field(default_factory=dict)
    objectives: dict[str, StrategicObjective] = field(default_factory=dict)
    projects: dict[str, Project] = field(default_factory=dict)
    annual: dict[str, AnnualObjective] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)

    @property
    def plan_data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.document["plan"]
        return data


# A document, a saved row and the document's data for it: the parents of the next level.
Node = tuple[DocumentRows, Any, Any]


def insert_level[M: models.Model](
    insert: Insert, model: type[M], parents: Sequence[Node], key: str, build: Callable[..., M]
) -> list[Node]:
    """Saves one level: `build(document, parent row, position among siblings, data)` for every
    entry of `key` under each parent, in one `insert`; returns the saved rows as the next parents."""
    entries = [
        (doc, parent, position, data)
        for doc, parent, parent_data in parents
        for position, data in enumerate(parent_data.get(key) or [])
    ]
    rows = insert(model, [build(doc, parent, position, data) for doc, parent, position, data in entries])
    return [(doc, row, data) for (doc, _, _, data), row in zip(entries, rows, strict=True)]


def plan_fields(doc: DocumentRows) -> dict[str, Any]:
    return {"organization": doc.organization, "plan": doc.plan}
