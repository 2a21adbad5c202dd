from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class ScoringPolicy(TenantModel):
    """Sistema di misurazione e valutazione (SMVP): the engine's settings, versioned per organization."""

    version = models.PositiveIntegerField("versione", default=1)
    valid_from_year = models.PositiveIntegerField("in vigore dall'anno")
    settings = models.JSONField("impostazioni", default=dict, blank=True)
    note = models.TextField("nota", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sistema di misurazione e valutazione"
        verbose_name_plural = "sistemi di misurazione e valutazione"
        ordering = ["organization", "-valid_from_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="scoring_policy_version_unique")
        ]

    def __str__(self) -> str:
        return f"SMVP v{self.version} (dal {self.valid_from_year})"


class ComputedScore(TenantModel):
    """A figure the engine computed, kept with its explanation: what pages and reports read.

    One row per subject (indicator, project, objective, area, plan, annual objective, assignee)
    of a plan at a date (`as_of`: the round's date); rescoring replaces the rows of that date.
    """

    class Subject(models.TextChoices):
        INDICATOR = "indicator", "Indicatore"
        PROJECT = "project", "Progetto"
        STRATEGIC_OBJECTIVE = "strategic_objective", "Obiettivo strategico"
        AREA = "area", "Area strategica"
        PLAN = "plan", "Piano"
        ANNUAL_OBJECTIVE = "annual_objective", "Obiettivo annuale"
        ASSIGNEE = "assignee", "Assegnatario"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="computed_scores")
    as_of = models.DateField("alla data")
    final = models.BooleanField("rilevazione finale", default=False)
    subject_type = models.CharField("tipo", max_length=24, choices=Subject.choices)
    subject_code = models.CharField("codice", max_length=64)
    achievement = models.DecimalField(
        "raggiungimento", max_digits=12, decimal_places=6, null=True, blank=True
    )
    status = models.CharField("semaforo", max_length=16, blank=True)
    data_state = models.CharField("stato del dato", max_length=24, blank=True)
    flagged = models.BooleanField("da verificare", default=False)
    flag = models.CharField("motivo", max_length=40, blank=True)
    explanation = models.JSONField("spiegazione")
    computed_at = models.DateTimeField("calcolato il", auto_now=True)

    class Meta:
        verbose_name = "punteggio calcolato"
        verbose_name_plural = "punteggi calcolati"
        ordering = ["plan", "as_of", "subject_type", "subject_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "as_of", "subject_type", "subject_code"], name="computed_score_unique"
            )
        ]
        indexes = [models.Index(fields=["organization", "plan", "as_of"])]
