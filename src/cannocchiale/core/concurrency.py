"""Optimistic concurrency: a form carries the version of the row it was read at, and a save is
refused when someone else saved the same row since, so that no change is lost without a word.

The services lock the rows they are about to change (`select_for_update`), compare each row's
version with the one the form was read at, and increment it with the write; the check and the
write are in the same transaction, under the lock, so two writers can never both pass it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cannocchiale.audit.models import AuditEvent
from cannocchiale.core.errors import StateConflict


class EditConflict(StateConflict):
    """Someone else saved the same row after the form was read: nothing was saved."""


def last_editor(*, organization_id: int, object_type: str, object_id: int | str) -> str:
    """Who made the latest recorded change to the object, as a conflict message names them."""
    name = (
        AuditEvent.objects.filter(
            organization_id=organization_id, object_type=object_type, object_id=str(object_id)
        )
        .order_by("-at", "-id")
        .values_list("actor_name", flat=True)
        .first()
    )
    return name or _("un altro utente")


def parse_version(raw: str | None) -> int | None:
    """The version a form was read at; None when the form did not carry one (nothing to compare)."""
    text = (raw or "").strip()
    return int(text) if text.isdigit() else None
