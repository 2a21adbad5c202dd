"""What I must do: the signed-in user's pending work in the organization."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cannocchiale.monitoring.selectors import own_unit_ids
from cannocchiale.monitoring.work import my_work_get
from cannocchiale.planning.models import Plan
from cannocchiale.web.body_cache import user_body_key
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view
from cannocchiale.web.views.tree import cached_body


@org_view(lambda access: access.is_member)
def my_work(request: OrgRequest) -> HttpResponse:
    today = timezone.localdate()

    def render_body() -> str:
        work = my_work_get(access=request.access, today=today)
        return render_to_string("web/my_work/body.html", {"work": work, "today": today}, request=request)

    # A planning office mid-round has hundreds of lines to review: read and rendered once per change
    # (or day) for everyone with the same roles, positions and units.
    key = user_body_key("my-work", access=request.access, own_units=own_unit_ids(request.access), today=today)
    body = cached_body(key, render_body)
    latest = Plan.objects.filter(organization=request.organization).order_by("-year").first()
    context = page_context(
        request, year=latest.year if latest else None, crumbs=[(_("Le mie attività"), request.path)]
    )
    context.update({"body": body, "today": today})
    return render(request, "web/my_work/page.html", context)
