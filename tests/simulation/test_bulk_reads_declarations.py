"""The bulk path reads a target as the importer does: a bare number by the indicator's declarations."""

from __future__ import annotations

import pytest

from cannocchiale.engine.target_parser import declared_of, parse_target
from cannocchiale.planning.models import Target
from cannocchiale.simulation.bulk_load import load_documents
from cannocchiale.simulation.generator import organization_document


@pytest.mark.django_db
def test_a_bare_number_on_a_lower_is_better_indicator_is_a_ceiling_in_the_bulk_path() -> None:
    document = organization_document(seed=3, index=0, rounds=2)
    indicator = document["plan"]["areas"][0]["objectives"][0]["indicators"][0]
    # A costs-to-revenues ratio, as SS-02 of the seed: "105,0%" means at most 105 %.
    indicator.update(polarity="lower_is_better", unit="%", targets=[{"year": 2018, "text": "105,0%"}])
    load_documents([document])
    stored = Target.objects.get(
        indicator__code=indicator["code"],
        indicator__plan__organization__code=document["organization"]["code"],
    )
    expected = parse_target("105,0%", year=2018, declared=declared_of("lower_is_better", "%", None))
    assert stored.kind == expected.kind == "at_most"
    assert stored.structured == expected.to_dict()
    assert stored.indicator.polarity == "lower_is_better"
