"""In a real browser, with the Content-Security-Policy enforced: no page breaks it, and what the
page's own scripts do still works (the theme's fonts, htmx with its CSRF header, the tree's buttons,
the language switch, closing an explanation)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.helpers import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)

# Injected by the browser's driver before any page script (so it is not itself subject to the policy).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  var what = e.violatedDirective + ' ' + (e.blockedURI || 'inline');
  window.__cspViolations.push(what + ' ' + (e.sample || ''));
});
"""


def _violations(page: Any) -> list[str]:
    return list(page.evaluate("window.__cspViolations"))


@pytest.mark.slow
def test_pages_work_under_the_policy_with_no_violation(page: Any, live_server: Any, screenshot: Any) -> None:
    world = build_world()
    org = world.organization.code
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    seen: dict[str, list[str]] = {}

    page.goto(f"{live_server.url}/accedi/")
    seen["accedi"] = _violations(page)
    page.fill("#id_username", "oiv")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/o/{org}/")
    seen["panoramica"] = _violations(page)
    # The theme's script loaded its font faces (a <style> it injects, allowed by style-src).
    assert page.evaluate("document.fonts.check('16px \"Titillium Web\"')")

    page.goto(f"{live_server.url}/o/{org}/2018/albero/")
    page.get_by_role("button", name="Espandi tutto").click()  # the tree's inline script, by nonce
    assert page.locator('[data-code="1A0101"] a').is_visible()
    seen["albero"] = _violations(page)

    page.goto(f"{live_server.url}/o/{org}/2018/punteggi/")
    page.select_option("#filtro-tipo", "indicator")  # htmx, with the CSRF header set by the base script
    page.wait_for_selector("table[data-kind=project]", state="detached")
    page.locator("tr[data-code='DIR-AREA1-1.1'] a").click()
    panel = page.locator("[data-testid=score-explanation]")
    panel.wait_for()
    panel.get_by_role("button", name="Chiudi").click()  # was an hx-on handler, refused by the policy
    page.wait_for_selector("[data-testid=score-explanation]", state="detached")
    seen["punteggi"] = _violations(page)

    with page.expect_navigation():
        page.select_option("#lang-select", "en")  # was an onchange handler
    assert page.get_by_role("button", name="Sign out").is_visible()
    with page.expect_navigation():
        page.select_option("#lang-select", "it")
    seen["lingua"] = _violations(page)

    page.get_by_test_id("password-change-link").click()
    page.wait_for_url("**/password/")
    seen["password"] = _violations(page)
    screenshot("password-change")

    # The organization's administrator and the roles page.
    page.get_by_role("button", name="Esci").click()
    page.wait_for_url("**/accedi/")
    page.fill("#id_username", "amministratore")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**/o/{org}/")
    page.get_by_test_id("roles-link").click()
    page.wait_for_url(f"**/o/{org}/ruoli/")
    page.get_by_label("Nome utente", exact=True).fill("estraneo")
    page.get_by_label("Ruolo", exact=True).select_option("oiv")
    with page.expect_navigation():
        page.get_by_role("button", name="Assegna").click()
    assert "estraneo" in page.get_by_test_id("roles-table").inner_text()
    seen["ruoli"] = _violations(page)
    screenshot("roles")

    assert {name: found for name, found in seen.items() if found} == {}
    assert [text for text in console if "Content Security Policy" in text] == []
