from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models

from cannocchiale.core.tenancy import TenantModel

# Aggregated evaluation figures of fewer people than this would show one person's score.
AGGREGATE_MIN_GROUP_DEFAULT = 5
AGGREGATE_MIN_GROUP_FLOOR = 3


class Organization(models.Model):
    """The tenant: a Camera di commercio, a Comune, any administration."""

    code = models.SlugField("codice", max_length=64, unique=True)
    name = models.CharField("denominazione", max_length=255)
    kind = models.CharField("tipo di ente", max_length=64, blank=True)
    staff = models.PositiveIntegerField("personale", null=True, blank=True)
    mission = models.TextField("missione", blank=True)
    vision = models.TextField("visione", blank=True)
    values = models.JSONField("valori", default=list, blank=True)
    evaluation_min_group = models.PositiveSmallIntegerField(
        "valutazioni minime per i dati aggregati",
        default=AGGREGATE_MIN_GROUP_DEFAULT,
        validators=[MinValueValidator(AGGREGATE_MIN_GROUP_FLOOR)],
        help_text="sotto questo numero di valutazioni concluse i dati aggregati non si mostrano (almeno 3)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ente"
        verbose_name_plural = "enti"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(evaluation_min_group__gte=AGGREGATE_MIN_GROUP_FLOOR),
                name="organization_evaluation_min_group_floor",
            )
        ]

    def __str__(self) -> str:
        return self.name


class OrgUnit(TenantModel):
    class Kind(models.TextChoices):
        BODY = "body", "Organo"
        DIRECTORATE = "directorate", "Area dirigenziale"
        DIVISION = "division", "Servizio (PO)"
        OFFICE = "office", "Ufficio"

    code = models.CharField("codice", max_length=64)
    name = models.CharField("denominazione", max_length=255)
    kind = models.CharField("tipo", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="padre"
    )
    staff = models.PositiveIntegerField("personale", null=True, blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "unità organizzativa"
        verbose_name_plural = "unità organizzative"
        ordering = ["organization", "position"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="orgunit_code_unique")]

    def __str__(self) -> str:
        return self.name


class Position(TenantModel):
    class Role(models.TextChoices):
        SECRETARY_GENERAL = "secretary_general", "Segretario generale"
        DIRECTOR = "director", "Dirigente"
        PO = "po", "Posizione organizzativa"

    code = models.CharField("codice", max_length=64)
    role = models.CharField("ruolo", max_length=32, choices=Role.choices)
    title = models.CharField("denominazione", max_length=255)
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        verbose_name="unità",
    )
    holder = models.CharField("titolare", max_length=255, blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "posizione"
        verbose_name_plural = "posizioni"
        ordering = ["organization", "position"]
        constraints = [models.UniqueConstraint(fields=["organization", "code"], name="position_code_unique")]

    def __str__(self) -> str:
        return f"{self.title} ({self.holder})" if self.holder else self.title
