"""The health-indicator formula evaluator: safe parsing, exact evaluation, helpful errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cannocchiale.engine.formulas import FormulaError, evaluate, parse_formula

D = Decimal


def test_formula_of_the_seed_evaluates_exactly() -> None:
    formula = parse_formula("(oneri_correnti - interventi_economici) / proventi_correnti")
    values = {
        "oneri_correnti": D("9500000.00"),
        "interventi_economici": D("1500000.00"),
        "proventi_correnti": D(10**7),
    }
    assert evaluate(formula, values) == D("0.8")


def test_formula_knows_its_variables() -> None:
    assert parse_formula("a + b * a - 2").variables == frozenset({"a", "b"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("10 - 4 - 3", "3"),
        ("100 / 10 / 5", "2"),
        ("-3 + 5", "2"),
        ("--3", "3"),
        ("-(2 + 3) * 2", "-10"),
        ("2 * -3", "-6"),
        ("0.1 + 0.2", "0.3"),
        ("1 / 3", "0.3333333333333333333333333333"),
    ],
)
def test_arithmetic_follows_the_usual_precedence(text: str, expected: str) -> None:
    assert evaluate(parse_formula(text), {}) == D(expected)


def test_formula_evaluates_with_28_digit_precision_whatever_the_global_context() -> None:
    import decimal

    with decimal.localcontext() as ctx:
        ctx.prec = 5
        assert evaluate(parse_formula("2 / 3"), {}) == D("0.6666666666666666666666666667")


def test_missing_variable_is_named() -> None:
    with pytest.raises(FormulaError, match="«proventi_correnti»"):
        evaluate(parse_formula("oneri / proventi_correnti"), {"oneri": D(1)})


def test_division_by_zero_names_the_divisor_as_written() -> None:
    with pytest.raises(FormulaError, match=r"«\(a - b\)» vale 0") as info:
        evaluate(parse_formula("c / (a - b)"), {"a": D(2), "b": D(2), "c": D(1)})
    assert info.value.position == 4


@pytest.mark.parametrize(
    ("text", "position", "expected"),
    [
        ("", 0, "formula vuota"),
        ("a +", 3, "atteso un numero, un nome o «(»"),
        ("(a + b", 6, "attesa «)»"),
        ("a b", 2, "atteso un operatore"),
        ("a + $", 4, "carattere inatteso «$»"),
        ("Oneri", 0, "carattere inatteso «O»"),
        ("oneriX", 5, "nome non valido"),
        ("1.", 0, "numero non valido"),
        ("3abc", 0, "numero non valido"),
        ("a * )", 4, "trovato «)»"),
        ("__import__('os')", 0, "carattere inatteso «_»"),
    ],
)
def test_syntax_errors_give_the_position_and_what_was_expected(
    text: str, position: int, expected: str
) -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula(text)
    assert info.value.position == position
    assert expected in str(info.value)
    assert str(info.value).startswith(f"posizione {position + 1}: ")


def test_formula_can_evaluate_itself() -> None:
    assert parse_formula("x * 2").evaluate({"x": D("1.5")}) == D("3.0")
