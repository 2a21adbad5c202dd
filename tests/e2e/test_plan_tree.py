"""In a browser: sign in, open the tree, filter, open a sheet, edit a target, see its new understanding."""

from __future__ import annotations

import pytest

from cannocchiale.planning.models import Plan
from tests.web.helpers import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_planning_office_browses_the_tree_and_edits_a_target_in_place(
    live_server, page, screenshot
) -> None:  # type: ignore[no-untyped-def]
    world = build_world()
    Plan.objects.filter(organization=world.organization).update(status=Plan.Status.DRAFT)
    org = world.organization.code

    page.goto(f"{live_server.url}/accedi/")
    page.get_by_label("Nome utente").fill("programmazione")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url(f"**/o/{org}/")

    page.goto(f"{live_server.url}/o/{org}/2018/albero/")
    assert "Albero della performance" in page.get_by_role("heading", level=1).inner_text()
    project_link = page.locator('[data-code="1A0101"] a')
    assert not project_link.is_visible()  # objectives start collapsed
    page.get_by_role("button", name="Espandi tutto").click()
    assert project_link.is_visible()
    screenshot("tree-expanded")

    page.get_by_label("Area strategica").select_option("2")
    # Locator waits, not wait_for_function: the Content-Security-Policy refuses the eval it uses.
    page.locator('[data-code="1A"]').wait_for(state="detached")
    assert page.locator('[data-code="2A"]').count() == 1
    assert "area=2" in page.url
    screenshot("tree-filtered")

    page.goto(f"{live_server.url}/o/{org}/2018/albero/")
    page.get_by_label("Cerca nell'albero").fill("1A0101")
    page.locator('[data-code="2A"]').wait_for(state="detached")
    page.locator('[data-code="1A"] > details > summary a').first.click()
    page.wait_for_url("**/obiettivi/1A/")
    screenshot("objective-sheet")

    cell = page.get_by_test_id("target-1A.1-2018")
    assert "meno di 4 giorni" in cell.inner_text()
    cell.get_by_role("link", name="Modifica").click()
    field = page.get_by_label("Target 2018 di 1A.1")
    field.fill("almeno 83%")
    screenshot("target-editing")
    page.get_by_role("button", name="Salva").click()
    page.get_by_test_id("target-1A.1-2018").filter(has_text="almeno 83 %").wait_for()
    assert "Compreso come: almeno 83 %" in page.get_by_test_id("target-1A.1-2018").inner_text()
    screenshot("target-saved")

    page.get_by_test_id("target-1A.1-2018").get_by_role("link", name="Modifica").click()
    page.get_by_label("Target 2018 di 1A.1").fill("fare il possibile")
    page.get_by_role("button", name="Salva").click()
    page.get_by_test_id("target-1A.1-2018").filter(has_text="Non compreso").wait_for()
    screenshot("target-not-understood")
