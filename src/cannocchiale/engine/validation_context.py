"""What every check of the plan validation shares: the finding, the walk of the document,
the codes seen in it, and the checks of the organization and of the strategic tree.

`engine.validation.validate_plan` runs the checks; the other `validation_*` modules are one
concern each (budgets, annual objectives, indicators).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from cannocchiale.engine.explanation import decimal_json, format_number

Severity = Literal["error", "warning"]

# Decimals the weights are stored with (planning.AnnualObjective.weight, planning.Indicator.weight).
ANNUAL_WEIGHT_DECIMALS = 2
INDICATOR_WEIGHT_DECIMALS = 3
APPROVED_STATUSES = frozenset({"approved", "published"})
STATUS_NAMES = {"approved": "approvato", "published": "pubblicato"}

KIND_NAMES = {
    "unit": "unità organizzativa",
    "position": "posizione",
    "area": "area strategica",
    "strategic_objective": "obiettivo strategico",
    "programme": "programma",
    "project": "progetto",
    "indicator": "indicatore",
    "annual_objective": "obiettivo annuale",
    "financial_item": "voce finanziaria",
    "health_indicator": "indicatore di salute",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in a plan: where it is, what it is, in Italian, with its figures in `data`."""

    severity: Severity
    code: str
    location: str
    message: str
    data: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "code": self.code,
            "location": self.location,
            "message": self.message,
            "data": dict(self.data),
        }


def as_map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def items(parent: Mapping[str, Any], key: str, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    value = parent.get(key)
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            yield f"{path}.{key}[{index}]", item


def strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if v is not None]


def code_of(item: Mapping[str, Any]) -> str | None:
    code = item.get("code")
    return None if code is None else str(code)


def to_decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def location_key(doc: Mapping[str, Any], location: str) -> tuple[int, ...]:
    """The position of `location` in the document: key order of each mapping, list indexes."""
    key: list[int] = []
    node: object = doc
    for match in _SEGMENT.finditer(location):
        name, index = match.group(1), match.group(2)
        if name is not None:
            if isinstance(node, Mapping):
                keys = list(node.keys())
                key.append(keys.index(name) if name in keys else len(keys))
                node = node.get(name)
            else:
                key.append(0)
                node = None
        else:
            position = int(index)
            key.append(position)
            node = node[position] if isinstance(node, list) and position < len(node) else None
    return tuple(key)


@dataclass
class IndicatorAt:
    """An indicator of the plan, where it is in the document and the code of what it measures."""

    path: str
    item: Mapping[str, Any]
    owner: str


