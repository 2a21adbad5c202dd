"""Properties of scoring and formulas, over random inputs (hypothesis)."""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cannocchiale.engine.formulas import FormulaError, evaluate, parse_formula
from cannocchiale.engine.policy import Band, ScoringPolicy
from cannocchiale.engine.scoring import Actual, score_indicator
from cannocchiale.engine.target import Target

D = Decimal

numbers = st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False, places=3)
positive = st.decimals(min_value=D("0.001"), max_value=10**6, allow_nan=False, allow_infinity=False, places=3)
percent = st.decimals(min_value=0, max_value=200, allow_nan=False, allow_infinity=False, places=2)

policies = st.builds(
    ScoringPolicy,
    cap=st.sampled_from([D(100), D(120), D(150)]),
    floor=st.none() | percent,
    strict_equal=percent,
    relative_mode=st.sampled_from(["binary", "proportional"]),
    late_score=percent,
    late_penalty_per_day=st.none() | percent,
    late_grace_days=st.integers(0, 30),
    bands=st.sampled_from([(), (Band(D(0), D(50), D(0), D(10)), Band(D(50), D(100), D(40), D(250), True))]),
)


@st.composite
def targets(draw: Any) -> Target:
    kind = draw(
        st.sampled_from(
            ["completion", "at_least", "at_most", "range", "deadline", "milestone", "qualitative"]
        )
    )
    strict = draw(st.booleans())
    if kind == "range":
        low, high = sorted([draw(numbers), draw(numbers)])
        return Target("r", "range", low=low, high=high)
    if kind == "deadline":
        return Target("d", "deadline", deadline=date(2018, 1, 1) + timedelta(days=draw(st.integers(0, 365))))
    if kind in ("milestone", "qualitative"):
        return Target("m", kind)
    reference = draw(st.none() | st.just({"year": 2016}) | st.just({"years_back": 1}))
    return Target("n", kind, value=draw(st.none() | numbers), strict=strict, reference=reference)


actuals = st.builds(
    Actual,
    value=st.none() | numbers,
    done=st.none() | st.booleans(),
    completed_on=st.none() | st.dates(date(2017, 1, 1), date(2019, 12, 31)),
    assessed=st.none() | st.decimals(min_value=-50, max_value=300, places=1),
    justification=st.none() | st.sampled_from(["", "motivata"]),
)


@given(targets(), st.none() | actuals, policies, st.booleans(), st.none() | numbers)
def test_achievement_is_always_within_0_and_the_cap_or_none(
    target: Target, actual: Actual | None, policy: ScoringPolicy, final: bool, reference: Decimal | None
) -> None:
    references = {} if reference is None else {2016: reference, 2017: reference}
    result = score_indicator(
        target, actual, policy=policy, final=final, reference_actuals=references, year=2018
    )
    assert result.achievement is None or D(0) <= result.achievement <= policy.cap
    assert (result.achievement is None) == (result.status is None) or policy.status_for(
        result.achievement
    ) is None
    result.to_dict()


@given(
    st.sampled_from(["at_least", "at_most"]),
    numbers,
    st.booleans(),
    numbers,
    numbers,
    st.sampled_from([ScoringPolicy(), ScoringPolicy(cap=D(130)), ScoringPolicy(strict_equal=D(50))]),
)
def test_achievement_is_monotonic_in_the_actual(
    kind: Any, threshold: Decimal, strict: bool, a: Decimal, b: Decimal, policy: ScoringPolicy
) -> None:
    low, high = sorted([a, b])
    target = Target("t", kind, value=threshold, strict=strict)
    score_low = score_indicator(target, Actual(value=low), policy=policy, final=True).achievement
    score_high = score_indicator(target, Actual(value=high), policy=policy, final=True).achievement
    assert score_low is not None
    assert score_high is not None
    if kind == "at_least":
        assert score_low <= score_high
    else:
        assert score_low >= score_high


@given(positive, positive)
def test_at_least_ratio_is_actual_over_target_capped(threshold: Decimal, actual: Decimal) -> None:
    result = score_indicator(
        Target("t", "at_least", value=threshold), Actual(value=actual), policy=ScoringPolicy(), final=True
    )
    assert result.achievement == min(actual / threshold * 100, D(100))


# --- formulas agree with Python's Decimal arithmetic ---

VARIABLES = ("a", "b", "oneri_correnti", "x1")


@st.composite
def expressions(draw: Any, depth: int = 0) -> tuple[str, Any]:
    """An expression as text, with a function computing it with Python arithmetic."""
    choice = draw(st.integers(0, 2 if depth < 4 else 0))
    if choice == 0:
        if draw(st.booleans()):
            name = draw(st.sampled_from(VARIABLES))
            return name, lambda env, name=name: env[name]
        number = draw(
            st.decimals(min_value=0, max_value=10**5, places=2, allow_nan=False, allow_infinity=False)
        )
        text = format(number, "f")
        value = D(text)
        return text, lambda env, n=value: n
    if choice == 1:
        text, fn = draw(expressions(depth + 1))
        return f"-({text})", lambda env, fn=fn: -fn(env)
    op = draw(st.sampled_from("+-*/"))
    left, lf = draw(expressions(depth + 1))
    right, rf = draw(expressions(depth + 1))

    def compute(env: dict[str, Decimal], op: str = op, lf: Any = lf, rf: Any = rf) -> Decimal:
        x: Decimal = lf(env)
        y: Decimal = rf(env)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if y == 0:
            raise ZeroDivisionError
        return x / y

    return f"({left} {op} {right})", compute


@given(
    expressions(),
    st.fixed_dictionaries(
        {name: st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False) for name in VARIABLES}
    ),
)
def test_formula_evaluator_agrees_with_python_arithmetic(
    expression: tuple[str, Any], env: dict[str, Decimal]
) -> None:
    text, compute = expression
    formula = parse_formula(text)
    with decimal.localcontext(decimal.Context(prec=28)):
        try:
            expected: Decimal | None = compute(env)
        except ZeroDivisionError:
            expected = None
    if expected is None:
        with pytest.raises(FormulaError, match="divisione per zero"):
            evaluate(formula, env)
    else:
        assert evaluate(formula, env) == expected


@given(st.text(max_size=30))
def test_formula_parser_never_fails_other_than_with_formula_error(text: str) -> None:
    position: int | None = None
    try:
        formula = parse_formula(text)
    except FormulaError as exc:
        position = exc.position
    else:
        assert all(name in text for name in formula.variables)
    assert position is None or 0 <= position <= len(text)
