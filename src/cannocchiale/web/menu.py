"""The main menu of an organization's pages: an entry for each page this installation has."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext, gettext_noop

from cannocchiale.web.scoping import OrgRequest

# (url name, label, needs a plan year); labels are translated per request, in its language.
MENU: tuple[tuple[str, str, bool], ...] = (
    ("web:org_home", gettext_noop("Panoramica"), False),
    ("web:tree", gettext_noop("Albero della performance"), True),
    ("web:cascade", gettext_noop("Obiettivi e pesi"), True),
    ("web:monitoring", gettext_noop("Monitoraggio"), True),
    ("web:my_work", gettext_noop("Le mie attività"), False),
    ("web:scores", gettext_noop("Risultati"), True),
    ("web:health", gettext_noop("Stato di salute"), True),
    ("web:validation", gettext_noop("Validazione"), True),
    ("web:evaluations", gettext_noop("Valutazioni"), True),
    ("web:documents", gettext_noop("Documenti"), True),
    ("web:oversight", gettext_noop("OIV"), True),
)


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    active: bool


@lru_cache(maxsize=4096)
def _menu_urls(mount: tuple[str, str], org: str, year: int | None) -> tuple[tuple[str, str], ...]:
    """The menu's (url, label) pairs: reversing eleven URLs on every page was a measurable part of
    each request, and they depend only on the organization, the year and where and which URLs
    are mounted (`mount`: script prefix and URLconf)."""
    urls = []
    for name, label, needs_year in MENU:
        args: list[object] = [org]
        if needs_year:
            if year is None:
                continue
            args.append(year)
        try:
            urls.append((reverse(name, args=args), label))
        except NoReverseMatch:
            continue  # a page that is not part of this installation (yet)
    return tuple(urls)


def main_menu(request: OrgRequest, *, year: int | None) -> list[MenuItem]:
    return [
        MenuItem(url=url, label=gettext(label), active=request.path == url)
        for url, label in _menu_urls(
            (get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF)),
            request.organization.code,
            year,
        )
    ]


def page_context(
    request: OrgRequest, *, year: int | None = None, crumbs: list[tuple[str, str]] | None = None
) -> dict[str, object]:
    """What every organization page's template needs: menu and breadcrumbs."""
    home = reverse("web:org_home", args=[request.organization.code])
    breadcrumbs = [{"label": request.organization.name, "url": home}]
    breadcrumbs += [{"label": label, "url": url} for label, url in crumbs or []]
    return {
        "main_menu": main_menu(request, year=year),
        "breadcrumbs": breadcrumbs,
        "plan_year": year,
        "plan_version_notice": _version_notice(request, year),
    }


def _version_notice(request: OrgRequest, year: int | None) -> dict[str, object] | None:
    """For the planning office while a revision is open: which version this page shows, and
    the link to the other one (the draft is never the plan in force until approved)."""
    choice = getattr(request, "plan_choice", None)
    if choice is None or choice.draft is None or choice.shown.year != year:
        return None
    other = choice.in_force if choice.shown.pk == choice.draft.pk else choice.draft
    return {
        "draft": choice.shown.pk == choice.draft.pk,
        "shown": choice.shown,
        "in_force": choice.in_force,
        "draft_plan": choice.draft,
        "switch_url": f"{request.path}?versione={other.version}",
    }
