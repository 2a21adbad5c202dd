"""Reading individual evaluations and the SMVP, always within one organization.

For pages and documents (the reports app reads these too):
- `evaluations_visible(access=, year=)`: the list rows a user may see;
- `evaluation_get(access=, year=, pk=)`: one evaluation, or NotFoundError if not visible;
- `evaluation_sheet(evaluation=)`: the sheet, every figure formatted, with its explanation;
- `evaluation_aggregates(organization=, year=)`: the figures the law requires to be published;
- `scoring_policy_versions(organization=)`: the SMVP versions, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cannocchiale.accounts.access import Access
from cannocchiale.core.errors import NotFoundError
from cannocchiale.engine.explanation import format_euro, format_number, format_percent
from cannocchiale.engine.individual import (
    ROLE_LABELS,
    coefficient_of_variation,
    individual_policy_from_dict,
    score_distribution,
)
from cannocchiale.evaluation.individual_scores import evaluations_of_year_query, live_results
from cannocchiale.evaluation.models import IndividualEvaluation, ScoringPolicy
from cannocchiale.evaluation.policies import INDIVIDUAL_KEY, policy_in_force
from cannocchiale.organization.models import (
    AGGREGATE_MIN_GROUP_DEFAULT,
    AGGREGATE_MIN_GROUP_FLOOR,
    Organization,
)

GIUNTA = "Giunta, su proposta dell'OIV"


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _evaluator_label(evaluation: IndividualEvaluation) -> str:
    return str(evaluation.evaluator_position) if evaluation.evaluator_position else GIUNTA


@dataclass(frozen=True)
class EvaluationRow:
    evaluation: IndividualEvaluation
    evaluated: str
    role: str
    evaluator: str
    status: str
    total_text: str
    bonus_text: str
    provisional: bool


def evaluations_visible(*, access: Access, year: int) -> list[EvaluationRow]:
    evaluations = [
        e for e in evaluations_of_year_query(access.organization.pk, year) if access.can_view_evaluation(e)
    ]
    if not evaluations:
        return []
    results = live_results(evaluations)
    return [
        EvaluationRow(
            evaluation=e,
            evaluated=e.evaluated_name or str(e.evaluated_position),
            role=f"{e.evaluated_position.get_role_display()} — {e.evaluated_position.title}",
            evaluator=_evaluator_label(e),
            status=e.get_status_display(),
            total_text=format_percent(_dec(results[e.pk].get("total"))),
            bonus_text=format_percent(_dec(results[e.pk].get("bonus_share"))),
            provisional=e.is_open,
        )
        for e in evaluations
    ]


def evaluation_get(*, access: Access, year: int, pk: int) -> IndividualEvaluation:
    evaluation = evaluations_of_year_query(access.organization.pk, year).filter(pk=pk).first()
    if evaluation is None or not access.can_view_evaluation(evaluation):
        raise NotFoundError("valutazione non trovata")
    return evaluation


@dataclass(frozen=True)
class SheetLine:
    label: str
    weight_text: str
    effective_weight_text: str
    achievement_text: str
    points_text: str
    rule: str
    outcome: str
    notes: list[str]


@dataclass(frozen=True)
class RatingLine:
    code: str
    label: str
    weight_text: str
    rating: Decimal | None
    rating_text: str


@dataclass
class Sheet:
    evaluation: IndividualEvaluation
    evaluated: str
    role: str
    unit: str
    evaluator: str
    status: str
    policy_label: str
    scale_min: Decimal
    scale_max: Decimal
    lines: list[SheetLine]
    ratings: list[RatingLine]
    total_text: str
    bonus_share_text: str
    bonus_budget_text: str
    bonus_paid_text: str
    notes: list[str] = field(default_factory=list)
    provisional: bool = True


def _bonus_paid(budget: Decimal | None, share: Decimal | None) -> Decimal | None:
    if budget is None or share is None:
        return None
    return budget * share / Decimal(100)


def evaluation_sheet(*, evaluation: IndividualEvaluation) -> Sheet:
    """The sheet of one evaluation (from `evaluation_get` or `evaluations_of_year_query`)."""
    result = live_results([evaluation])[evaluation.pk]
    if evaluation.is_open or evaluation.policy is None:
        in_force = policy_in_force(organization=evaluation.organization, year=evaluation.year)
        individual, policy_label = in_force.individual, in_force.version_label
    else:
        individual = individual_policy_from_dict(evaluation.policy.settings.get(INDIVIDUAL_KEY))
        policy_label = str(evaluation.policy)
    lines = [
        SheetLine(
            label=c["label"],
            weight_text=format_number(_dec(c["weight"])),
            effective_weight_text=format_number(_quantize(_dec(c.get("effective_weight")))),
            achievement_text=format_percent(_dec(c["achievement"])),
            points_text=format_number(_quantize(_dec(c.get("points")))),
            rule=c["explanation"]["rule"],
            outcome=c["explanation"]["outcome"],
            notes=list(c["explanation"]["notes"]),
        )
        for c in result["components"]
    ]
    total, share = _dec(result.get("total")), _dec(result.get("bonus_share"))
    position = evaluation.evaluated_position
    return Sheet(
        evaluation=evaluation,
        evaluated=evaluation.evaluated_name or position.holder or str(position),
        role=f"{ROLE_LABELS.get(position.role, position.get_role_display())} — {position.title}",  # type: ignore[call-overload]
        unit=str(position.unit) if position.unit_id else "—",
        evaluator=_evaluator_label(evaluation),
        status=evaluation.get_status_display(),
        policy_label=policy_label,
        scale_min=individual.rating_min,
        scale_max=individual.rating_max,
        lines=lines,
        ratings=[
            RatingLine(r.criterion, r.label, format_number(r.weight), r.rating, format_number(r.rating))
            for r in evaluation.ratings.all()
        ],
        total_text=format_percent(total),
        bonus_share_text=format_percent(share),
        bonus_budget_text=format_euro(evaluation.bonus_budget)
        if evaluation.bonus_budget is not None
        else "—",
        bonus_paid_text=(
            format_euro(paid) if (paid := _bonus_paid(evaluation.bonus_budget, share)) is not None else "—"
        ),
        notes=list(result["explanation"]["notes"]),
        provisional=evaluation.is_open,
    )


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Aggregates:
    """The published figures of a year's individual evaluation (art. 20 D.Lgs. 33/2013).

    Personal data: a figure of a group smaller than the organization's minimum would show one
    person's score or bonus, so it is withheld (`suppressed`, `by_role_withheld`) and says so.
    """

    year: int
    concluded: int
    in_progress: int
    distribution: list[tuple[str, int]]
    mean_text: str
    differentiation_text: str
    budgeted_text: str
    paid_text: str
    by_role: list[tuple[str, int, str]]
    totals: list[Decimal]
    budgeted: Decimal | None
    paid: Decimal | None
    coefficient_of_variation: Decimal | None
    min_group: int = AGGREGATE_MIN_GROUP_DEFAULT
    suppressed: bool = False
    by_role_withheld: list[str] = field(default_factory=list)


def aggregate_min_group(organization: Organization) -> int:
    """The organization's minimum, never below the floor even if the stored value were."""
    stored = getattr(organization, "evaluation_min_group", None) or AGGREGATE_MIN_GROUP_DEFAULT
    return max(int(stored), AGGREGATE_MIN_GROUP_FLOOR)


