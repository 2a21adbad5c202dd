"""The SMVP page: the version in force, the history of versions, and a new version (planning office)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cannocchiale.engine.individual import ROLE_LABELS
from cannocchiale.evaluation.policies import policy_in_force
from cannocchiale.evaluation.policy_services import (
    MinGroupRefused,
    PolicyLocked,
    evaluation_min_group_set,
    scoring_policy_create,
)
from cannocchiale.evaluation.selectors import scoring_policy_versions
from cannocchiale.planning.models import Plan
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view
from cannocchiale.web.views.evaluation_policy_form import MinGroupForm, ScoringPolicyForm


def _min_group_save(request: OrgRequest) -> tuple[MinGroupForm, HttpResponse | None]:
    """The minimum group of the aggregated figures, saved apart from the SMVP's versions: it
    protects people, it does not change how anyone is scored."""
    form = MinGroupForm(request.POST)
    if form.is_valid():
        try:
            evaluation_min_group_set(
                access=request.access,
                organization=request.organization,
                minimum=form.cleaned_data["min_group"],
                actor=request.user,
            )
        except MinGroupRefused as exc:
            form.add_error("min_group", str(exc))
        else:
            messages.success(
                request,
                _("I dati aggregati si mostrano da %(n)s valutazioni concluse in su.")
                % {"n": form.cleaned_data["min_group"]},
            )
            return form, redirect("web:scoring_policy", org=request.organization.code)
    return form, None


@org_view(lambda access: access.can_edit_scoring_policy())
def scoring_policy(request: OrgRequest) -> HttpResponse:
    latest_plan = Plan.objects.filter(organization=request.organization).order_by("-year").first()
    year = latest_plan.year if latest_plan else timezone.now().year
    in_force = policy_in_force(organization=request.organization, year=year)
    min_group_form = MinGroupForm(initial={"min_group": request.organization.evaluation_min_group})
    posted = request.method == "POST" and "min_group_submit" not in request.POST
    if request.method == "POST" and not posted:
        min_group_form, done = _min_group_save(request)
        if done is not None:
            return done
    form = ScoringPolicyForm(
        request.POST if posted else None,
        scoring=in_force.scoring,
        individual=in_force.individual,
        initial={"valid_from_year": year},
    )
    if posted and form.is_valid():
        scoring, individual = form.policies
        try:
            row = scoring_policy_create(
                access=request.access,
                organization=request.organization,
                actor=request.user,
                valid_from_year=form.cleaned_data["valid_from_year"],
                scoring=scoring,
                individual=individual,
                note=form.cleaned_data["note"],
            )
        except PolicyLocked as exc:
            form.add_error("valid_from_year", str(exc))
        else:
            messages.success(request, _("Salvata la versione %(v)s del sistema.") % {"v": row.version})
            return redirect("web:scoring_policy", org=request.organization.code)
    crumbs = [
        (
            _("Sistema di misurazione e valutazione"),
            reverse("web:scoring_policy", args=[request.organization.code]),
        )
    ]
    context = page_context(request, year=year, crumbs=crumbs)
    context.update(
        {
            "form": form,
            "min_group_form": min_group_form,
            "in_force": in_force,
            "year": year,
            "versions": scoring_policy_versions(organization=request.organization),
            "roles": [
                (label, in_force.individual.results_share(role), in_force.individual.behaviours_share(role))
                for role, label in ROLE_LABELS.items()
            ],
        }
    )
    invalid = form.errors or min_group_form.errors
    return render(request, "web/evaluation/policy.html", context, status=422 if invalid else 200)
