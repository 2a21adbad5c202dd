from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class Plan(TenantModel):
    """A Piano della performance: one per organization and reference year, versioned."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Bozza"
        APPROVED = "approved", "Approvato"
        PUBLISHED = "published", "Pubblicato"

    year = models.PositiveIntegerField("anno di riferimento")
    version = models.PositiveIntegerField("versione", default=1)
    status = models.CharField("stato", max_length=16, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField("titolo", max_length=255, blank=True)
    start_year = models.PositiveIntegerField("dal", null=True, blank=True)
    end_year = models.PositiveIntegerField("al", null=True, blank=True)
    mission = models.TextField("mandato", blank=True)
    approval_act = models.CharField("atto di approvazione", max_length=255, blank=True)
    approval_date = models.DateField("data di approvazione", null=True, blank=True)
    revision_reason = models.TextField("motivo della revisione", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped (evaluation/freshness.bump_data_version) by every service that changes what the
    # plan's figures are computed from: stored figures of another version are stale.
    data_version = models.PositiveIntegerField("versione dei dati", default=0, editable=False)

    class Meta:
        verbose_name = "piano"
        verbose_name_plural = "piani"
        ordering = ["organization", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "version"], name="plan_year_version_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title or f"Piano {self.year} v{self.version}"
