"""Writes many plan documents at once: one multi-row INSERT per table and chunk, never a save per row.

The documents are the generator's (already well-formed plan files), so nothing here checks them
again; the caller runs inside a transaction. Primary keys come back from `bulk_create`
(PostgreSQL and SQLite ≥ 3.35 both return them), which lets children point at their parents
without reading anything back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet

from cannocchiale.engine.target_parser import parse_target
from cannocchiale.monitoring.models import Measurement
from cannocchiale.organization.models import Organization, OrgUnit, Position
from cannocchiale.planning.models import (
    AnnualObjective,
    AnnualObjectiveLink,
    AnnualObjectiveProject,
    Budget,
    DeclaredBudget,
    Indicator,
    Plan,
    Programme,
    Project,
    ProjectOffice,
    StrategicArea,
    StrategicObjective,
    Target,
)
from cannocchiale.simulation.generator import Document, decimal_or_none

BATCH_SIZE = 5000
# Documents written together: large enough for long INSERTs, small enough to bound memory.
CHUNK_SIZE = 25


@lru_cache(maxsize=4096)
def _parsed(text: str, year: int) -> tuple[str, dict[str, Any]]:
    # Simulated plans repeat a few hundred phrases: parse each once.
    target = parse_target(text, year=year)
    return target.kind, target.to_dict()


def _insert[M: models.Model](model: type[M], rows: Sequence[M], counts: Counter[str]) -> Sequence[M]:
    if rows:
        model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
        counts[model._meta.model_name or model.__name__] += len(rows)
    return rows


def load_documents(documents: Iterable[Document]) -> Counter[str]:
    """Writes the documents chunk by chunk; returns how many rows of each table were written."""
    counts: Counter[str] = Counter()
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) == CHUNK_SIZE:
            _load_chunk(chunk, counts)
            chunk = []
    if chunk:
        _load_chunk(chunk, counts)
    return counts


class _Org:
    """One document's rows, keyed by code, as they are created."""

    def __init__(self, document: Document, organization: Organization) -> None:
        self.document = document
        self.organization = organization
        self.units: dict[str, OrgUnit] = {}
        self.positions: dict[str, Position] = {}
        self.plan: Plan
        self.areas: dict[str, StrategicArea] = {}
        self.objectives: dict[str, StrategicObjective] = {}
        self.programmes: dict[str, Programme] = {}
        self.projects: dict[str, Project] = {}
        self.annual: dict[str, AnnualObjective] = {}
        self.indicators: dict[str, Indicator] = {}

    @property
    def plan_data(self) -> dict[str, Any]:
        data: dict[str, Any] = self.document["plan"]
        return data


def _load_chunk(documents: list[Document], counts: Counter[str]) -> None:
    organizations = _insert(
        Organization,
        [
            Organization(
                code=d["organization"]["code"],
                name=d["organization"]["name"],
                kind=d["organization"]["kind"],
                staff=d["organization"].get("staff"),
                mission=d["organization"].get("mission", ""),
                values=d["organization"].get("values", []),
            )
            for d in documents
        ],
        counts,
    )
    orgs = [_Org(d, o) for d, o in zip(documents, organizations, strict=True)]
    _structure(orgs, counts)
    _plans(orgs, counts)
    _tree(orgs, counts)
    _budgets(orgs, counts)
    _annual(orgs, counts)
    _indicators(orgs, counts)
    _measurements(orgs, counts)


