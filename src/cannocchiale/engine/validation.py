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

from collections.abc import Mapping
from typing import Any

from cannocchiale.engine.validation_budgets import check_budgets
from cannocchiale.engine.validation_context import Finding, PlanChecker, location_key
from cannocchiale.engine.validation_indicators import (
    SEVERAL_TARGETS,
    check_health,
    check_indicators,
    check_measurements,
)
from cannocchiale.engine.validation_objectives import check_annual_objectives

__all__ = ["SEVERAL_TARGETS", "Finding", "validate_plan"]


def validate_plan(doc: Mapping[str, Any]) -> list[Finding]:
    """All findings of the plan document, in document order."""
    checker = PlanChecker(doc)
    # codes first, so that references may point forward
    checker.collect()
    checker.check_status()
    checker.check_organization()
    checker.check_tree()
    check_budgets(checker)
    check_annual_objectives(checker)
    check_indicators(checker)
    check_measurements(checker)
    check_health(checker)
    return sorted(checker.findings, key=lambda f: location_key(doc, f.location))
