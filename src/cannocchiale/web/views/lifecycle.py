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
from cannocchiale.planning.carry_over import carry_over_preview, carry_over_recorded, unmatched_lines
from cannocchiale.planning.models import Plan
from cannocchiale.planning.selectors import LocatedFinding, plan_versions
from cannocchiale.planning.services import ApprovalRefused, plan_approve, plan_publish
from cannocchiale.planning.versioning import plan_diff as diff_documents
from cannocchiale.planning.versioning import plan_document, plan_revise
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for
from cannocchiale.web.views.validation_page import fix_url


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


def _carry_over_context(plan: Plan, can_manage: bool) -> dict[str, object]:
    """For the planning office: what the approval of this version carried over and could not
    match, or, for a revision in draft, what approving it now would leave behind."""
    if not can_manage:
        return {}
    recorded = carry_over_recorded(plan)
    if recorded is not None:
        carried = recorded.get("carried") or {}
        return {
            "carry_over_done": True,
            "carried_rounds": int(carried.get("rounds") or 0),
            "carried_measurements": int(carried.get("measurements") or 0),
            "unmatched_lines": unmatched_lines(list(recorded.get("unmatched") or [])),
        }
    if plan.status == Plan.Status.DRAFT and plan.version > 1:
        preview = carry_over_preview(plan)
        if preview.from_versions:
            return {"carry_over_preview": True, "unmatched_lines": unmatched_lines(preview.unmatched)}
    return {}


@org_view(Access.can_view_plan)
def plan_lifecycle(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    action = request.POST.get("action", "")
    approval = ApprovalForm(request.POST if action == "approve" else None, initial={"date": dt.date.today()})
    revision = RevisionForm(request.POST if action == "revise" else None)
    refused: list[tuple[LocatedFinding, str | None]] = []
    if request.method == "POST":
        if not request.access.can_manage_lifecycle():
            raise PermissionDenied(_("solo l'ufficio programmazione e controllo gestisce il ciclo del piano"))
        try:
            if action == "approve" and approval.is_valid():
                plan_approve(access=request.access, plan=plan, actor=request.user, **approval.cleaned_data)
                messages.success(request, _("Piano approvato: ora è bloccato."))
                return redirect(request.path)
            if action == "publish":
                plan_publish(access=request.access, plan=plan, actor=request.user)
                messages.success(request, _("Piano pubblicato."))
                return redirect(request.path)
            if action == "revise" and revision.is_valid():
                revised = plan_revise(
                    access=request.access,
                    plan=plan,
                    actor=request.user,
                    reason=revision.cleaned_data["reason"],
                )
                messages.success(request, _("Creata la versione %(v)s, in bozza.") % {"v": revised.version})
                return redirect(request.path)
        except ApprovalRefused as error:
            messages.error(request, str(error))
            refused = [(finding, fix_url(request, year, finding)) for finding in error.errors]
        except CannocchialeError as error:
            messages.error(request, str(error))
    can_manage = request.access.can_manage_lifecycle()
    versions = plan_versions(plan=plan)
    if not request.access.can_edit_plan():
        # A revision in draft is the planning office's until approved.
        versions = [v for v in versions if v.status != Plan.Status.DRAFT or v.pk == plan.pk]
    context = _context(request, year) | {
        "plan": plan,
        "versions": versions,
        "approval_form": approval,
        "revision_form": revision,
        "can_manage": can_manage,
        "refused": refused,
        **_carry_over_context(plan, can_manage),
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