def _structure(orgs: list[_Org], counts: Counter[str]) -> None:
    # Parents come before children in the file: insert level by level so parents have keys.
    pending = [(org, unit, n) for org in orgs for n, unit in enumerate(org.document["organization"]["units"])]
    while pending:
        ready = [(o, u, n) for o, u, n in pending if not u.get("parent") or u["parent"] in o.units]
        rows = [
            OrgUnit(
                organization=o.organization,
                code=u["code"],
                name=u["name"],
                kind=u["kind"],
                parent=o.units.get(u.get("parent") or ""),
                staff=u.get("staff"),
                position=n,
            )
            for o, u, n in ready
        ]
        for (o, u, _), row in zip(ready, _insert(OrgUnit, rows, counts), strict=True):
            o.units[u["code"]] = row
        pending = [(o, u, n) for o, u, n in pending if u["code"] not in o.units]
    entries = [(org, p, n) for org in orgs for n, p in enumerate(org.document["organization"]["positions"])]
    position_rows = [
        Position(
            organization=o.organization,
            code=p["code"],
            role=p["role"],
            title=p["title"],
            unit=o.units.get(p.get("unit") or ""),
            holder=p.get("holder") or "",
            position=n,
        )
        for o, p, n in entries
    ]
    for (o, p, _), position in zip(entries, _insert(Position, position_rows, counts), strict=True):
        o.positions[p["code"]] = position


def _plans(orgs: list[_Org], counts: Counter[str]) -> None:
    rows = [
        Plan(
            organization=o.organization,
            year=o.plan_data["year"],
            version=o.plan_data.get("version", 1),
            status=o.plan_data.get("status", Plan.Status.DRAFT),
            title=o.plan_data.get("title", ""),
            start_year=o.plan_data.get("start_year"),
            end_year=o.plan_data.get("end_year"),
            mission=o.plan_data.get("mission", ""),
            approval_act=(o.plan_data.get("approval") or {}).get("act", ""),
            approval_date=(o.plan_data.get("approval") or {}).get("date"),
        )
        for o in orgs
    ]
    for o, plan in zip(orgs, _insert(Plan, rows, counts), strict=True):
        o.plan = plan


def _tree(orgs: list[_Org], counts: Counter[str]) -> None:
    areas = [(o, a, n) for o in orgs for n, a in enumerate(o.plan_data["areas"])]
    rows = [
        StrategicArea(organization=o.organization, plan=o.plan, code=a["code"], title=a["title"], position=n)
        for o, a, n in areas
    ]
    for (o, a, _), row in zip(areas, _insert(StrategicArea, rows, counts), strict=True):
        o.areas[a["code"]] = row

    objectives = [(o, a["code"], so) for o in orgs for a in o.plan_data["areas"] for so in a["objectives"]]
    so_rows = [
        StrategicObjective(
            organization=o.organization,
            plan=o.plan,
            area=o.areas[area],
            code=so["code"],
            title=so["title"],
            owner=o.units.get(so.get("owner") or ""),
            transversal=so.get("transversal", False),
            position=n,
        )
        for n, (o, area, so) in enumerate(objectives)
    ]
    for (o, _, so), strategicobjective in zip(
        objectives, _insert(StrategicObjective, so_rows, counts), strict=True
    ):
        o.objectives[so["code"]] = strategicobjective

    programmes = [(o, so["code"], pr) for o, _, so in objectives for pr in so["programmes"]]
    pr_rows = [
        Programme(
            organization=o.organization,
            plan=o.plan,
            objective=o.objectives[so],
            code=pr["code"],
            title=pr.get("title", ""),
            position=n,
        )
        for n, (o, so, pr) in enumerate(programmes)
    ]
    for (o, _, pr), programme in zip(programmes, _insert(Programme, pr_rows, counts), strict=True):
        o.programmes[pr["code"]] = programme

    projects = [(o, pr["code"], pj) for o, _, pr in programmes for pj in pr["projects"]]
    pj_rows = [
        Project(
            organization=o.organization,
            plan=o.plan,
            programme=o.programmes[pr],
            code=pj["code"],
            title=pj["title"],
            actions=pj.get("actions", []),
            results=pj.get("results", []),
            position=n,
        )
        for n, (o, pr, pj) in enumerate(projects)
    ]
    for (o, _, pj), project in zip(projects, _insert(Project, pj_rows, counts), strict=True):
        o.projects[pj["code"]] = project
    _insert(
        ProjectOffice,
        [
            ProjectOffice(
                organization=o.organization, project=o.projects[pj["code"]], unit=o.units[office], position=n
            )
            for o, _, pj in projects
            for n, office in enumerate(pj.get("offices", []))
        ],
        counts,
    )


