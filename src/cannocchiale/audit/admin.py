from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cannocchiale.audit.models import AuditEvent
from cannocchiale.audit.privacy import event_readable

# An evaluation's ratings, comments, bonus and review reasons travel in these fields.
PERSONAL_FIELDS = ("before", "after", "reason")
WITHHELD = _(
    "Riservato: i dettagli di una valutazione individuale si leggono solo dalle parti, "
    "dall'Ufficio Programmazione e controllo e dall'OIV."
)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the record of changes is never edited."""

    list_display = ["at", "actor_name", "action", "object_type", "object_repr", "organization"]
    list_filter = ["organization", "action", "object_type"]
    search_fields = ["object_repr", "actor_name"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:  # type: ignore[override]
        """The event's fields; an evaluation's content withheld from who may not read the sheet."""
        names = [f.name for f in AuditEvent._meta.fields if f.name != "id"]
        if obj is None or event_readable(request.user, obj):
            return names
        return [f"{name}_withheld" if name in PERSONAL_FIELDS else name for name in names]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return self.get_fields(request, obj)

    @admin.display(description=_("prima"))
    def before_withheld(self, obj: AuditEvent) -> str:
        return str(WITHHELD)

    @admin.display(description=_("dopo"))
    def after_withheld(self, obj: AuditEvent) -> str:
        return str(WITHHELD)

    @admin.display(description=_("motivo"))
    def reason_withheld(self, obj: AuditEvent) -> str:
        return str(WITHHELD)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
