"""Monitoring rounds: the list, opening a round, its dashboard and what each office must enter."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cannocchiale.monitoring.models import MonitoringRound, Submission
from cannocchiale.monitoring.selectors import own_unit_ids, round_get, round_view, rounds_list
from cannocchiale.monitoring.services import MonitoringError, round_open, round_status_set
from cannocchiale.planning.models import Plan
from cannocchiale.web.body_cache import user_body_key
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_in_force_for
from cannocchiale.web.views.editing import is_htmx
from cannocchiale.web.views.monitoring_forms import RoundOpenForm
from cannocchiale.web.views.tree import cached_body

STATUS_ACTIONS = {
    "close": (MonitoringRound.Status.CLOSED, "Monitoraggio chiuso: gli uffici non inseriscono più valori."),
    "reopen": (MonitoringRound.Status.OPEN, "Monitoraggio riaperto."),
    "lock": (MonitoringRound.Status.LOCKED, "Monitoraggio bloccato: nessun valore può più cambiare."),
    "unlock": (MonitoringRound.Status.CLOSED, "Monitoraggio sbloccato (ora è chiuso)."),
}


def round_or_404(request: OrgRequest, year: int, round_id: int) -> tuple[Plan, MonitoringRound]:
    # The monitoring follows the version in force, never a revision still in draft.
    plan = plan_in_force_for(request, year)
    round_ = round_get(plan=plan, round_id=round_id)
    if round_ is None:
        raise Http404("monitoraggio non trovato")
    return plan, round_


@org_view(lambda access: access.can_view_plan())
def monitoring(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_in_force_for(request, year)
    form = RoundOpenForm()
    if request.method == "POST":
        if not request.access.can_manage_lifecycle():
            messages.error(request, _("Solo l'Ufficio Programmazione e controllo apre i monitoraggi."))
            return redirect("web:monitoring", org=request.organization.code, year=year)
        form = RoundOpenForm(request.POST)
        if form.is_valid():
            try:
                created = round_open(
                    access=request.access, plan=plan, actor=request.user, **form.cleaned_data
                )
            except MonitoringError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Monitoraggio aperto."))
                return redirect("web:round", org=request.organization.code, year=year, round_id=created.pk)
    context = page_context(request, year=year, crumbs=[(_("Monitoraggio"), request.path)])
    context.update({"plan": plan, "rounds": rounds_list(plan=plan), "form": form, "year": year})
    return render(request, "web/monitoring/list.html", context)


@org_view(lambda access: access.can_view_plan())
def round_detail(request: OrgRequest, year: int, round_id: int) -> HttpResponse:
    plan, round_ = round_or_404(request, year, round_id)
    # Offices see their own indicators first; the whole round is one choice away.
    default = "" if request.access.can_view_everything() else "mie"
    unit = request.GET.get("ufficio", default)
    state = request.GET.get("stato", "")
    today = timezone.localdate()
    htmx = is_htmx(request)
    mine = own_unit_ids(request.access)

    def render_body() -> str:
        view = round_view(
            round_=round_,
            access=request.access,
            today=today,
            unit_id=int(unit) if unit.isdigit() else None,
            state=state if state in {*Submission.State.values, "late"} else "",
            only_mine=unit == "mie",
        )
        context = {
            "plan": plan,
            "view": view,
            "round": round_,
            "year": year,
            "unit": unit,
            "state": state,
            "states": Submission.State.choices,
        }
        template = "web/monitoring/_rows.html" if htmx else "web/monitoring/round_body.html"
        return render_to_string(template, context, request=request)

    # Hundreds of rows, the same for everyone with the same roles and units until the next change.
    key = user_body_key(
        "round-rows" if htmx else "round",
        access=request.access,
        own_units=mine,
        today=today,
        parameters=[str(round_.pk), unit, state],
    )
    body = cached_body(key, render_body)
    if htmx:
        return HttpResponse(body)
    context = page_context(
        request,
        year=year,
        crumbs=[
            (_("Monitoraggio"), f"/o/{request.organization.code}/{year}/monitoraggio/"),
            (round_.name, request.path),
        ],
    )
    context.update(
        {
            "plan": plan,
            "round": round_,
            "year": year,
            "body": body,
            "may_manage": request.access.can_manage_lifecycle(),
        }
    )
    return render(request, "web/monitoring/round.html", context)


@require_POST
@org_view(lambda access: access.can_manage_lifecycle())
def round_status(request: OrgRequest, year: int, round_id: int) -> HttpResponse:
    _plan, round_ = round_or_404(request, year, round_id)
    action = STATUS_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, _("Azione non riconosciuta."))
    else:
        try:
            round_status_set(access=request.access, round_=round_, status=action[0], actor=request.user)
            messages.success(request, _(action[1]))
        except MonitoringError as error:
            messages.error(request, str(error))
    return redirect("web:round", org=request.organization.code, year=year, round_id=round_id)
