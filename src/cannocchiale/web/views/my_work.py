"""What I must do: the signed-in user's pending work in the organization."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cannocchiale.monitoring.work import my_work_get
from cannocchiale.planning.models import Plan
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view


@org_view(lambda access: access.is_member)
def my_work(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()
    work = my_work_get(access=request.access, today=today)
    latest = Plan.objects.filter(organization=request.organization).order_by("-year").first()
    context = page_context(
        request, year=latest.year if latest else None, crumbs=[(_("Le mie attività"), request.path)]
    )
    context.update({"work": work, "today": today})
    return render(request, "web/my_work/page.html", context)
