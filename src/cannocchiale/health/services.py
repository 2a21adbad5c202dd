"""The stato di salute: each health indicator computed from its formula for every year the data allows.

The report also says, for every value the plan publishes, whether the formula reproduces it from the
plan's own financial items, and when it cannot, which input the plan does not give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cannocchiale.core.errors import NotFoundError
from cannocchiale.engine.explanation import format_number, round_percent
from cannocchiale.engine.formulas import (
    Binary,
    Expr,
    Formula,
    FormulaError,
    Name,
    Negate,
    evaluate,
    parse_formula,
)
from cannocchiale.engine.target import Target
from cannocchiale.engine.target_text import describe_target
from cannocchiale.health.models import FinancialItem, HealthIndicator
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan

HUNDRED = Decimal(100)
# A published figure is printed with one decimal: a computed value within half a tenth reproduces it.
PUBLISHED_TOLERANCE = Decimal("0.05")
_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "/"}
_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def format_health_value(value: Decimal | None, unit: str) -> str:
    """As the plan prints the table: one decimal, half up (`415,0 %`, `24.832,4 €`); None is `—`."""
    if value is None:
        return "—"
    rounded = round_percent(value)
    text = format_number(rounded)
    if rounded == rounded.to_integral_value():
        text += ",0"
    suffix = {"%": " %", "euro": " €", "eur": " €"}.get(unit, "")
    return text + suffix


# From the least to the most final: a computed figure is only as final as its least final input.
SOURCE_ORDER = ("budget", "forecast", "", "pre_final", "final")
SOURCE_LABELS = {
    "final": "consuntivo",
    "pre_final": "pre-consuntivo",
    "forecast": "preventivo",
    "budget": "budget",
    "": "fonte non indicata",
}


@dataclass
class HealthYear:
    year: int
    computed: Decimal | None
    published: Decimal | None
    missing: tuple[str, ...] = ()  # names of the inputs the plan gives no value for, that year
    problem: str | None = None  # any other reason the formula gives no value (a division by zero)
    # Where the computed value comes from: the least final of its inputs' accounts (a figure from
    # one consuntivo and one preventivo item is a forecast). Empty when nothing is computed.
    source: str = ""

    @property
    def source_label(self) -> str:
        if self.computed is None:
            return "valore pubblicato nel Piano" if self.published is not None else ""
        return SOURCE_LABELS.get(self.source, "fonte non indicata")

    @property
    def matches(self) -> bool | None:
        if self.computed is None or self.published is None:
            return None
        return abs(round_percent(self.computed) - self.published) <= PUBLISHED_TOLERANCE

    @property
    def verdict(self) -> str:
        """In words: coincide / NON coincide / non calcolabile / blank when there is nothing to compare."""
        if self.matches is not None:
            return "coincide" if self.matches else "NON coincide"
        return "" if self.computed is not None else "non calcolabile"

    @property
    def reason(self) -> str:
        """Why there is no computed value: the inputs the plan lacks, or the formula's complaint."""
        if self.missing:
            return ("manca " if len(self.missing) == 1 else "mancano ") + "; ".join(self.missing)
        return self.problem or ""


@dataclass
class HealthRow:
    code: str
    name: str
    dimension: str
    formula: str
    unit: str
    target_text: str
    target: dict[str, Any] | None
    formula_words: str = ""
    numerator: str | None = None
    denominator: str | None = None
    target_description: str = ""
    years: list[HealthYear] = field(default_factory=list)


@dataclass
class HealthReport:
    plan: str
    organization: str
    year: int
    indicators: list[HealthRow]

    def published_check(self) -> dict[str, int]:
        """How many published values the formulas reproduce, contradict, or cannot compute."""
        published = [y for row in self.indicators for y in row.years if y.published is not None]
        return {
            "published": len(published),
            "reproduced": sum(1 for y in published if y.matches is True),
            "different": sum(1 for y in published if y.matches is False),
            "not_computable": sum(1 for y in published if y.matches is None),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "organization": self.organization,
            "year": self.year,
            "published_check": self.published_check(),
            "indicators": [_row_dict(row) for row in self.indicators],
        }


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _row_dict(row: HealthRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "dimension": row.dimension,
        "formula": row.formula,
        "formula_words": row.formula_words,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "unit": row.unit,
        "target_text": row.target_text,
        "target_description": row.target_description,
        "target": row.target,
        "years": [
            {
                "year": y.year,
                "computed": _num(y.computed),
                "computed_display": _num(round_percent(y.computed)) if y.computed is not None else None,
                "published": _num(y.published),
                "matches_published": y.matches,
                "missing": list(y.missing),
                "problem": y.problem,
                "source": y.source,
            }
            for y in row.years
        ],
    }


