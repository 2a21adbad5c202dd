"""The documents page: request the Piano, the Relazione or a monitoring report, follow it, download it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from cannocchiale.accounts.access import Access
from cannocchiale.audit.services import audit_access
from cannocchiale.reports.documents.build import CONTENT_TYPES
from cannocchiale.reports.models import GeneratedDocument
from cannocchiale.reports.selectors import document_get, documents_for_plan
from cannocchiale.reports.services import document_request
from cannocchiale.reports.worker import document_dispatch
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for


def _list_context(request: OrgRequest, year: int) -> dict[str, object]:
    plan = plan_for(request, year)
    documents = list(documents_for_plan(plan=plan)[:30])
    return {
        "plan": plan,
        "documents": documents,
        "pending": any(not d.finished for d in documents),
        "year": year,
        "can_request": request.access.can_request_documents(),
    }


@org_view(Access.can_read_documents)
@require_http_methods(["GET", "POST"])
def documents_page(request: OrgRequest, year: int) -> HttpResponse:
    if request.method == "POST":
        return _request_document(request, year)
    context = _list_context(request, year)
    context.update(
        page_context(request, year=year, crumbs=[(f"Documenti {year}", request.path)]),
        kinds=GeneratedDocument.Kind.choices,
        formats=GeneratedDocument.Format.choices,
        default_as_of=dt.date(year, 12, 31).isoformat(),
    )
    return render(request, "web/documents/page.html", context)


def _request_document(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    as_of = None
    if request.POST.get("as_of"):
        try:
            as_of = dt.date.fromisoformat(request.POST["as_of"])
        except ValueError:
            messages.error(request, "La data del monitoraggio non è valida (AAAA-MM-GG).")
            return redirect("web:documents", org=request.organization.code, year=year)
    # A refusal (another role, an unknown kind) is answered once, by core.error_mapping.
    document = document_request(
        access=request.access,
        plan=plan,
        kind=request.POST.get("kind", ""),
        fmt=request.POST.get("format", ""),
        actor=request.user,
        as_of=as_of,
    )
    document_dispatch(document.pk)
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/documents/_list.html", _list_context(request, year))
    messages.success(request, f"{document} richiesto: sarà pronto tra qualche secondo.")
    return redirect("web:documents", org=request.organization.code, year=year)


@org_view(Access.can_read_documents)
def documents_list(request: OrgRequest, year: int) -> HttpResponse:
    """The list alone: what the page polls while a document is being prepared."""
    return render(request, "web/documents/_list.html", _list_context(request, year))


@org_view(Access.can_read_documents)
def document_download(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    document = document_get(organization_id=request.organization.pk, pk=pk)
    if document is None or document.plan.year != year or document.status != GeneratedDocument.Status.DONE:
        raise Http404("documento non trovato")
    audit_access(
        organization=request.organization,
        actor=request.user,
        action="document.download",
        object_type="reports.GeneratedDocument",
        object_id=str(document.pk),
        object_repr=document.filename,
    )
    # Documents are a few hundred kilobytes: read whole, so the view returns a plain HttpResponse.
    with document.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=CONTENT_TYPES[document.format])
    response["Content-Disposition"] = content_disposition_header(True, document.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
