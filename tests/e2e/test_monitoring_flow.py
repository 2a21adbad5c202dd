"""An office enters a measurement with evidence in the browser; the planning office accepts it."""

from __future__ import annotations

import pytest

from cannocchiale.monitoring.models import Submission
from tests.monitoring.helpers import june_round, submission
from tests.web.helpers import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/accedi/")
    page.get_by_label("Nome utente").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_load_state()


def test_an_office_enters_a_value_with_evidence_and_the_planning_office_accepts_it(  # type: ignore[no-untyped-def]
    live_server, page, screenshot, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    round_ = june_round(world)
    org = world.organization.code
    sign_in(page, live_server.url, "ufficio")
    page.goto(f"{live_server.url}/o/{org}/attivita/")
    screenshot("my-work")
    page.get_by_role("link", name="Inserisci").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("1A0101.1")

    page.get_by_label("Valore rilevato").fill("72")
    page.get_by_text("Fuori target: raggiungimento 80 %").wait_for()
    evidence = tmp_path / "estrazione-priamo.pdf"
    evidence.write_bytes(b"%PDF-1.4 estrazione")
    page.get_by_label("Evidenze (file)").set_input_files(str(evidence))
    page.get_by_role("button", name="Invia per la revisione").click()
    assert "indica la motivazione dello scostamento" in page.get_by_role("alert").first.inner_text()
    screenshot("off-target-refused")

    page.get_by_label("Motivazione dello scostamento dal target").fill("Due addetti assenti a maggio")
    page.get_by_label("Azione correttiva").fill("Task force fino a settembre")
    page.get_by_label("Evidenze (file)").set_input_files(str(evidence))
    page.get_by_role("button", name="Invia per la revisione").click()
    page.get_by_text("Valore inviato").wait_for()
    assert page.get_by_role("link", name="estrazione-priamo.pdf").is_visible()
    screenshot("submitted")

    page.get_by_role("button", name="Esci").click()
    sign_in(page, live_server.url, "programmazione")
    page.goto(f"{live_server.url}/o/{org}/2018/monitoraggio/{round_.pk}/")
    screenshot("dashboard")
    page.goto(f"{live_server.url}/o/{org}/2018/monitoraggio/{round_.pk}/?stato=submitted")
    page.get_by_role("link", name="Rivedi 1A0101.1").click()
    page.get_by_label("Accetta il valore").check()
    page.get_by_role("button", name="Conferma l'esito").click()
    page.get_by_text("Valore accettato").wait_for()
    screenshot("accepted")
    assert submission(round_, "1A0101.1").state == Submission.State.ACCEPTED
    assert page.get_by_text("Task force fino a settembre").is_visible()