class PlanChecker:
    """The document, what is found in it, and the codes seen so far (to check references)."""

    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.org = as_map(doc.get("organization"))
        self.plan = as_map(doc.get("plan"))
        year = self.plan.get("year")
        self.year: int | None = year if isinstance(year, int) and not isinstance(year, bool) else None
        self.findings: list[Finding] = []
        self.seen: dict[str, dict[str, str]] = {kind: {} for kind in KIND_NAMES}
        self.indicators: list[IndicatorAt] = []

    def add(self, severity: Severity, finding: str, location: str, message: str, /, **data: Any) -> None:
        self.findings.append(Finding(severity, finding, location, message, data))

    def register(self, kind: str, code: str | None, path: str) -> None:
        if code is None:
            return
        codes = self.seen[kind]
        if code in codes:
            self.add(
                "error",
                "duplicate_code",
                f"{path}.code",
                f"Il codice «{code}» ({KIND_NAMES[kind]}) è già usato in {codes[code]}",
                kind=kind,
                code=code,
                first=codes[code],
            )
        else:
            codes[code] = path

    # codes first, so that references may point forward
    def collect(self) -> None:
        for path, unit in items(self.org, "units", "organization"):
            self.register("unit", code_of(unit), path)
        for path, position in items(self.org, "positions", "organization"):
            self.register("position", code_of(position), path)
        for a_path, area in items(self.plan, "areas", "plan"):
            self.register("area", code_of(area), a_path)
            for o_path, objective in items(area, "objectives", a_path):
                self.register("strategic_objective", code_of(objective), o_path)
                self.collect_indicators(objective, o_path)
                for p_path, programme in items(objective, "programmes", o_path):
                    self.register("programme", code_of(programme), p_path)
                    for j_path, project in items(programme, "projects", p_path):
                        self.register("project", code_of(project), j_path)
                        self.collect_indicators(project, j_path)
        for path, objective in items(self.plan, "annual_objectives", "plan"):
            self.register("annual_objective", code_of(objective), path)
            self.collect_indicators(objective, path)
        for path, item in items(self.plan, "financial_items", "plan"):
            self.register("financial_item", code_of(item), path)
        for path, indicator in items(self.plan, "health_indicators", "plan"):
            self.register("health_indicator", code_of(indicator), path)

    def collect_indicators(self, owner: Mapping[str, Any], path: str) -> None:
        for i_path, indicator in items(owner, "indicators", path):
            self.register("indicator", code_of(indicator), i_path)
            self.indicators.append(IndicatorAt(i_path, indicator, code_of(owner) or path))

    def known(self, kind: str) -> dict[str, str]:
        return self.seen[kind]

    def check_unit_ref(self, code: Any, location: str, what: str) -> None:
        if code is not None and str(code) not in self.known("unit"):
            self.add(
                "error",
                "unknown_unit",
                location,
                f"{what}: l'unità organizzativa «{code}» non esiste",
                reference=str(code),
            )

    def check_status(self) -> None:
        status = self.plan.get("status")
        if status not in APPROVED_STATUSES:
            return
        approval = as_map(self.plan.get("approval"))
        if not str(approval.get("act") or "").strip() or not approval.get("date"):
            self.add(
                "error",
                "status_without_approval",
                "plan.status",
                f"Il piano è dichiarato {STATUS_NAMES[str(status)]} ma non riporta l'atto che lo approva "
                "(approval, con act e date): un piano arriva approvato o pubblicato solo con il suo atto; "
                "senza, si importa in bozza e si approva in Cannocchiale",
                status=str(status),
            )

    def check_precision(self, value: Any, decimals: int, location: str, what: str) -> None:
        weight = to_decimal(value)
        if weight is None or not weight.is_finite():
            return
        exponent = weight.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > decimals:
            self.add(
                "error",
                "weight_precision",
                location,
                f"Il peso {format_number(weight)} {what} ha {-exponent} decimali: i pesi si registrano con "
                f"{decimals} decimali, e la somma si controlla sui pesi registrati",
                weight=decimal_json(weight),
                decimals=decimals,
            )

    def check_organization(self) -> None:
        for path, unit in items(self.org, "units", "organization"):
            self.check_unit_ref(
                unit.get("parent"), f"{path}.parent", f"Unità {code_of(unit)}, unità superiore"
            )
        for path, position in items(self.org, "positions", "organization"):
            self.check_unit_ref(position.get("unit"), f"{path}.unit", f"Posizione {code_of(position)}")

    def check_tree(self) -> None:
        for a_path, area in items(self.plan, "areas", "plan"):
            area_code = code_of(area)
            for o_path, objective in items(area, "objectives", a_path):
                so_code = code_of(objective)
                if (
                    area_code is not None
                    and so_code is not None
                    and not re.fullmatch(re.escape(area_code) + r"[A-Za-z]", so_code)
                ):
                    self.add(
                        "error",
                        "code_parent",
                        f"{o_path}.code",
                        f"Il codice dell'obiettivo strategico «{so_code}» non è il codice dell'area "
                        f"«{area_code}» seguito da una lettera",
                        code=so_code,
                        parent=area_code,
                        expected=f"{area_code} + una lettera",
                    )
                self.check_unit_ref(
                    objective.get("owner"), f"{o_path}.owner", f"Obiettivo strategico {so_code}"
                )
                for p_path, programme in items(objective, "programmes", o_path):
                    pr_code = code_of(programme)
                    self.check_child_code("programma", pr_code, so_code, f"{p_path}.code")
                    for j_path, project in items(programme, "projects", p_path):
                        pj_code = code_of(project)
                        self.check_child_code("progetto", pj_code, pr_code, f"{j_path}.code")
                        for index, office in enumerate(project.get("offices") or []):
                            self.check_unit_ref(office, f"{j_path}.offices[{index}]", f"Progetto {pj_code}")

    def check_child_code(self, what: str, code: str | None, parent: str | None, location: str) -> None:
        if code is None or parent is None:
            return
        if not re.fullmatch(re.escape(parent) + r"\d{2}", code):
            self.add(
                "error",
                "code_parent",
                location,
                f"Il codice del {what} «{code}» non è il codice «{parent}» seguito da due cifre",
                code=code,
                parent=parent,
                expected=f"{parent} + due cifre",
            )
