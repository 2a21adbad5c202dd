"""The checks that must pass before anything is written: unique codes and codes that resolve.

These make a file impossible to store (a project whose office does not exist has nowhere to
point). Checks of the plan's quality (weights, budgets, targets) are the engine's validation,
which reports but does not refuse: a real plan may contradict itself, and must still be loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cannocchiale.interchange.yaml_io import JsonPath, LoadedDocument


def _indexed(items: list[Any] | None, path: JsonPath) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    for index, item in enumerate(items or []):
        yield (*path, index), item


def tree_nodes(plan: dict[str, Any]) -> Iterator[tuple[str, JsonPath, dict[str, Any]]]:
    """Every node of the performance tree, with its kind and path, in document order."""
    for area_path, area in _indexed(plan.get("areas"), ("plan", "areas")):
        yield "area", area_path, area
        for obj_path, obj in _indexed(area.get("objectives"), (*area_path, "objectives")):
            yield "objective", obj_path, obj
            for prog_path, prog in _indexed(obj.get("programmes"), (*obj_path, "programmes")):
                yield "programme", prog_path, prog
                for proj_path, proj in _indexed(prog.get("projects"), (*prog_path, "projects")):
                    yield "project", proj_path, proj


def indicator_entries(plan: dict[str, Any]) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    for kind, path, node in tree_nodes(plan):
        if kind in {"objective", "project"}:
            yield from _indexed(node.get("indicators"), (*path, "indicators"))
    for obj_path, obj in _indexed(plan.get("annual_objectives"), ("plan", "annual_objectives")):
        yield from _indexed(obj.get("indicators"), (*obj_path, "indicators"))


def reference_problems(document: LoadedDocument) -> list[str]:
    return [f"{document.where(path)}: {message}" for path, message in reference_errors(document)]


def reference_errors(document: LoadedDocument) -> list[tuple[JsonPath, str]]:
    """Every code repeated or pointing nowhere, every year given twice where one row per year is kept."""
    data: dict[str, Any] = document.data
    org, plan = data["organization"], data["plan"]
    problems: list[tuple[JsonPath, str]] = []

    def problem(path: JsonPath, message: str) -> None:
        problems.append((path, message))

    def unique(label: str, entries: Iterator[tuple[JsonPath, dict[str, Any]]], key: str = "code") -> set[str]:
        seen: dict[str, JsonPath] = {}
        for path, item in entries:
            code = str(item.get(key))
            if code in seen:
                first = document.line_of(seen[code])
                problem((*path, key), f"{label} «{code}» ripetuto (già alla riga {first})")
            else:
                seen[code] = path
        return set(seen)

    units: set[str] = set()
    for path, unit in _indexed(org.get("units"), ("organization", "units")):
        parent = unit.get("parent")
        if parent is not None and parent not in units:
            problem(
                (*path, "parent"), f"unità padre «{parent}» sconosciuta (le unità padre vanno elencate prima)"
            )
        if unit["code"] in units:
            problem((*path, "code"), f"codice di unità «{unit['code']}» ripetuto")
        units.add(unit["code"])
    positions = unique("codice di posizione", _indexed(org.get("positions"), ("organization", "positions")))
    for path, position in _indexed(org.get("positions"), ("organization", "positions")):
        if position.get("unit") is not None and position["unit"] not in units:
            problem((*path, "unit"), f"unità «{position['unit']}» sconosciuta")

    nodes = list(tree_nodes(plan))
    codes: dict[str, set[str]] = {}
    for kind in ("area", "objective", "programme", "project"):
        label = {
            "area": "area",
            "objective": "obiettivo strategico",
            "programme": "programma",
            "project": "progetto",
        }
        codes[kind] = unique(f"codice di {label[kind]}", ((p, n) for k, p, n in nodes if k == kind))
    indicators = unique("codice di indicatore", indicator_entries(plan))
    annual = unique(
        "codice di obiettivo annuale", _indexed(plan.get("annual_objectives"), ("plan", "annual_objectives"))
    )

    for kind, path, node in nodes:
        if kind == "objective" and node.get("owner") is not None and node["owner"] not in units:
            problem((*path, "owner"), f"unità «{node['owner']}» sconosciuta")
        if kind == "project":
            for index, office in enumerate(node.get("offices") or []):
                if office not in units:
                    problem((*path, "offices", index), f"ufficio «{office}» sconosciuto")

    def one_per_year(items: list[Any] | None, path: JsonPath, what: str) -> None:
        years: dict[int, JsonPath] = {}
        for e_path, entry in _indexed(items, path):
            year = entry["year"]
            if year in years:
                first = document.line_of(years[year])
                problem((*e_path, "year"), f"{what} per l'anno {year} ripetuto (già alla riga {first})")
            else:
                years[year] = e_path

    for path, indicator in indicator_entries(plan):
        one_per_year(indicator.get("targets"), (*path, "targets"), "target")
    for path, item in _indexed(plan.get("financial_items"), ("plan", "financial_items")):
        one_per_year(item.get("values"), (*path, "values"), "valore")
    for path, health in _indexed(plan.get("health_indicators"), ("plan", "health_indicators")):
        one_per_year(health.get("targets"), (*path, "targets"), "target")
        one_per_year(health.get("published"), (*path, "published"), "valore pubblicato")
    for path, series in _indexed(plan.get("context_series"), ("plan", "context_series")):
        one_per_year(series.get("values"), (*path, "values"), "valore")

    for path, objective in _indexed(plan.get("annual_objectives"), ("plan", "annual_objectives")):
        assignee = objective.get("assignee")
        if assignee is not None:
            pool = units if objective["level"] == "office" else positions
            what = "unità" if objective["level"] == "office" else "posizione"
            if assignee not in pool:
                problem((*path, "assignee"), f"{what} «{assignee}» sconosciuta")
        for key, pool_name, pool in (
            ("derives_from", "obiettivo annuale", annual),
            ("projects", "progetto", codes["project"]),
            ("strategic_objectives", "obiettivo strategico", codes["objective"]),
        ):
            for index, code in enumerate(objective.get(key) or []):
                if code not in pool:
                    problem((*path, key, index), f"{pool_name} «{code}» sconosciuto")
                if key == "derives_from" and code == objective["code"]:
                    problem((*path, key, index), "un obiettivo non può derivare da sé stesso")

    for path, budget in _indexed(plan.get("declared_budgets"), ("plan", "declared_budgets")):
        if budget["scope"] == "area" and budget.get("area") not in codes["area"]:
            problem((*path, "area"), f"area «{budget.get('area')}» sconosciuta")
    for path, measurement in _indexed(plan.get("measurements"), ("plan", "measurements")):
        if measurement["indicator"] not in indicators:
            problem((*path, "indicator"), f"indicatore «{measurement['indicator']}» sconosciuto")
    unique("codice di voce finanziaria", _indexed(plan.get("financial_items"), ("plan", "financial_items")))
    unique(
        "codice di indicatore di salute",
        _indexed(plan.get("health_indicators"), ("plan", "health_indicators")),
    )
    unique("codice di serie di contesto", _indexed(plan.get("context_series"), ("plan", "context_series")))
    return problems
