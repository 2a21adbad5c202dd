"""Requesting and producing documents: every write here, each one audited."""

from __future__ import annotations

import logging
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.audit.services import audit_record
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.planning.models import Plan
from cannocchiale.reports.documents.build import FORMATS, KINDS, file_name, render_document
from cannocchiale.reports.models import GeneratedDocument

logger = logging.getLogger(__name__)
Status = GeneratedDocument.Status


class DocumentError(CannocchialeError):
    """A document that cannot be requested (unknown kind or format)."""


def document_request(
    *,
    access: Access,
    plan: Plan,
    kind: str,
    fmt: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    as_of: date | None = None,
) -> GeneratedDocument:
    """Queue a document; a worker (thread or `cannocchiale report worker`) produces it."""
    access.require(
        access.can_request_documents(),
        organization_id=plan.organization_id,
        message=_("solo l'Ufficio Programmazione e controllo richiede i documenti"),
    )
    if kind not in KINDS or fmt not in FORMATS:
        raise DocumentError(f"documento «{kind}» in formato «{fmt}» non previsto")
    with transaction.atomic():
        document = GeneratedDocument.objects.create(
            organization=plan.organization,
            plan=plan,
            plan_version=plan.version,
            kind=kind,
            format=fmt,
            as_of=as_of if kind == "monitoraggio" else None,
            created_by=actor if isinstance(actor, get_user_model()) else None,
            message="In coda",
        )
        audit_record(
            organization=plan.organization,
            actor=actor,
            action="document.request",
            object_type="reports.GeneratedDocument",
            object_id=str(document.pk),
            object_repr=str(document),
            after={"kind": kind, "format": fmt, "plan_version": plan.version},
        )
    return document


def document_claim(*, pk: int) -> bool:
    """Take a queued document for production; False if another worker already has it."""
    claimed = GeneratedDocument.objects.filter(pk=pk, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), message="Avvio", progress=1
    )
    return claimed == 1


def _progress(pk: int):  # type: ignore[no-untyped-def]
    def report(percent: int, message: str) -> None:
        GeneratedDocument.objects.filter(pk=pk).update(progress=min(percent, 99), message=message[:255])

    return report


def document_produce(*, pk: int) -> GeneratedDocument:
    """Build and store a claimed document; a failure is recorded on the row, never lost."""
    row = GeneratedDocument.objects.select_related("plan__organization").get(pk=pk)
    try:
        document, data = render_document(
            kind=row.kind, plan=row.plan, fmt=row.format, as_of=row.as_of, progress=_progress(pk)
        )
    except Exception as error:
        logger.exception("document %s failed", pk)
        with transaction.atomic():
            GeneratedDocument.objects.filter(pk=pk).update(
                status=Status.FAILED,
                error=str(error)[:2000],
                message="Non riuscito",
                finished_at=timezone.now(),
            )
            audit_record(
                organization=row.plan.organization,
                actor=None,
                action="document.fail",
                object_type="reports.GeneratedDocument",
                object_id=str(pk),
                object_repr=str(row),
                after={"error": str(error)[:500]},
            )
        row.refresh_from_db()
        return row
    name = file_name(kind=row.kind, plan=row.plan, fmt=row.format, as_of=row.as_of)
    with transaction.atomic():
        row.file.save(name, ContentFile(data), save=False)
        row.filename, row.size, row.simulated = name, len(data), document.simulated
        row.status, row.progress, row.message, row.finished_at = Status.DONE, 100, "Pronto", timezone.now()
        row.save()
        audit_record(
            organization=row.plan.organization,
            actor=None,
            action="document.done",
            object_type="reports.GeneratedDocument",
            object_id=str(pk),
            object_repr=str(row),
            after={"file": name, "size": len(data), "simulated": document.simulated},
        )
    return row


def document_run(*, pk: int) -> GeneratedDocument | None:
    """Claim and produce: what both the in-process thread and the worker command call."""
    if not document_claim(pk=pk):
        return None
    return document_produce(pk=pk)
