"""A plan's shape for scoring, in one round trip: its tree, its annual objectives and its indicators' owners.

The same rows as `services._load_tree`, `services._load_annual` and the indicators' query, read with
one UNION ALL statement instead of nine ORM queries. Rescoring after a measurement reads the shape
of the plan on every submission, and on PostgreSQL nine round trips and their compilation cost
more than the rest of the work; one statement is a third of it. No targets, measurements or
labels: the stored rows keep what the path rescoring needs of those.

Weights are read as text and made Decimals here, so that SQLite (which keeps them as numbers)
and PostgreSQL give the same exact values.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model

from cannocchiale.evaluation.services import AnnualInput, IndicatorInput, TreeInput, _owner
from cannocchiale.organization.models import OrgUnit, Position
from cannocchiale.planning.models import (
    AnnualObjective,
    AnnualObjectiveLink,
    AnnualObjectiveProject,
    Indicator,
    Programme,
    Project,
    StrategicArea,
    StrategicObjective,
)


@dataclass
class PlanStructure:
    areas: list[TreeInput] = field(default_factory=list)
    annual: list[AnnualInput] = field(default_factory=list)
    indicators: list[IndicatorInput] = field(default_factory=list)


def _t(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model: type[Model], name: str) -> str:
    column = model._meta.get_field(name).column  # type: ignore[union-attr]
    return connection.ops.quote_name(str(column))


# Typed: PostgreSQL takes an untyped NULL in a UNION's first branch for text.
_INT = "CAST(NULL AS BIGINT)"
_TEXT = "CAST(NULL AS TEXT)"


def _statement() -> str:
    # Columns: kind, id, parent, code, position, weight (text), three owner ids, assignee code.
    def tree(kind: str, model: type[Model], parent: str | None) -> str:
        parent_column = _c(model, parent) if parent else _INT
        return (
            f"SELECT '{kind}', id, {parent_column}, {_c(model, 'code')}, {_c(model, 'position')}, "
            f"{_TEXT}, {_INT}, {_INT}, {_INT}, {_TEXT} FROM {_t(model)} WHERE {_c(model, 'plan')} = %(plan)s"
        )

    a, p, u = _t(AnnualObjective), _t(Position), _t(OrgUnit)
    link, aproject, project, indicator = (
        _t(AnnualObjectiveLink),
        _t(AnnualObjectiveProject),
        _t(Project),
        _t(Indicator),
    )

    def ao(name: str) -> str:
        return _c(AnnualObjective, name)

    def ln(name: str) -> str:
        return _c(AnnualObjectiveLink, name)

    def ap(name: str) -> str:
        return _c(AnnualObjectiveProject, name)

    def ind(name: str) -> str:
        return _c(Indicator, name)

    return " UNION ALL ".join(
        [
            tree("area", StrategicArea, None),
            tree("so", StrategicObjective, "area"),
            tree("programme", Programme, "objective"),
            tree("project", Project, "programme"),
            f"SELECT 'annual', a.id, {_INT}, a.{ao('code')}, a.{ao('position')}, "
            f"CAST(a.{ao('weight')} AS TEXT), {_INT}, {_INT}, {_INT}, "
            f"COALESCE(p.{_c(Position, 'code')}, u.{_c(OrgUnit, 'code')}) "
            f"FROM {a} a LEFT JOIN {p} p ON p.id = a.{ao('assignee_position')} "
            f"LEFT JOIN {u} u ON u.id = a.{ao('assignee_unit')} "
            f"WHERE a.{ao('plan')} = %(plan)s",
            f"SELECT 'link', l.id, l.{ln('child')}, parent.{ao('code')}, "
            f"l.{ln('position')}, {_TEXT}, {_INT}, {_INT}, {_INT}, {_TEXT} "
            f"FROM {link} l JOIN {a} parent ON parent.id = l.{ln('parent')} "
            f"JOIN {a} child ON child.id = l.{ln('child')} "
            f"WHERE child.{ao('plan')} = %(plan)s",
            f"SELECT 'aproject', l.id, l.{ap('objective')}, pr.{_c(Project, 'code')}, "
            f"l.{ap('position')}, {_TEXT}, {_INT}, {_INT}, {_INT}, {_TEXT} "
            f"FROM {aproject} l JOIN {project} pr ON pr.id = l.{ap('project')} "
            f"JOIN {a} o ON o.id = l.{ap('objective')} "
            f"WHERE o.{ao('plan')} = %(plan)s",
            f"SELECT 'indicator', id, {_INT}, {ind('code')}, {ind('position')}, "
            f"CAST({ind('weight')} AS TEXT), {ind('strategic_objective')}, "
            f"{ind('project')}, {ind('annual_objective')}, {_TEXT} "
            f"FROM {indicator} WHERE {ind('plan')} = %(plan)s",
        ]
    )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def plan_structure(plan_id: int) -> PlanStructure:
    with connection.cursor() as cursor:
        cursor.execute(_statement(), {"plan": plan_id})
        rows = cursor.fetchall()
    by_kind: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_kind[row[0]].append(row)
    for kind_rows in by_kind.values():
        # In the ORM's order: position, then id.
        kind_rows.sort(key=lambda r: (r[4], r[1]))
    structure = PlanStructure()
    nodes: dict[tuple[str, int], TreeInput] = {}
    parent_kind = {"so": "area", "programme": "so", "project": "programme"}
    for kind in ("area", "so", "programme", "project"):
        for _, pk, parent, code, *_rest in by_kind[kind]:
            node = TreeInput(int(pk), str(code), "")
            nodes[(kind, node.pk)] = node
            if kind == "area":
                structure.areas.append(node)
            else:
                nodes[(parent_kind[kind], int(parent))].children.append(node)
    annual: dict[int, AnnualInput] = {}
    for _, pk, _parent, code, _position, weight, _a, _b, _c2, assignee in by_kind["annual"]:
        objective = AnnualInput(
            int(pk),
            str(code),
            "",
            _decimal(weight),
            (str(assignee), "") if assignee is not None else None,
        )
        annual[objective.pk] = objective
        structure.annual.append(objective)
    for kind, target in (("link", "derives_from"), ("aproject", "projects")):
        # Grouped by objective, in each the links' order, as `_load_annual` reads them.
        for _, _pk, objective_id, code, *_rest in sorted(by_kind[kind], key=lambda r: (r[2], r[4], r[1])):
            getattr(annual[int(objective_id)], target).append(str(code))
    for _, pk, _parent, code, _position, weight, so, project, objective, _assignee in by_kind["indicator"]:
        structure.indicators.append(
            IndicatorInput(
                int(pk),
                str(code),
                "",
                _decimal(weight),
                _owner(so, project, objective),
            )
        )
    return structure