def _money_fields(budget: dict[str, Any]) -> dict[str, Any]:
    return {key: decimal_or_none(budget.get(key)) for key in ("costs", "revenues", "investments")}


def _budgets(orgs: list[_Org], counts: Counter[str]) -> None:
    rows = []
    for o in orgs:
        for area in o.plan_data["areas"]:
            for so in area["objectives"]:
                for b in so.get("budgets", []):
                    rows.append(
                        Budget(
                            organization=o.organization,
                            plan=o.plan,
                            strategic_objective=o.objectives[so["code"]],
                            year=b["year"],
                            **_money_fields(b),
                        )
                    )
                for pr in so["programmes"]:
                    for pj in pr["projects"]:
                        rows.extend(
                            Budget(
                                organization=o.organization,
                                plan=o.plan,
                                project=o.projects[pj["code"]],
                                year=b["year"],
                                **_money_fields(b),
                            )
                            for b in pj.get("budgets", [])
                        )
    _insert(Budget, rows, counts)
    _insert(
        DeclaredBudget,
        [
            DeclaredBudget(
                organization=o.organization,
                plan=o.plan,
                scope=d["scope"],
                area=o.areas.get(d.get("area") or ""),
                year=d["year"],
                note=d.get("note", ""),
                **_money_fields(d),
            )
            for o in orgs
            for d in o.plan_data.get("declared_budgets", [])
        ],
        counts,
    )


def _annual(orgs: list[_Org], counts: Counter[str]) -> None:
    entries = [(o, a, n) for o in orgs for n, a in enumerate(o.plan_data["annual_objectives"])]
    rows = [
        AnnualObjective(
            organization=o.organization,
            plan=o.plan,
            code=a["code"],
            level=a["level"],
            type=a.get("type", AnnualObjective.Type.OTHER),
            title=a["title"],
            assignee_position=o.positions.get(a.get("assignee") or ""),
            assignee_unit=(
                o.units.get(a.get("assignee") or "") if a.get("assignee") not in o.positions else None
            ),
            weight=decimal_or_none(a.get("weight")),
            activities=a.get("activities", []),
            position=n,
        )
        for o, a, n in entries
    ]
    for (o, a, _), row in zip(entries, _insert(AnnualObjective, rows, counts), strict=True):
        o.annual[a["code"]] = row
    _insert(
        AnnualObjectiveLink,
        [
            AnnualObjectiveLink(
                organization=o.organization, child=o.annual[a["code"]], parent=o.annual[parent], position=n
            )
            for o, a, _ in entries
            for n, parent in enumerate(a.get("derives_from", []))
        ],
        counts,
    )
    _insert(
        AnnualObjectiveProject,
        [
            AnnualObjectiveProject(
                organization=o.organization,
                objective=o.annual[a["code"]],
                project=o.projects[code],
                position=n,
            )
            for o, a, _ in entries
            for n, code in enumerate(a.get("projects", []))
        ],
        counts,
    )


def _indicator_owners(o: _Org) -> Iterable[tuple[dict[str, Any], dict[str, Any]]]:
    """Each indicator with the owner field that points at its objective, project or annual objective."""
    for area in o.plan_data["areas"]:
        for so in area["objectives"]:
            for item in so.get("indicators", []):
                yield item, {"strategic_objective": o.objectives[so["code"]]}
            for pr in so["programmes"]:
                for pj in pr["projects"]:
                    for item in pj.get("indicators", []):
                        yield item, {"project": o.projects[pj["code"]]}
    for annual in o.plan_data["annual_objectives"]:
        for item in annual.get("indicators", []):
            yield item, {"annual_objective": o.annual[annual["code"]]}


