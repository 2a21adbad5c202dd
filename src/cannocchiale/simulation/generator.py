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

import calendar
import datetime as dt
import itertools
import random
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

ORG_PREFIX = "sim-"
ORG_KIND = "simulazione"
PLAN_YEAR = 2018

Document = dict[str, Any]
# Every value of a simulated administration is invented, and says so as a plan file says it.
_INVENTED = {"entered_by": "sim", "simulated": True}
Measure = Callable[[random.Random, float], dict[str, Any]]

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


def _progress(round_index: int, rounds: int) -> float:
    return (round_index + 1) / rounds


# --- target kinds: each a phrase as plans write it and a way to measure it -----------------


def _numeric(value: float) -> dict[str, Any]:
    return {"value": round(value, 2)}


def _kind_completion(rng: random.Random) -> tuple[str, Measure]:
    return "100%", lambda r, p: _numeric(min(100.0, 100 * p * r.uniform(0.85, 1.15)))


def _kind_percent_at_least(rng: random.Random) -> tuple[str, Measure]:
    goal = rng.choice((80, 85, 90, 95))
    return f">= {goal}%", lambda r, p: _numeric(goal * r.uniform(0.8, 1.1) * (0.7 + 0.3 * p))


def _kind_count_at_least(rng: random.Random) -> tuple[str, Measure]:
    goal = rng.randint(2, 12)
    noun = rng.choice(("iniziative", "incontri", "seminari", "campagne"))
    return f"almeno {goal} {noun}", lambda r, p: _numeric(round(goal * p * r.uniform(0.6, 1.4)))


def _kind_days_at_most(rng: random.Random) -> tuple[str, Measure]:
    goal = rng.choice((5, 10, 15, 30, 60))
    return f"< {goal}gg", lambda r, p: _numeric(max(1.0, goal * r.uniform(0.6, 1.3)))


def _kind_amount_at_most(rng: random.Random) -> tuple[str, Measure]:
    goal = rng.randrange(10_000, 90_000, 1_000)
    text = f"<= {goal // 1000}.000"
    return text, lambda r, p: _numeric(goal * p * r.uniform(0.8, 1.2))


def _kind_deviation(rng: random.Random) -> tuple[str, Measure]:
    return (
        "scostamento medio non superiore al 10%",
        lambda r, p: _numeric(r.uniform(2, 14)),
    )


def _kind_range(rng: random.Random) -> tuple[str, Measure]:
    low = rng.choice((80, 85, 90))
    return f"{low}% - {low + 5}%", lambda r, p: _numeric(r.uniform(low - 8, low + 9))


def _kind_relative(rng: random.Random) -> tuple[str, Measure]:
    return f"> del {PLAN_YEAR - 1}", lambda r, p: _numeric(r.uniform(80, 130))


def _kind_deadline(rng: random.Random) -> tuple[str, Measure]:
    month = rng.randint(3, 11)
    month_name = ("aprile", "maggio", "giugno", "luglio", "settembre", "ottobre", "novembre")
    names = dict(zip((4, 5, 6, 7, 9, 10, 11), month_name, strict=True))
    month = min(names, key=lambda m: abs(m - month))
    due = dt.date(PLAN_YEAR, month, calendar.monthrange(PLAN_YEAR, month)[1])

    def measure(r: random.Random, p: float) -> dict[str, Any]:
        if r.random() > p:
            return {}
        return {"completed_on": (due + dt.timedelta(days=r.randint(-40, 25))).isoformat()}

    return f"entro {names[month]}", measure


def _kind_milestone(rng: random.Random) -> tuple[str, Measure]:
    text = rng.choice(("realizzazione", "report finale", "relazione sulle attività poste in essere"))
    return text, lambda r, p: {"done": r.random() < 0.2 + 0.75 * p}


def _kind_rating(rng: random.Random) -> tuple[str, Measure]:
    return (
        "raggiungimento almeno livello 3,5 su valutazione da 1 a 5",
        lambda r, p: _numeric(r.uniform(2.8, 4.8)),
    )


def _kind_qualitative(rng: random.Random) -> tuple[str, Measure]:
    def measure(r: random.Random, p: float) -> dict[str, Any]:
        return {
            "assessed": r.choice((60, 70, 80, 90, 100)),
            "justification": "valutazione del dirigente sulla base della relazione dell'ufficio",
        }

    return "miglioramento qualitativo del servizio", measure


# How often each kind appears, roughly as in the seed: milestones and completions dominate.
_KINDS: tuple[tuple[Callable[[random.Random], tuple[str, Measure]], int], ...] = (
    (_kind_milestone, 24),
    (_kind_completion, 18),
    (_kind_deadline, 14),
    (_kind_count_at_least, 12),
    (_kind_percent_at_least, 8),
    (_kind_days_at_most, 6),
    (_kind_amount_at_most, 3),
    (_kind_deviation, 4),
    (_kind_range, 3),
    (_kind_relative, 3),
    (_kind_rating, 2),
    (_kind_qualitative, 3),
)
_KIND_MAKERS = [maker for maker, _ in _KINDS]
_KIND_WEIGHTS = [weight for _, weight in _KINDS]


def round_dates(rounds: int, year: int = PLAN_YEAR) -> list[dt.date]:
    """The dates of `rounds` monitoring rounds spread over the year, the last on 31 December."""
    dates = []
    for index in range(rounds):
        month = max(1, round(12 * (index + 1) / rounds))
        dates.append(dt.date(year, month, calendar.monthrange(year, month)[1]))
    return dates


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
        maker = self.rng.choices(_KIND_MAKERS, _KIND_WEIGHTS)[0]
        text, measure = maker(self.rng)
        self.indicator_count += 1
        if maker is _kind_relative:
            # The reference year's actual: what "> del 2017" is compared with.
            self.measurements.append(
                {"indicator": code, "date": f"{PLAN_YEAR - 1}-12-31", "value": 100, **_INVENTED}
            )
        for round_index, date in enumerate(self.dates):
            # Some offices are late: about one value in twelve is missing in a round.
            if self.rng.random() < 1 / 12:
                continue
            values = measure(self.rng, _progress(round_index, self.rounds))
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
