"""The command line, as a user runs it: exit codes, one-line errors, files written and read back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cannocchiale.cli.main import main

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_target_parse_prints_the_structured_form_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "parse", "entro aprile", "--year", "2018", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "deadline"
    assert data["deadline"] == "2018-04-30"


def test_target_parse_explains_in_italian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "parse", ">= 83%"]) == 0
    out = capsys.readouterr().out
    assert "almeno" in out
    assert "83" in out


@pytest.mark.django_db
def test_import_export_validate_and_score_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(FIXTURES / "minimal.yaml")]) == 0
    assert "importato" in capsys.readouterr().out
    exported = tmp_path / "piano.yaml"
    assert main(["export", "--org", "demo", "--year", "2018", "-o", str(exported)]) == 0
    note, first = exported.read_text(encoding="utf-8").splitlines()[:2]
    assert note.startswith("# Il Piano, non la storia del ciclo: rilevazioni, monitoraggi, valutazioni")
    assert first == "format: cannocchiale/plan@1"
    assert main(["validate", str(exported)]) == 0
    assert "Nessun problema" in capsys.readouterr().out
    assert main(["score", "--org", "demo", "--year", "2018", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {row["key"] for row in data["indicators"]} >= {"1A.1", "1A0101.1"}
    assert main(["score", "--org", "demo", "--year", "2018"]) == 0
    assert "Risultato per assegnatario" in capsys.readouterr().out


@pytest.mark.django_db
def test_dry_run_import_saves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from cannocchiale.planning.models import Plan

    assert main(["import", "--dry-run", str(FIXTURES / "minimal.yaml")]) == 0
    assert "nessuna modifica" in capsys.readouterr().out
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_errors_are_one_line_each_with_non_zero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "rotto.yaml"
    bad.write_text(
        (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("weight: 60", "weight: sessanta"),
        encoding="utf-8",
    )
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert any(line.startswith(f"errore: {bad}:") and "weight" in line for line in err)
    assert main(["export", "--org", "nessuno", "--year", "2018"]) == 1
    assert capsys.readouterr().err.strip() == "errore: ente «nessuno» non trovato (enti presenti: nessuno)"


@pytest.mark.django_db
def test_validate_reports_findings_with_line_numbers_and_fails_on_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "pesi.yaml"
    bad.write_text(
        (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("weight: 60", "weight: 55"),
        encoding="utf-8",
    )
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "95" in out
    assert f"{bad}:" in out


def test_a_missing_file_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "/nonexistent/piano.yaml"]) == 1
    assert capsys.readouterr().err.strip() == "errore: /nonexistent/piano.yaml: file non trovato"


def _seed_phrases() -> list[str]:
    path = Path(__file__).parents[1] / "engine" / "seed_target_phrases.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line and not line.startswith("#")]
    return [row.split("\t")[0] for row in rows]


def test_target_parse_answers_for_every_target_phrase_of_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    phrases = _seed_phrases()
    assert len(phrases) > 150
    for phrase in phrases:
        assert main(["target", "parse", phrase, "--year", "2018", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["text"] == " ".join(phrase.split())
