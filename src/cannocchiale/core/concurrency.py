"""Optimistic concurrency: a form carries the version of the row it was read at, and a save is
refused when someone else saved the same row since, so that no change is lost without a word.

The services lock the rows they are about to change (`select_for_update`), compare each row's
version with the one the form was read at, and increment it with the write; the check and the
write are in the same transaction, under the lock, so two writers can never both pass it. Who
saved meanwhile is read from the record of changes (`audit.selectors.last_editor`).
"""

from __future__ import annotations

from cannocchiale.core.errors import StateConflict


class EditConflict(StateConflict):
    """Someone else saved the same row after the form was read: nothing was saved."""


def parse_version(raw: str | None) -> int | None:
    """The version a form was read at; None when the form did not carry one (nothing to compare)."""
    text = (raw or "").strip()
    return int(text) if text.isdigit() else None
