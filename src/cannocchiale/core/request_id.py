"""A request id for every request: taken from X-Request-ID (a proxy's) or made here, sent back in
the response header, put in every log record of the request, and shown on the error page so
that a user can report it and the administrator find the error and its traceback in the logs."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from cannocchiale.core.logging import request_id_var

HEADER = "X-Request-ID"
# A proxy's id is kept only when it is short and plain: it goes into logs and onto a page.
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def request_id_of(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if _ACCEPTED.fullmatch(given) else uuid.uuid4().hex


def request_id(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        rid = request_id_of(request)
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id_var.set(rid)
        try:
            response = get_response(request)
        finally:
            request_id_var.reset(token)
        response[HEADER] = rid
        return response

    return middleware


@requires_csrf_token
def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """Django's 500 view, with the request id on the page (Django's own renders no context)."""
    rid = getattr(request, "request_id", "") or request_id_var.get()
    body = loader.get_template(template_name).render({"request_id": rid})
    return HttpResponseServerError(body)
