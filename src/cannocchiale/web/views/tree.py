"""The albero della performance: the whole tree, searchable and filterable, with each node's achievement."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.planning.selectors import TreeFilters, plan_tree
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for

STATUS_CHOICES = (
    ("green", "raggiunto (verde)"),
    ("yellow", "quasi raggiunto (giallo)"),
    ("red", "non raggiunto (rosso)"),
    ("none", "non ancora misurato"),
)


@org_view(Access.can_view_plan)
def tree(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    filters = TreeFilters(
        **{key: request.GET.get(key, "").strip() for key in ("q", "area", "owner", "office", "status")}
    )
    context = {"tree": plan_tree(plan=plan, filters=filters), "plan": plan, "status_choices": STATUS_CHOICES}
    if getattr(request, "htmx", False):
        return render(request, "web/plan/_tree_nodes.html", context)
    url = reverse("web:tree", args=[request.organization.code, year])
    context |= page_context(
        request, year=year, crumbs=[(_("Albero della performance %(year)s") % {"year": year}, url)]
    )
    return render(request, "web/plan/tree.html", context)
