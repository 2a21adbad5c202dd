"""Settings read from the environment: a typo stops the start with its name, never reads as "off"."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.core.test_settings_production import ROOT, _env, _settings


def _start(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import cannocchiale.settings"],
        env=_env(tmp_path, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_a_misspelt_boolean_stops_the_start_naming_the_setting(tmp_path: Path) -> None:
    result = _start(tmp_path, CANNOCCHIALE_SSL_REDIRECT="ture")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "CANNOCCHIALE_SSL_REDIRECT" in result.stderr
    assert "'ture'" in result.stderr


def test_the_usual_spellings_of_a_boolean_are_read(tmp_path: Path) -> None:
    for raw, expected in (
        ("1", True),
        ("True", True),
        ("on", True),
        ("0", False),
        ("no", False),
        ("", False),
    ):
        read = _settings(tmp_path, ["SECURE_SSL_REDIRECT"], CANNOCCHIALE_SSL_REDIRECT=raw)
        assert read["SECURE_SSL_REDIRECT"] is expected, raw


def test_the_document_worker_is_read_from_the_environment(tmp_path: Path) -> None:
    assert _settings(tmp_path, ["CANNOCCHIALE_DOCUMENT_WORKER"]) == {"CANNOCCHIALE_DOCUMENT_WORKER": "thread"}
    read = _settings(tmp_path, ["CANNOCCHIALE_DOCUMENT_WORKER"], CANNOCCHIALE_DOCUMENT_WORKER="external")
    assert read == {"CANNOCCHIALE_DOCUMENT_WORKER": "external"}


def test_an_unknown_document_worker_stops_the_start(tmp_path: Path) -> None:
    result = _start(tmp_path, CANNOCCHIALE_DOCUMENT_WORKER="extrenal")
    assert result.returncode != 0
    assert "CANNOCCHIALE_DOCUMENT_WORKER" in result.stderr
