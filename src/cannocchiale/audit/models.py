from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One recorded change. Kept even when the object it describes is deleted, hence no foreign key to it."""

    organization = models.ForeignKey(
        "organization.Organization", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField("autore", max_length=255, blank=True)
    at = models.DateTimeField("quando", auto_now_add=True, db_index=True)
    action = models.CharField("azione", max_length=64)
    object_type = models.CharField("tipo di oggetto", max_length=100)
    object_id = models.CharField("identificativo", max_length=64, blank=True)
    object_repr = models.CharField("oggetto", max_length=500, blank=True)
    before = models.JSONField("prima", null=True, blank=True)
    after = models.JSONField("dopo", null=True, blank=True)
    reason = models.TextField("motivo", blank=True)

    class Meta:
        verbose_name = "modifica registrata"
        verbose_name_plural = "registro delle modifiche"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"
