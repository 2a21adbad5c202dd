from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from cannocchiale.health.services import health_report
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_file
from cannocchiale.organization.models import Organization

FIXTURES = Path(__file__).parents[1] / "fixtures"
pytestmark = pytest.mark.django_db


def test_health_indicator_is_computed_from_its_formula_as_a_percentage() -> None:
    plan_import(document=load_file(FIXTURES / "minimal.yaml"))
    report = health_report(organization=Organization.objects.get(code="demo"))
    (row,) = report.indicators
    (year,) = row.years
    assert year.year == 2017
    assert year.computed == Decimal(95)
    assert row.target_text == "<= 100%"


def test_published_values_are_checked_against_the_computed_ones() -> None:
    plan_import(document=load_file(FIXTURES / "full_features.yaml"))
    report = health_report(organization=Organization.objects.get(code="demo-full"))
    published = [y for row in report.indicators for y in row.years if y.published is not None]
    assert published
    assert all(y.matches for y in published if y.computed is not None)
