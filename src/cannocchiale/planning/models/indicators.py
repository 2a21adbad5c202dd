from __future__ import annotations

from django.db import models
from django.db.models import Q

from cannocchiale.core.tenancy import TenantModel


class Indicator(TenantModel):
    """What is measured, attached to exactly one of: a strategic objective, a project, an annual objective."""

    class Polarity(models.TextChoices):
        HIGHER = "higher_is_better", "Più alto è meglio"
        LOWER = "lower_is_better", "Più basso è meglio"
        RANGE = "in_range", "Entro un intervallo"
        NONE = "none", "Nessuna"

    class Frequency(models.TextChoices):
        ANNUAL = "annual", "Annuale"
        SEMIANNUAL = "semiannual", "Semestrale"
        QUARTERLY = "quarterly", "Trimestrale"
        MONTHLY = "monthly", "Mensile"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("codice", max_length=64)
    description = models.TextField("descrizione")
    unit = models.CharField("unità di misura", max_length=64, blank=True)
    source = models.CharField("fonte", max_length=255, blank=True)
    polarity = models.CharField("polarità", max_length=20, choices=Polarity.choices, blank=True)
    formula = models.TextField("formula", blank=True)
    frequency = models.CharField(
        "frequenza di aggiornamento", max_length=16, choices=Frequency.choices, default=Frequency.ANNUAL
    )
    weight = models.DecimalField("peso", max_digits=7, decimal_places=3, null=True, blank=True)
    strategic_objective = models.ForeignKey(
        "planning.StrategicObjective",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    project = models.ForeignKey(
        "planning.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    annual_objective = models.ForeignKey(
        "planning.AnnualObjective", null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "indicatore"
        verbose_name_plural = "indicatori"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=(
                    Q(strategic_objective__isnull=False, project__isnull=True, annual_objective__isnull=True)
                    | Q(
                        strategic_objective__isnull=True, project__isnull=False, annual_objective__isnull=True
                    )
                    | Q(
                        strategic_objective__isnull=True, project__isnull=True, annual_objective__isnull=False
                    )
                ),
                name="indicator_has_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:80]}"


class Target(TenantModel):
    """A target for one year: the text as written and the structured form the engine parsed from it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveIntegerField("anno")
    text = models.TextField("target (testo)")
    kind = models.CharField("tipo", max_length=16)
    structured = models.JSONField("forma strutturata")
    # Optimistic concurrency: each save increments it, a form read at an older one is refused.
    version = models.PositiveIntegerField("versione della riga", default=1)

    class Meta:
        verbose_name = "target"
        verbose_name_plural = "target"
        ordering = ["indicator", "year"]
        constraints = [models.UniqueConstraint(fields=["indicator", "year"], name="target_year_unique")]

    def __str__(self) -> str:
        return f"{self.year}: {self.text}"

    @property
    def understood(self) -> bool:
        return self.kind != "qualitative"
