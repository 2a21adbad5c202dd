"""Monitoring rounds: what each office must enter at a date, its review, evidence and corrective actions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from cannocchiale.core.tenancy import TenantModel
from cannocchiale.monitoring.evidence_names import stored_name


class MonitoringRound(TenantModel):
    """Monitoraggio: a dated round (e.g. "Monitoraggio al 30 giugno") of a plan."""

    class Status(models.TextChoices):
        OPEN = "open", "Aperto"
        CLOSED = "closed", "Chiuso"
        LOCKED = "locked", "Bloccato"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="monitoring_rounds")
    name = models.CharField("denominazione", max_length=255)
    as_of = models.DateField("alla data")
    due_date = models.DateField("scadenza per l'inserimento")
    final = models.BooleanField("rilevazione finale", default=False)
    status = models.CharField("stato", max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "monitoraggio"
        verbose_name_plural = "monitoraggi"
        ordering = ["plan", "as_of", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "as_of"], name="round_date_unique")]

    def __str__(self) -> str:
        return self.name


class Submission(TenantModel):
    """The state of one indicator in one round, from "to enter" to "accepted"."""

    class State(models.TextChoices):
        TO_ENTER = "to_enter", "Da inserire"
        SUBMITTED = "submitted", "Inviato, da rivedere"
        SENT_BACK = "sent_back", "Rinviato per correzioni"
        ACCEPTED = "accepted", "Accettato"

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="submissions")
    indicator = models.ForeignKey("planning.Indicator", on_delete=models.CASCADE, related_name="submissions")
    measurement = models.ForeignKey(
        "monitoring.Measurement", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    state = models.CharField("stato", max_length=16, choices=State.choices, default=State.TO_ENTER)
    # Kept at submission so that lists and the dashboard need not rescore every indicator.
    achievement = models.DecimalField(
        "raggiungimento", max_digits=12, decimal_places=6, null=True, blank=True
    )
    off_target = models.BooleanField("scostamento dal target", default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("inviato il", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("rivisto il", null=True, blank=True)
    review_note = models.TextField("nota di revisione", blank=True)
    # Optimistic concurrency of the value and its review: each entry and each review increments
    # it, so that a value is never accepted unseen nor an acceptance undone by a stale form.
    version = models.PositiveIntegerField("versione della riga", default=1)

    class Meta:
        verbose_name = "rilevazione del monitoraggio"
        verbose_name_plural = "rilevazioni del monitoraggio"
        ordering = ["round", "indicator__position", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "indicator"], name="submission_unique")]

    def __str__(self) -> str:
        return f"{self.round} · {self.indicator.code}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # A random prefix: names chosen by users never collide nor reveal other files' names.
    name = stored_name(filename)
    return f"evidenze/{instance.organization_id}/{instance.submission.round_id}/{uuid.uuid4().hex}-{name}"


class Evidence(TenantModel):
    """A file that documents a measurement (a report, an extraction, a screenshot)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("file", upload_to=evidence_path, max_length=500)
    original_name = models.CharField("nome del file", max_length=255)
    content_type = models.CharField("tipo", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("dimensione (byte)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("caricato il", auto_now_add=True)

    class Meta:
        verbose_name = "evidenza"
        verbose_name_plural = "evidenze"
        ordering = ["submission", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CorrectiveAction(TenantModel):
    """Why a value is off target, and what will be done about it."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="corrective_action")
    explanation = models.TextField("motivazione dello scostamento")
    action = models.TextField("azione correttiva")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "azione correttiva"
        verbose_name_plural = "azioni correttive"

    def __str__(self) -> str:
        return self.action[:80]


class ReminderSent(TenantModel):
    """A reminder e-mail already sent, so that the same one is never sent twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Prima della scadenza"
        AFTER = "after", "Dopo la scadenza"
        REVIEW = "review", "Revisioni in attesa"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField("tipo", max_length=16, choices=Kind.choices)
    sent_at = models.DateTimeField("inviato il", auto_now_add=True)
    items = models.PositiveIntegerField("voci", default=0)

    class Meta:
        verbose_name = "promemoria inviato"
        verbose_name_plural = "promemoria inviati"
        constraints = [models.UniqueConstraint(fields=["user", "round", "kind"], name="reminder_once")]
