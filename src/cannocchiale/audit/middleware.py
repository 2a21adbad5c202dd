"""Names the request's user as the author of changes recorded by model signals (e.g. a role changed
in the Django admin), for the duration of the request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cannocchiale.audit.services import acting_as


def audit_actor(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        with acting_as(lambda: getattr(request, "user", None)):
            return get_response(request)

    return middleware
