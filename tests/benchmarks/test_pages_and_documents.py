"""The page and document benchmarks run at a tiny size and give each figure with its floor (not a timing)."""

from __future__ import annotations

import pytest
from benchmarks.server import database_url
from tests.conftest import FIXTURES

from benchmarks import documents_pdf, pages
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import load_file
from cannocchiale.planning.models import Plan


def _in_memory() -> bool:
    try:
        database_url()
    except RuntimeError:
        return True
    return False


@pytest.mark.django_db
def test_the_piano_pdf_is_measured_against_weasyprint_on_the_same_html() -> None:
    result = plan_import(document=load_file(FIXTURES / "minimal.yaml"))
    plan = Plan.objects.get(organization__code=result.organization_code, year=result.year)
    [figure] = documents_pdf.run(repeats=1, plan=plan)
    assert figure.name.startswith("PDF del Piano")
    assert figure.value > 0
    assert figure.floor is not None
    assert figure.floor > 0
    assert figure.met is not None
    assert figure.details["pdf_bytes"] > 0
    assert len(figure.details["app_s"]) == len(figure.details["floor_s"]) == 1


def test_app_and_floor_are_timed_in_turns_with_alternating_order() -> None:
    calls: list[str] = []
    app_times, floor_times = documents_pdf._interleaved(
        lambda: calls.append("app"), lambda: calls.append("floor"), repeats=3
    )
    assert calls == ["app", "floor", "floor", "app", "app", "floor"]
    assert len(app_times) == len(floor_times) == 3


@pytest.mark.django_db(transaction=True)
def test_pages_are_measured_on_gunicorn_against_a_static_file() -> None:
    if _in_memory():
        pytest.skip("il server di prova è un altro processo: serve un database su disco (PostgreSQL)")
    figures = pages.run(seconds=0.3, users=2, organizations=1, warmup=0.1)
    names = [f.name for f in figures]
    for page in ("albero", "scheda obiettivo", "monitoraggio", "cruscotto", "attività da fare"):
        assert f"pagina «{page}» p95, 2 utenti" in names
    for figure in figures:
        assert figure.value > 0
        assert figure.floor is not None
        assert figure.floor > 0
        assert figure.details["failures"] == 0
        assert figure.details["server"].startswith("gunicorn")
