"""In a real browser: a figure opens to its explanation in place; the stato di salute draws its charts."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.helpers import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Any, live_server: Any, username: str) -> None:
    page.goto(f"{live_server.url}/accedi/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_a_score_opens_to_its_explanation_and_closes_again(
    page: Any, live_server: Any, screenshot: Any
) -> None:
    world = build_world()
    sign_in(page, live_server, "oiv")
    page.goto(f"{live_server.url}/o/{world.organization.code}/2018/punteggi/")
    page.select_option("#filtro-tipo", "indicator")
    # htmx swaps the table in place: the other kinds go, the indicators stay.
    page.wait_for_selector("table[data-kind=project]", state="detached")
    assert page.locator("table[data-kind=indicator]").count() == 1
    assert "tipo=indicator" in page.url
    page.locator("tr[data-code='DIR-AREA1-1.1'] a").click()
    panel = page.locator("[data-testid=score-explanation]")
    panel.wait_for()
    assert "Valutazione espressa" in panel.inner_text()
    screenshot("explanation-open")
    panel.get_by_role("button", name="Chiudi").click()
    page.wait_for_selector("[data-testid=score-explanation]", state="detached")


def test_the_health_page_shows_a_chart_per_indicator(page: Any, live_server: Any, screenshot: Any) -> None:
    world = build_world()
    sign_in(page, live_server, "oiv")
    page.goto(f"{live_server.url}/o/{world.organization.code}/2018/salute/")
    chart = page.locator("section[data-code='EQ-1'] svg[role=img]")
    assert chart.count() == 1
    assert chart.bounding_box()["width"] > 300
    screenshot("health")
