"""A second, simple reading of DESIGN.md's rules for single indicators, compared with the engine.

Written from the text of "Scoring (the default SMVP)" and its "Decided cases", without the
engine's code: at least / at most on positive numbers, strict or not, against another year or a
fixed threshold, under random policies (cap, floor, strict equality, relative mode). Also: a
roll-up does not depend on the order of its children.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cannocchiale.engine.policy import ScoringPolicy
from cannocchiale.engine.rollup import objective_achievement
from cannocchiale.engine.scoring import Actual, Score, score_indicator
from cannocchiale.engine.target import Target

D = Decimal
positive = st.decimals(min_value=D("0.01"), max_value=10**4, allow_nan=False, allow_infinity=False, places=2)
percent = st.decimals(min_value=0, max_value=100, allow_nan=False, allow_infinity=False, places=2)
policies = st.builds(
    ScoringPolicy,
    cap=st.sampled_from([D(100), D(120)]),
    floor=st.none() | percent,
    strict_equal=percent,
    relative_mode=st.sampled_from(["binary", "proportional"]),
)


def second_reading(
    *, higher: bool, strict: bool, relative: bool, threshold: Decimal, actual: Decimal, policy: ScoringPolicy
) -> Decimal:
    met = (
        (actual > threshold if strict else actual >= threshold)
        if higher
        else (actual < threshold if strict else actual <= threshold)
    )
    if relative and policy.relative_mode == "binary":
        # Met or not; a strict threshold only equalled is not met.
        achievement = D(100) if met else D(0)
    elif strict and actual == threshold:
        achievement = policy.strict_equal
    else:
        ratio = (actual / threshold if higher else threshold / actual) * 100
        achievement = min(ratio, policy.cap)
        if strict and not met:
            achievement = min(achievement, policy.strict_equal)
    achievement = min(achievement, policy.cap)
    if policy.floor is not None and achievement < policy.floor:
        achievement = D(0)
    return achievement


@given(
    higher=st.booleans(),
    strict=st.booleans(),
    relative=st.booleans(),
    threshold=positive,
    actual=positive,
    equal=st.booleans(),
    policy=policies,
)
def test_engine_agrees_with_a_second_reading_of_the_rules(
    higher: bool,
    strict: bool,
    relative: bool,
    threshold: Decimal,
    actual: Decimal,
    equal: bool,
    policy: ScoringPolicy,
) -> None:
    if equal:
        actual = threshold  # the edge where readings part ways
    kind: Any = "at_least" if higher else "at_most"
    if relative:
        target = Target("rispetto al 2017", kind, strict=strict, reference={"year": 2017})
        references = {2017: threshold}
    else:
        target = Target("soglia", kind, value=threshold, strict=strict)
        references = {}
    engine = score_indicator(
        target, Actual(value=actual), policy=policy, final=True, reference_actuals=references, year=2018
    )
    expected = second_reading(
        higher=higher, strict=strict, relative=relative, threshold=threshold, actual=actual, policy=policy
    )
    assert engine.achievement == expected


@given(threshold=positive, actual=positive, policy=policies, data=st.data())
def test_a_missing_reference_year_is_never_a_figure(
    threshold: Decimal, actual: Decimal, policy: ScoringPolicy, data: Any
) -> None:
    final = data.draw(st.booleans())
    target = Target("> del 2017", "at_least", strict=True, reference={"year": 2017})
    result = score_indicator(target, Actual(value=actual), policy=policy, final=final, year=2018)
    assert result.achievement is None
    assert result.flagged


def _scored(achievement: Decimal | None) -> Score:
    target = Target("qualitativo", "qualitative")
    if achievement is None:
        return score_indicator(target, None, policy=ScoringPolicy(), final=False)
    return score_indicator(
        target, Actual(assessed=achievement, justification="motivata"), policy=ScoringPolicy(), final=True
    )


@given(
    items=st.lists(
        st.tuples(st.none() | percent, st.none() | st.integers(0, 50).map(D)), min_size=1, max_size=8
    ),
    data=st.data(),
)
def test_a_rollup_does_not_depend_on_the_order_of_its_children(items: list[Any], data: Any) -> None:
    children = [(_scored(a), w) for a, w in items]
    shuffled = data.draw(st.permutations(children))
    first = objective_achievement(children, policy=ScoringPolicy())
    second = objective_achievement(shuffled, policy=ScoringPolicy())
    assert first.achievement == second.achievement
    assert first.status == second.status
    assert first.flagged == second.flagged
