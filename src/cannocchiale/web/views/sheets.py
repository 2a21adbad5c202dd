"""The sheets of a strategic objective and of a project: the seed's schede, each target as understood."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from cannocchiale.accounts.access import Access
from cannocchiale.planning.models import Plan
from cannocchiale.planning.selectors import (
    Sheet,
)
from cannocchiale.planning.selectors import (
    objective_sheet as objective_sheet_get,
)
from cannocchiale.planning.selectors import (
    project_sheet as project_sheet_get,
)
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for
from cannocchiale.web.views.tree import body_cache_key, cached_body


def sheet_context(request: OrgRequest, sheet: Sheet, crumbs: list[tuple[str, str]]) -> dict[str, object]:
    plan = sheet.plan
    tree_url = reverse("web:tree", args=[request.organization.code, plan.year])
    context = page_context(
        request, year=plan.year, crumbs=[(f"Albero della performance {plan.year}", tree_url), *crumbs]
    )
    context.update(
        {
            "sheet": sheet,
            "plan": plan,
            "can_edit": request.access.can_edit_plan() and plan.status == Plan.Status.DRAFT,
            "locked_for_editor": request.access.can_edit_plan() and plan.status != Plan.Status.DRAFT,
        }
    )
    return context


@org_view(Access.can_view_plan)
def objective_sheet(request: OrgRequest, year: int, code: str) -> HttpResponse:
    plan = plan_for(request, year)
    may_edit = request.access.can_edit_plan()
    url = reverse("web:objective_sheet", args=[request.organization.code, year, code])
    crumbs = [(f"Obiettivo strategico {code}", url)]

    def render_body() -> str:
        sheet = objective_sheet_get(plan=plan, code=code)
        return render_to_string(
            "web/plan/objective_sheet_body.html", sheet_context(request, sheet, crumbs), request=request
        )

    # The body is the selector's reading and most of the rendering; only the frame is per request.
    body = cached_body(body_cache_key(plan, "objective", may_edit=may_edit, parameters=[code]), render_body)
    tree_url = reverse("web:tree", args=[request.organization.code, plan.year])
    context = page_context(
        request, year=plan.year, crumbs=[(f"Albero della performance {plan.year}", tree_url), *crumbs]
    )
    return render(
        request, "web/plan/objective_sheet.html", {**context, "plan": plan, "code": code, "body": body}
    )


@org_view(Access.can_view_plan)
def project_sheet(request: OrgRequest, year: int, code: str) -> HttpResponse:
    plan = plan_for(request, year)
    sheet = project_sheet_get(plan=plan, code=code)
    objective = sheet.subject.programme.objective  # type: ignore[union-attr]
    crumbs = [
        (
            f"Obiettivo strategico {objective.code}",
            reverse("web:objective_sheet", args=[request.organization.code, year, objective.code]),
        ),
        (f"Progetto {code}", reverse("web:project_sheet", args=[request.organization.code, year, code])),
    ]
    return render(request, "web/plan/project_sheet.html", sheet_context(request, sheet, crumbs))
