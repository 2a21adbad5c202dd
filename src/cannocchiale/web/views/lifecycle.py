"""The plan's lifecycle: draft → approved (with its act) → published; revisions and their differences."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cannocchiale.accounts.access import Access
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.planning.selectors import plan_versions
from cannocchiale.planning.services import plan_approve, plan_publish
from cannocchiale.planning.versioning import plan_diff as diff_documents
from cannocchiale.planning.versioning import plan_document, plan_revise
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for


class ApprovalForm(forms.Form):
    act = forms.CharField(
        label=gettext_lazy("Atto di approvazione"),
        max_length=255,
        help_text=gettext_lazy("es. Delibera di Giunta n. 10"),
    )
    date = forms.DateField(
        label=gettext_lazy("Data dell'atto"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RevisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motivo della revisione"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _context(request: OrgRequest, year: int) -> dict[str, object]:
    url = reverse("web:plan_lifecycle", args=[request.organization.code, year])
    return page_context(request, year=year, crumbs=[(_("Ciclo del piano %(year)s") % {"year": year}, url)])


@org_view(Access.can_view_plan)
def plan_lifecycle(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    action = request.POST.get("action", "")
    approval = ApprovalForm(request.POST if action == "approve" else None, initial={"date": dt.date.today()})
    revision = RevisionForm(request.POST if action == "revise" else None)
    if request.method == "POST":
        if not request.access.can_manage_lifecycle():
            raise PermissionDenied(_("solo l'ufficio programmazione e controllo gestisce il ciclo del piano"))
        try:
            if action == "approve" and approval.is_valid():
                plan_approve(plan=plan, actor=request.user, **approval.cleaned_data)
                messages.success(request, _("Piano approvato: ora è bloccato."))
                return redirect(request.path)
            if action == "publish":
                plan_publish(plan=plan, actor=request.user)
                messages.success(request, _("Piano pubblicato."))
                return redirect(request.path)
            if action == "revise" and revision.is_valid():
                revised = plan_revise(plan=plan, actor=request.user, reason=revision.cleaned_data["reason"])
                messages.success(request, _("Creata la versione %(v)s, in bozza.") % {"v": revised.version})
                return redirect(request.path)
        except CannocchialeError as error:
            messages.error(request, str(error))
    context = _context(request, year) | {
        "plan": plan,
        "versions": plan_versions(plan=plan),
        "approval_form": approval,
        "revision_form": revision,
        "can_manage": request.access.can_manage_lifecycle(),
    }
    return render(request, "web/plan/lifecycle.html", context)


@org_view(Access.can_view_plan)
def plan_diff(request: OrgRequest, year: int) -> HttpResponse:
    latest = plan_for(request, year)
    try:
        new_version = int(request.GET.get("a", latest.version))
        old_version = int(request.GET.get("da", new_version - 1))
    except ValueError as error:
        raise Http404(_("versione non valida")) from error
    old, new = plan_for(request, year, old_version), plan_for(request, year, new_version)
    sections = diff_documents(plan_document(old), plan_document(new))
    context = _context(request, year) | {
        "plan": latest,
        "old": old,
        "new": new,
        "sections": sections,
        "changed": sum(len(s.entries) for s in sections),
        "versions": plan_versions(plan=latest),
    }
    return render(request, "web/plan/diff.html", context)
