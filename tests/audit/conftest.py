from __future__ import annotations

import pytest

from tests.web.helpers import World, build_world


@pytest.fixture
def world(db: None, settings, tmp_path) -> World:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()
