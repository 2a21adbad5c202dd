"""An audit event in words, whatever shape its row has: a page never fails on a row it did not expect
(written by an older version, or forged in the database); it shows what it can and says what is odd."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from cannocchiale.audit.labels import action_known
from cannocchiale.audit.models import AuditEvent
from cannocchiale.audit.verification import event_intact

Readable = Callable[[str, Any], str]
# Where a value that is not a mapping of fields is shown.
WHOLE = "*"


def plain(value: Any) -> str:
    """Any JSON value in words, without assuming its shape."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {plain(v)}" for k, v in value.items())
    return str(value)


@dataclass(frozen=True)
class EventDisplay:
    changes: list[tuple[str, str, str]]  # (field, before, after) in words, for each field that changed
    problems: list[str]


def event_display(event: AuditEvent, field_names: Mapping[str, str], readable: Readable) -> EventDisplay:
    problems: list[str] = []
    odd_shape = False

    def fields(value: Any) -> dict[str, Any]:
        nonlocal odd_shape
        if value is None:
            return {}
        if isinstance(value, dict):
            return {str(k): v for k, v in value.items()}
        odd_shape = True
        return {WHOLE: value}

    def words(key: str, value: Any) -> str:
        nonlocal odd_shape
        try:
            return readable(key, value)
        except Exception:
            odd_shape = True
            return plain(value)

    before, after = fields(event.before), fields(event.after)
    rows = []
    for key in [*before, *(k for k in after if k not in before)]:
        old, new = words(key, before.get(key)), words(key, after.get(key))
        if old != new:
            label = _("contenuto") if key == WHOLE else field_names.get(key, key)
            rows.append((label, old, new))
    if not action_known(event.action):
        problems.append(
            _("Azione non riconosciuta: questa registrazione potrebbe non venire dall'applicazione.")
        )
    if odd_shape:
        problems.append(_("Contenuto di forma inattesa: è mostrato così come è registrato."))
    if not event_intact(event):
        problems.append(
            _("Questa registrazione non corrisponde alla sua impronta: potrebbe essere stata alterata.")
        )
    return EventDisplay(rows, problems)
