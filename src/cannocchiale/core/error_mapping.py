"""One mapping from the domain's refusals to what a person sees: an HTTP status, the refusal's
own (Italian, translated) message, on a page or, for htmx, in a fragment.

A view calls the service and lets its refusal go: `domain_errors` (a middleware) answers
`NotFoundError` 404, `PermissionRefused` 403, `StateConflict` 409 and any other error of the
family, the engine's included, 422. A view that shows the refusal inside its own form catches
`DOMAIN_ERRORS` and calls `form_refusal`, so the words are the same everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from cannocchiale.core.errors import DOMAIN_ERRORS, NotFoundError, PermissionRefused, StateConflict

# Where an htmx page shows a refusal (base.html): the fragment replaces that slot's content.
HTMX_ERROR_SLOT = "#htmx-errors"


def http_status(error: BaseException) -> int:
    """The one status of each kind of refusal."""
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, PermissionRefused):
        return 403
    if isinstance(error, StateConflict):
        return 409
    return 422


def _heading(status: int) -> str:
    return {
        403: _("Operazione non consentita"),
        404: _("Pagina non trovata"),
        409: _("Operazione non possibile in questo momento"),
    }.get(status, _("Dati non accettati"))


def refusal_message(error: BaseException) -> str:
    """The refusal's own words, with a capital letter; never a class name or a code."""
    text = str(error).strip() or _("l'operazione non è stata eseguita")
    return text[0].upper() + text[1:]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def refusal_response(request: HttpRequest, error: BaseException) -> HttpResponse:
    status = http_status(error)
    context = {"status": status, "heading": _heading(status), "message": refusal_message(error)}
    if _is_htmx(request):
        body = render_to_string("web/_refusal.html", context, request=request)
        response = HttpResponse(body, status=status)
        # htmx swaps no 4xx by itself: base.html swaps the answers marked so into the slot.
        response["HX-Retarget"] = HTMX_ERROR_SLOT
        response["HX-Reswap"] = "innerHTML"
        response["X-Cannocchiale-Refusal"] = str(status)
        return response
    return HttpResponse(render_to_string("web/refusal.html", context, request=request), status=status)


def form_refusal(form: forms.Form, error: BaseException) -> None:
    """The refusal shown at the top of the form that asked for it (not a field's error)."""
    form.add_error(None, refusal_message(error))


def domain_errors(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        return get_response(request)

    def process_exception(request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DOMAIN_ERRORS):
            return refusal_response(request, exception)
        return None  # anything else is Django's: 403/404 of its own, or a 500 with its log

    middleware.process_exception = process_exception  # type: ignore[attr-defined]
    return middleware
