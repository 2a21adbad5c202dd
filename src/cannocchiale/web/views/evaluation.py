"""Individual evaluation pages: the list with the published figures, the sheet, its printable form."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cannocchiale.audit.services import audit_access
from cannocchiale.charts.distribution import distribution_chart
from cannocchiale.evaluation.individual_services import (
    EvaluationError,
    evaluation_acknowledge,
    evaluation_close,
    evaluation_decide_review,
    evaluation_request_review,
    evaluation_update,
    evaluations_open,
)
from cannocchiale.evaluation.models import IndividualEvaluation
from cannocchiale.evaluation.selectors import (
    evaluation_aggregates,
    evaluation_get,
    evaluation_sheet,
    evaluations_visible,
)
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view
from cannocchiale.web.views.evaluation_forms import (
    AcknowledgeForm,
    ReviewDecisionForm,
    ReviewRequestForm,
    SheetForm,
)


def _list_crumb(request: OrgRequest, year: int) -> tuple[str, str]:
    return (
        _("Valutazioni %(year)s") % {"year": year},
        reverse("web:evaluations", args=[request.organization.code, year]),
    )


def _get(request: OrgRequest, year: int, pk: int) -> IndividualEvaluation:
    return evaluation_get(access=request.access, year=year, pk=pk)


@org_view()
def evaluations(request: OrgRequest, year: int) -> HttpResponse:
    rows = evaluations_visible(access=request.access, year=year)
    figures = evaluation_aggregates(organization=request.organization, year=year)
    chart = (
        distribution_chart(
            figures.totals,
            title=_("Distribuzione dei punteggi %(year)s") % {"year": year},
            description=_("Numero di valutazioni concluse per classe di punteggio"),
            show_title=False,
        )
        if figures.totals
        else ""
    )
    context = page_context(request, year=year, crumbs=[_list_crumb(request, year)])
    context.update({"year": year, "rows": rows, "figures": figures, "chart": chart, "access": request.access})
    return render(request, "web/evaluation/list.html", context)


@org_view(lambda access: access.can_open_evaluations())
@require_POST
def evaluations_start(request: OrgRequest, year: int) -> HttpResponse:
    try:
        opened = evaluations_open(
            organization=request.organization, year=year, actor=request.user, access=request.access
        )
    except EvaluationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Schede aperte: %(count)s.") % {"count": len(opened)})
    return redirect("web:evaluations", org=request.organization.code, year=year)


def _sheet_context(
    request: OrgRequest, year: int, evaluation: IndividualEvaluation, **forms: object
) -> dict[str, object]:
    sheet = evaluation_sheet(evaluation=evaluation)
    access = request.access
    can_fill = access.can_fill_evaluation(evaluation)
    context = page_context(
        request, year=year, crumbs=[_list_crumb(request, year), (sheet.evaluated, request.path)]
    )
    context.update(
        {
            "year": year,
            "sheet": sheet,
            "evaluation": evaluation,
            "can_fill": can_fill,
            "form": forms.get("form") or (SheetForm(sheet=sheet) if can_fill else None),
            "can_acknowledge": access.can_acknowledge_evaluation(evaluation),
            "can_request_review": access.can_request_review(evaluation),
            "can_decide_review": access.can_decide_review(evaluation),
            "acknowledge_form": forms.get("acknowledge_form") or AcknowledgeForm(),
            "review_form": forms.get("review_form") or ReviewRequestForm(),
            "decision_form": forms.get("decision_form") or ReviewDecisionForm(),
            "is_evaluator": access.is_evaluator_of(evaluation),
        }
    )
    return context


@org_view()
def evaluation(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    """The sheet; the evaluator saves (htmx: the figures are recomputed in place) or concludes it."""
    current = _get(request, year, pk)
    if request.method != "POST":
        return render(request, "web/evaluation/sheet.html", _sheet_context(request, year, current))
    if not request.access.can_fill_evaluation(current):
        raise PermissionDenied(_("solo il valutatore compila la scheda, finché è aperta"))
    form = SheetForm(request.POST, sheet=evaluation_sheet(evaluation=current))
    error = ""
    if form.is_valid():
        try:
            evaluation_update(
                evaluation=current,
                access=request.access,
                actor=request.user,
                ratings=form.ratings(),
                comments=form.cleaned_data["comments"],
                bonus_budget=form.cleaned_data["bonus_budget"],
                approval_act=form.cleaned_data.get("approval_act") or "",
            )
            if "close" in request.POST:
                evaluation_close(evaluation=current, access=request.access, actor=request.user)
        except EvaluationError as exc:
            error = str(exc)
    else:
        error = "; ".join(_form_error(form, name, problems) for name, problems in form.errors.items())
    fresh = _get(request, year, pk)
    if getattr(request, "htmx", False) and "close" not in request.POST:
        context = _sheet_context(request, year, fresh, form=form if error else None)
        context.update({"saved": not error, "error": error})
        # htmx swaps only 2xx answers: the refusal travels as an alert inside the partial.
        return render(request, "web/evaluation/_figures.html", context)
    if error:
        messages.error(request, error)
        return render(
            request, "web/evaluation/sheet.html", _sheet_context(request, year, fresh, form=form), status=422
        )
    messages.success(
        request,
        _("Valutazione conclusa e notificata al valutato.")
        if "close" in request.POST
        else _("Scheda salvata."),
    )
    return redirect("web:evaluation", org=request.organization.code, year=year, pk=pk)


def _party_action(
    request: OrgRequest,
    year: int,
    pk: int,
    *,
    allowed: Callable[[IndividualEvaluation], bool],
    form_class: type[forms.Form],
    key: str,
    act: Callable[[IndividualEvaluation, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """An action of one party on the sheet (acknowledge, ask for review, decide it): 403 for anyone else."""
    current = _get(request, year, pk)
    if not allowed(current):
        raise PermissionDenied(_("azione non consentita su questa scheda"))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            act(current, form.cleaned_data)
        except EvaluationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, done)
            return redirect("web:evaluation", org=request.organization.code, year=year, pk=pk)
    context = _sheet_context(request, year, _get(request, year, pk), **{key: form})
    return render(request, "web/evaluation/sheet.html", context, status=422)


@org_view()
@require_POST
def evaluation_acknowledgement(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    return _party_action(
        request,
        year,
        pk,
        allowed=request.access.can_acknowledge_evaluation,
        form_class=AcknowledgeForm,
        key="acknowledge_form",
        act=lambda e, data: evaluation_acknowledge(
            evaluation=e, access=request.access, actor=request.user, note=data["note"]
        ),
        done=_("Presa visione registrata."),
    )


@org_view()
@require_POST
def evaluation_review_request(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    return _party_action(
        request,
        year,
        pk,
        allowed=request.access.can_request_review,
        form_class=ReviewRequestForm,
        key="review_form",
        act=lambda e, data: evaluation_request_review(
            evaluation=e, access=request.access, actor=request.user, reason=data["reason"]
        ),
        done=_("Richiesta di revisione inviata al valutatore."),
    )


@org_view()
@require_POST
def evaluation_review_decision(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    return _party_action(
        request,
        year,
        pk,
        allowed=request.access.can_decide_review,
        form_class=ReviewDecisionForm,
        key="decision_form",
        act=lambda e, data: evaluation_decide_review(
            evaluation=e,
            access=request.access,
            actor=request.user,
            outcome=data["outcome"],
            note=data["note"],
        ),
        done=_("Esito della revisione registrato."),
    )


@org_view()
def evaluation_print(request: OrgRequest, year: int, pk: int) -> HttpResponse:
    """The sheet as a document: its own print stylesheet, no menu; also the source of the PDF."""
    evaluation = _get(request, year, pk)
    sheet = evaluation_sheet(evaluation=evaluation)
    audit_access(
        organization=request.organization,
        actor=request.user,
        action="evaluation.print",
        object_type="evaluation.IndividualEvaluation",
        object_id=str(evaluation.pk),
        object_repr=str(evaluation),
    )
    return render(
        request,
        "web/evaluation/print.html",
        {"sheet": sheet, "year": year, "organization": request.organization},
    )


def _form_error(form: forms.Form, name: str, problems: Iterable[object]) -> str:
    label = form.fields[name].label if name in form.fields else ""
    text = " ".join(str(problem) for problem in problems)
    return f"{label}: {text}" if label else text