def _by_role(
    concluded: list[IndividualEvaluation], min_group: int
) -> tuple[list[tuple[str, int, str]], list[str]]:
    """The mean of each role, for roles with enough people; the labels of the others.

    Withholding one small role is not enough: the overall mean and the other roles' means give
    it back. When the withheld roles together are still fewer than the minimum, no role is shown.
    """
    shown: list[tuple[str, int, str]] = []
    withheld: list[str] = []
    withheld_people = 0
    for role, label in ROLE_LABELS.items():
        of_role = [e.total for e in concluded if e.evaluated_position.role == role and e.total is not None]
        if not of_role:
            continue
        if len(of_role) < min_group:
            withheld.append(label)
            withheld_people += len(of_role)
            continue
        shown.append((label, len(of_role), format_percent(sum(of_role, Decimal(0)) / len(of_role))))
    if withheld and withheld_people < min_group:
        withheld.extend(label for label, _, _ in shown)
        shown = []
    return shown, withheld


def evaluation_aggregates(*, organization: Organization, year: int) -> Aggregates:
    """Counted on concluded sheets only: open ones are provisional and would move the figures."""
    evaluations = list(
        IndividualEvaluation.objects.filter(organization=organization, year=year).select_related(
            "evaluated_position"
        )
    )
    concluded = [e for e in evaluations if not e.is_open and e.total is not None]
    min_group = aggregate_min_group(organization)
    if len(concluded) < min_group:
        return Aggregates(
            year=year,
            concluded=len(concluded),
            in_progress=len(evaluations) - len(concluded),
            distribution=[],
            mean_text="—",
            differentiation_text="—",
            budgeted_text="—",
            paid_text="—",
            by_role=[],
            totals=[],
            budgeted=None,
            paid=None,
            coefficient_of_variation=None,
            min_group=min_group,
            suppressed=True,
        )
    totals = [e.total for e in concluded if e.total is not None]
    budgeted = sum((e.bonus_budget for e in concluded if e.bonus_budget is not None), Decimal(0))
    paid = sum(
        (p for e in concluded if (p := _bonus_paid(e.bonus_budget, e.bonus_share)) is not None), Decimal(0)
    )
    cv = coefficient_of_variation(totals)
    by_role, withheld = _by_role(concluded, min_group)
    return Aggregates(
        year=year,
        concluded=len(concluded),
        in_progress=len(evaluations) - len(concluded),
        distribution=score_distribution(totals),
        mean_text=format_percent(sum(totals, Decimal(0)) / len(totals)) if totals else "—",
        differentiation_text=format_percent(cv) if cv is not None else "—",
        budgeted_text=format_euro(budgeted),
        paid_text=format_euro(paid),
        by_role=by_role,
        totals=totals,
        budgeted=budgeted,
        paid=paid,
        coefficient_of_variation=cv,
        min_group=min_group,
        by_role_withheld=withheld,
    )


def scoring_policy_versions(*, organization: Organization) -> list[ScoringPolicy]:
    return list(ScoringPolicy.objects.filter(organization=organization).order_by("-version"))
