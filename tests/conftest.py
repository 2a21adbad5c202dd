from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

FIXTURES = Path(__file__).parent / "fixtures"

# A test must never fail because the machine is busy: no deadline, no "input generation is slow".
# Registered here, before any test module is imported, so every @settings(...) inherits it.
settings.register_profile(
    "cannocchiale",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "cannocchiale"))


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Iterator[None]:
    """Tests create users by the hundred: a million PBKDF2 rounds each made a test world cost 6 s.

    The hasher's strength is Django's business, not the suite's; production keeps its default.
    """
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def fixture_path() -> type[Path]:
    return Path


def fixture_file(name: str) -> Path:
    return FIXTURES / name
