from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from cannocchiale.accounts.access import organizations_of
from cannocchiale.accounts.models import Role
from cannocchiale.planning.models import Plan
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view


@login_required
def home(request: HttpRequest) -> HttpResponse:
    organizations = organizations_of(request.user)
    if len(organizations) == 1:
        return redirect("web:org_home", org=organizations[0].code)
    return render(request, "web/home.html", {"organizations": organizations})


@org_view()
def org_home(request: OrgRequest) -> HttpResponse:
    plans = list(Plan.objects.filter(organization=request.organization).order_by("-year", "-version"))
    if not request.access.can_edit_plan():
        # A revision in draft is the planning office's until approved: the others see the version in force.
        in_force = {p.year: p for p in reversed(plans) if p.status != Plan.Status.DRAFT}
        plans = [p for p in plans if p.status != Plan.Status.DRAFT or p.year not in in_force]
    current = plans[0] if plans else None
    context = page_context(request, year=current.year if current else None)
    labels = dict(Role.choices)
    roles = sorted(str(labels.get(role, role)) for role in request.access.roles)
    context.update({"plans": plans, "current": current, "access": request.access, "roles": roles})
    return render(request, "web/org_home.html", context)
