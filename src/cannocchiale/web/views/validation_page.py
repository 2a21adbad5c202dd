"""The plan validation's findings, grouped by severity, each linked to the sheet where it is fixed."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from cannocchiale.accounts.access import Access
from cannocchiale.planning.selectors import LocatedFinding, plan_validation
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for


def fix_url(request: OrgRequest, year: int, item: LocatedFinding) -> str | None:
    org = request.organization.code
    if item.kind == "objective":
        return reverse("web:objective_sheet", args=[org, year, item.code])
    if item.kind == "project":
        return reverse("web:project_sheet", args=[org, year, item.code])
    if item.kind == "annual_objective":
        try:  # the cascade pages are a separate area of the site, not always installed
            return reverse("web:cascade", args=[org, year]) + f"#obiettivo-{item.code}"
        except NoReverseMatch:
            return None
    return None


@org_view(Access.can_view_plan)
def validation(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    report = plan_validation(plan=plan)
    groups = [
        ("error", "Errori", [(f, fix_url(request, year, f)) for f in report.errors]),
        ("warning", "Avvertenze", [(f, fix_url(request, year, f)) for f in report.warnings]),
    ]
    url = reverse("web:validation", args=[request.organization.code, year])
    context = page_context(request, year=year, crumbs=[(f"Validazione del piano {year}", url)])
    context |= {"plan": plan, "groups": groups, "report": report}
    return render(request, "web/plan/validation.html", context)