def health_report(*, organization: Organization, year: int | None = None) -> HealthReport:
    """Health indicators of the organization's latest plan (of `year`, if given) with their series."""
    plans = Plan.objects.filter(organization=organization, health_indicators__isnull=False)
    if year is not None:
        plans = plans.filter(year=year)
    plan = plans.order_by("-year", "-version").first()
    if plan is None:
        raise NotFoundError(f"nessun indicatore di salute per l'ente «{organization.code}»")
    names: dict[str, str] = {}
    series: dict[int, dict[str, Decimal]] = {}
    blanks: set[tuple[int, str]] = set()  # cells the plan prints and leaves empty
    statuses: dict[tuple[int, str], str] = {}
    for item in FinancialItem.objects.filter(organization=organization, plan=plan).prefetch_related("values"):
        names[item.code] = item.name
        for value in item.values.all():
            statuses[(value.year, item.code)] = value.status
            if value.value is None:
                blanks.add((value.year, item.code))
            else:
                series.setdefault(value.year, {})[item.code] = value.value
    indicators = HealthIndicator.objects.filter(organization=organization, plan=plan).prefetch_related(
        "targets", "published"
    )
    rows = [_row(indicator, plan.year, names, series, blanks, statuses) for indicator in indicators]
    return HealthReport(plan=str(plan), organization=organization.name, year=plan.year, indicators=rows)


def _row(
    indicator: HealthIndicator,
    plan_year: int,
    names: dict[str, str],
    series: dict[int, dict[str, Decimal]],
    blanks: set[tuple[int, str]],
    statuses: dict[tuple[int, str], str],
) -> HealthRow:
    target = next((t for t in indicator.targets.all() if t.year == plan_year), None)
    row = HealthRow(
        code=indicator.code,
        name=indicator.name,
        dimension=indicator.dimension,
        formula=indicator.formula,
        unit=indicator.unit,
        target_text=target.text if target else "",
        target=target.structured if target else None,
        target_description=describe_target(Target.from_dict(target.structured)) if target else "",
    )
    published = {p.year: p.value for p in indicator.published.all()}
    try:
        formula = parse_formula(indicator.formula)
    except FormulaError as error:
        row.years = [HealthYear(y, None, value, problem=str(error)) for y, value in sorted(published.items())]
        return row
    row.formula_words = _words(formula.root, names)
    if isinstance(formula.root, Binary) and formula.root.op == "/":
        row.numerator = _words(formula.root.left, names)
        row.denominator = _words(formula.root.right, names)
    # A year belongs to the series if the plan publishes the indicator or gives any of its inputs.
    years = set(published) | {y for y, values in series.items() if formula.variables & values.keys()}
    every = [
        _year(indicator, formula, y, published.get(y), names, series, blanks, statuses) for y in sorted(years)
    ]
    # A year with neither a computed nor a published value says nothing: leave it out.
    row.years = [y for y in every if y.computed is not None or y.published is not None]
    return row


def _year(
    indicator: HealthIndicator,
    formula: Formula,
    year: int,
    published: Decimal | None,
    names: dict[str, str],
    series: dict[int, dict[str, Decimal]],
    blanks: set[tuple[int, str]],
    statuses: dict[tuple[int, str], str],
) -> HealthYear:
    values = series.get(year, {})
    # In the order the formula names them, numerator first.
    absent = sorted(formula.variables - values.keys(), key=formula.text.index)
    if absent:
        missing = tuple(
            names.get(code, code) + (" (cella vuota nel Piano)" if (year, code) in blanks else "")
            for code in absent
        )
        return HealthYear(year, None, published, missing=missing)
    try:
        result = evaluate(formula, values)
    except FormulaError as error:
        return HealthYear(year, None, published, problem=error.reason)
    source = min(
        (statuses.get((year, code), "") for code in formula.variables),
        key=lambda status: SOURCE_ORDER.index(status) if status in SOURCE_ORDER else 2,
        default="",
    )
    return HealthYear(year, result * HUNDRED if indicator.unit == "%" else result, published, source=source)


def _words(node: Expr, names: dict[str, str], outer: int = 0, right_side: bool = False) -> str:
    """The formula with the items' names, as the plan composes it: `Oneri correnti − Interventi economici`."""
    if isinstance(node, Name):
        return names.get(node.name, node.name)
    if isinstance(node, Negate):
        return "−" + _words(node.operand, names, 3)
    if isinstance(node, Binary):
        level = _PRECEDENCE[node.op]
        left = _words(node.left, names, level)
        right = _words(node.right, names, level, right_side=node.op in "-/")
        text = f"{left} {_SYMBOLS[node.op]} {right}"
        # a - (b + c) and a / (b * c) keep their parentheses; a + b inside a product needs them too.
        return f"({text})" if level < outer or (level == outer and right_side) else text
    return format_number(node.value)
