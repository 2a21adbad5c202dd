from __future__ import annotations

from django.conf import settings
from django.db import models

from cannocchiale.core.tenancy import TenantModel


class Measurement(TenantModel):
    """Rilevazione: an actual value of an indicator at a date, with who entered it."""

    indicator = models.ForeignKey("planning.Indicator", on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField("data di riferimento")
    value = models.DecimalField("valore", max_digits=20, decimal_places=6, null=True, blank=True)
    done = models.BooleanField("realizzato", null=True, blank=True)
    completed_on = models.DateField("completato il", null=True, blank=True)
    assessed = models.DecimalField(
        "grado valutato (%)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    justification = models.TextField("motivazione", blank=True)
    note = models.TextField("nota", blank=True)
    # Invented values (the demo's year of results, the national simulation): a flag, never the
    # note's wording, so that a real note that happens to start like the demo's stays real.
    simulated = models.BooleanField("simulato", default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_by_name = models.CharField("inserito da", max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rilevazione"
        verbose_name_plural = "rilevazioni"
        ordering = ["indicator", "date", "id"]
        # One value of an indicator at a date: two first entries at once must not make two rows.
        constraints = [models.UniqueConstraint(fields=["indicator", "date"], name="measurement_date_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code} @ {self.date}"
