"""Editing the plan in place while it is a draft: targets, indicators, budgets, projects.

Only the planning office may edit (403 for every other role) and only a draft (403 once
approved or published). htmx requests get the edited fragment back; without JavaScript the
same URLs show a small page and redirect to the sheet after saving.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.core.concurrency import parse_version
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.planning.models import Indicator, Plan
from cannocchiale.planning.selectors import (
    budget_get,
    indicator_get,
    plan_offices,
    project_get,
    target_get,
    target_view,
)
from cannocchiale.planning.services import (
    budget_update,
    indicator_update,
    project_update,
    target_update,
)
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for
from cannocchiale.web.views.plan_forms import BudgetForm, IndicatorForm, ProjectForm, money_text


def is_htmx(request: OrgRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _draft(request: OrgRequest, year: int) -> Plan:
    plan = plan_for(request, year)
    if plan.status != Plan.Status.DRAFT:
        raise PermissionDenied(_("il piano non è in bozza: non si modifica"))
    return plan


def sheet_url(request: OrgRequest, plan: Plan, indicator: Indicator) -> str:
    org = request.organization.code
    if indicator.strategic_objective_id is not None:
        return reverse("web:objective_sheet", args=[org, plan.year, indicator.strategic_objective.code])  # type: ignore[union-attr]
    if indicator.project_id is not None:
        return reverse("web:project_sheet", args=[org, plan.year, indicator.project.code])  # type: ignore[union-attr]
    return reverse("web:tree", args=[org, plan.year])


def _page(
    request: OrgRequest, plan: Plan, fragment: str, context: dict[str, object], heading: str
) -> HttpResponse:
    """The fragment on a page of its own, for browsers without JavaScript."""
    context |= page_context(request, year=plan.year, crumbs=[(heading, request.path)])
    context |= {"fragment": fragment, "heading": heading}
    return render(request, "web/plan/edit_page.html", context)


def _saved(request: OrgRequest, back: str) -> HttpResponse:
    messages.success(request, _("Modifica salvata."))
    return redirect(back)


@org_view(Access.can_edit_plan)
def target_edit(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    plan = _draft(request, year)
    target = target_get(plan=plan, pk=pk)
    back = sheet_url(request, plan, target.indicator)
    context: dict[str, object] = {
        "plan": plan,
        "target": target,
        "text": target.text,
        "back_url": back,
        "can_edit": True,
    }
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            target_update(
                access=request.access,
                target=target,
                text=text,
                actor=request.user,
                version=parse_version(request.POST.get("version")),
            )
        except CannocchialeError as error:
            context |= {"text": text, "error": str(error)}
        else:
            if not is_htmx(request):
                return _saved(request, back)
            return render(request, "web/plan/_target_cell.html", context | {"cell": target_view(target)})
    elif is_htmx(request) and request.GET.get("annulla"):
        return render(request, "web/plan/_target_cell.html", context | {"cell": target_view(target)})
    if is_htmx(request):
        return render(request, "web/plan/_target_form.html", context)
    heading = _("Target %(year)s dell'indicatore %(code)s") % {
        "year": target.year,
        "code": target.indicator.code,
    }
    return _page(request, plan, "web/plan/_target_form.html", context, heading)


@org_view(Access.can_edit_plan)
def indicator_edit(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    plan = _draft(request, year)
    indicator = indicator_get(plan=plan, pk=pk)
    back = sheet_url(request, plan, indicator)
    initial = {"description": indicator.description, "unit": indicator.unit, "source": indicator.source}
    form = IndicatorForm(request.POST or None, initial=initial)
    context: dict[str, object] = {"plan": plan, "indicator": indicator, "back_url": back, "can_edit": True}
    if request.method == "POST" and form.is_valid():
        try:
            indicator_update(
                access=request.access, indicator=indicator, actor=request.user, **form.cleaned_data
            )
        except CannocchialeError as error:
            context["error"] = str(error)
        else:
            if not is_htmx(request):
                return _saved(request, back)
            return render(request, "web/plan/_indicator_cell.html", context)
    if is_htmx(request) and request.GET.get("annulla"):
        return render(request, "web/plan/_indicator_cell.html", context)
    context["form"] = form
    if is_htmx(request):
        return render(request, "web/plan/_indicator_form.html", context)
    return _page(
        request,
        plan,
        "web/plan/_indicator_form.html",
        context,
        _("Indicatore %(code)s") % {"code": indicator.code},
    )


@org_view(Access.can_edit_plan)
def budget_edit(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    plan = _draft(request, year)
    budget = budget_get(plan=plan, pk=pk)
    org = request.organization.code
    back = (
        reverse("web:objective_sheet", args=[org, year, budget.strategic_objective.code])
        if budget.strategic_objective is not None
        else reverse("web:project_sheet", args=[org, year, budget.project.code])  # type: ignore[union-attr]
    )
    initial = {f: money_text(getattr(budget, f)) for f in ("costs", "revenues", "investments")}
    form = BudgetForm(request.POST or None, initial=initial)
    context: dict[str, object] = {"plan": plan, "budget": budget, "back_url": back, "can_edit": True}
    if request.method == "POST" and form.is_valid():
        budget_update(access=request.access, budget=budget, actor=request.user, **form.cleaned_data)
        if not is_htmx(request):
            return _saved(request, back)
        return render(request, "web/plan/_budget_row.html", context)
    if is_htmx(request) and request.GET.get("annulla"):
        return render(request, "web/plan/_budget_row.html", context)
    context["form"] = form
    if is_htmx(request):
        return render(request, "web/plan/_budget_form.html", context)
    return _page(
        request,
        plan,
        "web/plan/_budget_form_page.html",
        context,
        _("Budget %(year)s") % {"year": budget.year},
    )


@org_view(Access.can_edit_plan)
def project_edit(request: OrgRequest, year: int, code: str) -> HttpResponse:
    plan = _draft(request, year)
    project = project_get(plan=plan, code=code)
    back = reverse("web:project_sheet", args=[request.organization.code, year, code])
    initial = {
        "title": project.title,
        "description": project.description,
        "actions": "\n".join(project.actions),
        "results": "\n".join(project.results),
        "offices": [link.unit for link in project.office_links.all()],
    }
    form = ProjectForm(request.POST or None, initial=initial, offices=plan_offices(plan=plan))
    context: dict[str, object] = {"plan": plan, "project": project, "form": form, "back_url": back}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project_update(
                access=request.access,
                project=project,
                title=data["title"],
                description=data["description"],
                actions=data["actions"].splitlines(),
                results=data["results"].splitlines(),
                offices=list(data["offices"]),
                actor=request.user,
            )
        except CannocchialeError as error:
            context["error"] = str(error)
        else:
            return _saved(request, back)
    return _page(
        request, plan, "web/plan/_project_form.html", context, _("Progetto %(code)s") % {"code": code}
    )
