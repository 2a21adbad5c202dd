"""Every request has an id: in the response header, in each of its log records, and on the error
page, so that an error a user reports can be found in the logs with its traceback."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from cannocchiale.core.logging import JsonFormatter, RequestIdFilter


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("guasto simulato per la prova")


# This module is the URLconf of these tests: the project's pages plus one that fails.
urlpatterns = [path("prova-errore/", _boom), path("", include("cannocchiale.urls"))]
handler500 = "cannocchiale.core.request_id.server_error"


@pytest.fixture
def logged() -> Iterator[io.StringIO]:
    """What the configured stderr handler writes, captured: the same handler, filter and format."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter)]
    assert handlers, "LOGGING non configura il gestore JSON su stderr"
    handler = handlers[0]
    assert any(isinstance(f, RequestIdFilter) for f in handler.filters)
    assert isinstance(handler, logging.StreamHandler)
    stream = io.StringIO()
    # Swapped without setStream's flush: an earlier test's captured stderr may already be closed.
    previous, handler.stream = handler.stream, stream
    try:
        yield stream
    finally:
        handler.stream = previous


def _records(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


@pytest.mark.urls("tests.web.test_request_id")
def test_an_unhandled_error_is_logged_with_its_traceback_and_the_id_shown_on_the_page(
    db: None, logged: io.StringIO
) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/prova-errore/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert len(request_id) >= 8
    page = response.content.decode()
    assert "Codice della richiesta" in page
    assert request_id in page
    errors = [r for r in _records(logged) if r["level"] == "ERROR"]
    assert len(errors) == 1, _records(logged)
    error = errors[0]
    assert error["request_id"] == request_id
    assert error["path"] == "/prova-errore/"
    assert "RuntimeError: guasto simulato per la prova" in str(error["exception"])
    assert "Traceback" in str(error["exception"])


@pytest.mark.urls("tests.web.test_request_id")
def test_a_proxys_request_id_is_kept_and_a_hostile_one_replaced(db: None, logged: io.StringIO) -> None:
    client = Client(raise_request_exception=False)
    kept = client.get("/prova-errore/", HTTP_X_REQUEST_ID="proxy-4f2a9c01")
    assert kept["X-Request-ID"] == "proxy-4f2a9c01"
    assert "proxy-4f2a9c01" in kept.content.decode()
    hostile = '<script>alert(1)</script>"\n{"level":"INFO"}'
    replaced = client.get("/prova-errore/", HTTP_X_REQUEST_ID=hostile)
    assert replaced["X-Request-ID"] != hostile
    assert "<script>alert(1)" not in replaced.content.decode()
    assert [r["request_id"] for r in _records(logged) if r["level"] == "ERROR"] == [
        "proxy-4f2a9c01",
        replaced["X-Request-ID"],
    ]


def test_every_response_carries_its_own_request_id(db: None, client: Client) -> None:
    first, second = client.get("/accedi/"), client.get("/accedi/")
    assert first.status_code == second.status_code == 200
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_record_outside_the_request_has_no_id_and_one_inside_has_it(logged: io.StringIO) -> None:
    from cannocchiale.core.logging import request_id_var

    log = logging.getLogger("cannocchiale.prova")
    log.warning("fuori", extra={"indicatore": "1A.1"})
    token = request_id_var.set("richiesta-00000001")
    try:
        log.warning("dentro")
    finally:
        request_id_var.reset(token)
    outside, inside = _records(logged)
    assert outside["request_id"] == ""
    assert outside["indicatore"] == "1A.1"
    assert inside["request_id"] == "richiesta-00000001"
    assert inside["message"] == "dentro"
