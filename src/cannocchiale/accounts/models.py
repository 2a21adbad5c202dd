from __future__ import annotations

from django.conf import settings
from django.db import models

from cannocchiale.core.tenancy import TenantModel


class Role(models.TextChoices):
    PLANNING_OFFICE = "planning_office", "Ufficio Programmazione e controllo"
    MANAGER = "manager", "Segretario generale / Dirigente / PO"
    OFFICE = "office", "Ufficio"
    OIV = "oiv", "OIV"
    ADMIN = "admin", "Amministratore"


class Membership(TenantModel):
    """A role a user holds in one organization; managers are tied to a position, offices to a unit.

    Sign-in is by username and password today; a SPID/CIE identity would map to the same user,
    so roles need not change when that sign-in arrives.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("ruolo", max_length=20, choices=Role.choices)
    position = models.ForeignKey(
        "organization.Position",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="posizione (per i ruoli direttivi)",
    )
    unit = models.ForeignKey(
        "organization.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="unità (per gli uffici)",
    )
    active = models.BooleanField("attivo", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ruolo assegnato"
        verbose_name_plural = "ruoli assegnati"
        ordering = ["organization", "user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role", "position", "unit"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        scope = self.position or self.unit
        return f"{self.user} — {self.get_role_display()}" + (f" ({scope})" if scope else "")
