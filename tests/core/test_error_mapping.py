"""The domain's refusals become one status each, with their own message, on a page or in htmx."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cannocchiale.core.concurrency import EditConflict
from cannocchiale.core.error_mapping import domain_errors, http_status
from cannocchiale.core.errors import CannocchialeError, NotFoundError, PermissionRefused
from cannocchiale.engine.policy import PolicyError
from cannocchiale.engine.target_parser import TargetTooLong
from cannocchiale.planning.services import LifecycleError, PlanLocked


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (NotFoundError("nessun indicatore «X»"), 404),
        (PermissionRefused("solo l'ufficio programmazione"), 403),
        (PlanLocked("il piano è approvato"), 409),
        (LifecycleError("solo un piano in bozza"), 409),
        (EditConflict("qualcuno lo ha cambiato"), 409),
        (CannocchialeError("il testo non può essere vuoto"), 422),
        (PolicyError("fascia non valida"), 422),
        (TargetTooLong(3000), 422),
    ],
)
def test_each_refusal_has_one_status(error: Exception, status: int) -> None:
    assert http_status(error) == status


def _middleware():  # type: ignore[no-untyped-def]
    return domain_errors(lambda request: HttpResponse("ok"))


@pytest.mark.django_db
def test_a_page_shows_the_refusal_with_its_status_and_its_words() -> None:
    request = RequestFactory().post("/o/x/2018/")
    response = _middleware().process_exception(request, PermissionRefused("solo l'ufficio programmazione"))
    assert response.status_code == 403
    assert "Solo l&#x27;ufficio programmazione" in response.content.decode()
    assert "PermissionRefused" not in response.content.decode()


@pytest.mark.django_db
def test_an_htmx_request_gets_a_fragment_for_the_refusals_slot() -> None:
    request = RequestFactory().post("/o/x/2018/", headers={"HX-Request": "true"})
    response = _middleware().process_exception(request, PlanLocked("il piano è approvato"))
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#htmx-errors"
    body = response.content.decode()
    assert "Il piano è approvato" in body
    assert "<html" not in body


def test_an_error_outside_the_family_is_left_to_django() -> None:
    request = RequestFactory().get("/")
    assert _middleware().process_exception(request, RuntimeError("bug")) is None
