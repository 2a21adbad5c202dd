"""The production preset: `check --deploy` reports nothing, and every protection is set from the
environment. Each case runs the settings in a fresh process, as a server would start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
READ_SETTINGS = """
import json
from cannocchiale import settings as s
print(json.dumps({name: getattr(s, name, None) for name in %r}, default=str))
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("CANNOCCHIALE_")}
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests for their own process, never in a deployment.
    for name in (
        "SECRET_KEY",
        "SECRET_KEY_FILE",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "DATABASE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    env |= {"CANNOCCHIALE_VAR_DIR": str(tmp_path / "var"), "DJANGO_SETTINGS_MODULE": "cannocchiale.settings"}
    return env | extra


def _settings(tmp_path: Path, names: list[str], **extra: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS % (names,)],
        env=_env(tmp_path, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _check_deploy(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--settings", "cannocchiale.settings"],
        env=_env(tmp_path, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


@pytest.mark.slow
def test_check_deploy_reports_nothing_with_the_production_preset(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path, CANNOCCHIALE_PRODUCTION="1", ALLOWED_HOSTS="performance.example.gov.it")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


@pytest.mark.slow
def test_without_the_preset_check_deploy_names_what_is_missing(tmp_path: Path) -> None:
    """The check itself works: the demo's plain-HTTP settings are reported (the test can fail)."""
    result = _check_deploy(tmp_path)
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in output


def test_the_preset_turns_every_protection_on(tmp_path: Path) -> None:
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_CSP",
        "PERMISSIONS_POLICY",
        "SESSION_COOKIE_AGE",
        "DEBUG",
    ]
    production = _settings(tmp_path, names, CANNOCCHIALE_PRODUCTION="1")
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] == 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["DEBUG"] is False
    assert "script-src" in production["SECURE_CSP"]  # type: ignore[operator]
    assert "camera=()" in str(production["PERMISSIONS_POLICY"])
    assert production["SESSION_COOKIE_AGE"] == 30 * 60
    # The demo, on plain HTTP on localhost, keeps working: no redirect to HTTPS, no HSTS.
    demo = _settings(tmp_path, names)
    assert (demo["SECURE_SSL_REDIRECT"], demo["SECURE_HSTS_SECONDS"], demo["SESSION_COOKIE_SECURE"]) == (
        False,
        0,
        False,
    )


def test_each_protection_is_configurable_from_the_environment(tmp_path: Path) -> None:
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "CSRF_TRUSTED_ORIGINS",
        "TRUSTED_PROXY_COUNT",
        "SESSION_COOKIE_AGE",
        "SECURE_CSP",
        "SECURE_CSP_REPORT_ONLY",
        "PERMISSIONS_POLICY",
    ]
    values = _settings(
        tmp_path,
        names,
        CANNOCCHIALE_PRODUCTION="1",
        CANNOCCHIALE_SSL_REDIRECT="0",  # TLS ends at the proxy, which redirects itself
        CANNOCCHIALE_HSTS_SECONDS="3600",
        CANNOCCHIALE_HSTS_PRELOAD="0",
        CANNOCCHIALE_TRUSTED_PROXIES="1",
        CSRF_TRUSTED_ORIGINS="https://performance.example.gov.it,https://www.example.gov.it",
        CANNOCCHIALE_SESSION_IDLE_MINUTES="15",
        CANNOCCHIALE_CSP="report-only",
        CANNOCCHIALE_PERMISSIONS_POLICY="camera=()",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://performance.example.gov.it",
        "https://www.example.gov.it",
    ]
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert values["SESSION_COOKIE_AGE"] == 15 * 60
    assert values["SECURE_CSP"] == {}
    assert "script-src" in values["SECURE_CSP_REPORT_ONLY"]  # type: ignore[operator]
    assert values["PERMISSIONS_POLICY"] == "camera=()"
    # Without trusted proxies, a client's X-Forwarded-Proto is not believed.
    assert _settings(tmp_path, ["SECURE_PROXY_SSL_HEADER"])["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        (
            "CANNOCCHIALE_SESSION_IDLE_MINUTES",
            "mezz'ora",
            "CANNOCCHIALE_SESSION_IDLE_MINUTES deve essere un numero",
        ),
        ("CANNOCCHIALE_CSP", "strict", "CANNOCCHIALE_CSP deve essere enforce, report-only oppure off"),
    ],
)
def test_a_wrong_value_is_named_at_start(tmp_path: Path, name: str, value: str, words: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS % (["DEBUG"],)],
        env=_env(tmp_path, **{name: value}),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert words in result.stderr
