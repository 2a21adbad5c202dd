"""The cascade: each assignee's weighted annual objectives, weights checked live as they are typed."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cannocchiale.core.concurrency import EditConflict, parse_version
from cannocchiale.engine.explanation import format_number
from cannocchiale.engine.italian_numbers import parse_italian_number
from cannocchiale.planning.cascade_selectors import HUNDRED, CascadeGroup, cascade_get, cascade_group_get
from cannocchiale.planning.cascade_services import (
    COMPLEXITY_RULE,
    CRITERIA,
    LEVELS,
    CascadeError,
    Criteria,
    cascade_weights_save,
    complexity_coefficient,
    weights_total,
)
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for
from cannocchiale.web.views.editing import is_htmx

CRITERION_FIELDS = tuple(name.removeprefix("complexity_") for name, _ in CRITERIA)


def parse_decimal(text: str) -> Decimal | None:
    """A number typed the Italian way (`33,5`) or the international one (`33.5`); blank is None."""
    text = text.strip().replace(" ", "")
    if not text:
        return None
    try:
        return parse_italian_number(text)
    except ValueError as error:
        raise CascadeError(f"«{text}» non è un numero") from error


def parse_group(
    data: QueryDict, group: CascadeGroup
) -> tuple[dict[int, Decimal | None], dict[int, Criteria | None]]:
    weights = {o.pk: parse_decimal(data.get(f"weight-{o.pk}", "")) for o in group.objectives}
    complexity: dict[int, Criteria | None] = {}
    if group.has_complexity:
        for o in group.objectives:
            raw = [data.get(f"{name}-{o.pk}", "").strip() for name in CRITERION_FIELDS]
            if not any(raw):
                complexity[o.pk] = None
            elif all(r.isdigit() for r in raw):
                a, b, c, d = (int(r) for r in raw)
                complexity[o.pk] = (a, b, c, d)
            else:
                raise CascadeError(
                    _("%(code)s: indica tutti e quattro i criteri di complessità") % {"code": o.code}
                )
    return weights, complexity


def parse_versions(data: QueryDict, group: CascadeGroup) -> dict[int, int]:
    """The version each objective's weight was read at, as the form carried it."""
    versions = {o.pk: parse_version(data.get(f"version-{o.pk}")) for o in group.objectives}
    return {pk: v for pk, v in versions.items() if v is not None}


def _weight_text(value: Decimal | None) -> str:
    return "" if value is None else format_number(value).replace(".", "")


def _rows(group: CascadeGroup, posted: QueryDict | None) -> list[dict[str, object]]:
    """What each objective's inputs show: the saved values, or what was typed when saving failed."""
    rows = []
    for o in group.objectives:
        saved = [getattr(o, name) for name, _ in CRITERIA]
        criteria = [
            (
                field,
                label,
                posted.get(f"{field}-{o.pk}", "") if posted is not None else (str(int(v)) if v else ""),
            )
            for field, (_name, label), v in zip(CRITERION_FIELDS, CRITERIA, saved, strict=True)
        ]
        rows.append(
            {
                "objective": o,
                "parents": [link.parent for link in o.parent_links.all()],
                "weight": posted.get(f"weight-{o.pk}", "") if posted is not None else _weight_text(o.weight),
                "criteria": criteria,
                "coefficient": format_number(o.complexity) if o.complexity is not None else "—",
            }
        )
    return rows


def _group_context(
    request: OrgRequest, year: int, group: CascadeGroup, posted: QueryDict | None = None, **extra: object
) -> dict[str, object]:
    return {
        "group": group,
        "rows": _rows(group, posted),
        "total_text": format_number(group.total),
        "sum_ok": group.balanced,
        "year": year,
        "levels": sorted(LEVELS.items()),
        "criteria": list(zip(CRITERION_FIELDS, (label for _, label in CRITERIA), strict=True)),
        "org": request.organization.code,
        **extra,
    }


@org_view(lambda access: access.can_view_plan())
def cascade(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    data = cascade_get(plan=plan, access=request.access)
    context = page_context(request, year=year, crumbs=[(_("Obiettivi e pesi"), request.path)])
    context.update(
        {
            "cascade": data,
            "plan": plan,
            "year": year,
            "complexity_rule": COMPLEXITY_RULE,
            "groups": [_group_context(request, year, g) for g in data.groups],
        }
    )
    return render(request, "web/cascade/page.html", context)


def _group_or_404(request: OrgRequest, year: int, key: str) -> CascadeGroup:
    group = cascade_group_get(plan=plan_for(request, year), access=request.access, key=key)
    if group is None:
        raise Http404("assegnatario non trovato")
    return group


@require_POST
@org_view(lambda access: access.can_view_plan())
def cascade_check(request: OrgRequest, year: int, key: str) -> HttpResponse:
    """The running sum (and the coefficients) as the user types, without saving anything."""
    group = _group_or_404(request, year, key)
    error, total, coefficients = "", None, {}
    try:
        weights, complexity = parse_group(request.POST, group)
        total = weights_total(weights)
        coefficients = {
            pk: format_number(complexity_coefficient(c)) if c else "—" for pk, c in complexity.items()
        }
    except CascadeError as exc:
        error = str(exc)
    context = _group_context(
        request,
        year,
        group,
        total=total,
        total_text=format_number(total) if total is not None else "—",
        error=error,
        coefficients=coefficients,
        sum_ok=total == HUNDRED,
    )
    return render(request, "web/cascade/_sum.html", context)


@require_POST
@org_view(lambda access: access.can_view_plan())
def cascade_save(request: OrgRequest, year: int, key: str) -> HttpResponse:
    plan = plan_for(request, year)
    group = _group_or_404(request, year, key)
    weights: dict[int, Decimal | None] = {}
    try:
        weights, complexity = parse_group(request.POST, group)
        cascade_weights_save(
            access=request.access,
            actor=request.user,  # type: ignore[arg-type]
            plan=plan,
            key=key,
            weights=weights,
            complexity=complexity,
            versions=parse_versions(request.POST, group),
        )
    except (CascadeError, EditConflict) as error:
        if is_htmx(request):
            typed = weights_total(weights)  # the sum of what was typed, not of what is saved
            context = _group_context(
                request,
                year,
                group,
                posted=request.POST,
                error=str(error),
                total_text=format_number(typed),
                sum_ok=bool(weights) and typed == HUNDRED,
            )
            # 200, not 422: htmx swaps only successful responses, and the refusal must be seen.
            return render(request, "web/cascade/_group.html", context)
        messages.error(request, str(error))
        return redirect(reverse("web:cascade", args=[request.organization.code, year]) + f"#gruppo-{key}")
    saved = _("Pesi salvati.")
    if is_htmx(request):
        fresh = _group_or_404(request, year, key)
        return render(request, "web/cascade/_group.html", _group_context(request, year, fresh, saved=saved))
    messages.success(request, saved)
    return redirect(reverse("web:cascade", args=[request.organization.code, year]) + f"#gruppo-{key}")
