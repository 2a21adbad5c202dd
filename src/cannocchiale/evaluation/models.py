from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class ScoringPolicy(TenantModel):
    """Sistema di misurazione e valutazione (SMVP): the engine's settings, versioned per organization."""

    version = models.PositiveIntegerField("versione", default=1)
    valid_from_year = models.PositiveIntegerField("in vigore dall'anno")
    settings = models.JSONField("impostazioni", default=dict, blank=True)
    note = models.TextField("nota", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sistema di misurazione e valutazione"
        verbose_name_plural = "sistemi di misurazione e valutazione"
        ordering = ["organization", "-valid_from_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="scoring_policy_version_unique")
        ]

    def __str__(self) -> str:
        return f"SMVP v{self.version} (dal {self.valid_from_year})"
