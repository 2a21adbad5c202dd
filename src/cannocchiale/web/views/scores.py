"""Scores explained: every achievement figure of a plan, and for each the engine's explanation.

The figures come from `cannocchiale.evaluation.services.plan_score`; nothing here computes one.
The page only turns the explanation's inputs into Italian labels and figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cannocchiale.engine.explanation import format_number, format_percent
from cannocchiale.evaluation.services import PlanScores, ScoredItem, plan_score
from cannocchiale.web.menu import page_context
from cannocchiale.web.scoping import OrgRequest, org_view, plan_for

# Subject types in the order of the plan's tree, with the heading of their section.
KINDS: dict[str, Any] = {
    "indicator": _("Indicatori"),
    "project": _("Progetti"),
    "strategic_objective": _("Obiettivi strategici"),
    "area": _("Aree strategiche"),
    "plan": _("Piano"),
    "annual_objective": _("Obiettivi annuali"),
    "assignee": _("Risultato per assegnatario"),
}
# A person's overall result is read by those who see everything, not by every colleague.
RESTRICTED_KINDS = {"assignee"}
STATUSES: dict[str, Any] = {
    "green": _("verde"),
    "yellow": _("giallo"),
    "red": _("rosso"),
    "none": _("non calcolato"),
}

# The engine's input keys, in Italian, each with how its value reads.
PERCENT, NUMBER, TEXT, DATE, FLAG, LIST = "percent", "number", "text", "date", "flag", "list"
INPUTS: dict[str, tuple[Any, str]] = {
    "target": (_("Target"), TEXT),
    "tipo": (_("Tipo di target"), TEXT),
    "effettivo": (_("Valore effettivo"), NUMBER),
    "soglia": (_("Soglia del target"), NUMBER),
    "rapporto": (_("Rapporto effettivo/target"), PERCENT),
    "riferimento": (_("Valore di riferimento"), NUMBER),
    "anno_di_riferimento": (_("Anno di riferimento"), TEXT),
    "anni_prima": (_("Anni prima"), NUMBER),
    "minimo": (_("Minimo dell'intervallo"), NUMBER),
    "massimo": (_("Massimo dell'intervallo"), NUMBER),
    "scadenza": (_("Scadenza"), DATE),
    "completato_il": (_("Completato il"), DATE),
    "giorni_di_ritardo": (_("Giorni di ritardo"), NUMBER),
    "evento": (_("Evento di riferimento"), TEXT),
    "giorni_dopo": (_("Giorni dopo l'evento"), NUMBER),
    "realizzato": (_("Realizzato"), FLAG),
    "valutato": (_("Valutazione espressa"), PERCENT),
    "motivazione": (_("Motivazione"), TEXT),
    "forzato": (_("Punteggio forzato"), PERCENT),
    "raggiungimento_calcolato": (_("Raggiungimento prima di soglie e fasce"), PERCENT),
    "raggiungimento_proprio": (_("Raggiungimento dei propri indicatori"), PERCENT),
    "raggiungimento_dai_figli": (_("Raggiungimento dai livelli sottostanti"), PERCENT),
    "elementi": (_("Elementi considerati"), NUMBER),
    "inclusi": (_("Elementi con un raggiungimento"), NUMBER),
    "pesi": (_("Pesi"), LIST),
    "somma_pesi": (_("Somma dei pesi"), NUMBER),
    "progetti_non_misurati": (_("Progetti non misurati"), LIST),
}
TARGET_KINDS: dict[str, Any] = {
    "completion": _("completamento"),
    "at_least": _("almeno"),
    "at_most": _("al massimo"),
    "range": _("intervallo"),
    "deadline": _("scadenza"),
    "milestone": _("traguardo"),
    "qualitative": _("qualitativo"),
}


@dataclass
class Node:
    """One level of an explanation, ready to read."""

    key: str | None
    label: str
    rule_id: str
    rule: str
    outcome: str
    inputs: list[tuple[str, str]]
    notes: list[str]
    children: list[Node] = field(default_factory=list)


def explanation_tree(data: dict[str, Any], names: dict[str, str] | None = None) -> Node:
    """`Explanation.to_dict()` with its inputs labelled and formatted the Italian way.

    `names` gives the title of each key (code), so that a roll-up's children read as objectives.
    """
    names = names or {}
    key = data.get("key")
    return Node(
        key=key,
        label=names.get(key, "") if key else "",
        rule_id=data["rule_id"],
        rule=data["rule"],
        outcome=data["outcome"],
        inputs=[_input(name, value) for name, value in data["inputs"].items()],
        notes=list(data["notes"]),
        children=[explanation_tree(child, names) for child in data["children"]],
    )


def _input(name: str, value: Any) -> tuple[str, str]:
    label, kind = INPUTS.get(name, (name.replace("_", " ").capitalize(), TEXT))
    return str(label), _value(value, kind, name)


def _value(value: Any, kind: str, name: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, bool) or kind == FLAG:
        return str(_("sì") if value else _("no"))
    if isinstance(value, list):
        if value and all(each is None for each in value):
            return str(_("non indicati"))
        return ", ".join(_value(each, NUMBER if kind == LIST else kind) for each in value) or "—"
    if name == "tipo":
        return str(TARGET_KINDS.get(str(value), value))
    if kind == DATE:
        year, month, day = str(value).split("-")
        return f"{day}/{month}/{year}"
    if kind in (PERCENT, NUMBER):
        try:
            figure = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return format_percent(figure) if kind == PERCENT else format_number(figure)
    return str(value)


def _items(scores: PlanScores, kind: str) -> list[ScoredItem]:
    if kind == "plan":
        return [scores.plan_score] if scores.plan_score else []
    attribute = {
        "indicator": "indicators",
        "project": "projects",
        "strategic_objective": "strategic_objectives",
        "area": "areas",
        "annual_objective": "annual_objectives",
        "assignee": "assignees",
    }[kind]
    items: list[ScoredItem] = getattr(scores, attribute)
    return items


def _visible_kinds(request: OrgRequest) -> list[str]:
    everything = request.access.can_view_everything()
    return [kind for kind in KINDS if everything or kind not in RESTRICTED_KINDS]


def _status_of(item: ScoredItem) -> str:
    return item.score.status or "none"


@dataclass
class Section:
    kind: str
    title: str
    rows: list[ScoredItem]


@org_view(lambda access: access.can_view_plan())
def scores(request: OrgRequest, year: int) -> HttpResponse:
    plan = plan_for(request, year)
    computed = plan_score(plan=plan)
    kinds = _visible_kinds(request)
    chosen_kind = request.GET.get("tipo", "")
    chosen_status = request.GET.get("stato", "")
    sections = []
    for kind in kinds:
        if chosen_kind and kind != chosen_kind:
            continue
        rows = [i for i in _items(computed, kind) if not chosen_status or _status_of(i) == chosen_status]
        if rows:
            sections.append(Section(kind, str(KINDS[kind]), rows))
    context = {
        "plan": plan,
        "year": year,
        "sections": sections,
        "kinds": [(kind, KINDS[kind]) for kind in kinds],
        "statuses": list(STATUSES.items()),
        "chosen_kind": chosen_kind,
        "chosen_status": chosen_status,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "web/scores/_table.html", context)
    context.update(page_context(request, year=year, crumbs=[(str(_("Punteggi")), "")]))
    return render(request, "web/scores/list.html", context)


@org_view(lambda access: access.can_view_plan())
def score_explain(request: OrgRequest, year: int, subject_type: str, code: str) -> HttpResponse:
    if subject_type not in KINDS:
        raise Http404("punteggio non trovato")
    if subject_type not in _visible_kinds(request):
        raise PermissionDenied("non autorizzato")
    plan = plan_for(request, year)
    computed = plan_score(plan=plan)
    item = next((i for i in _items(computed, subject_type) if i.key == code), None)
    if item is None:
        raise Http404("punteggio non trovato")
    names = {each.key: each.label for kind in KINDS for each in _items(computed, kind)}
    context = {
        "item": item,
        "kind_label": KINDS[subject_type],
        "tree": explanation_tree(item.score.explanation.to_dict(), names),
        "year": year,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "web/scores/_explanation_panel.html", context)
    scores_url = reverse("web:scores", args=[request.organization.code, year])
    context.update(
        page_context(request, year=year, crumbs=[(str(_("Punteggi")), scores_url), (item.label, "")])
    )
    return render(request, "web/scores/explain.html", context)
