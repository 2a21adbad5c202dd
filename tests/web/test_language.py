"""Italian first, English available: the language switch, the English catalogue and Italian dates."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

import cannocchiale
from tests.web.helpers import World

LOCALE = Path(cannocchiale.__file__).parent / "locale"


def english(client: Client) -> Client:
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def signed_in(world: World, role: str) -> Client:
    user = world.users[role]
    assert isinstance(user, User)
    client = Client()
    client.force_login(user)
    return client


def po_entries(path: Path) -> list[dict[str, str]]:
    """A .po file's entries, as keyword → text, flags under "#,"; obsolete entries are skipped."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, ""
        elif line.startswith("#,"):
            entry["#,"] = entry.get("#,", "") + line[2:]
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, text = line.partition(" ")
            entry[key] = ast.literal_eval(text)
    return entries


def test_choosing_english_shows_the_sign_in_page_in_english(client: Client) -> None:
    page = english(client).get(reverse("login")).content.decode()
    assert "Username" in page
    assert "Sign in" in page
    assert "Nome utente" not in page


def test_the_sign_in_page_is_italian_until_someone_chooses_english(client: Client) -> None:
    page = client.get(reverse("login")).content.decode()
    assert "Nome utente" in page
    assert "Username" not in page


def test_choosing_english_shows_the_menu_and_headings_of_the_organization_home(
    world: World,
) -> None:
    page = english(signed_in(world, "planning_office")).get(f"/o/{world.organization.code}/").content.decode()
    for text in ("Overview", "Performance tree", "Objectives and weights", "Monitoring", "My tasks"):
        assert f"<span>{text}</span>" in page
    assert "Performance plans" in page
    assert "Your roles" in page
    assert "Piani della performance" not in page
    assert "Albero della performance" not in page


def test_choosing_english_shows_the_performance_tree_in_english(world: World) -> None:
    url = reverse("web:tree", args=[world.organization.code, 2018])
    page = english(signed_in(world, "office")).get(url).content.decode()
    assert "Performance tree 2018" in page
    assert "Search the tree" in page
    assert "Expand all" in page
    assert "Cerca nell&#x27;albero" not in page


def test_italian_dates_write_the_month_in_lowercase(world: World) -> None:
    # full_features.yaml: the plan was approved by "Delibera di Giunta n. 10" on 2018-01-31.
    page = signed_in(world, "planning_office").get(f"/o/{world.organization.code}/").content.decode()
    assert "31 gennaio 2018" in page
    assert "Gennaio" not in page


def test_english_dates_keep_the_english_month_names(world: World) -> None:
    page = english(signed_in(world, "planning_office")).get(f"/o/{world.organization.code}/").content.decode()
    assert "31 January 2018" in page


def test_every_message_of_the_english_catalogue_is_translated_and_none_is_fuzzy() -> None:
    entries = po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")[1:]  # the first is the header
    assert len(entries) > 500
    untranslated = [e["msgid"] for e in entries if not all(v for k, v in e.items() if k.startswith("msgstr"))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e.get("#,", "")]
    assert untranslated == []
    assert fuzzy == []


def test_the_english_catalogue_keeps_every_placeholder_of_the_italian_text() -> None:
    def placeholders(text: str) -> set[str]:
        return {part.split(")")[0] for part in text.split("%(")[1:]}

    for entry in po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")[1:]:
        source = placeholders(entry["msgid"]) | placeholders(entry.get("msgid_plural", ""))
        for key, text in entry.items():
            if key.startswith("msgstr"):
                assert placeholders(text) <= source, entry["msgid"]
                assert key == "msgstr[0]" or placeholders(text) == source, entry["msgid"]


def test_the_compiled_catalogues_hold_every_translation_of_their_sources() -> None:
    # The project ships the .mo files, so that neither CI nor a server needs gettext: a stale one would
    # silently show older wording.
    for language in ("it", "en"):
        folder = LOCALE / language / "LC_MESSAGES"
        with (folder / "django.mo").open("rb") as compiled:
            catalogue = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
        for entry in po_entries(folder / "django.po")[1:]:
            msgid = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]
            if not entry.get("msgstr", entry.get("msgstr[0]")):
                continue  # untranslated: Django shows the msgid, the Italian text
            if "msgid_plural" in entry:
                assert catalogue[(msgid, 0)] == entry["msgstr[0]"]
                assert catalogue[(msgid, 1)] == entry["msgstr[1]"]
            else:
                assert catalogue[msgid] == entry["msgstr"], msgid


def test_an_english_browser_still_gets_italian_until_the_user_chooses(client: Client) -> None:
    response = client.get("/accedi/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert 'lang="it"' in response.content.decode() or "Accesso" in response.content.decode()
    assert "Nome utente" in response.content.decode()
