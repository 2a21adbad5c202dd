"""What the database can hold, checked before anything is written: lengths, digits, ranges, NUL bytes.

The JSON schema says what a plan file means; the columns say how much of it can be stored. A title
longer than its column, a cost of forty digits or a weight with more decimals than the column keeps
would fail in the middle of an import, or be silently cut or rounded (a weight of 33.333 stored as
33.33). Each value of the file is checked against the column that receives it, read from the model,
so that the limits never drift from the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _

from cannocchiale.interchange.schema import plan_schema
from cannocchiale.interchange.yaml_io import JsonPath

# (schema definition, key) → the column that stores the value, as "app_label.Model.field".
COLUMNS: dict[tuple[str, str], str] = {
    ("Organization", "code"): "organization.Organization.code",
    ("Organization", "name"): "organization.Organization.name",
    ("Organization", "kind"): "organization.Organization.kind",
    ("Organization", "staff"): "organization.Organization.staff",
    ("Unit", "code"): "organization.OrgUnit.code",
    ("Unit", "name"): "organization.OrgUnit.name",
    ("Unit", "staff"): "organization.OrgUnit.staff",
    ("Position", "code"): "organization.Position.code",
    ("Position", "title"): "organization.Position.title",
    ("Position", "holder"): "organization.Position.holder",
    ("Plan", "year"): "planning.Plan.year",
    ("Plan", "version"): "planning.Plan.version",
    ("Plan", "title"): "planning.Plan.title",
    ("Plan", "start_year"): "planning.Plan.start_year",
    ("Plan", "end_year"): "planning.Plan.end_year",
    ("Approval", "act"): "planning.Plan.approval_act",
    ("Area", "code"): "planning.StrategicArea.code",
    ("Area", "title"): "planning.StrategicArea.title",
    ("StrategicObjective", "code"): "planning.StrategicObjective.code",
    ("StrategicObjective", "title"): "planning.StrategicObjective.title",
    ("Programme", "code"): "planning.Programme.code",
    ("Programme", "title"): "planning.Programme.title",
    ("Project", "code"): "planning.Project.code",
    ("Project", "title"): "planning.Project.title",
    ("Indicator", "code"): "planning.Indicator.code",
    ("Indicator", "unit"): "planning.Indicator.unit",
    ("Indicator", "source"): "planning.Indicator.source",
    ("Indicator", "weight"): "planning.Indicator.weight",
    ("TargetEntry", "year"): "planning.Target.year",
    ("Budget", "year"): "planning.Budget.year",
    ("Budget", "costs"): "planning.Budget.costs",
    ("Budget", "revenues"): "planning.Budget.revenues",
    ("Budget", "investments"): "planning.Budget.investments",
    ("DeclaredBudget", "year"): "planning.DeclaredBudget.year",
    ("DeclaredBudget", "costs"): "planning.DeclaredBudget.costs",
    ("DeclaredBudget", "revenues"): "planning.DeclaredBudget.revenues",
    ("DeclaredBudget", "investments"): "planning.DeclaredBudget.investments",
    ("AnnualObjective", "code"): "planning.AnnualObjective.code",
    ("AnnualObjective", "title"): "planning.AnnualObjective.title",
    ("AnnualObjective", "weight"): "planning.AnnualObjective.weight",
    ("Complexity", "staff"): "planning.AnnualObjective.complexity_staff",
    ("Complexity", "innovation"): "planning.AnnualObjective.complexity_innovation",
    ("Complexity", "relations"): "planning.AnnualObjective.complexity_relations",
    ("Complexity", "burden"): "planning.AnnualObjective.complexity_burden",
    ("Complexity", "coefficient"): "planning.AnnualObjective.complexity",
    ("Measurement", "value"): "monitoring.Measurement.value",
    ("Measurement", "assessed"): "monitoring.Measurement.assessed",
    ("Measurement", "entered_by"): "monitoring.Measurement.entered_by_name",
    ("FinancialItem", "code"): "health.FinancialItem.code",
    ("FinancialItem", "name"): "health.FinancialItem.name",
    ("FinancialItem", "unit"): "health.FinancialItem.unit",
    ("FinancialValue", "year"): "health.FinancialValue.year",
    ("FinancialValue", "value"): "health.FinancialValue.value",
    ("HealthIndicator", "code"): "health.HealthIndicator.code",
    ("HealthIndicator", "name"): "health.HealthIndicator.name",
    ("HealthIndicator", "dimension"): "health.HealthIndicator.dimension",
    ("HealthIndicator", "unit"): "health.HealthIndicator.unit",
    ("PublishedValue", "year"): "health.PublishedHealthValue.year",
    ("PublishedValue", "value"): "health.PublishedHealthValue.value",
    ("CalendarPhase", "phase"): "planning.CalendarPhase.phase",
    ("ContextSeries", "code"): "territory.ContextSeries.code",
    ("ContextSeries", "name"): "territory.ContextSeries.name",
    ("ContextSeries", "unit"): "territory.ContextSeries.unit",
    ("ContextSeries", "source"): "territory.ContextSeries.source",
    ("ContextValue", "year"): "territory.ContextValue.year",
    ("ContextValue", "value"): "territory.ContextValue.value",
}


# Weights: the plan validation checks their decimals itself (`weight_precision`), saying that the
# sum of 100 is checked on the weights as stored; reported once, by it.
PRECISION_CHECKED_BY_THE_PLAN_VALIDATION = frozenset({("AnnualObjective", "weight"), ("Indicator", "weight")})


@cache
def column(definition: str, key: str) -> models.Field[Any, Any] | None:
    target = COLUMNS.get((definition, key))
    if target is None:
        return None
    app_label, model_name, field_name = target.split(".")
    field: models.Field[Any, Any] = apps.get_model(app_label, model_name)._meta.get_field(field_name)
    return field


def storage_errors(data: Any) -> list[tuple[JsonPath, str]]:
    """Every value the database could not hold as written: where it is and what the column takes."""
    schema = plan_schema()
    errors = list(_nul_bytes(data, ()))
    errors += _walk(data, schema, schema["$defs"], None, ())
    return errors


def _nul_bytes(node: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    # PostgreSQL refuses a NUL character in text and in JSON, wherever it is in the file.
    if isinstance(node, str):
        if "\x00" in node:
            yield path, _("il testo contiene il carattere NUL (codice 0), che non si può registrare")
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _nul_bytes(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nul_bytes(value, (*path, index))


def _walk(
    data: Any, node: dict[str, Any], defs: dict[str, Any], definition: str | None, path: JsonPath
) -> list[tuple[JsonPath, str]]:
    """Follows the schema down the document, checking each value against its column."""
    ref = node.get("$ref") or (node.get("then") or {}).get("$ref")
    if ref is not None:
        definition = ref.rsplit("/", 1)[-1]
        node = defs[definition]
    errors: list[tuple[JsonPath, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            child = (node.get("properties") or {}).get(key)
            if child is None:
                continue
            if definition is not None and (field := column(definition, key)) is not None:
                precision = (definition, key) not in PRECISION_CHECKED_BY_THE_PLAN_VALIDATION
                problem = value_problem(field, value, check_decimals=precision)
                if problem is not None:
                    errors.append(((*path, key), problem))
            errors += _walk(value, child, defs, definition, (*path, key))
    elif isinstance(data, list) and isinstance(node.get("items"), dict):
        for index, value in enumerate(data):
            errors += _walk(value, node["items"], defs, definition, (*path, index))
    return errors


_INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def value_problem(field: models.Field[Any, Any], value: Any, *, check_decimals: bool = True) -> str | None:
    """What is wrong with storing `value` in `field`, or None. Values of the wrong type are the schema's."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(field, models.CharField) and isinstance(value, str):
        if field.max_length is not None and len(value) > field.max_length:
            return _("testo di %(length)s caratteri: al massimo %(limit)s caratteri") % {
                "length": len(value),
                "limit": field.max_length,
            }
        return None
    if isinstance(field, models.DecimalField) and isinstance(value, int | Decimal):
        return _decimal_problem(field, Decimal(value), check_decimals=check_decimals)
    if isinstance(field, models.IntegerField) and isinstance(value, int):
        low, high = _INTEGER_RANGES.get(field.get_internal_type(), (None, None))
        if (low is not None and value < low) or (high is not None and value > high):
            return _("numero %(value)s fuori dai limiti: da %(low)s a %(high)s") % {
                "value": _short(value),
                "low": low,
                "high": high,
            }
    return None


def _decimal_problem(
    field: models.DecimalField[Any, Any], value: Decimal, *, check_decimals: bool
) -> str | None:
    if not value.is_finite():
        return _("sono ammessi solo numeri finiti")
    places_allowed = field.decimal_places or 0
    whole_allowed = (field.max_digits or 0) - places_allowed
    digits, exponent = value.normalize().as_tuple()[1:]
    assert isinstance(exponent, int)
    places = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    if whole > whole_allowed:
        return _("numero %(value)s troppo grande: al massimo %(digits)s cifre prima della virgola") % {
            "value": _short(value),
            "digits": whole_allowed,
        }
    if check_decimals and places > places_allowed:
        return _(
            "%(value)s ha %(places)s decimali: si registra con al massimo %(allowed)s decimali, "
            "scrivere il valore arrotondato"
        ) % {"value": _short(value), "places": places, "allowed": places_allowed}
    return None


def _short(value: int | Decimal) -> str:
    # A number of thousands of digits is not repeated whole in the message.
    if isinstance(value, int) and value.bit_length() > 130:
        return _("un numero di oltre 40 cifre")
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} cifre)"