def _indicators(orgs: list[_Org], counts: Counter[str]) -> None:
    entries = [(o, item, owner) for o in orgs for item, owner in _indicator_owners(o)]
    rows = [
        Indicator(
            organization=o.organization,
            plan=o.plan,
            code=item["code"],
            description=item["description"],
            unit=item.get("unit") or "",
            frequency=item.get("frequency", Indicator.Frequency.ANNUAL),
            weight=decimal_or_none(item.get("weight")),
            position=n,
            **owner,
        )
        for n, (o, item, owner) in enumerate(entries)
    ]
    for (o, item, _), row in zip(entries, _insert(Indicator, rows, counts), strict=True):
        o.indicators[item["code"]] = row
    targets = []
    for o, item, _ in entries:
        for t in item.get("targets", []):
            kind, structured = _parsed(str(t["text"]), t["year"])
            targets.append(
                Target(
                    organization=o.organization,
                    indicator=o.indicators[item["code"]],
                    year=t["year"],
                    text=t["text"],
                    kind=kind,
                    structured=structured,
                )
            )
    _insert(Target, targets, counts)


def _measurements(orgs: list[_Org], counts: Counter[str]) -> None:
    rows = [
        Measurement(
            organization=o.organization,
            indicator=o.indicators[m["indicator"]],
            date=dt.date.fromisoformat(m["date"]),
            value=decimal_or_none(m.get("value")),
            done=m.get("done"),
            completed_on=dt.date.fromisoformat(m["completed_on"]) if m.get("completed_on") else None,
            assessed=decimal_or_none(m.get("assessed")),
            justification=m.get("justification", ""),
            entered_by_name=m.get("entered_by", ""),
            simulated=True,  # every value of a simulated administration is invented
        )
        for o in orgs
        for m in o.plan_data.get("measurements", [])
    ]
    _insert(Measurement, rows, counts)


def tenant_models_in_delete_order() -> list[type[models.Model]]:
    """Every model keyed by organization, the ones that point at others first (then Organization)."""
    keyed = [
        m
        for m in apps.get_models()
        if any(isinstance(f, models.ForeignKey) and f.related_model is Organization for f in m._meta.fields)
    ]
    pointing: dict[type[models.Model], set[type[models.Model]]] = defaultdict(set)
    for model in keyed:
        for f in model._meta.fields:
            target = f.related_model
            if isinstance(f, models.ForeignKey) and target in keyed and target is not model:
                pointing[model].add(target)
    # Kahn's order on "who points at whom", reversed: a referencing table is emptied first.
    referenced_by: Counter[type[models.Model]] = Counter()
    for model in keyed:
        for target in pointing[model]:
            referenced_by[target] += 1
    queue = deque(m for m in keyed if referenced_by[m] == 0)
    order: list[type[models.Model]] = []
    while queue:
        model = queue.popleft()
        order.append(model)
        for target in pointing[model]:
            referenced_by[target] -= 1
            if referenced_by[target] == 0:
                queue.append(target)
    # A cycle (none today) would leave models out: append them; deferred constraints cover it.
    order.extend(m for m in keyed if m not in order)
    return [*order, Organization]


def delete_organizations(organization_ids: list[int]) -> int:
    """Deletes these organizations and every row keyed by them, one DELETE per table."""
    from cannocchiale.audit.services import audit_purge_allow

    audit_purge_allow()  # their audit chains go too, whole: the one deletion the audit trigger allows
    deleted = 0
    for model in tenant_models_in_delete_order():
        queryset: QuerySet[Any]
        if model is Organization:
            queryset = Organization.objects.filter(pk__in=organization_ids)
        else:
            fields = [
                f.name
                for f in model._meta.fields
                if isinstance(f, models.ForeignKey) and f.related_model is Organization
            ]
            queryset = model._default_manager.filter(**{f"{fields[0]}__in": organization_ids})
        # _raw_delete: no cascade collection and no signals, the point of a bulk path.
        deleted += queryset._raw_delete(queryset.db)
    return deleted
