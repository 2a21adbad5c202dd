from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One recorded change or access. Kept even when the object it describes is deleted, hence no
    foreign key to it; the organization and the actor are kept as ids without a database constraint,
    so deleting either never rewrites (and so never breaks) the chain of events.

    Each organization's events form a hash chain (`sequence`, `previous_hash`, `entry_hash`, see
    `cannocchiale.audit.chain`): editing, removing or inserting a row shows in `cannocchiale audit verify`.
    """

    class Category(models.TextChoices):
        CHANGE = "change", _("modifica")
        # Sign-ins, downloads: recorded, but not a change of the organization's data (caches and
        # stored scores key on the latest change, and must not be invalidated by a download).
        ACCESS = "access", _("accesso")

    organization = models.ForeignKey(
        "organization.Organization",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("autore", max_length=255, blank=True)
    # Set before the row is written, because the event's hash covers it.
    at = models.DateTimeField("quando", default=timezone.now, db_index=True)
    category = models.CharField(max_length=10, choices=Category.choices, default=Category.CHANGE)
    action = models.CharField("azione", max_length=64)
    object_type = models.CharField("tipo di oggetto", max_length=100)
    object_id = models.CharField("identificativo", max_length=64, blank=True)
    object_repr = models.CharField("oggetto", max_length=500, blank=True)
    before = models.JSONField("prima", null=True, blank=True)
    after = models.JSONField("dopo", null=True, blank=True)
    reason = models.TextField("motivo", blank=True)
    sequence = models.PositiveBigIntegerField("numero")
    previous_hash = models.CharField(max_length=64, blank=True)
    entry_hash = models.CharField("impronta", max_length=64)

    class Meta:
        verbose_name = "modifica registrata"
        verbose_name_plural = "registro delle modifiche"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "object_type", "object_id"])]
        constraints = [
            # Two writers can never give the same number in one chain: the chain cannot fork.
            models.UniqueConstraint(fields=["organization", "sequence"], name="audit_chain_sequence"),
            models.UniqueConstraint(
                fields=["sequence"],
                condition=Q(organization__isnull=True),
                name="audit_global_chain_sequence",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action_label} {self.object_repr}"

    @property
    def action_label(self) -> str:
        """The action in words, for people (never the internal code)."""
        from cannocchiale.audit.labels import action_label

        return str(action_label(self.action))


class AuditChain(models.Model):
    """The head of one organization's chain (or of the events of no organization, `scope` "-"):
    its last number and hash. Writers lock this row, so concurrent events are chained one after the
    other; `audit verify` compares it with the last event, so removing the newest events shows."""

    scope = models.CharField(max_length=20, unique=True)
    organization = models.ForeignKey(
        "organization.Organization", null=True, on_delete=models.CASCADE, related_name="+"
    )
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "catena del registro"
        verbose_name_plural = "catene del registro"

    def __str__(self) -> str:
        return f"{self.scope} #{self.last_sequence}"
