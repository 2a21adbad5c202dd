"""Which builder makes which document, and which renderer makes which format."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from cannocchiale.oversight.selectors import validation_latest
from cannocchiale.planning.models import Plan
from cannocchiale.reports.documents.common import Progress, act_words, no_progress
from cannocchiale.reports.documents.model import Document
from cannocchiale.reports.documents.monitoraggio import build_monitoraggio
from cannocchiale.reports.documents.piano import build_piano
from cannocchiale.reports.documents.relazione import build_relazione
from cannocchiale.reports.render.docx import render_docx
from cannocchiale.reports.render.pdf import render_pdf
from cannocchiale.reports.render.xlsx import render_xlsx

KINDS = ("piano", "relazione", "monitoraggio")
FORMATS = ("pdf", "docx", "xlsx")
RENDERERS: dict[str, Callable[[Document], bytes]] = {
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def build_document(
    *, kind: str, plan: Plan, as_of: date | None = None, progress: Progress = no_progress
) -> Document:
    if kind == "piano":
        document = build_piano(plan=plan, progress=progress)
    elif kind == "relazione":
        document = build_relazione(plan=plan, progress=progress)
    elif kind == "monitoraggio":
        document = build_monitoraggio(plan=plan, as_of=as_of, progress=progress)
    else:
        raise ValueError(f"documento sconosciuto: {kind}")
    document.cover = cover_facts(plan=plan, kind=kind)
    return document


def cover_facts(*, plan: Plan, kind: str) -> list[tuple[str, str]]:
    """The plan's version, state and recorded acts for the cover; nothing unrecorded is claimed."""
    if plan.approval_act:
        approval = plan.approval_act + (f" del {plan.approval_date:%d/%m/%Y}" if plan.approval_date else "")
    elif plan.status == Plan.Status.DRAFT:
        approval = "non ancora approvato"
    else:
        approval = "atto di approvazione non registrato"
    facts = [
        ("Piano", f"{plan.year}, versione {plan.version} ({plan.get_status_display().lower()})"),
        ("Approvazione", approval),
    ]
    if kind == "relazione":
        validation = validation_latest(organization=plan.organization, year=plan.year, kind="relazione")
        facts.append(
            (
                "Validazione dell'OIV",
                f"{validation.get_outcome_display().lower()}, {act_words(validation)}"
                if validation is not None
                else "non ancora registrata",
            )
        )
    return facts


def render_document(
    *, kind: str, plan: Plan, fmt: str, as_of: date | None = None, progress: Progress = no_progress
) -> tuple[Document, bytes]:
    document = build_document(kind=kind, plan=plan, as_of=as_of, progress=progress)
    progress(96, f"Scrittura del file {fmt.upper()}")
    data = RENDERERS[fmt](document)
    progress(100, "Pronto")
    return document, data


def file_name(*, kind: str, plan: Plan, fmt: str, as_of: date | None = None) -> str:
    stem = {
        "piano": "piano-performance",
        "relazione": "relazione-performance",
        "monitoraggio": "monitoraggio",
    }[kind]
    when = f"-al-{as_of:%Y-%m-%d}" if as_of and kind == "monitoraggio" else ""
    return f"{stem}-{plan.organization.code}-{plan.year}-v{plan.version}{when}.{fmt}"
