"""The national simulation: reproducible, shaped like a real plan, kept apart from real organizations."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest

from cannocchiale.interchange.validation import file_findings
from cannocchiale.interchange.yaml_io import LoadedDocument
from cannocchiale.monitoring.models import Measurement
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import AnnualObjective, Indicator, Plan, Target
from cannocchiale.simulation.generator import indicator_total, organization_document
from cannocchiale.simulation.selectors import is_simulated, real_organizations
from cannocchiale.simulation.services import simulation_create


def test_the_same_seed_gives_the_same_organizations() -> None:
    assert organization_document(seed=4, index=2, rounds=4) == organization_document(
        seed=4, index=2, rounds=4
    )
    assert organization_document(seed=4, index=2, rounds=4) != organization_document(
        seed=5, index=2, rounds=4
    )


def test_a_simulated_plan_is_a_valid_plan_file_of_about_500_indicators() -> None:
    sizes = []
    for index in range(6):
        document = organization_document(seed=1, index=index, rounds=4)
        errors = [f for f in file_findings(LoadedDocument(document, {}, "sim")) if f.severity == "error"]
        assert errors == []
        sizes.append(indicator_total(document))
    assert 350 <= sum(sizes) / len(sizes) <= 650
    assert len(set(sizes)) > 1  # sizes vary around the shape


def test_every_target_kind_of_the_design_appears() -> None:
    from cannocchiale.engine.target_parser import parse_target

    kinds = set()
    document = organization_document(seed=1, index=0, rounds=4)
    plan = document["plan"]
    items = [i for o in plan["annual_objectives"] for i in o["indicators"]]
    for area in plan["areas"]:
        for so in area["objectives"]:
            items += so["indicators"]
            items += [i for pr in so["programmes"] for pj in pr["projects"] for i in pj["indicators"]]
    for item in items:
        target = parse_target(item["targets"][0]["text"], year=2018)
        kinds.add("relative" if target.reference else target.kind)
    expected = {
        "completion",
        "at_least",
        "at_most",
        "range",
        "deadline",
        "milestone",
        "qualitative",
        "relative",
    }
    assert kinds >= expected


@pytest.mark.django_db
def test_simulate_writes_the_organizations_marked_as_simulated() -> None:
    real = Organization.objects.create(code="sim-vera", name="Un ente vero", kind="comune")
    result = simulation_create(organizations=3, seed=7, rounds=2)
    simulated = Organization.objects.filter(code__startswith="sim-0")
    assert simulated.count() == 3
    assert all(is_simulated(o) for o in simulated)
    assert list(real_organizations()) == [real]
    assert Plan.objects.filter(organization__in=simulated).count() == 3
    assert Indicator.objects.filter(organization__in=simulated).count() == result.counts["indicator"]
    assert Target.objects.filter(organization__in=simulated).count() == result.counts["indicator"]
    assert Measurement.objects.filter(organization__in=simulated).count() == result.counts["measurement"]
    dates = set(Measurement.objects.filter(date__year=2018).values_list("date", flat=True))
    assert {d.isoformat() for d in dates} == {"2018-06-30", "2018-12-31"}


@pytest.mark.django_db
def test_each_assignee_weights_sum_to_100() -> None:
    simulation_create(organizations=2, seed=3, rounds=1)
    totals: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    for o in AnnualObjective.objects.exclude(level="organization").select_related(
        "assignee_position", "assignee_unit"
    ):
        assignee = o.assignee_position or o.assignee_unit
        assert assignee is not None
        assert o.weight is not None
        totals[(o.plan_id, assignee.code)] += o.weight
    assert totals
    assert set(totals.values()) == {Decimal(100)}


@pytest.mark.django_db
def test_simulating_again_replaces_the_previous_simulation_and_spares_real_data() -> None:
    real = Organization.objects.create(code="lucca", name="Camera di Commercio di Lucca")
    simulation_create(organizations=3, seed=1, rounds=1)
    first = sorted(Indicator.objects.filter(organization__code="sim-00002").values_list("code", flat=True))
    result = simulation_create(organizations=2, seed=1, rounds=1)
    assert result.removed_organizations == 3
    assert Organization.objects.filter(code__startswith="sim-").count() == 2
    assert (
        sorted(Indicator.objects.filter(organization__code="sim-00002").values_list("code", flat=True))
        == first
    )
    assert list(Organization.objects.exclude(code__startswith="sim-")) == [real]
