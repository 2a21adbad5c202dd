from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_path() -> type[Path]:
    return Path


def fixture_file(name: str) -> Path:
    return FIXTURES / name
