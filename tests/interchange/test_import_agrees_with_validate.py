"""`import` refuses exactly what `validate` calls an error; YAML aliases and oversized values are refused."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from cannocchiale.core.errors import ImportFailed
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.validation import file_findings
from cannocchiale.interchange.yaml_io import PlanFileError, dump_text, load_file, load_text
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import AnnualObjective, Plan

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _data(name: str = "full_features.yaml") -> dict[str, Any]:
    return copy.deepcopy(load_file(FIXTURES / name).data)


def _both_refuse(data: dict[str, Any], code: str) -> list[str]:
    """validate reports `code` as an error, import refuses with a located problem, and nothing is saved."""
    text = dump_text(data)
    errors = [f for f in file_findings(load_text(text, source="piano.yaml")) if f.severity == "error"]
    assert code in {f.code for f in errors}, errors
    with pytest.raises(ImportFailed) as caught:
        plan_import(document=load_text(text, source="piano.yaml"))
    assert all(p.startswith("piano.yaml:") for p in caught.value.problems)
    assert not Plan.objects.exists()
    assert not Organization.objects.exists()
    return caught.value.problems


@pytest.mark.django_db
def test_a_derivation_cycle_that_validate_rejects_is_refused_by_import() -> None:
    data = _data()
    objectives = data["plan"]["annual_objectives"]
    child = next(o for o in objectives if o.get("derives_from"))
    parent = next(o for o in objectives if o["code"] == child["derives_from"][0])
    parent["derives_from"] = [*(parent.get("derives_from") or []), child["code"]]
    problems = _both_refuse(data, "derives_from_cycle")
    assert any("ciclo" in p and child["code"] in p for p in problems)


@pytest.mark.django_db
def test_weights_with_more_decimals_than_stored_are_refused_where_they_are() -> None:
    data = _data("minimal.yaml")
    objectives = [o for o in data["plan"]["annual_objectives"] if o.get("weight") is not None]
    assignee = objectives[0].get("assignee")
    group = [o for o in objectives if o.get("assignee") == assignee]
    assert len(group) == 2
    # 33.335 + 66.665 = 100 exactly as written; stored at two decimals they would be 33.34 + 66.67 = 100.01.
    group[0]["weight"], group[1]["weight"] = Decimal("33.335"), Decimal("66.665")
    problems = _both_refuse(data, "weight_precision")
    assert any("plan.annual_objectives" in p and ".weight" in p and "2 decimali" in p for p in problems)
    assert not AnnualObjective.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["approved", "published"])
def test_a_plan_arriving_approved_or_published_without_its_act_is_refused(status: str) -> None:
    data = _data()
    data["plan"]["status"] = status
    data["plan"]["approval"] = None
    problems = _both_refuse(data, "status_without_approval")
    assert any("plan.status" in p and "atto" in p for p in problems)


@pytest.mark.django_db
def test_a_plan_arriving_approved_with_its_act_is_imported_as_approved() -> None:
    result = plan_import(document=load_file(FIXTURES / "full_features.yaml"))
    plan = Plan.objects.get(organization__code=result.organization_code, year=result.year)
    assert plan.status == Plan.Status.APPROVED
    assert plan.approval_act == "Delibera di Giunta n. 10"


@pytest.mark.django_db
def test_a_target_phrase_longer_than_the_limit_is_refused_by_both() -> None:
    data = _data("minimal.yaml")
    indicator = data["plan"]["areas"][0]["objectives"][0]["indicators"][0]
    indicator["targets"][0]["text"] = "entro il 30 giugno " * 13_500  # 256k characters
    text = dump_text(data)
    errors = [f for f in file_findings(load_text(text, source="piano.yaml")) if f.severity == "error"]
    assert any("al massimo 2000" in f.message for f in errors)
    assert all(len(f.message) < 300 for f in errors)  # the phrase is not repeated in the message
    with pytest.raises(ImportFailed):
        plan_import(document=load_text(text, source="piano.yaml"))
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_a_title_longer_than_its_column_is_refused_with_the_column_limit() -> None:
    data = _data("minimal.yaml")
    data["plan"]["areas"][0]["title"] = "x" * 256
    problems = _both_refuse(data, "storage")
    assert any("plan.areas[0].title" in p and "al massimo 255 caratteri" in p for p in problems)


BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_a_yaml_alias_bomb_is_refused_without_expanding_it() -> None:
    assert len(BOMB.encode()) < 600  # 9⁹ = 387 million strings once expanded
    with pytest.raises(PlanFileError) as caught:
        load_text(BOMB, source="bomba.yaml")
    assert str(caught.value).startswith("bomba.yaml:2: b[0]: gli alias YAML")


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(PlanFileError) as caught:
        load_text("format: &a [*a]\n", source="ricorsivo.yaml")
    assert "alias YAML" in str(caught.value)
    assert str(caught.value).startswith("ricorsivo.yaml:1: format[0]:")


def test_the_writer_never_makes_aliases_for_a_value_shared_in_memory() -> None:
    shared = ["a", "b"]
    text = dump_text({"x": shared, "y": shared})
    assert "&" not in text
    assert "*" not in text
    assert load_text(text).data == {"x": ["a", "b"], "y": ["a", "b"]}
