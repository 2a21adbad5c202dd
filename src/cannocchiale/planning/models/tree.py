"""The performance tree: area → strategic objective → programme → project (codes 1, 1A, 1A01, 1A0101)."""

from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class StrategicArea(TenantModel):
    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="areas")
    code = models.CharField("codice", max_length=16)
    title = models.CharField("titolo", max_length=255)
    description = models.TextField("descrizione", blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "area strategica"
        verbose_name_plural = "aree strategiche"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="area_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class StrategicObjective(TenantModel):
    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="strategic_objectives")
    area = models.ForeignKey(StrategicArea, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField("codice", max_length=16)
    title = models.CharField("titolo", max_length=500)
    description = models.TextField("descrizione", blank=True)
    owner = models.ForeignKey(
        "organization.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="area dirigenziale responsabile",
    )
    transversal = models.BooleanField("trasversale", default=False)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "obiettivo strategico"
        verbose_name_plural = "obiettivi strategici"
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="strategic_objective_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Programme(TenantModel):
    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="programmes")
    objective = models.ForeignKey(StrategicObjective, on_delete=models.CASCADE, related_name="programmes")
    code = models.CharField("codice", max_length=16)
    title = models.CharField("titolo", max_length=500, blank=True)
    description = models.TextField("descrizione", blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "programma"
        verbose_name_plural = "programmi"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="programme_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class Project(TenantModel):
    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="projects")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="projects")
    code = models.CharField("codice", max_length=16)
    title = models.CharField("titolo", max_length=500)
    description = models.TextField("descrizione", blank=True)
    actions = models.JSONField("azioni", default=list, blank=True)
    results = models.JSONField("risultati attesi", default=list, blank=True)
    offices = models.ManyToManyField(
        "organization.OrgUnit",
        through="planning.ProjectOffice",
        related_name="projects",
        verbose_name="uffici responsabili",
    )
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "progetto"
        verbose_name_plural = "progetti"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="project_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProjectOffice(TenantModel):
    """A responsible office of a project (an explicit table, so that it carries the tenant key)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="office_links")
    unit = models.ForeignKey("organization.OrgUnit", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "ufficio responsabile"
        verbose_name_plural = "uffici responsabili"
        ordering = ["project", "position"]
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="project_office_unique")]
