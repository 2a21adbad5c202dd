"""Annual objectives at every level, and their cascade."""

from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class AnnualObjective(TenantModel):
    class Level(models.TextChoices):
        ORGANIZATION = "organization", "Ente"
        SECRETARY_GENERAL = "secretary_general", "Segretario generale"
        DIRECTOR = "director", "Dirigente"
        PO = "po", "Posizione organizzativa"
        OFFICE = "office", "Ufficio"

    class Type(models.TextChoices):
        TRANSVERSAL = "transversal", "Trasversale"
        RELEVANT = "relevant", "Di particolare rilevanza"
        AREA = "area", "Di Area"
        SERVICE = "service", "Di Servizio"
        INDIVIDUAL = "individual", "Individuale"
        PROJECT = "project", "Progettuale"
        OTHER = "other", "Altro"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="annual_objectives")
    code = models.CharField("codice", max_length=64)
    level = models.CharField("livello", max_length=20, choices=Level.choices)
    type = models.CharField("tipo", max_length=16, choices=Type.choices, default=Type.OTHER)
    title = models.CharField("titolo", max_length=500)
    description = models.TextField("descrizione", blank=True)
    assignee_position = models.ForeignKey(
        "organization.Position", null=True, blank=True, on_delete=models.PROTECT, related_name="objectives"
    )
    assignee_unit = models.ForeignKey(
        "organization.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="objectives"
    )
    weight = models.DecimalField("peso", max_digits=6, decimal_places=2, null=True, blank=True)
    complexity_staff = models.DecimalField(
        "dipendenti coinvolti", max_digits=6, decimal_places=2, null=True, blank=True
    )
    complexity_innovation = models.DecimalField(
        "innovatività", max_digits=6, decimal_places=2, null=True, blank=True
    )
    complexity_relations = models.DecimalField(
        "complessità relazioni", max_digits=6, decimal_places=2, null=True, blank=True
    )
    complexity_burden = models.DecimalField(
        "onerosità/tempo", max_digits=6, decimal_places=2, null=True, blank=True
    )
    complexity = models.DecimalField(
        "coefficiente di complessità", max_digits=6, decimal_places=3, null=True, blank=True
    )
    activities = models.JSONField("attività", default=list, blank=True)
    derives_from = models.ManyToManyField(
        "self",
        through="planning.AnnualObjectiveLink",
        symmetrical=False,
        related_name="derived",
        verbose_name="deriva da",
    )
    projects = models.ManyToManyField(
        "planning.Project", through="planning.AnnualObjectiveProject", related_name="annual_objectives"
    )
    strategic_objectives = models.ManyToManyField(
        "planning.StrategicObjective",
        through="planning.AnnualObjectiveStrategicObjective",
        related_name="annual_objectives",
    )
    position = models.PositiveIntegerField("ordine", default=0)
    # Optimistic concurrency of the weights: each save increments it, a stale form is refused.
    version = models.PositiveIntegerField("versione della riga", default=1)

    class Meta:
        verbose_name = "obiettivo annuale"
        verbose_name_plural = "obiettivi annuali"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="annual_objective_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class AnnualObjectiveLink(TenantModel):
    """`child` derives from `parent` in the cascade."""

    child = models.ForeignKey(AnnualObjective, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(AnnualObjective, on_delete=models.CASCADE, related_name="child_links")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["child", "position"]
        constraints = [models.UniqueConstraint(fields=["child", "parent"], name="annual_link_unique")]


class AnnualObjectiveProject(TenantModel):
    objective = models.ForeignKey(AnnualObjective, on_delete=models.CASCADE, related_name="project_links")
    project = models.ForeignKey("planning.Project", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["objective", "position"]
        constraints = [models.UniqueConstraint(fields=["objective", "project"], name="annual_project_unique")]


class AnnualObjectiveStrategicObjective(TenantModel):
    objective = models.ForeignKey(AnnualObjective, on_delete=models.CASCADE, related_name="strategic_links")
    strategic_objective = models.ForeignKey(
        "planning.StrategicObjective", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["objective", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "strategic_objective"], name="annual_strategic_unique"
            )
        ]
