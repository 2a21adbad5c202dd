"""The OIV comments on objective 1A from its sheet and validates the Relazione."""

from __future__ import annotations

import pytest

from cannocchiale.oversight.models import Comment, Validation
from cannocchiale.planning.models import Plan
from cannocchiale.reports.models import GeneratedDocument
from tests.e2e.test_monitoring_flow import sign_in
from tests.web.helpers import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_oiv_comments_on_objective_1a_and_validates_the_relazione(  # type: ignore[no-untyped-def]
    live_server, page, screenshot
) -> None:
    world = build_world()
    org = world.organization.code
    plan = Plan.objects.get(organization=world.organization, year=2018)
    relazione = GeneratedDocument.objects.create(
        organization=world.organization,
        plan=plan,
        plan_version=plan.version,
        kind="relazione",
        format="pdf",
        status="done",
        filename="relazione-performance-2018.pdf",
    )
    sign_in(page, live_server.url, "oiv")

    page.goto(f"{live_server.url}/o/{org}/2018/obiettivi/1A/")
    page.get_by_label("Nuova osservazione").fill(
        "L'indicatore 1A.2 ha lo stesso target per tre anni: motivare."
    )
    page.get_by_role("button", name="Aggiungi osservazione").click()
    page.get_by_text("L'indicatore 1A.2 ha lo stesso target per tre anni: motivare.").wait_for()
    assert page.get_by_test_id("comments-panel").get_by_text("Aperta").is_visible()
    assert page.get_by_label("Nuova osservazione").input_value() == ""  # the form is fresh, no reload
    screenshot("comment-on-1A")

    page.get_by_role("link", name="OIV").click()
    assert page.get_by_role("link", name="Obiettivo strategico 1A").is_visible()
    page.get_by_label("Esito", exact=True).select_option("validated_with_remarks")
    page.get_by_label("Atto (verbale, documento di validazione)").fill("Verbale OIV n. 4")
    page.get_by_label("Data dell'atto").fill("2019-06-25")
    page.get_by_label("Osservazioni (obbligatorie se l'esito non è una validazione piena)").fill(
        "Motivare meglio gli scostamenti dell'area 2."
    )
    page.get_by_role("button", name="Registra la validazione").click()
    page.get_by_test_id("validation-outcome-relazione").wait_for()
    assert page.get_by_test_id("validation-outcome-relazione").inner_text() == "Validata con osservazioni"
    assert page.get_by_role("link", name="relazione-performance-2018.pdf").is_visible()
    screenshot("relazione-validated")

    assert Comment.objects.get().subject_code == "1A"
    validation = Validation.objects.get()
    assert validation.document == relazione
    assert validation.validated_by == world.users["oiv"]
