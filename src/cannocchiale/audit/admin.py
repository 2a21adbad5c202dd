from django.contrib import admin

from cannocchiale.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the record of changes is never edited."""

    list_display = ["at", "actor_name", "action", "object_type", "object_repr", "organization"]
    list_filter = ["organization", "action", "object_type"]
    search_fields = ["object_repr", "actor_name"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
