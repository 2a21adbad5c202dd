"""A bare number is read by the indicator's declared direction wherever a target is stored.

Validation already read "105,0%" on a lower-is-better indicator as "at most"; the importer and
the target editor read it as "at least", so the stored plan said one thing and its validation
another. The same phrase now means the same everywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cannocchiale.accounts.access import Access
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_file
from cannocchiale.planning.models import Plan, Target
from cannocchiale.planning.services import target_update

FIXTURES = Path(__file__).parents[1] / "fixtures"

pytestmark = pytest.mark.django_db


def _plan(polarity: str | None) -> Plan:
    document = load_file(FIXTURES / "minimal.yaml")
    indicator = document.data["plan"]["areas"][0]["objectives"][0]["indicators"][0]
    indicator["unit"] = "%"
    if polarity:
        indicator["polarity"] = polarity
    indicator["targets"] = [{"year": 2018, "text": "105,0%"}]
    result = plan_import(document=document)
    return Plan.objects.get(organization__code=result.organization_code, year=result.year)


def _kind(plan: Plan) -> str:
    return Target.objects.get(indicator__plan=plan, indicator__code="1A.1", year=2018).structured["kind"]


def test_the_importer_reads_a_bare_number_by_the_declared_direction() -> None:
    assert _kind(_plan("lower_is_better")) == "at_most"


def test_without_a_declaration_a_bare_number_is_at_least() -> None:
    assert _kind(_plan(None)) == "at_least"


def test_the_target_editor_reads_it_the_same_way() -> None:
    plan = _plan("lower_is_better")
    target = Target.objects.get(indicator__plan=plan, indicator__code="1A.1", year=2018)
    target_update(access=Access.system(plan.organization), target=target, text="98,5%", actor=None)
    target.refresh_from_db()
    assert target.structured["kind"] == "at_most"
    assert target.structured["value"] in ("98.5", 98.5)
