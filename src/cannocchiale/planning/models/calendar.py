from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class CalendarPhase(TenantModel):
    """A phase of the plan drafting calendar: who does what, when."""

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="calendar")
    phase = models.CharField("fase", max_length=500)
    actors = models.JSONField("attori", default=list, blank=True)
    start = models.DateField("inizio", null=True, blank=True)
    end = models.DateField("fine", null=True, blank=True)
    note = models.TextField("nota", blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "fase del calendario"
        verbose_name_plural = "calendario di redazione"
        ordering = ["plan", "position"]
