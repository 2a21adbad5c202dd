"""The history of an object of the plan: who changed what, when, from what to what."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from cannocchiale.accounts.access import Access
from cannocchiale.planning.selectors import object_history
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view


@org_view(Access.can_view_plan)
def history(request: OrgRequest, object_type: str, object_id: str) -> HttpResponse:
    found = object_history(organization=request.organization, object_type=object_type, object_id=object_id)
    context = page_context(request, crumbs=[(f"Storia: {found.label}", request.path)])
    context |= {"history": found}
    return render(request, "web/plan/history.html", context)
