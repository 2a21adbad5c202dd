"""`cannocchiale bench --quick` runs and prints each figure beside its floor (a smoke test, not a timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from benchmarks.scoring import fitted_exponent

from benchmarks import runner
from cannocchiale.cli.main import main


def test_the_fitted_exponent_of_linear_growth_is_one() -> None:
    assert fitted_exponent([10, 100, 1000], [2, 20, 200]) == pytest.approx(1)
    assert fitted_exponent([10, 100], [5, 500]) == pytest.approx(2)


@pytest.mark.django_db(transaction=True)
def test_bench_quick_prints_figures_with_floor_and_ratio(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(runner, "QUICK_SIZES", (1, 2))
    code = main(
        ["bench", "--quick", "--json", "--only", "scoring", "--only", "rescoring", "--only", "interchange"]
    )
    report = json.loads(capsys.readouterr().out)
    # The errors first: when a benchmark breaks, the failure says which one and why.
    assert report["errors"] == {}
    assert code == 0
    names = [f["name"] for f in report["figures"]]
    assert any(n.startswith("punteggi in blocco, 2 enti") for n in names)
    assert any(n.startswith("ricalcolo di un ente") for n in names)
    assert any(n.startswith("import del piano di Lucca") for n in names)
    batch = next(f for f in report["figures"] if f["name"].startswith("punteggi in blocco, 2 enti"))
    assert batch["value"] > 0
    assert batch["floor"] > 0
    assert batch["ratio"] == pytest.approx(batch["value"] / batch["floor"])


@pytest.mark.slow
def test_bench_migrates_a_database_that_was_never_migrated(tmp_path: Path) -> None:
    environment = {**os.environ, "CANNOCCHIALE_VAR_DIR": str(tmp_path)}
    environment.pop("DATABASE_URL", None)
    command = ["bench", "--quick", "--json", "--only", "interchange"]
    completed = subprocess.run(
        [sys.executable, "-m", "cannocchiale.cli.main", *command],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "no such table" not in completed.stderr
    assert "migrazioni" in completed.stderr
    report = json.loads(completed.stdout)
    assert report["errors"] == {}
    assert (tmp_path / "cannocchiale.sqlite3").exists()
