"""In the browser: the Segretario generale evaluates the Dirigente, the Dirigente acknowledges."""

from __future__ import annotations

import pytest

from cannocchiale.accounts.access import Access
from cannocchiale.evaluation.individual_services import evaluations_open
from cannocchiale.evaluation.models import IndividualEvaluation
from tests.web.helpers import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accedi/")
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_load_state()


def test_the_secretary_general_evaluates_the_director_who_acknowledges(live_server, page, screenshot) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    evaluations_open(
        organization=world.organization, year=2018, actor=None, access=Access.system(world.organization)
    )
    sheet = IndividualEvaluation.objects.get(evaluated_position__code="DIR-AREA1")
    url = f"{live_server.url}/o/{world.organization.code}/2018/valutazioni/{sheet.pk}/"

    _sign_in(page, live_server.url, "segretario")
    page.goto(f"{live_server.url}/o/{world.organization.code}/2018/valutazioni/")
    page.get_by_role("link", name="Anna Bianchi").click()
    page.wait_for_url(url)
    before = page.get_by_test_id("total").inner_text()
    for label, value in [
        ("Capacità di programmazione e organizzazione del lavoro", "5"),
        ("Gestione e valorizzazione dei collaboratori", "4"),
        ("Orientamento all'utenza e qualità del servizio", "4"),
        ("Innovazione e soluzione dei problemi", "3.5"),
        ("Integrazione e collaborazione con le altre strutture", "4"),
    ]:
        page.get_by_label(label).fill(value)
    page.get_by_label("Osservazioni del valutatore").fill(
        "Obiettivi dell'Area raggiunti; buona guida del servizio."
    )
    page.get_by_label("Retribuzione di risultato stanziata (€)").fill("12.000")
    page.get_by_role("button", name="Salva e ricalcola").click()
    page.get_by_text("Scheda salvata: punteggio ricalcolato.").wait_for()
    assert page.get_by_test_id("total").inner_text() != before, (
        "the total follows the ratings without reloading"
    )
    screenshot("sg-fills-in")
    page.get_by_role("button", name="Concludi e notifica al valutato").click()
    page.get_by_text("Valutazione conclusa e notificata al valutato.").wait_for()
    assert "Conclusa, in attesa di presa visione" in page.get_by_test_id("status").inner_text()
    total = page.get_by_test_id("total").inner_text()
    screenshot("sg-concluded")

    page.context.clear_cookies()
    _sign_in(page, live_server.url, "dirigente")
    page.goto(url)
    assert page.get_by_test_id("total").inner_text() == total
    assert page.get_by_role("button", name="Salva e ricalcola").count() == 0
    page.get_by_label("Nota (facoltativa)").fill("Presa visione.")
    page.get_by_role("button", name="Confermo la presa visione").click()
    page.get_by_text("Presa visione registrata.").wait_for()
    assert page.get_by_test_id("acknowledged").inner_text()
    screenshot("director-acknowledged")
    sheet.refresh_from_db()
    assert sheet.status == "acknowledged"
