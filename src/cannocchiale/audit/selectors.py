"""Reads of the record of changes that the writers of other apps need."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cannocchiale.audit.models import AuditEvent


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
