"""A safe evaluator for health-indicator formulas.

`(oneri_correnti - interventi_economici) / proventi_correnti`: `+ - * /`, unary minus,
parentheses, decimal numbers (`1234.5`) and financial item codes `[a-z][a-z0-9_]*`.
A hand-written tokenizer and recursive-descent parser; nothing is ever passed to `eval`.

Grammar::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary)*
    unary   := "-" unary | primary
    primary := NUMBER | NAME | "(" expr ")"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from typing import Literal

from cannocchiale.engine.errors import EngineError

PRECISION = 28

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_OPERATORS = "+-*/()"


class FormulaError(EngineError):
    """A formula that does not parse or cannot be evaluated; `position` is 0-based, if known."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message if position is None else f"posizione {position + 1}: {message}")
        self.position = position
        self.reason = message


TokenKind = Literal["number", "name", "op", "end"]


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str
    position: int


@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Name:
    name: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Negate:
    operand: Expr
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Binary:
    op: str
    left: Expr
    right: Expr
    start: int
    end: int


Expr = Number | Name | Negate | Binary


@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula: the text, its syntax tree and the names it uses."""

    text: str
    root: Expr
    variables: frozenset[str]

    def source(self, node: Expr) -> str:
        """The text of a sub-expression as written."""
        return self.text[node.start : node.end].strip()

    def evaluate(self, values: Mapping[str, Decimal]) -> Decimal:
        return evaluate(self, values)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in _OPERATORS:
            tokens.append(Token("op", char, i))
            i += 1
            continue
        number = _NUMBER.match(text, i)
        if number:
            end = number.end()
            if end < len(text) and (text[end].isalnum() or text[end] in "._"):
                raise FormulaError(f"numero non valido «{text[i : end + 1]}»", i)
            tokens.append(Token("number", number.group(), i))
            i = end
            continue
        name = _NAME.match(text, i)
        if name:
            end = name.end()
            if end < len(text) and text[end].isalpha():
                raise FormulaError(
                    f"nome non valido: solo lettere minuscole, cifre e _ (trovato «{text[end]}»)", end
                )
            tokens.append(Token("name", name.group(), i))
            i = end
            continue
        raise FormulaError(
            f"carattere inatteso «{char}»: attesi numeri, nomi in minuscolo, + - * / e parentesi", i
        )
    tokens.append(Token("end", "", len(text)))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.names: set[str] = set()

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Formula:
        if self.current.kind == "end":
            raise FormulaError("formula vuota: atteso un numero, un nome o «(»", 0)
        root = self.expr()
        rest = self.tokens[self.index]
        if rest.kind != "end":
            raise FormulaError(
                f"atteso un operatore (+ - * /) o la fine della formula, trovato «{rest.text}»", rest.position
            )
        return Formula(self.text, root, frozenset(self.names))

    def expr(self) -> Expr:
        node = self.term()
        while self.current.kind == "op" and self.current.text in "+-":
            op = self.advance().text
            right = self.term()
            node = Binary(op, node, right, node.start, right.end)
        return node

    def term(self) -> Expr:
        node = self.unary()
        while self.current.kind == "op" and self.current.text in "*/":
            op = self.advance().text
            right = self.unary()
            node = Binary(op, node, right, node.start, right.end)
        return node

    def unary(self) -> Expr:
        if self.current.kind == "op" and self.current.text == "-":
            start = self.advance().position
            operand = self.unary()
            return Negate(operand, start, operand.end)
        return self.primary()

    def primary(self) -> Expr:
        token = self.current
        if token.kind == "number":
            self.advance()
            return Number(Decimal(token.text), token.position, token.position + len(token.text))
        if token.kind == "name":
            self.advance()
            self.names.add(token.text)
            return Name(token.text, token.position, token.position + len(token.text))
        if token.kind == "op" and token.text == "(":
            self.advance()
            inner = self.expr()
            closing = self.current
            if not (closing.kind == "op" and closing.text == ")"):
                found = "la fine della formula" if closing.kind == "end" else f"«{closing.text}»"
                raise FormulaError(
                    f"attesa «)» per chiudere la «(» in posizione {token.position + 1}, trovato {found}",
                    closing.position,
                )
            self.advance()
            return _regroup(inner, token.position, closing.position + 1)
        found = "la fine della formula" if token.kind == "end" else f"«{token.text}»"
        raise FormulaError(f"atteso un numero, un nome o «(», trovato {found}", token.position)


def _regroup(node: Expr, start: int, end: int) -> Expr:
    """The same node spanning its parentheses, so that its source text reads as written."""
    if isinstance(node, Number):
        return Number(node.value, start, end)
    if isinstance(node, Name):
        return Name(node.name, start, end)
    if isinstance(node, Negate):
        return Negate(node.operand, start, end)
    return Binary(node.op, node.left, node.right, start, end)


def parse_formula(text: str) -> Formula:
    """Parse a formula; `FormulaError` says where (position) and what was expected."""
    return _Parser(text).parse()


def evaluate(formula: Formula, values: Mapping[str, Decimal]) -> Decimal:
    """The formula's value at full precision (28 significant digits).

    Raises `FormulaError` naming a missing value, or the divisor of a division by zero.
    """
    missing = sorted(formula.variables - values.keys())
    if missing:
        names = ", ".join(f"«{m}»" for m in missing)
        raise FormulaError(f"manca il valore di {names}")
    with localcontext(Context(prec=PRECISION)):
        return _eval(formula, formula.root, values)


def _eval(formula: Formula, node: Expr, values: Mapping[str, Decimal]) -> Decimal:
    if isinstance(node, Number):
        return +node.value
    if isinstance(node, Name):
        value = values[node.name]
        if value is None:
            raise FormulaError(f"manca il valore di «{node.name}»")
        return +Decimal(value)
    if isinstance(node, Negate):
        return -_eval(formula, node.operand, values)
    left = _eval(formula, node.left, values)
    right = _eval(formula, node.right, values)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    if right == 0:
        raise FormulaError(
            f"divisione per zero: il divisore «{formula.source(node.right)}» vale 0", node.right.start
        )
    return left / right
