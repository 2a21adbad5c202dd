"""The bulk path stores a plan document exactly as the importer does: their exports are equal.

One row builder serves both (`interchange/rows.py`); this is the check that keeps them one: the
Lucca demo plan and generated plans, loaded by `bulk_load` and exported, equal the export of the
same document imported by `plan_import`.
"""

from __future__ import annotations

from typing import Any

import pytest

from cannocchiale.demo.loader import demo_document_text
from cannocchiale.interchange.exporter import plan_export
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import dump_text, load_text
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan
from cannocchiale.simulation.bulk_load import delete_organizations, load_documents
from cannocchiale.simulation.generator import organization_document

pytestmark = pytest.mark.django_db


def _export_of(code: str) -> dict[str, Any]:
    export = plan_export(Plan.objects.get(organization__code=code))
    # Through the file, as a person would read it: decimals, dates and empty keys as the format writes them.
    data: dict[str, Any] = load_text(dump_text(export), source="export.yaml").data
    return data


def _bulk_then_import(text: str) -> tuple[dict[str, Any], dict[str, Any]]:
    document = load_text(text, source="plan.yaml")
    code = document.data["organization"]["code"]
    load_documents([document.data])
    bulk = _export_of(code)
    delete_organizations([Organization.objects.get(code=code).pk])
    plan_import(document=load_text(text, source="plan.yaml"))
    return bulk, _export_of(code)


def test_the_lucca_plan_loaded_in_bulk_exports_as_the_imported_one() -> None:
    bulk, imported = _bulk_then_import(demo_document_text())
    assert bulk == imported
    # Not two empty exports: the whole plan is there, with the sections the simulation never writes.
    assert len(imported["plan"]["context_series"]) == 154
    assert imported["plan"]["health_indicators"]
    assert imported["plan"]["calendar"]


@pytest.mark.parametrize(("seed", "index"), [(1, 0), (2, 3), (7, 1)])
def test_a_generated_plan_loaded_in_bulk_exports_as_the_imported_one(seed: int, index: int) -> None:
    generated = organization_document(seed=seed, index=index, rounds=3)
    bulk, imported = _bulk_then_import(dump_text(generated))
    assert bulk == imported
    assert all(m["simulated"] is True for m in imported["plan"]["measurements"])
    assert len(imported["plan"]["measurements"]) == len(generated["plan"]["measurements"])


def test_the_generators_documents_as_they_are_load_as_their_file_does() -> None:
    # The simulation hands the generator's dicts (ints, floats, ISO strings) to the bulk path, not a file.
    generated = organization_document(seed=5, index=2, rounds=4)
    load_documents([generated])
    bulk = _export_of(generated["organization"]["code"])
    delete_organizations([Organization.objects.get(code=generated["organization"]["code"]).pk])
    plan_import(document=load_text(dump_text(generated), source="plan.yaml"))
    assert bulk == _export_of(generated["organization"]["code"])
