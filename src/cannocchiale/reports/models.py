"""Generated documents: requested, built in the background, kept with the plan version they came from."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from cannocchiale.core.tenancy import TenantModel


def document_path(instance: GeneratedDocument, filename: str) -> str:
    # Under the organization, with a random part: the file is served only through an access-checked view.
    return f"documenti/{instance.organization_id}/{uuid.uuid4().hex}-{filename}"


class GeneratedDocument(TenantModel):
    class Kind(models.TextChoices):
        PIANO = "piano", "Piano della performance"
        RELAZIONE = "relazione", "Relazione sulla performance"
        MONITORAGGIO = "monitoraggio", "Report di monitoraggio"

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"

    class Status(models.TextChoices):
        QUEUED = "queued", "In coda"
        RUNNING = "running", "In preparazione"
        DONE = "done", "Pronto"
        FAILED = "failed", "Non riuscito"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="generated_documents")
    plan_version = models.PositiveIntegerField("versione del piano")
    kind = models.CharField("documento", max_length=16, choices=Kind.choices)
    format = models.CharField("formato", max_length=8, choices=Format.choices)
    as_of = models.DateField("alla data", null=True, blank=True)
    status = models.CharField("stato", max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("avanzamento (%)", default=0)
    message = models.CharField("fase", max_length=255, blank=True)
    error = models.TextField("errore", blank=True)
    file = models.FileField("file", upload_to=document_path, max_length=500, blank=True)
    filename = models.CharField("nome del file", max_length=255, blank=True)
    size = models.PositiveBigIntegerField("dimensione (byte)", null=True, blank=True)
    simulated = models.BooleanField("contiene dati simulati", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("richiesto il", auto_now_add=True)
    started_at = models.DateTimeField("iniziato il", null=True, blank=True)
    finished_at = models.DateTimeField("completato il", null=True, blank=True)

    class Meta:
        verbose_name = "documento generato"
        verbose_name_plural = "documenti generati"
        ordering = ["organization", "-created_at"]
        indexes = [models.Index(fields=["organization", "plan", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.plan.year} ({self.get_format_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
