"""Middleware of the whole site: the interface's language, and the headers and session rules of
signed-in use."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def italian_first(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Italian first: the interface speaks Italian unless the user chose English with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC set to
    English would get an English interface nobody asked for; the explicit choice (the language
    cookie set by the switch in the header) is the only thing that changes the language.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware


def no_store_when_signed_in(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Signed-in pages carry plans, evaluations and personal data: no browser or proxy keeps a copy
    (the back button after signing out on a shared office PC must not show them)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware


SESSION_SEEN = "_cannocchiale_seen"


def session_kept_alive(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """The idle timeout slides: a signed-in session expires SESSION_COOKIE_AGE after its last use.

    Saving the session on every request (SESSION_SAVE_EVERY_REQUEST) would write it on each page and
    each htmx call; instead it is saved, renewing its expiry and its cookie, when the last renewal is
    older than SESSION_REFRESH_SECONDS. The timeout is then between the age and the age minus that.
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response
        now = int(time.time())
        seen = session.get(SESSION_SEEN)
        if not isinstance(seen, int) or now - seen >= settings.SESSION_REFRESH_SECONDS:
            session[SESSION_SEEN] = now
        return response

    return middleware


def permissions_policy(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """The browser features no page of Cannocchiale uses are switched off (PERMISSIONS_POLICY)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        return response

    return middleware
