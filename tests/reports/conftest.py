"""The demo (Lucca 2018 plan + simulated measurements) and its documents, rendered once.

Rendering a PDF takes seconds: each document is rendered the first time a test asks for it and
kept for the session (the files do not depend on the test's database once written); the demo
data are loaded in each test's own transaction, so nothing outlives the test.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cannocchiale.accounts.access import Access
from cannocchiale.demo.loader import demo_document_text
from cannocchiale.demo.measurements import demo_measurements_data, simulated_measurements_import
from cannocchiale.evaluation.services import PlanScores, plan_score
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_text
from cannocchiale.planning.models import Plan
from cannocchiale.reports.documents.build import render_document
from tests.web.helpers import World, build_world

_RENDERED: dict[tuple[str, str], Path] = {}


@dataclass
class Rendered:
    plan: Plan
    scores: PlanScores
    simulated_count: int
    out: Path

    def file(self, kind: str, fmt: str) -> Path:
        if (kind, fmt) not in _RENDERED:
            _, data = render_document(kind=kind, plan=self.plan, fmt=fmt)
            path = self.out / f"{kind}.{fmt}"
            path.write_bytes(data)
            _RENDERED[(kind, fmt)] = path
        return _RENDERED[(kind, fmt)]


@pytest.fixture(scope="session")
def documents_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("documents")


def load_demo() -> tuple[Plan, int]:
    result = plan_import(document=load_text(demo_document_text(), source="demo"), replace=True)
    plan = Plan.objects.get(organization__code=result.organization_code, year=result.year)
    return plan, simulated_measurements_import(
        access=Access.system(plan.organization), plan=plan, data=demo_measurements_data()
    )


@pytest.fixture
def demo_documents(db: None, documents_dir: Path) -> Rendered:
    plan, count = load_demo()
    return Rendered(
        plan=plan, scores=plan_score(plan=plan, final=True), simulated_count=count, out=documents_dir
    )


@pytest.fixture
def world(db: None, settings: Any, tmp_path: Path) -> World:
    # Generated files go to a temporary media directory, never to the installation's var/.
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()
