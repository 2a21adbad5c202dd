from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class FinancialItem(TenantModel):
    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="financial_items")
    code = models.CharField("codice", max_length=64)
    name = models.CharField("voce", max_length=500)
    unit = models.CharField("unità", max_length=16, blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "voce finanziaria"
        verbose_name_plural = "voci finanziarie"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="financial_item_code_unique")]

    def __str__(self) -> str:
        return self.name


class FinancialValue(TenantModel):
    class Status(models.TextChoices):
        FINAL = "final", "Consuntivo"
        PRE_FINAL = "pre_final", "Pre-consuntivo"
        FORECAST = "forecast", "Preventivo"
        BUDGET = "budget", "Budget"

    item = models.ForeignKey(FinancialItem, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveIntegerField("anno")
    value = models.DecimalField("valore", max_digits=20, decimal_places=6, null=True, blank=True)
    status = models.CharField("stato", max_length=16, choices=Status.choices, blank=True)

    class Meta:
        verbose_name = "valore"
        verbose_name_plural = "valori"
        ordering = ["item", "year"]
        constraints = [models.UniqueConstraint(fields=["item", "year"], name="financial_value_year_unique")]


class HealthIndicator(TenantModel):
    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="health_indicators")
    code = models.CharField("codice", max_length=64)
    name = models.CharField("indicatore", max_length=500)
    dimension = models.CharField("dimensione", max_length=255, blank=True)
    formula = models.TextField("formula")
    unit = models.CharField("unità", max_length=16, blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "indicatore di salute"
        verbose_name_plural = "indicatori di salute"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="health_indicator_code_unique")]

    def __str__(self) -> str:
        return self.name


class HealthTarget(TenantModel):
    indicator = models.ForeignKey(HealthIndicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveIntegerField("anno")
    text = models.TextField("target (testo)")
    kind = models.CharField("tipo", max_length=16)
    structured = models.JSONField("forma strutturata")

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="health_target_year_unique")
        ]


class PublishedHealthValue(TenantModel):
    """A value as the plan prints it, kept to check that the formulas reproduce it."""

    indicator = models.ForeignKey(HealthIndicator, on_delete=models.CASCADE, related_name="published")
    year = models.PositiveIntegerField("anno")
    value = models.DecimalField("valore pubblicato", max_digits=20, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="published_health_year_unique")
        ]
