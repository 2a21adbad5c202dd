"""Every page of an organization goes through `org_view`: sign-in, the organization, the access rules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from cannocchiale.accounts.access import Access, access_at
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan

P = ParamSpec("P")
Rule = Callable[[Access], bool]


SESSION_CHOICES = "plan-version-choices"


class OrgRequest(HttpRequest):
    """A request inside an organization: `access` says who the user is there; `plan_choice`,
    once `plan_for` ran, which version of the plan the page shows."""

    access: Access
    organization: Organization
    plan_choice: PlanChoice


def org_view(
    rule: Rule | None = None,
) -> Callable[[Callable[Concatenate[OrgRequest, P], HttpResponse]], Callable[..., HttpResponse]]:
    """Resolve `org` from the URL, check membership (404 for strangers: an organization's existence
    is not disclosed) and then `rule` (403 when the member may not do this)."""

    def decorate(view: Callable[Concatenate[OrgRequest, P], HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, org: str, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = access_at(request.user, org)
            if access is None or not access.is_member:
                raise Http404("ente non trovato")
            organization = access.organization
            if rule is not None and not rule(access):
                raise PermissionDenied("non autorizzato")
            org_request: Any = request
            org_request.access = access
            org_request.organization = organization
            return view(org_request, *args, **kwargs)

        return wrapper

    return decorate


@dataclass(frozen=True)
class PlanChoice:
    """Which version of the year a page shows, beside the one in force and a revision in draft."""

    shown: Plan
    in_force: Plan
    draft: Plan | None  # a revision not yet approved, newer than the version in force


def _choice_key(request: OrgRequest, year: int) -> str:
    return f"{request.organization.code}:{year}"


def _versions(request: OrgRequest, year: int) -> tuple[list[Plan], Plan, Plan | None]:
    plans = list(Plan.objects.filter(organization=request.organization, year=year).order_by("-version"))
    if not plans:
        raise Http404("piano non trovato")
    # Same rule as planning.selectors.plan_in_force, on the rows already read.
    in_force = next((p for p in plans if p.status != Plan.Status.DRAFT), plans[0])
    draft = plans[0] if plans[0].pk != in_force.pk else None
    return plans, in_force, draft


def plan_for(request: OrgRequest, year: int, version: int | None = None) -> Plan:
    """The plan of the request's organization: never another organization's, whatever the URL says.

    Everyone sees the version in force (the latest approved or published). The planning office
    sees a revision in draft instead, and may switch to the version in force and back with
    `?versione=N` (remembered for the session) while the revision is open; a draft under
    revision is never shown to anyone else, even when asked for by its number."""
    plans, in_force, draft = _versions(request, year)
    sees_drafts = request.access.can_edit_plan()
    by_version = {p.version: p for p in plans}
    if version is not None:
        wanted = by_version.get(version)
        if wanted is None or (wanted is draft and not sees_drafts):
            raise Http404("piano non trovato")
        return wanted
    shown = in_force
    if sees_drafts and draft is not None:
        chosen: dict[str, int] = request.session.get(SESSION_CHOICES, {})
        asked = request.GET.get("versione", "")
        if asked.isdigit() and int(asked) in (in_force.version, draft.version):
            chosen = {**chosen, _choice_key(request, year): int(asked)}
            request.session[SESSION_CHOICES] = chosen
        shown = in_force if chosen.get(_choice_key(request, year)) == in_force.version else draft
    shown.organization = request.organization
    request.plan_choice = PlanChoice(shown=shown, in_force=in_force, draft=draft if sees_drafts else None)
    return shown


def plan_in_force_for(request: OrgRequest, year: int) -> Plan:
    """The version the year's monitoring runs on, for every role (see plan_in_force)."""
    _plans, in_force, _draft = _versions(request, year)
    in_force.organization = request.organization
    return in_force
