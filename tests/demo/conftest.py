"""The Lucca plan as shipped in the package: the document, and the plan it imports into."""

from __future__ import annotations

import pytest

from cannocchiale.demo.loader import DEMO_RESOURCE, demo_document_text
from cannocchiale.interchange.importer import ImportResult, plan_import
from cannocchiale.interchange.yaml_io import LoadedDocument, load_text
from cannocchiale.planning.models import Plan


def lucca_document() -> LoadedDocument:
    return load_text(demo_document_text(), source=DEMO_RESOURCE)


@pytest.fixture
def lucca_import(db: None) -> ImportResult:
    return plan_import(document=lucca_document())


@pytest.fixture
def lucca_plan(lucca_import: ImportResult) -> Plan:
    return Plan.objects.get(organization__code="lucca", year=2018)
