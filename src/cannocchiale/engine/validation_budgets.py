"""Plan validation, budgets: the strategic objectives' budgets against the areas' declared
ones, the areas' against the organization's (findings `unknown_area`, `budget_area_sum`,
`budget_declared_total`, `budget_objectives_total`; the sums are warnings).
"""

from __future__ import annotations

from decimal import Decimal

from cannocchiale.engine.explanation import decimal_json, format_euro
from cannocchiale.engine.validation_context import PlanChecker, code_of, items, to_decimal

BUDGET_FIELDS: tuple[tuple[str, str], ...] = (
    ("costs", "oneri"),
    ("revenues", "proventi"),
    ("investments", "investimenti"),
)


def check_budgets(v: PlanChecker) -> None:
    # sums[(area, year, field)] = total of the strategic objectives' budgets, if any given
    sums: dict[tuple[str, int, str], Decimal] = {}
    for a_path, area in items(v.plan, "areas", "plan"):
        area_code = code_of(area) or a_path
        for o_path, objective in items(area, "objectives", a_path):
            for _, budget in items(objective, "budgets", o_path):
                year = budget.get("year")
                if not isinstance(year, int):
                    continue
                for fld, _name in BUDGET_FIELDS:
                    amount = to_decimal(budget.get(fld))
                    if amount is not None:
                        sums[(area_code, year, fld)] = sums.get((area_code, year, fld), Decimal(0)) + amount

    declared = list(items(v.plan, "declared_budgets", "plan"))
    area_declared: dict[tuple[int, str], Decimal] = {}
    unallocated: dict[tuple[int, str], Decimal] = {}
    for path, row in declared:
        year = row.get("year")
        if not isinstance(year, int):
            continue
        scope = row.get("scope")
        if scope == "area":
            area_ref = row.get("area")
            if area_ref is not None and str(area_ref) not in v.known("area"):
                v.add(
                    "error",
                    "unknown_area",
                    f"{path}.area",
                    f"Il budget dichiarato si riferisce all'area «{area_ref}», che non esiste",
                    reference=str(area_ref),
                )
                continue
            for fld, name in BUDGET_FIELDS:
                amount = to_decimal(row.get(fld))
                if amount is None:
                    continue
                area_declared[(year, fld)] = area_declared.get((year, fld), Decimal(0)) + amount
                total = sums.get((str(area_ref), year, fld))
                if total is not None and total != amount:
                    v.add(
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
                amount = to_decimal(row.get(fld))
                if amount is not None:
                    unallocated[(year, fld)] = unallocated.get((year, fld), Decimal(0)) + amount

    for path, row in declared:
        year = row.get("year")
        if row.get("scope") != "organization" or not isinstance(year, int):
            continue
        for fld, name in BUDGET_FIELDS:
            amount = to_decimal(row.get(fld))
            if amount is None:
                continue
            rest = unallocated.get((year, fld))
            rest_text = f" più i non attribuiti ({format_euro(rest)})" if rest is not None else ""
            if (year, fld) in area_declared:
                total = area_declared[(year, fld)] + (rest or Decimal(0))
                if total != amount:
                    v.add(
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
                    v.add(
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
