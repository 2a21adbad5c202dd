"""Races between two writers: real threads, each with its own database connection, released
together by a barrier. Only PostgreSQL has the row locks these tests are about (SQLite locks the
whole database and ignores `select_for_update`), so there they are skipped."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection

from tests.web.helpers import World, build_world

# Only a guard against a test that would hang forever: no assertion depends on how long anything takes.
STUCK_SECONDS = 60

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="le corse tra scritture concorrenti si provano su PostgreSQL: SQLite blocca l'intero "
    "database e ignora select_for_update (DATABASE_URL=postgres://…)",
)


@dataclass
class Outcome:
    value: Any = None
    error: BaseException | None = None


def run_together(*actions: Callable[[], Any]) -> list[Outcome]:
    """Runs each action in a thread of its own, all released at the same moment; returns what each
    returned or raised. Each thread closes its connection, so the test database can be dropped."""
    barrier = threading.Barrier(len(actions))
    outcomes = [Outcome() for _ in actions]

    def run(index: int, action: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=STUCK_SECONDS)
            outcomes[index].value = action()
        except BaseException as error:  # reported to the test, which decides
            outcomes[index].error = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=STUCK_SECONDS * 2)
    assert not any(t.is_alive() for t in threads), "un thread è rimasto bloccato"
    return outcomes


def meeting_point(parties: int) -> Callable[[], None]:
    """A point where each writer waits for the other, to make the race certain before a fix.

    After the fix the second writer may be held by a row lock before it gets there: then the
    first stops waiting after a while and goes on (the wait only lengthens the test)."""
    barrier = threading.Barrier(parties)

    def meet() -> None:
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=5)

    return meet


def wrap_after(module: Any, name: str, monkeypatch: pytest.MonkeyPatch, then: Callable[[], None]) -> None:
    """Makes `module.name` call `then` after the original returns."""
    original = getattr(module, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        then()
        return result

    monkeypatch.setattr(module, name, wrapped)


@pytest.fixture
def world(transactional_db: None, settings: Any, tmp_path: Any) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()
