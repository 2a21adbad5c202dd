"""The main menu of an organization's pages: an entry for each page this installation has."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from cannocchiale.web.scoping import OrgRequest

# (url name, label, needs a plan year)
MENU: tuple[tuple[str, str, bool], ...] = (
    ("web:org_home", "Panoramica", False),
    ("web:tree", "Albero della performance", True),
    ("web:cascade", "Obiettivi e pesi", True),
    ("web:monitoring", "Monitoraggio", True),
    ("web:my_work", "Le mie attività", False),
    ("web:scores", "Risultati", True),
    ("web:health", "Stato di salute", True),
    ("web:validation", "Validazione", True),
    ("web:evaluations", "Valutazioni", True),
    ("web:documents", "Documenti", True),
)


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str
    active: bool


def main_menu(request: OrgRequest, *, year: int | None) -> list[MenuItem]:
    items = []
    for name, label, needs_year in MENU:
        args: list[object] = [request.organization.code]
        if needs_year:
            if year is None:
                continue
            args.append(year)
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue  # a page that is not part of this installation (yet)
        items.append(MenuItem(url=url, label=label, active=request.path == url))
    return items


def page_context(
    request: OrgRequest, *, year: int | None = None, crumbs: list[tuple[str, str]] | None = None
) -> dict[str, object]:
    """What every organization page's template needs: menu and breadcrumbs."""
    home = reverse("web:org_home", args=[request.organization.code])
    breadcrumbs = [{"label": request.organization.name, "url": home}]
    breadcrumbs += [{"label": label, "url": url} for label, url in crumbs or []]
    return {"main_menu": main_menu(request, year=year), "breadcrumbs": breadcrumbs, "plan_year": year}
