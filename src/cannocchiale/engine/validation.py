"""Plan validation: what a schema cannot say about a `cannocchiale/plan@1` document.

`validate_plan(doc)` takes the parsed document (docs/plan-format.md) and returns the
findings, sorted by where they are in the document. It assumes the document passed the
JSON schema, but never fails on a missing or null key: it checks what is there.

Codes of the findings (stable ids):

- `duplicate_code`: a code used twice within its kind (indicators: across the plan);
- `code_parent`: an objective, programme or project code that does not extend its parent's;
- `weight_missing`, `weights_sum`: one assignee's annual-objective weights must sum to 100;
- `weight_precision`: a weight with more decimals than it is stored with (the sum is checked on
  the weights as stored: 33.333 + 33.333 + 33.334 would be kept as 33.33 + 33.33 + 33.33);
- `status_without_approval`: a plan declared approved or published without its approval act;
- `budget_area_sum`, `budget_declared_total`, `budget_objectives_total`: budget sums per year;
- `target_qualitative` (warning), `target_several` (warning: more than one target in a
  phrase, to be split in several indicators), `target_unparseable`, `target_missing_for_year` (warning),
  `target_too_long` (a phrase of more than TARGET_MAX_LENGTH characters);
- `unknown_unit`, `unknown_position`, `unknown_area`, `unknown_assignee`, `assignee_missing`,
  `unknown_annual_objective`, `unknown_project`, `unknown_strategic_objective`,
  `unknown_indicator`, `derives_from_cycle`;
- `formula_invalid`, `formula_unknown_item`;
- `complexity_coefficient_missing`.

Budget findings are warnings (the declared figures are the approved plan's); the rest are
errors, except where noted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from cannocchiale.engine.explanation import decimal_json, format_euro, format_number
from cannocchiale.engine.formulas import FormulaError, parse_formula
from cannocchiale.engine.target import Target
from cannocchiale.engine.target_parser import TARGET_MAX_LENGTH, has_several_targets

Severity = Literal["error", "warning"]

# The advice for a phrase holding several thresholds (a list a)…g), two counts, a deadline of
# one item): said on the indicator's sheet and by the CLI.
SEVERAL_TARGETS = "più target in una frase: dividere in più indicatori"

BUDGET_FIELDS: tuple[tuple[str, str], ...] = (
    ("costs", "oneri"),
    ("revenues", "proventi"),
    ("investments", "investimenti"),
)
POSITION_LEVELS = frozenset({"secretary_general", "director", "po"})
# Decimals the weights are stored with (planning.AnnualObjective.weight, planning.Indicator.weight).
ANNUAL_WEIGHT_DECIMALS = 2
INDICATOR_WEIGHT_DECIMALS = 3
APPROVED_STATUSES = frozenset({"approved", "published"})
_STATUS_NAMES = {"approved": "approvato", "published": "pubblicato"}
COMPLEXITY_CRITERIA = ("staff", "innovation", "relations", "burden")

_KIND_NAMES = {
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


def validate_plan(doc: Mapping[str, Any]) -> list[Finding]:
    """All findings of the plan document, in document order."""
    validator = _Validator(doc)
    validator.run()
    return sorted(validator.findings, key=lambda f: _location_key(doc, f.location))


# --- traversal helpers ----------------------------------------------------------------------


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _items(parent: Mapping[str, Any], key: str, path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    value = parent.get(key)
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            yield f"{path}.{key}[{index}]", item


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [str(v) for v in value if v is not None]


def _code(item: Mapping[str, Any]) -> str | None:
    code = item.get("code")
    return None if code is None else str(code)


def _dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


_SEGMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def _location_key(doc: Mapping[str, Any], location: str) -> tuple[int, ...]:
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


# --- the checks ------------------------------------------------------------------------------


@dataclass
class _Indicator:
    path: str
    item: Mapping[str, Any]
    owner: str


class _Validator:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.org = _map(doc.get("organization"))
        self.plan = _map(doc.get("plan"))
        year = self.plan.get("year")
        self.year: int | None = year if isinstance(year, int) and not isinstance(year, bool) else None
        self.findings: list[Finding] = []
        self.seen: dict[str, dict[str, str]] = {kind: {} for kind in _KIND_NAMES}
        self.indicators: list[_Indicator] = []

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
                f"Il codice «{code}» ({_KIND_NAMES[kind]}) è già usato in {codes[code]}",
                kind=kind,
                code=code,
                first=codes[code],
            )
        else:
            codes[code] = path

    def run(self) -> None:
        self.collect()
        self.check_status()
        self.check_organization()
        self.check_tree()
        self.check_budgets()
        self.check_annual_objectives()
        self.check_indicators()
        self.check_measurements()
        self.check_health()

    # codes first, so that references may point forward
    def collect(self) -> None:
        for path, unit in _items(self.org, "units", "organization"):
            self.register("unit", _code(unit), path)
        for path, position in _items(self.org, "positions", "organization"):
            self.register("position", _code(position), path)
        for a_path, area in _items(self.plan, "areas", "plan"):
            self.register("area", _code(area), a_path)
            for o_path, objective in _items(area, "objectives", a_path):
                self.register("strategic_objective", _code(objective), o_path)
                self.collect_indicators(objective, o_path)
                for p_path, programme in _items(objective, "programmes", o_path):
                    self.register("programme", _code(programme), p_path)
                    for j_path, project in _items(programme, "projects", p_path):
                        self.register("project", _code(project), j_path)
                        self.collect_indicators(project, j_path)
        for path, objective in _items(self.plan, "annual_objectives", "plan"):
            self.register("annual_objective", _code(objective), path)
            self.collect_indicators(objective, path)
        for path, item in _items(self.plan, "financial_items", "plan"):
            self.register("financial_item", _code(item), path)
        for path, indicator in _items(self.plan, "health_indicators", "plan"):
            self.register("health_indicator", _code(indicator), path)

    def collect_indicators(self, owner: Mapping[str, Any], path: str) -> None:
        for i_path, indicator in _items(owner, "indicators", path):
            self.register("indicator", _code(indicator), i_path)
            self.indicators.append(_Indicator(i_path, indicator, _code(owner) or path))

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
        approval = _map(self.plan.get("approval"))
        if not str(approval.get("act") or "").strip() or not approval.get("date"):
            self.add(
                "error",
                "status_without_approval",
                "plan.status",
                f"Il piano è dichiarato {_STATUS_NAMES[str(status)]} ma non riporta l'atto che lo approva "
                "(approval, con act e date): un piano arriva approvato o pubblicato solo con il suo atto; "
                "senza, si importa in bozza e si approva in Cannocchiale",
                status=str(status),
            )

    def check_precision(self, value: Any, decimals: int, location: str, what: str) -> None:
        weight = _dec(value)
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
        for path, unit in _items(self.org, "units", "organization"):
            self.check_unit_ref(unit.get("parent"), f"{path}.parent", f"Unità {_code(unit)}, unità superiore")
        for path, position in _items(self.org, "positions", "organization"):
            self.check_unit_ref(position.get("unit"), f"{path}.unit", f"Posizione {_code(position)}")

    def check_tree(self) -> None:
        for a_path, area in _items(self.plan, "areas", "plan"):
            area_code = _code(area)
            for o_path, objective in _items(area, "objectives", a_path):
                so_code = _code(objective)
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
                for p_path, programme in _items(objective, "programmes", o_path):
                    pr_code = _code(programme)
                    self.check_child_code("programma", pr_code, so_code, f"{p_path}.code")
                    for j_path, project in _items(programme, "projects", p_path):
                        pj_code = _code(project)
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

    # --- budgets ---

    def check_budgets(self) -> None:
        # sums[(area, year, field)] = total of the strategic objectives' budgets, if any given
        sums: dict[tuple[str, int, str], Decimal] = {}
        for a_path, area in _items(self.plan, "areas", "plan"):
            area_code = _code(area) or a_path
            for o_path, objective in _items(area, "objectives", a_path):
                for _, budget in _items(objective, "budgets", o_path):
                    year = budget.get("year")
                    if not isinstance(year, int):
                        continue
                    for fld, _name in BUDGET_FIELDS:
                        amount = _dec(budget.get(fld))
                        if amount is not None:
                            sums[(area_code, year, fld)] = (
                                sums.get((area_code, year, fld), Decimal(0)) + amount
                            )

        declared = list(_items(self.plan, "declared_budgets", "plan"))
        area_declared: dict[tuple[int, str], Decimal] = {}
        unallocated: dict[tuple[int, str], Decimal] = {}
        for path, row in declared:
            year = row.get("year")
            if not isinstance(year, int):
                continue
            scope = row.get("scope")
            if scope == "area":
                area_ref = row.get("area")
                if area_ref is not None and str(area_ref) not in self.known("area"):
                    self.add(
                        "error",
                        "unknown_area",
                        f"{path}.area",
                        f"Il budget dichiarato si riferisce all'area «{area_ref}», che non esiste",
                        reference=str(area_ref),
                    )
                    continue
                for fld, name in BUDGET_FIELDS:
                    amount = _dec(row.get(fld))
                    if amount is None:
                        continue
                    area_declared[(year, fld)] = area_declared.get((year, fld), Decimal(0)) + amount
                    total = sums.get((str(area_ref), year, fld))
                    if total is not None and total != amount:
                        self.add(
                            "warning",
                            "budget_area_sum",
                            f"{path}.{fld}",
                            f"Gli {name} {year} degli obiettivi strategici dell'area {area_ref} sommano a "
                            f"{format_euro(total)}, ma l'area dichiara {format_euro(amount)} "
                            f"(differenza {format_euro(total - amount)})",
                            year=year,
                            field=fld,
                            area=str(area_ref),
                            sum=decimal_json(total),
                            declared=decimal_json(amount),
                            difference=decimal_json(total - amount),
                        )
            elif scope == "unallocated":
                for fld, _name in BUDGET_FIELDS:
                    amount = _dec(row.get(fld))
                    if amount is not None:
                        unallocated[(year, fld)] = unallocated.get((year, fld), Decimal(0)) + amount

        for path, row in declared:
            year = row.get("year")
            if row.get("scope") != "organization" or not isinstance(year, int):
                continue
            for fld, name in BUDGET_FIELDS:
                amount = _dec(row.get(fld))
                if amount is None:
                    continue
                rest = unallocated.get((year, fld))
                rest_text = f" più i non attribuiti ({format_euro(rest)})" if rest is not None else ""
                if (year, fld) in area_declared:
                    total = area_declared[(year, fld)] + (rest or Decimal(0))
                    if total != amount:
                        self.add(
                            "warning",
                            "budget_declared_total",
                            f"{path}.{fld}",
                            f"Gli {name} {year} dichiarati per le aree{rest_text} sommano a "
                            f"{format_euro(total)}, ma il totale dell'ente è {format_euro(amount)} "
                            f"(differenza {format_euro(total - amount)})",
                            year=year,
                            field=fld,
                            sum=decimal_json(total),
                            declared=decimal_json(amount),
                            difference=decimal_json(total - amount),
                            unallocated=decimal_json(rest),
                        )
                objective_amounts = [v for (_, y, f), v in sums.items() if y == year and f == fld]
                if objective_amounts:
                    total = sum(objective_amounts, Decimal(0)) + (rest or Decimal(0))
                    if total != amount:
                        self.add(
                            "warning",
                            "budget_objectives_total",
                            f"{path}.{fld}",
                            f"Gli {name} {year} degli obiettivi strategici{rest_text} sommano a "
                            f"{format_euro(total)}, ma il totale dell'ente è {format_euro(amount)} "
                            f"(differenza {format_euro(total - amount)})",
                            year=year,
                            field=fld,
                            sum=decimal_json(total),
                            declared=decimal_json(amount),
                            difference=decimal_json(total - amount),
                            unallocated=decimal_json(rest),
                        )

    # --- annual objectives ---

    def check_annual_objectives(self) -> None:
        objectives = list(_items(self.plan, "annual_objectives", "plan"))
        groups: dict[tuple[str, str | None], list[tuple[str, Mapping[str, Any]]]] = {}
        for path, objective in objectives:
            code = _code(objective)
            level = str(objective.get("level"))
            assignee = objective.get("assignee")
            groups.setdefault((level, None if assignee is None else str(assignee)), []).append(
                (path, objective)
            )
            if level != "organization":
                if assignee is None:
                    self.add(
                        "error",
                        "assignee_missing",
                        f"{path}.assignee",
                        f"L'obiettivo {code} di livello {level} non ha un assegnatario",
                        objective=code,
                        level=level,
                    )
                elif level in POSITION_LEVELS and str(assignee) not in self.known("position"):
                    self.add(
                        "error",
                        "unknown_assignee",
                        f"{path}.assignee",
                        f"L'assegnatario «{assignee}» dell'obiettivo {code} non è una posizione del piano",
                        objective=code,
                        reference=str(assignee),
                        expected="position",
                    )
                elif level == "office" and str(assignee) not in self.known("unit"):
                    self.add(
                        "error",
                        "unknown_assignee",
                        f"{path}.assignee",
                        f"L'assegnatario «{assignee}» dell'obiettivo {code} non è un'unità organizzativa",
                        objective=code,
                        reference=str(assignee),
                        expected="unit",
                    )
            for key, kind, what, error in (
                ("derives_from", "annual_objective", "l'obiettivo annuale", "unknown_annual_objective"),
                ("projects", "project", "il progetto", "unknown_project"),
                (
                    "strategic_objectives",
                    "strategic_objective",
                    "l'obiettivo strategico",
                    "unknown_strategic_objective",
                ),
            ):
                for index, ref in enumerate(_strings(objective.get(key))):
                    if ref not in self.known(kind):
                        self.add(
                            "error",
                            error,
                            f"{path}.{key}[{index}]",
                            f"L'obiettivo {code} si riferisce a {what} «{ref}», che non esiste",
                            objective=code,
                            reference=ref,
                        )
            complexity = _map(objective.get("complexity"))
            if (
                any(complexity.get(c) is not None for c in COMPLEXITY_CRITERIA)
                and complexity.get("coefficient") is None
            ):
                self.add(
                    "error",
                    "complexity_coefficient_missing",
                    f"{path}.complexity.coefficient",
                    f"L'obiettivo {code} indica i criteri di complessità ma non il coefficiente",
                    objective=code,
                )
        self.check_weights(groups)
        self.check_cycles(objectives)

    def check_weights(
        self, groups: Mapping[tuple[str, str | None], list[tuple[str, Mapping[str, Any]]]]
    ) -> None:
        for (level, assignee), members in groups.items():
            weights = [_dec(objective.get("weight")) for _, objective in members]
            if level == "organization" and all(w is None for w in weights):
                continue
            who = "dell'Ente" if assignee is None else f"di {assignee}"
            for (path, objective), weight in zip(members, weights, strict=True):
                self.check_precision(
                    objective.get("weight"),
                    ANNUAL_WEIGHT_DECIMALS,
                    f"{path}.weight",
                    f"dell'obiettivo {_code(objective)}",
                )
                if weight is None:
                    self.add(
                        "error",
                        "weight_missing",
                        f"{path}.weight",
                        f"L'obiettivo {_code(objective)} {who} non ha un peso",
                        objective=_code(objective),
                        assignee=assignee,
                        level=level,
                    )
            given = [w for w in weights if w is not None]
            if not given:
                continue
            total = sum(given, Decimal(0))
            if total != 100:
                self.add(
                    "error",
                    "weights_sum",
                    f"{members[0][0]}.weight",
                    f"I pesi degli obiettivi {who} sommano a {format_number(total)}, non a 100",
                    assignee=assignee,
                    level=level,
                    sum=decimal_json(total),
                    expected="100",
                    objectives=[_code(o) for _, o in members],
                )

    def check_cycles(self, objectives: list[tuple[str, Mapping[str, Any]]]) -> None:
        parents = {
            code: [p for p in _strings(o.get("derives_from")) if p in self.known("annual_objective")]
            for _, o in objectives
            if (code := _code(o)) is not None
        }
        reported: set[str] = set()
        for path, objective in objectives:
            code = _code(objective)
            if code is None or code in reported:
                continue
            cycle = _find_cycle(code, parents)
            if cycle:
                reported.update(cycle)
                self.add(
                    "error",
                    "derives_from_cycle",
                    f"{path}.derives_from",
                    f"La cascata degli obiettivi forma un ciclo: {' → '.join([*cycle, cycle[0]])}",
                    cycle=cycle,
                )

    # --- indicators and targets ---

    def check_indicators(self) -> None:
        from cannocchiale.engine.target_parser import declared_of, parse_target

        for indicator in self.indicators:
            code = _code(indicator.item)
            declared = declared_of(
                indicator.item.get("polarity"), indicator.item.get("unit"), indicator.item.get("scale")
            )

            def parse(text: str, *, year: int | None, declared: Any = declared) -> Target:
                return parse_target(text, year=year, declared=declared)

            self.check_precision(
                indicator.item.get("weight"),
                INDICATOR_WEIGHT_DECIMALS,
                f"{indicator.path}.weight",
                f"dell'indicatore {code}",
            )
            years: set[int] = set()
            for t_path, target in _items(indicator.item, "targets", indicator.path):
                year = target.get("year")
                if isinstance(year, int):
                    years.add(year)
                self.check_target(parse, target, t_path, f"dell'indicatore {code}")
            if self.year is not None and self.year not in years:
                self.add(
                    "warning",
                    "target_missing_for_year",
                    f"{indicator.path}.targets",
                    f"L'indicatore {code} non ha un target per il {self.year}",
                    indicator=code,
                    year=self.year,
                )

    def check_target(
        self, parse: Callable[..., Target], target: Mapping[str, Any], path: str, whose: str
    ) -> None:
        text = target.get("text")
        if text is None:
            return
        if len(str(text)) > TARGET_MAX_LENGTH:
            self.add(
                "error",
                "target_too_long",
                f"{path}.text",
                f"Il target {whose} ha {len(str(text))} caratteri: al massimo {TARGET_MAX_LENGTH}; "
                "un target è una frase, i dettagli vanno nella descrizione dell'indicatore",
                length=len(str(text)),
                limit=TARGET_MAX_LENGTH,
            )
            return
        year = target.get("year") if isinstance(target.get("year"), int) else self.year
        try:
            parsed = parse(str(text), year=year)
        except Exception as exc:  # a parser bug must not stop the validation
            self.add(
                "error",
                "target_unparseable",
                f"{path}.text",
                f"Il target «{text}» {whose} non si può leggere: {exc}",
                text=str(text),
            )
            return
        if parsed.kind == "qualitative" and has_several_targets(str(text), year=year):
            self.add(
                "warning",
                "target_several",
                f"{path}.text",
                f"Il target «{text}» {whose}: {SEVERAL_TARGETS}; finché non è diviso sarà valutato "
                "da una persona, con una motivazione scritta",
                text=str(text),
            )
        elif parsed.kind == "qualitative":
            self.add(
                "warning",
                "target_qualitative",
                f"{path}.text",
                f"Il target «{text}» {whose} non è stato compreso: sarà valutato da una persona, "
                "con una motivazione scritta",
                text=str(text),
            )

    def check_measurements(self) -> None:
        # One value of an indicator at a date: the database keeps no second one.
        seen: set[tuple[str, str]] = set()
        for path, measurement in _items(self.plan, "measurements", "plan"):
            ref = measurement.get("indicator")
            if ref is not None and str(ref) not in self.known("indicator"):
                self.add(
                    "error",
                    "unknown_indicator",
                    f"{path}.indicator",
                    f"La rilevazione si riferisce all'indicatore «{ref}», che non esiste",
                    reference=str(ref),
                )
            day = measurement.get("date")
            if ref is None or day is None:
                continue
            key = (str(ref), str(day))
            if key in seen:
                self.add(
                    "error",
                    "duplicate_measurement",
                    f"{path}.date",
                    f"L'indicatore «{ref}» ha due rilevazioni alla data {day}: "
                    "ne è ammessa una sola per data",
                    indicator=str(ref),
                    date=str(day),
                )
            seen.add(key)

    def check_health(self) -> None:
        from cannocchiale.engine.target_parser import parse_target

        items = self.known("financial_item")
        for path, indicator in _items(self.plan, "health_indicators", "plan"):
            code = _code(indicator)
            text = indicator.get("formula")
            if text is not None:
                try:
                    formula = parse_formula(str(text))
                except FormulaError as exc:
                    self.add(
                        "error",
                        "formula_invalid",
                        f"{path}.formula",
                        f"La formula dell'indicatore di salute {code} non è valida: {exc}",
                        indicator=code,
                        formula=str(text),
                        position=exc.position,
                        reason=exc.reason,
                    )
                else:
                    unknown = sorted(formula.variables - items.keys())
                    if unknown:
                        names = ", ".join(f"«{u}»" for u in unknown)
                        self.add(
                            "error",
                            "formula_unknown_item",
                            f"{path}.formula",
                            f"La formula dell'indicatore di salute {code} usa voci finanziarie che non "
                            f"esistono: {names}",
                            indicator=code,
                            formula=str(text),
                            unknown=unknown,
                        )
            for t_path, target in _items(indicator, "targets", path):
                self.check_target(parse_target, target, t_path, f"dell'indicatore di salute {code}")


def _find_cycle(start: str, parents: Mapping[str, list[str]]) -> list[str]:
    """The cycle through `start` following `derives_from`, or an empty list."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    visited: set[str] = set()
    while stack:
        node, trail = stack.pop()
        for parent in parents.get(node, []):
            if parent == start:
                return trail
            if parent not in visited:
                visited.add(parent)
                stack.append((parent, [*trail, parent]))
    return []
