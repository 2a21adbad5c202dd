"""One indicator in a round: an office enters its value and evidence, the planning office reviews it."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cannocchiale.audit.services import audit_access
from cannocchiale.core.concurrency import EditConflict, parse_version
from cannocchiale.engine.explanation import format_percent
from cannocchiale.monitoring.evidence import EVIDENCE_EXTENSIONS, MAX_ENTRY_BODY_BYTES, evidence_readable
from cannocchiale.monitoring.models import Evidence, MonitoringRound, Submission
from cannocchiale.monitoring.selectors import (
    measurement_text,
    own_unit_ids,
    responsible_units,
    submission_get,
)
from cannocchiale.monitoring.services import (
    MonitoringError,
    measurement_assess,
    measurement_deviates,
    measurement_review,
    measurement_submit,
)
from cannocchiale.web.evidence_uploads import evidence_upload_limits
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view
from cannocchiale.web.views.monitoring import round_or_404
from cannocchiale.web.views.monitoring_forms import MeasurementForm, ReviewForm


def _submission_or_404(request: OrgRequest, year: int, round_id: int, submission_id: int) -> Submission:
    _plan, round_ = round_or_404(request, year, round_id)
    submission = submission_get(round_=round_, submission_id=submission_id)
    if submission is None:
        raise Http404("indicatore non trovato in questo monitoraggio")
    submission.round = round_
    return submission


def _target_kind(submission: Submission) -> str | None:
    targets = getattr(submission.indicator, "year_targets", [])
    return targets[0].kind if targets else None


def _initial(submission: Submission) -> dict[str, object]:
    m = submission.measurement
    action = getattr(submission, "corrective_action", None)
    initial: dict[str, object] = {}
    if m is not None:
        done = "" if m.done is None else ("1" if m.done else "0")
        initial.update(
            value=m.value,
            done=done,
            completed_on=m.completed_on,
            assessed=m.assessed,
            justification=m.justification,
            note=m.note,
        )
    if action is not None:
        initial.update(explanation=action.explanation, action=action.action)
    return initial


def _may_enter(request: OrgRequest, submission: Submission) -> bool:
    units = responsible_units(submission.round.plan).get(submission.indicator_id, frozenset())
    return (
        submission.round.status == MonitoringRound.Status.OPEN
        and submission.state != Submission.State.ACCEPTED
        and request.access.can_enter_measurement(
            responsible_unit_ids=units, own_unit_ids=own_unit_ids(request.access)
        )
    )


@org_view(lambda access: access.can_view_plan())
def _entry_too_large(request: OrgRequest, year: int, round_id: int, submission_id: int) -> HttpResponse:
    """A body larger than any entry may be is refused unread: the page says what the limits are."""
    submission = _submission_or_404(request, year, round_id, submission_id)
    back = reverse(
        "web:measurement_enter", args=[request.organization.code, year, submission.round.pk, submission.pk]
    )
    context = page_context(request, year=year, crumbs=[(submission.indicator.code, back)])
    context.update({"submission": submission, "back": back, "limit_mb": MAX_ENTRY_BODY_BYTES // 2**20})
    return render(request, "web/monitoring/too_large.html", context, status=413)


@evidence_upload_limits(_entry_too_large)
@org_view(lambda access: access.can_view_plan())
def measurement_enter(request: OrgRequest, year: int, round_id: int, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, year, round_id, submission_id)
    kind = _target_kind(submission)
    may_enter = _may_enter(request, submission)
    form = MeasurementForm(initial=_initial(submission), kind=kind)
    status = 200
    if request.method == "POST":
        if not may_enter:
            messages.error(request, _("Non puoi inserire il valore di questo indicatore."))
            return redirect(request.path)
        form = MeasurementForm(request.POST, kind=kind)
        if form.is_valid():
            try:
                measurement_submit(
                    access=request.access,
                    actor=request.user,  # type: ignore[arg-type]
                    submission=submission,
                    data=form.to_input(),
                    files=request.FILES.getlist("evidence"),
                    version=parse_version(request.POST.get("version")),
                )
            except (MonitoringError, EditConflict) as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Valore inviato all'Ufficio Programmazione e controllo."))
                return redirect(request.path)
        status = 422
    round_ = submission.round
    context = page_context(
        request,
        year=year,
        crumbs=[
            (_("Monitoraggio"), reverse("web:monitoring", args=[request.organization.code, year])),
            (round_.name, reverse("web:round", args=[request.organization.code, year, round_.pk])),
            (submission.indicator.code, request.path),
        ],
    )
    context.update(
        {
            "submission": submission,
            "round": round_,
            "year": year,
            "target": (getattr(submission.indicator, "year_targets", []) or [None])[0],
            "achievement": format_percent(submission.achievement),
            "value_text": measurement_text(submission.measurement),
            "form": form,
            "may_enter": may_enter,
            "may_review": request.access.can_review_measurements()
            and submission.state == Submission.State.SUBMITTED
            and round_.status != MonitoringRound.Status.LOCKED,
            "review_form": ReviewForm(),
            "accept": ",".join(sorted(EVIDENCE_EXTENSIONS)),
            "may_read_evidence": evidence_readable(access=request.access, submission=submission),
        }
    )
    return render(request, "web/monitoring/enter.html", context, status=status)


@require_POST
@org_view(lambda access: access.can_view_plan())
def measurement_check(request: OrgRequest, year: int, round_id: int, submission_id: int) -> HttpResponse:
    """As the value is typed: does it reach the target? If not, the page asks for the explanation."""
    submission = _submission_or_404(request, year, round_id, submission_id)
    form = MeasurementForm(request.POST, kind=_target_kind(submission))
    score = None
    if form.is_valid() and not form.to_input().empty:
        score = measurement_assess(submission=submission, data=form.to_input())
    context = {
        "score": score,
        "achievement": format_percent(score.achievement) if score is not None else "",
        "off_target": score is not None and measurement_deviates(submission=submission, score=score),
    }
    return render(request, "web/monitoring/_check.html", context)


@require_POST
@org_view(lambda access: access.can_review_measurements())
def measurement_review_view(
    request: OrgRequest, year: int, round_id: int, submission_id: int
) -> HttpResponse:
    submission = _submission_or_404(request, year, round_id, submission_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Scegli se accettare o rinviare il valore."))
        return redirect("web:measurement_enter", request.organization.code, year, round_id, submission_id)
    accept = form.cleaned_data["decision"] == "accept"
    try:
        measurement_review(
            access=request.access,
            actor=request.user,  # type: ignore[arg-type]
            submission=submission,
            accept=accept,
            note=form.cleaned_data["note"],
            version=parse_version(request.POST.get("version")),
        )
    except (MonitoringError, EditConflict) as error:
        messages.error(request, str(error))
        return redirect("web:measurement_enter", request.organization.code, year, round_id, submission_id)
    messages.success(request, _("Valore accettato.") if accept else _("Valore rinviato all'ufficio."))
    return redirect("web:round", org=request.organization.code, year=year, round_id=round_id)


@org_view(lambda access: access.can_view_plan())
def evidence_download(request: OrgRequest, year: int, round_id: int, evidence_id: int) -> HttpResponse:
    _plan, round_ = round_or_404(request, year, round_id)
    evidence = (
        Evidence.objects.filter(organization=request.organization, submission__round=round_, pk=evidence_id)
        .select_related("submission")
        .first()
    )
    if evidence is None:
        raise Http404("file non trovato")
    evidence.submission.round = round_
    if not evidence_readable(access=request.access, submission=evidence.submission):
        raise PermissionDenied(
            _(
                "Le evidenze di questo indicatore sono riservate all'ufficio che ne risponde, ai suoi "
                "dirigenti, all'Ufficio Programmazione e controllo e all'OIV."
            )
        )
    audit_access(
        organization=request.organization,
        actor=request.user,
        action="evidence.download",
        object_type="monitoring.Evidence",
        object_id=str(evidence.pk),
        object_repr=f"{round_} · {evidence.original_name}",
    )
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)
    return cast(HttpResponse, response)  # streamed; org_view's signature only names HttpResponse
