"""The OIV's pages: the comments panel of a sheet, and the page of all comments and validations."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cannocchiale.accounts.access import Access
from cannocchiale.oversight.models import Comment, Validation
from cannocchiale.oversight.selectors import (
    STATES,
    comment_get,
    comments_for_subject,
    comments_for_year,
    validation_latest,
    validations_for_year,
)
from cannocchiale.oversight.services import OversightError, comment_add, comment_resolve, validation_record
from cannocchiale.reports.selectors import validatable_documents
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for
from cannocchiale.web.views.editing import is_htmx

# Subjects that have a sheet to go back to, by their URL name.
SHEETS = {Comment.Subject.OBJECTIVE: "web:objective_sheet", Comment.Subject.PROJECT: "web:project_sheet"}


def _panel_url(request: OrgRequest, year: int, subject_type: str, code: str) -> str:
    if code:
        return reverse("web:comments_panel", args=[request.organization.code, year, subject_type, code])
    return reverse("web:comments_panel_plan", args=[request.organization.code, year, subject_type])


def _back_url(request: OrgRequest, year: int, subject_type: str, code: str) -> str:
    if subject_type in SHEETS and code:
        return reverse(SHEETS[Comment.Subject(subject_type)], args=[request.organization.code, year, code])
    return reverse("web:oversight", args=[request.organization.code, year])


def _render_panel(
    request: OrgRequest, year: int, subject_type: str, code: str, *, error: str = "", draft: str = ""
) -> HttpResponse:
    context = {
        "comments": [
            (comment, request.access.can_resolve_comment(comment))
            for comment in comments_for_subject(
                organization=request.organization, year=year, subject_type=subject_type, subject_code=code
            )
        ],
        "panel_url": _panel_url(request, year, subject_type, code),
        "panel_id": f"osservazioni-{subject_type}-{code}".rstrip("-"),
        "year": year,
        "can_comment": request.access.can_comment(),
        "error": error,
        "draft": draft,
    }
    return render(request, "web/oversight/_panel.html", context)


@org_view(Access.can_read_comments)
@require_http_methods(["GET", "POST"])
def comments_panel(request: OrgRequest, year: int, subject_type: str, code: str = "") -> HttpResponse:
    """The comments on one subject: loaded into its sheet by htmx, posting without a reload."""
    if request.method == "GET":
        return _render_panel(request, year, subject_type, code)
    if not request.access.can_comment():
        return HttpResponse("non autorizzato", status=403)
    text = request.POST.get("text", "")
    try:
        comment_add(
            access=request.access,
            plan=plan_for(request, year),
            subject_type=subject_type,
            subject_code=code,
            text=text,
            actor=request.user,
        )
    except OversightError as error:
        if is_htmx(request):
            return _render_panel(request, year, subject_type, code, error=str(error), draft=text)
        messages.error(request, str(error))
    else:
        if is_htmx(request):
            return _render_panel(request, year, subject_type, code)
        messages.success(request, "Osservazione registrata.")
    return redirect(_back_url(request, year, subject_type, code))


@org_view(Access.can_read_comments)
@require_POST
def comment_resolve_view(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    comment = comment_get(organization=request.organization, pk=pk)
    if comment is None or comment.plan.year != year:
        return HttpResponse("osservazione non trovata", status=404)
    try:
        comment_resolve(access=request.access, comment=comment, actor=request.user)
    except OversightError as error:
        return HttpResponse(str(error), status=403)
    if is_htmx(request) and request.POST.get("from") == "panel":
        return _render_panel(request, year, comment.subject_type, comment.subject_code)
    if is_htmx(request):
        return render(request, "web/oversight/_comments.html", _list_context(request, year, request.POST))
    messages.success(request, "Osservazione chiusa.")
    return redirect(_back_url(request, year, comment.subject_type, comment.subject_code))


def _list_context(request: OrgRequest, year: int, params: QueryDict) -> dict[str, object]:
    state = params.get("stato", "open")
    state = state if state in STATES else "open"
    subject_type = params.get("tipo", "")
    subject_type = subject_type if subject_type in Comment.Subject.values else ""
    comments = comments_for_year(
        organization=request.organization, year=year, state=state, subject_type=subject_type
    )
    return {
        "year": year,
        "comments": [
            (
                c,
                _back_url(request, year, c.subject_type, c.subject_code),
                request.access.can_resolve_comment(c),
            )
            for c in comments
        ],
        "state": state,
        "subject_type": subject_type,
        "subjects": Comment.Subject.choices,
        "states": [("open", "Aperte"), ("resolved", "Risolte"), ("all", "Tutte")],
    }


def _validation_context(request: OrgRequest, year: int) -> dict[str, object]:
    org = request.organization
    documents = validatable_documents(organization=org, year=year, kind=Validation.Kind.RELAZIONE)
    return {
        "relazione": validation_latest(organization=org, year=year, kind=Validation.Kind.RELAZIONE),
        "piano": validation_latest(organization=org, year=year, kind=Validation.Kind.PIANO),
        "history": validations_for_year(organization=org, year=year),
        "documents": documents,
        "can_validate": request.access.can_validate(),
        "can_download": request.access.can_read_documents(),
        "kinds": Validation.Kind.choices,
        "outcomes": Validation.Outcome.choices,
        "today": dt.date.today().isoformat(),
    }


@org_view(Access.can_read_comments)
def oversight_page(request: OrgRequest, year: int) -> HttpResponse:
    plan_for(request, year)  # 404 for a year without a plan
    context = _list_context(request, year, request.GET)
    if is_htmx(request):
        return render(request, "web/oversight/_comments.html", context)
    context.update(_validation_context(request, year))
    context.update(page_context(request, year=year, crumbs=[(f"OIV {year}", request.path)]))
    return render(request, "web/oversight/page.html", context)


@org_view(Access.can_validate)
@require_POST
def validation_submit(request: OrgRequest, year: int) -> HttpResponse:
    data = request.POST
    document = data.get("document", "")
    try:
        act_date = dt.date.fromisoformat(data.get("act_date", ""))
    except ValueError:
        messages.error(request, "La data dell'atto non è valida (AAAA-MM-GG).")
        return redirect("web:oversight", org=request.organization.code, year=year)
    try:
        validation = validation_record(
            access=request.access,
            plan=plan_for(request, year),
            kind=data.get("kind", Validation.Kind.RELAZIONE),
            outcome=data.get("outcome", ""),
            act_reference=data.get("act_reference", ""),
            act_date=act_date,
            remarks=data.get("remarks", ""),
            document_id=int(document) if document.isdigit() else None,
            actor=request.user,
        )
    except OversightError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Registrato: {validation}.")
    return redirect(f"{reverse('web:oversight', args=[request.organization.code, year])}#validazione")
