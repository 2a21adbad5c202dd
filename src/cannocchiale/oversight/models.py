"""Comments on the plan's parts and the OIV's validations of its documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from cannocchiale.core.tenancy import TenantModel


class Comment(TenantModel):
    """A remark on one part of a plan, kept by subject type and code so that it survives a new
    version of the plan (the objective 1A of version 2 is still 1A)."""

    class Subject(models.TextChoices):
        PLAN = "plan", "Piano"
        OBJECTIVE = "objective", "Obiettivo strategico"
        PROJECT = "project", "Progetto"
        ANNUAL_OBJECTIVE = "annual_objective", "Obiettivo annuale"
        INDICATOR = "indicator", "Indicatore"
        ROUND = "round", "Monitoraggio"
        RELAZIONE = "relazione", "Relazione sulla performance"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="comments")
    subject_type = models.CharField("riferito a", max_length=20, choices=Subject.choices)
    subject_code = models.CharField("codice", max_length=64, blank=True)
    text = models.TextField("osservazione")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("scritta il", auto_now_add=True)
    resolved = models.BooleanField("risolta", default=False)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField("risolta il", null=True, blank=True)

    class Meta:
        verbose_name = "osservazione"
        verbose_name_plural = "osservazioni"
        ordering = ["organization", "-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "subject_type", "subject_code"])]

    def __str__(self) -> str:
        code = f" {self.subject_code}" if self.subject_code else ""
        return f"Osservazione su {self.get_subject_type_display()}{code}"


class Validation(TenantModel):
    """The OIV's act on a document: the latest one of a year and kind is the one in force;
    earlier ones stay as history (a Relazione may be validated again after corrections)."""

    class Kind(models.TextChoices):
        RELAZIONE = "relazione", "Relazione sulla performance"
        PIANO = "piano", "Piano della performance (attestazione)"

    class Outcome(models.TextChoices):
        VALIDATED = "validated", "Validata"
        VALIDATED_WITH_REMARKS = "validated_with_remarks", "Validata con osservazioni"
        NOT_VALIDATED = "not_validated", "Non validata"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="validations")
    year = models.PositiveIntegerField("anno")
    kind = models.CharField("documento", max_length=16, choices=Kind.choices)
    document = models.ForeignKey(
        "reports.GeneratedDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="validations",
        verbose_name="documento generato",
    )
    outcome = models.CharField("esito", max_length=32, choices=Outcome.choices)
    act_reference = models.CharField("atto", max_length=255)
    act_date = models.DateField("data dell'atto")
    remarks = models.TextField("osservazioni", blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("registrata il", auto_now_add=True)

    class Meta:
        verbose_name = "validazione"
        verbose_name_plural = "validazioni"
        ordering = ["organization", "-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "year", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.get_outcome_display()}"
