"""Every page of an organization goes through `org_view`: sign-in, the organization, the access rules."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from cannocchiale.accounts.access import Access, access_at
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan

P = ParamSpec("P")
Rule = Callable[[Access], bool]


class OrgRequest(HttpRequest):
    """A request inside an organization: `access` says who the user is there."""

    access: Access
    organization: Organization


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


def plan_for(request: OrgRequest, year: int, version: int | None = None) -> Plan:
    """The plan of the request's organization: never another organization's, whatever the URL says."""
    plans = Plan.objects.filter(organization=request.organization, year=year)
    if version is not None:
        return get_object_or_404(plans, version=version)
    plan = plans.order_by("-version").first()
    if plan is None:
        raise Http404("piano non trovato")
    return plan
