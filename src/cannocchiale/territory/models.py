"""Context figures of the territory (value added, companies, exports, tourism, population, labour market).

They describe the economy the plan is written for; nothing is scored on them. Each series keeps its
source as the plan cites it, since the same figure differs between sources and editions.
"""

from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class ContextSeries(TenantModel):
    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="context_series")
    code = models.CharField("codice", max_length=64)
    name = models.CharField("serie", max_length=500)
    unit = models.CharField("unità", max_length=64, blank=True)
    source = models.CharField("fonte", max_length=255, blank=True)
    note = models.TextField("nota", blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "serie di contesto"
        verbose_name_plural = "serie di contesto"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="context_series_code_unique")]

    def __str__(self) -> str:
        return self.name


class ContextValue(TenantModel):
    series = models.ForeignKey(ContextSeries, on_delete=models.CASCADE, related_name="values")
    year = models.PositiveIntegerField("anno")
    value = models.DecimalField("valore", max_digits=20, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = "valore"
        verbose_name_plural = "valori"
        ordering = ["series", "year"]
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="context_value_year_unique")]
