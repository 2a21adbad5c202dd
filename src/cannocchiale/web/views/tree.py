"""The albero della performance: the whole tree, searchable and filterable, with each node's achievement."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.planning.models import Plan
from cannocchiale.planning.selectors import TreeFilters, plan_tree
from cannocchiale.web.body_cache import organization_state
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for

STATUS_CHOICES = (
    ("green", "raggiunto (verde)"),
    ("yellow", "quasi raggiunto (giallo)"),
    ("red", "non raggiunto (rosso)"),
    ("none", "non ancora misurato"),
)
FILTER_KEYS = ("q", "area", "owner", "office", "status")
# An hour: the key already changes with every audited change; this only bounds stale memory.
BODY_TTL = 3600


def body_cache_key(plan: Plan, part: str, *, may_edit: bool, parameters: Iterable[str] = ()) -> str:
    """The key of a rendered page body: it changes with anything the body is made from.

    Every change to an organization's data is audited, so its latest event (id and time: ids
    alone repeat after a test database rolls back) stands for the state of its plans. The plan's
    id keeps organizations apart; language and the user's right to edit are the only parts of
    the body that depend on who asks.
    """
    state = organization_state(plan.organization_id)
    digest = hashlib.sha256("\x1f".join(parameters).encode()).hexdigest()[:24]
    return f"body:{part}:{plan.pk}:{state}:{get_language()}:{int(may_edit)}:{digest}"


def cached_body(key: str, render_body: Callable[[], str]) -> SafeString:
    body: str | None = cache.get(key)
    if body is None:
        body = render_body()
        cache.set(key, body, BODY_TTL)
    # Safe: rendered by our own templates, which escaped every value.
    return mark_safe(body)


@org_view(Access.can_view_plan)
def tree(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    raw = {key: request.GET.get(key, "").strip() for key in FILTER_KEYS}
    htmx = bool(getattr(request, "htmx", False))
    # The albero shows nothing that depends on the user (no edit links): one body serves every role.
    key = body_cache_key(plan, "tree-nodes" if htmx else "tree", may_edit=False, parameters=raw.values())

    def render_body() -> str:
        context = {"tree": plan_tree(plan=plan, filters=TreeFilters(**raw)), "plan": plan}
        context["status_choices"] = STATUS_CHOICES
        template = "web/plan/_tree_nodes.html" if htmx else "web/plan/tree_body.html"
        return render_to_string(template, context, request=request)

    body = cached_body(key, render_body)
    if htmx:
        return HttpResponse(body)
    url = reverse("web:tree", args=[request.organization.code, year])
    context = page_context(
        request, year=year, crumbs=[(_("Albero della performance %(year)s") % {"year": year}, url)]
    )
    return render(request, "web/plan/tree.html", {**context, "plan": plan, "body": body})
