from __future__ import annotations

import os
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


@pytest.fixture
def fixture_path() -> type[Path]:
    return Path


def fixture_file(name: str) -> Path:
    return FIXTURES / name
