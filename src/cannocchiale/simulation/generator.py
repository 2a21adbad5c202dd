"""Plans of simulated administrations, shaped like the Lucca 2018 plan, as plan documents.

Pure: no Django, no database. Each organization is generated from its own random stream
(`seed` and its index), so organization 7 of seed 1 is the same whatever N is, and a run is
reproducible. The documents follow the plan file format (`cannocchiale/plan@1`), so what the
simulation loads is what an import would accept.

Sizes vary around Lucca's shape, scaled to about 500 indicators at full size: 3–4 strategic
areas, 4–6 strategic objectives each with strategic indicators and a budget, programmes
and projects with the targets of their expected results, and the annual cascade Ente →
Segretario generale → Dirigenti → Posizioni organizzative → uffici, where each assignee's
weights sum to 100.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from cannocchiale.simulation.measurement_generator import (
    KIND_MAKERS,
    KIND_WEIGHTS,
    PLAN_YEAR,
    kind_relative,
    progress,
    round_dates,
)

__all__ = ["PLAN_YEAR", "round_dates"]  # kept here for the benchmarks that read them

ORG_PREFIX = "sim-"
ORG_KIND = "simulazione"

Document = dict[str, Any]
# Every value of a simulated administration is invented, and says so as a plan file says it.
_INVENTED = {"entered_by": "sim", "simulated": True}

_AREA_TITLES = (
    "COMPETITIVITÀ DEL TERRITORIO",
    "SERVIZI ALLE IMPRESE",
    "COMPETITIVITÀ DELL'ENTE",
    "TRASPARENZA E SEMPLIFICAZIONE",
)
_THEMES = (
    "informazione economica",
    "internazionalizzazione delle imprese",
    "digitalizzazione dei servizi",
    "regolazione del mercato",
    "registro delle imprese",
    "tutela del consumatore",
    "formazione e lavoro",
    "turismo e cultura",
    "ambiente ed energia",
    "gestione delle risorse",
    "semplificazione amministrativa",
    "prevenzione della corruzione",
)


def _money(rng: random.Random, low: int, high: int) -> int:
    return rng.randrange(low, high, 500)


def _weights(rng: random.Random, count: int) -> list[int]:
    """`count` weights, multiples of 5, each at least 5, summing to 100."""
    cuts = sorted(rng.sample(range(1, 20), count - 1))
    bounds = [0, *cuts, 20]
    return [5 * (b - a) for a, b in itertools.pairwise(bounds)]


class _Builder:
    """Builds one organization's document, drawing every choice from one random stream."""

    def __init__(self, *, seed: int, index: int, rounds: int) -> None:
        self.rng = random.Random(f"cannocchiale-sim:{seed}:{index}")
        self.index = index
        self.rounds = rounds
        self.dates = round_dates(rounds)
        self.measurements: list[dict[str, Any]] = []
        self.indicator_count = 0

    def indicator(self, code: str, theme: str, *, weight: int | None = None) -> dict[str, Any]:
        maker = self.rng.choices(KIND_MAKERS, KIND_WEIGHTS)[0]
        text, measure = maker(self.rng)
        self.indicator_count += 1
        if maker is kind_relative:
            # The reference year's actual: what "> del 2017" is compared with.
            self.measurements.append(
                {"indicator": code, "date": f"{PLAN_YEAR - 1}-12-31", "value": 100, **_INVENTED}
            )
        for round_index, date in enumerate(self.dates):
            # Some offices are late: about one value in twelve is missing in a round.
            if self.rng.random() < 1 / 12:
                continue
            values = measure(self.rng, progress(round_index, self.rounds))
            if values:
                self.measurements.append({"indicator": code, "date": date.isoformat(), **values, **_INVENTED})
        item: dict[str, Any] = {
            "code": code,
            "description": f"Indicatore {code}: {theme}",
            "frequency": "quarterly",
            "targets": [{"year": PLAN_YEAR, "text": text}],
        }
        if weight is not None:
            item["weight"] = weight
        return item

    def indicators(self, prefix: str, theme: str, count: int, *, weighted: bool) -> list[dict[str, Any]]:
        weights: list[int | None] = (
            list(_weights(self.rng, count)) if weighted and count > 1 else [None] * count
        )
        return [self.indicator(f"{prefix}.{n + 1}", theme, weight=weights[n]) for n in range(count)]

    def build(self) -> Document:
        rng = self.rng
        scale = rng.uniform(0.75, 1.25)
        directorates = rng.randint(2, 4)
        units, positions = self.structure(directorates)
        office_codes = [u["code"] for u in units if u["kind"] == "office"]
        areas, projects = self.tree(scale, directorates, office_codes)
        annual = self.cascade(directorates, units, projects)
        number = self.index + 1
        return {
            "format": "cannocchiale/plan@1",
            "organization": {
                "code": f"{ORG_PREFIX}{number:05d}",
                "name": f"Ente simulato n. {number}",
                "kind": ORG_KIND,
                "staff": sum(u.get("staff") or 0 for u in units),
                "mission": "Ente simulato per le misure di velocità e di scala.",
                "values": ["trasparenza", "efficienza"],
                "units": units,
                "positions": positions,
            },
            "plan": {
                "year": PLAN_YEAR,
                "start_year": PLAN_YEAR,
                "end_year": PLAN_YEAR + 2,
                "title": f"Piano della performance {PLAN_YEAR}-{PLAN_YEAR + 2} (simulato)",
                "version": 1,
                "status": "approved",
                # An approved plan carries its act, as the plan file format requires.
                "approval": {"act": "Delibera di Giunta n. 1 (simulata)", "date": f"{PLAN_YEAR}-01-31"},
                "mission": "Sostenere lo sviluppo delle imprese e del territorio.",
                "areas": areas,
                "declared_budgets": self.declared_budgets(areas),
                "annual_objectives": annual,
                "measurements": self.measurements,
            },
        }

    def structure(self, directorates: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng = self.rng
        units: list[dict[str, Any]] = [
            {"code": "consiglio", "name": "Consiglio", "kind": "body", "parent": None},
            {"code": "giunta", "name": "Giunta", "kind": "body", "parent": None},
            {"code": "sg", "name": "Area Segretario Generale", "kind": "directorate", "parent": None},
        ]
        positions: list[dict[str, Any]] = [
            {"code": "SG", "role": "secretary_general", "title": "Segretario Generale", "unit": "sg"}
        ]
        for d in range(1, directorates + 1):
            area_code = f"area-{d}"
            units.append(
                {"code": area_code, "name": f"Area dirigenziale {d}", "kind": "directorate", "parent": None}
            )
            positions.append(
                {"code": f"DIR-{d}", "role": "director", "title": f"Dirigente Area {d}", "unit": area_code}
            )
            for s in range(1, rng.randint(2, 3) + 1):
                division = f"servizio-{d}-{s}"
                units.append(
                    {"code": division, "name": f"Servizio {d}.{s}", "kind": "division", "parent": area_code}
                )
                positions.append(
                    {"code": f"PO-{d}-{s}", "role": "po", "title": f"PO Servizio {d}.{s}", "unit": division}
                )
                for o in range(1, rng.randint(1, 3) + 1):
                    units.append(
                        {
                            "code": f"ufficio-{d}-{s}-{o}",
                            "name": f"Ufficio {d}.{s}.{o}",
                            "kind": "office",
                            "parent": division,
                            "staff": rng.randint(2, 9),
                        }
                    )
        return units, positions

    def tree(
        self, scale: float, directorates: int, office_codes: list[str]
    ) -> tuple[list[dict[str, Any]], list[str]]:
        rng = self.rng
        areas = []
        project_codes: list[str] = []
        for a in range(1, rng.choice((3, 3, 4)) + 1):
            objectives = []
            for o in range(rng.randint(4, 6)):
                so_code = f"{a}{chr(ord('A') + o)}"
                theme = rng.choice(_THEMES)
                programmes = []
                for g in range(1, rng.randint(1, 2) + 1):
                    programme_code = f"{so_code}{g:02d}"
                    projects = []
                    for p in range(1, max(1, round(rng.randint(1, 3) * scale)) + 1):
                        project_code = f"{programme_code}{p:02d}"
                        project_codes.append(project_code)
                        count = max(2, round(rng.randint(4, 9) * scale))
                        projects.append(
                            {
                                "code": project_code,
                                "title": f"Progetto {project_code}: {theme}",
                                "offices": rng.sample(office_codes, k=min(2, len(office_codes))),
                                "actions": [f"Azione principale del progetto {project_code}"],
                                "results": [f"Risultato atteso del progetto {project_code}"],
                                "indicators": self.indicators(
                                    project_code, theme, count, weighted=rng.random() < 0.3
                                ),
                                "budgets": [self.budget()] if rng.random() < 0.4 else [],
                            }
                        )
                    programmes.append(
                        {"code": programme_code, "title": f"Programma {programme_code}", "projects": projects}
                    )
                transversal = rng.random() < 0.15
                objectives.append(
                    {
                        "code": so_code,
                        "title": f"Obiettivo strategico {so_code}: {theme}",
                        "owner": None if transversal else f"area-{rng.randint(1, directorates)}",
                        "transversal": transversal,
                        "indicators": self.indicators(so_code, theme, rng.randint(2, 3), weighted=False),
                        "budgets": [self.budget()],
                        "programmes": programmes,
                    }
                )
            areas.append(
                {"code": str(a), "title": _AREA_TITLES[(a - 1) % len(_AREA_TITLES)], "objectives": objectives}
            )
        return areas, project_codes

    def budget(self) -> dict[str, Any]:
        rng = self.rng
        return {
            "year": PLAN_YEAR,
            "costs": _money(rng, 5_000, 400_000),
            "revenues": _money(rng, 0, 250_000),
            "investments": _money(rng, 0, 40_000),
        }

    def declared_budgets(self, areas: list[dict[str, Any]]) -> list[dict[str, Any]]:
        declared: list[dict[str, Any]] = []
        for area in areas:
            budgets = [b for so in area["objectives"] for b in so["budgets"]]
            declared.append(
                {
                    "scope": "area",
                    "area": area["code"],
                    "year": PLAN_YEAR,
                    **{k: sum(b[k] for b in budgets) for k in ("costs", "revenues", "investments")},
                }
            )
        declared.append(
            {
                "scope": "unallocated",
                "year": PLAN_YEAR,
                "costs": _money(self.rng, 2_000_000, 8_000_000),
                "revenues": _money(self.rng, 2_000_000, 8_000_000),
                "investments": _money(self.rng, 0, 300_000),
            }
        )
        return declared

    def cascade(
        self, directorates: int, units: list[dict[str, Any]], projects: list[str]
    ) -> list[dict[str, Any]]:
        rng = self.rng
        objectives: list[dict[str, Any]] = []

        def add(code: str, level: str, assignee: str | None, weight: int | None, **extra: Any) -> None:
            theme = rng.choice(_THEMES)
            objectives.append(
                {
                    "code": code,
                    "level": level,
                    "type": extra.pop("type", "other"),
                    "title": f"Obiettivo {code}: {theme}",
                    "assignee": assignee,
                    "weight": weight,
                    "indicators": self.indicators(code, theme, rng.randint(1, 3), weighted=False),
                    **extra,
                }
            )

        ente = [f"ENTE-{n}" for n in range(1, rng.randint(5, 7) + 1)]
        for code in ente:
            add(code, "organization", None, None, type="transversal")
        sg = [f"SG-{n}" for n in range(1, 5)]
        for code, weight in zip(sg, _weights(rng, len(sg)), strict=True):
            add(code, "secretary_general", "SG", weight, type="transversal", derives_from=[rng.choice(ente)])
        for d in range(1, directorates + 1):
            director = [f"DIR-{d}-{n}" for n in range(1, rng.randint(3, 5) + 1)]
            for code, weight in zip(director, _weights(rng, len(director)), strict=True):
                add(code, "director", f"DIR-{d}", weight, type="area", derives_from=[rng.choice(sg)])
            divisions = [u["code"] for u in units if u.get("parent") == f"area-{d}"]
            for s in range(1, len(divisions) + 1):
                po = [f"PO-{d}-{s}-{n}" for n in range(1, rng.randint(2, 3) + 1)]
                for code, weight in zip(po, _weights(rng, len(po)), strict=True):
                    add(
                        code, "po", f"PO-{d}-{s}", weight, type="service", derives_from=[rng.choice(director)]
                    )
                offices = [u["code"] for u in units if u.get("parent") == f"servizio-{d}-{s}"]
                for office in offices:
                    own = [f"UFF-{office[8:]}-{n}" for n in range(1, rng.randint(1, 2) + 1)]
                    for code, weight in zip(own, _weights(rng, len(own)), strict=True):
                        add(
                            code,
                            "office",
                            office,
                            weight,
                            type="project",
                            derives_from=[rng.choice(po)],
                            projects=rng.sample(projects, k=1),
                        )
        return objectives


def organization_document(*, seed: int, index: int, rounds: int) -> Document:
    """The plan document of simulated organization number `index` (from 0) of seed `seed`."""
    return _Builder(seed=seed, index=index, rounds=rounds).build()


def organization_documents(*, count: int, seed: int, rounds: int) -> Iterator[Document]:
    for index in range(count):
        yield organization_document(seed=seed, index=index, rounds=rounds)


def indicator_total(document: Document) -> int:
    """How many indicators a document holds (strategic, project and annual)."""
    plan = document["plan"]
    total = 0
    for area in plan["areas"]:
        for objective in area["objectives"]:
            total += len(objective["indicators"])
            for programme in objective["programmes"]:
                total += sum(len(project["indicators"]) for project in programme["projects"])
    return total + sum(len(o["indicators"]) for o in plan["annual_objectives"])


def decimal_or_none(value: Any) -> Decimal | None:
    """A document number as an exact decimal (documents carry floats only from round(x, 2))."""
    return None if value is None else Decimal(str(value))
