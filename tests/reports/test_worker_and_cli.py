"""Documents produced off the request (worker) and from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from cannocchiale.accounts.access import Access
from cannocchiale.cli.main import main
from cannocchiale.planning.models import Plan
from cannocchiale.reports.models import GeneratedDocument
from cannocchiale.reports.services import DocumentError, document_request
from cannocchiale.reports.worker import worker_loop
from tests.web.helpers import World


def test_the_worker_produces_queued_documents_and_records_their_progress(world: World) -> None:
    plan = Plan.objects.get(organization=world.organization)
    queued = document_request(
        access=Access.system(world.organization),
        plan=plan,
        kind="relazione",
        fmt="xlsx",
        actor=world.users["planning_office"],
    )
    assert queued.status == "queued"
    assert worker_loop(once=True) == 1
    queued.refresh_from_db()
    assert (queued.status, queued.progress, queued.message) == ("done", 100, "Pronto")
    assert queued.file.read(2) == b"PK"  # a zip: the XLSX
    assert worker_loop(once=True) == 0  # nothing left, nothing produced twice


def test_an_unknown_document_is_refused(world: World) -> None:
    plan = Plan.objects.get(organization=world.organization)
    with pytest.raises(DocumentError):
        document_request(
            access=Access.system(world.organization), plan=plan, kind="bilancio", fmt="pdf", actor=None
        )
    assert not GeneratedDocument.objects.exists()


def test_the_cli_writes_a_document_and_shows_progress(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = Plan.objects.get(organization=world.organization)
    target = tmp_path / "piano.docx"
    code = main(
        [
            "report",
            "piano",
            "--org",
            world.organization.code,
            "--year",
            str(plan.year),
            "--format",
            "docx",
            "-o",
            str(target),
        ]
    )
    assert code == 0
    assert target.read_bytes()[:2] == b"PK"
    err = capsys.readouterr().err
    assert "[100 %] Pronto" in err
    assert f"scritto {target}" in err
