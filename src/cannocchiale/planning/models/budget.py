from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q

from cannocchiale.core.tenancy import TenantModel


def _money(label: str) -> models.DecimalField[Decimal | None, Decimal | None]:
    return models.DecimalField(label, max_digits=16, decimal_places=2, null=True, blank=True)


class Budget(TenantModel):
    """Budget direzionale of a strategic objective or a project for one year."""

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="budgets")
    strategic_objective = models.ForeignKey(
        "planning.StrategicObjective", null=True, blank=True, on_delete=models.CASCADE, related_name="budgets"
    )
    project = models.ForeignKey(
        "planning.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="budgets"
    )
    year = models.PositiveIntegerField("anno")
    costs = _money("oneri")
    revenues = _money("proventi")
    investments = _money("investimenti")

    class Meta:
        verbose_name = "budget"
        verbose_name_plural = "budget"
        ordering = ["plan", "year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(strategic_objective__isnull=False, project__isnull=True)
                | Q(strategic_objective__isnull=True, project__isnull=False),
                name="budget_has_one_owner",
            ),
        ]


class DeclaredBudget(TenantModel):
    """A total as the plan declares it: per area, unallocated, or for the whole organization."""

    class Scope(models.TextChoices):
        AREA = "area", "Area strategica"
        UNALLOCATED = "unallocated", "Non attribuito"
        ORGANIZATION = "organization", "Ente"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="declared_budgets")
    scope = models.CharField("ambito", max_length=16, choices=Scope.choices)
    area = models.ForeignKey(
        "planning.StrategicArea",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_budgets",
    )
    year = models.PositiveIntegerField("anno")
    costs = _money("oneri")
    revenues = _money("proventi")
    investments = _money("investimenti")
    note = models.TextField("nota", blank=True)

    class Meta:
        verbose_name = "budget dichiarato"
        verbose_name_plural = "budget dichiarati"
        ordering = ["plan", "year", "id"]
