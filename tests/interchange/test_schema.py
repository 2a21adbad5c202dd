"""The JSON Schema of the plan file format `cannocchiale/plan@1` (docs/plan-format.md).

No database and no Django: the schema is plain JSON, the fixtures plain YAML.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

pytestmark: list[pytest.MarkDecorator] = []

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "src" / "cannocchiale" / "interchange" / "schema" / "plan-1.schema.json"
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMA: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _normalize(value: Any) -> Any:
    """Turn YAML dates into ISO strings and floats into Decimals, as the real loader does."""
    if isinstance(value, dict):
        return {key: _normalize(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalize(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def load_yaml(text: str) -> Any:
    return _normalize(yaml.safe_load(text))


def load_fixture(name: str) -> Any:
    return load_yaml((FIXTURES / name).read_text(encoding="utf-8"))


def error_paths(document: Any) -> set[tuple[str | int, ...]]:
    return {tuple(error.absolute_path) for error in VALIDATOR.iter_errors(document)}


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["properties"]["format"] == {
        "const": "cannocchiale/plan@1",
        "description": SCHEMA["properties"]["format"]["description"],
    }


def _object_schemas(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            found.append(node)
        for child in node.values():
            found.extend(_object_schemas(child))
    elif isinstance(node, list):
        for child in node:
            found.extend(_object_schemas(child))
    return found


def test_every_object_is_closed_and_every_property_described() -> None:
    objects = _object_schemas(SCHEMA)
    assert len(objects) >= len(SCHEMA["$defs"]) + 1
    for schema in objects:
        assert schema["additionalProperties"] is False, schema.get("description")
        for key, prop in schema["properties"].items():
            assert prop.get("description"), key


@pytest.mark.parametrize("name", ["minimal.yaml", "full_features.yaml"])
def test_fixture_validates(name: str) -> None:
    document = load_fixture(name)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert errors == []


def test_numbers_are_read_as_decimals() -> None:
    document = load_fixture("minimal.yaml")
    assert document["plan"]["measurements"][0]["value"] == Decimal("4.5")
    assert document["plan"]["measurements"][0]["date"] == "2018-06-30"


def _used_keys(instance: Any, schema: dict[str, Any], where: str, seen: set[str]) -> None:
    if "$ref" in schema:
        where = schema["$ref"].rsplit("/", 1)[-1]
        schema = SCHEMA["$defs"][where]
    if "$ref" in schema.get("then", {}):  # a nullable object: {"if": {"type": "object"}, "then": {"$ref": …}}
        _used_keys(instance, schema["then"], where, seen)
    if isinstance(instance, dict) and "properties" in schema:
        for key, value in instance.items():
            seen.add(f"{where}.{key}")
            _used_keys(value, schema["properties"][key], where, seen)
    elif isinstance(instance, list) and "items" in schema:
        for item in instance:
            _used_keys(item, schema["items"], where, seen)


def test_full_features_uses_every_key() -> None:
    expected = {f"(root).{key}" for key in SCHEMA["properties"]} | {
        f"{name}.{key}" for name, definition in SCHEMA["$defs"].items() for key in definition["properties"]
    }
    seen: set[str] = set()
    _used_keys(load_fixture("full_features.yaml"), SCHEMA, "(root)", seen)
    assert sorted(expected - seen) == []


def _minimal_with(path: tuple[str | int, ...], value: Any) -> Any:
    document = copy.deepcopy(load_fixture("minimal.yaml"))
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return document


SG_1 = ("plan", "annual_objectives", 1)


@pytest.mark.parametrize(
    ("path", "value", "error_at", "keyword"),
    [
        pytest.param(("format",), "cannocchiale/plan@2", ("format",), "const", id="wrong-format"),
        pytest.param(
            ("plan", "areas", 0, "objectives", 0, "owner_unit"),
            "AREA1",
            ("plan", "areas", 0, "objectives", 0),
            "additionalProperties",
            id="unknown-key",
        ),
        pytest.param((*SG_1, "level"), "dirigente", (*SG_1, "level"), "enum", id="bad-level"),
        pytest.param((*SG_1, "weight"), 150, (*SG_1, "weight"), "maximum", id="weight-150"),
        pytest.param(
            ("plan", "measurements", 0, "date"),
            "30/06/2018",
            ("plan", "measurements", 0, "date"),
            "pattern",
            id="date-not-iso",
        ),
        pytest.param(
            ("plan", "measurements", 0, "date"),
            "2018-02-30",
            ("plan", "measurements", 0, "date"),
            "format",
            id="date-impossible",
        ),
        pytest.param(("organization", "code"), "Demo", ("organization", "code"), "pattern", id="org-code"),
        pytest.param(
            ("plan", "financial_items", 0, "code"),
            "Oneri-correnti",
            ("plan", "financial_items", 0, "code"),
            "pattern",
            id="financial-item-code",
        ),
        pytest.param(("plan", "year"), 1800, ("plan", "year"), "minimum", id="year-range"),
        pytest.param(
            ("plan", "declared_budgets", 0, "area"),
            None,
            ("plan", "declared_budgets", 0, "area"),
            "type",
            id="area-scope-without-area",
        ),
        pytest.param(
            ("plan", "annual_objectives", 0, "assignee"),
            "SG",
            ("plan", "annual_objectives", 0, "assignee"),
            "type",
            id="organization-objective-with-assignee",
        ),
        pytest.param(
            ("plan", "approval"),
            {"act": "Delibera n. 10", "date": "31/01/2018"},
            ("plan", "approval", "date"),
            "pattern",
            id="approval-date",
        ),
    ],
)
def test_broken_document_is_rejected_at_the_right_place(
    path: tuple[str | int, ...], value: Any, error_at: tuple[str | int, ...], keyword: str
) -> None:
    document = _minimal_with(path, value)
    errors = list(VALIDATOR.iter_errors(document))
    assert errors, "document should be invalid"
    assert {tuple(error.absolute_path) for error in errors} == {error_at}
    assert {tuple(error.absolute_path) for error in errors if error.validator == keyword} == {error_at}
    if keyword == "additionalProperties":
        assert "owner_unit" in errors[0].message


def test_numeric_code_not_quoted_is_rejected() -> None:
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    assert '- code: "1"' in text
    document = load_yaml(text.replace('- code: "1"', "- code: 1", 1))
    errors = list(VALIDATOR.iter_errors(document))
    assert [(tuple(e.absolute_path), e.validator) for e in errors] == [(("plan", "areas", 0, "code"), "type")]


def test_missing_required_keys_are_reported_on_their_object() -> None:
    document = _minimal_with(
        ("plan", "areas", 0, "objectives", 0, "indicators", 0, "targets", 0), {"year": 2018}
    )
    errors = list(VALIDATOR.iter_errors(document))
    assert [(tuple(e.absolute_path), e.validator) for e in errors] == [
        (("plan", "areas", 0, "objectives", 0, "indicators", 0, "targets", 0), "required")
    ]
