"""Italian first: the interface speaks Italian unless the user chose English with the switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC set to
English would get an English interface nobody asked for; the explicit choice (the language
cookie set by the switch in the header) is the only thing that changes the language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


def italian_first(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
