"""Plan validation, indicators: each target phrase read as the importer will read it (with
the indicator's declarations), the measurements' references and dates, the health
indicators' formulas.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cannocchiale.engine.formulas import FormulaError, parse_formula
from cannocchiale.engine.target import Target
from cannocchiale.engine.target_parser import (
    TARGET_MAX_LENGTH,
    declared_of,
    has_several_targets,
    parse_target,
)
from cannocchiale.engine.validation_context import INDICATOR_WEIGHT_DECIMALS, PlanChecker, code_of, items

# The advice for a phrase holding several thresholds (a list a)…g), two counts, a deadline of
# one item): said on the indicator's sheet and by the CLI.
SEVERAL_TARGETS = "più target in una frase: dividere in più indicatori"


def check_indicators(v: PlanChecker) -> None:
    for indicator in v.indicators:
        code = code_of(indicator.item)
        declared = declared_of(
            indicator.item.get("polarity"), indicator.item.get("unit"), indicator.item.get("scale")
        )

        def parse(text: str, *, year: int | None, declared: Any = declared) -> Target:
            return parse_target(text, year=year, declared=declared)

        v.check_precision(
            indicator.item.get("weight"),
            INDICATOR_WEIGHT_DECIMALS,
            f"{indicator.path}.weight",
            f"dell'indicatore {code}",
        )
        years: set[int] = set()
        for t_path, target in items(indicator.item, "targets", indicator.path):
            year = target.get("year")
            if isinstance(year, int):
                years.add(year)
            check_target(v, parse, target, t_path, f"dell'indicatore {code}")
        if v.year is not None and v.year not in years:
            v.add(
                "warning",
                "target_missing_for_year",
                f"{indicator.path}.targets",
                f"L'indicatore {code} non ha un target per il {v.year}",
                indicator=code,
                year=v.year,
            )


def check_target(
    v: PlanChecker, parse: Callable[..., Target], target: Mapping[str, Any], path: str, whose: str
) -> None:
    text = target.get("text")
    if text is None:
        return
    if len(str(text)) > TARGET_MAX_LENGTH:
        v.add(
            "error",
            "target_too_long",
            f"{path}.text",
            f"Il target {whose} ha {len(str(text))} caratteri: al massimo {TARGET_MAX_LENGTH}; "
            "un target è una frase, i dettagli vanno nella descrizione dell'indicatore",
            length=len(str(text)),
            limit=TARGET_MAX_LENGTH,
        )
        return
    year = target.get("year") if isinstance(target.get("year"), int) else v.year
    try:
        parsed = parse(str(text), year=year)
    except Exception as exc:  # a parser bug must not stop the validation
        v.add(
            "error",
            "target_unparseable",
            f"{path}.text",
            f"Il target «{text}» {whose} non si può leggere: {exc}",
            text=str(text),
        )
        return
    if parsed.kind == "qualitative" and has_several_targets(str(text), year=year):
        v.add(
            "warning",
            "target_several",
            f"{path}.text",
            f"Il target «{text}» {whose}: {SEVERAL_TARGETS}; finché non è diviso sarà valutato "
            "da una persona, con una motivazione scritta",
            text=str(text),
        )
    elif parsed.kind == "qualitative":
        v.add(
            "warning",
            "target_qualitative",
            f"{path}.text",
            f"Il target «{text}» {whose} non è stato compreso: sarà valutato da una persona, "
            "con una motivazione scritta",
            text=str(text),
        )


def check_measurements(v: PlanChecker) -> None:
    # One value of an indicator at a date: the database keeps no second one.
    seen: set[tuple[str, str]] = set()
    for path, measurement in items(v.plan, "measurements", "plan"):
        ref = measurement.get("indicator")
        if ref is not None and str(ref) not in v.known("indicator"):
            v.add(
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
            v.add(
                "error",
                "duplicate_measurement",
                f"{path}.date",
                f"L'indicatore «{ref}» ha due rilevazioni alla data {day}: ne è ammessa una sola per data",
                indicator=str(ref),
                date=str(day),
            )
        seen.add(key)


def check_health(v: PlanChecker) -> None:
    financial_items = v.known("financial_item")
    for path, indicator in items(v.plan, "health_indicators", "plan"):
        code = code_of(indicator)
        text = indicator.get("formula")
        if text is not None:
            try:
                formula = parse_formula(str(text))
            except FormulaError as exc:
                v.add(
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
                unknown = sorted(formula.variables - financial_items.keys())
                if unknown:
                    names = ", ".join(f"«{u}»" for u in unknown)
                    v.add(
                        "error",
                        "formula_unknown_item",
                        f"{path}.formula",
                        f"La formula dell'indicatore di salute {code} usa voci finanziarie che non "
                        f"esistono: {names}",
                        indicator=code,
                        formula=str(text),
                        unknown=unknown,
                    )
        for t_path, target in items(indicator, "targets", path):
            check_target(v, parse_target, target, t_path, f"dell'indicatore di salute {code}")
