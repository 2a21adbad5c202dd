"""Every domain row belongs to an organization: the key that scopes queries and shards the database."""

from __future__ import annotations

from django.db import models


class TenantModel(models.Model):
    organization = models.ForeignKey(
        "organization.Organization",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="ente",
    )

    class Meta:
        abstract = True
