"""The pieces the Relazione and the monitoring report share: scored indicators with their reasons."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cannocchiale.engine.explanation import format_number
from cannocchiale.evaluation.inputs import has_value
from cannocchiale.evaluation.services import PlanScores, ScoredItem
from cannocchiale.monitoring.models import CorrectiveAction, Measurement
from cannocchiale.planning.models import Indicator, Plan
from cannocchiale.reports.documents.common import percent, percent_column, status, text
from cannocchiale.reports.documents.model import Builder, Cell, Column
from cannocchiale.reports.selectors import plan_corrective_actions, plan_measurements
from cannocchiale.reports.simulated import any_simulated

DEVIATION_PREFIX = ". Scostamento: "


@dataclass
class Results:
    plan: Plan
    scores: PlanScores
    by_code: dict[tuple[str, str], ScoredItem]
    measurements: dict[str, list[Measurement]]
    actions: dict[str, CorrectiveAction]

    @property
    def simulated(self) -> bool:
        return any(any_simulated(items) for items in self.measurements.values())

    def score(self, kind: str, code: str) -> ScoredItem | None:
        return self.by_code.get((kind, code))

    def latest(self, code: str) -> Measurement | None:
        # A row with only a note or a file never replaces an earlier value (DESIGN, decided cases).
        items = self.measurements.get(code) or []
        with_result = [m for m in items if has_value(m)]
        return with_result[-1] if with_result else (items[-1] if items else None)

    def actual(self, code: str) -> Measurement | None:
        """The row the figure was scored from: the latest with a value (`evaluation.inputs`)."""
        return next((m for m in reversed(self.measurements.get(code) or []) if has_value(m)), None)

    def reason(self, code: str) -> str:
        """Why an indicator is off target: the corrective action if the round has one, else the note."""
        action = self.actions.get(code)
        if action is not None:
            return f"{action.explanation} Azione correttiva: {action.action}".strip()
        latest = self.latest(code)
        if latest is None:
            return "nessun valore rilevato"
        note = latest.note
        if latest.simulated:
            _, _, reason = note.partition(DEVIATION_PREFIX)
            return (
                f"{reason} (motivazione simulata)" if reason else "motivazione non indicata (valore simulato)"
            )
        return note or latest.justification or "motivazione non indicata"


def results_for(*, plan: Plan, scores: PlanScores, as_of: date | None = None) -> Results:
    """The figures of a document; with `as_of`, only what was recorded up to that date."""
    by_code = {}
    for items in (
        scores.indicators,
        scores.projects,
        scores.strategic_objectives,
        scores.areas,
        scores.annual_objectives,
        scores.assignees,
    ):
        for item in items:
            by_code[(item.kind, item.key)] = item
    return Results(
        plan=plan,
        scores=scores,
        by_code=by_code,
        measurements=plan_measurements(plan=plan, year=plan.year, as_of=as_of),
        actions=plan_corrective_actions(plan=plan, as_of=as_of),
    )


def actual_text(m: Measurement | None) -> str:
    if m is None:
        return "—"
    parts = []
    if m.value is not None:
        parts.append(format_number(m.value.normalize()))
    if m.done is not None:
        parts.append("realizzato" if m.done else "non realizzato")
    if m.completed_on is not None:
        parts.append(f"completato il {m.completed_on:%d/%m/%Y}")
    if m.assessed is not None:
        parts.append(f"valutato {format_number(m.assessed.normalize())} %")
    text_ = ", ".join(parts) or "—"
    if m.simulated:
        text_ += " (simulato)"
    return text_


def actual_cell(m: Measurement | None) -> Cell:
    """The actual as printed, with the number behind it when the actual is a plain value."""
    only_value = m is not None and m.value is not None and m.done is None and m.assessed is None
    simulated = m is not None and m.simulated
    return Cell(
        actual_text(m),
        m.value if only_value and m is not None else None,
        note="valore simulato" if simulated else "",
    )


def indicator_results_table(
    b: Builder, r: Results, caption: str, sheet: str, indicators: list[Indicator], *, explain: bool = True
) -> None:
    year = r.plan.year
    rows = []
    for indicator in indicators:
        scored = r.score("indicator", indicator.code)
        target = next((t.text for t in indicator.targets.all() if t.year == year), None)
        row = [
            Cell(indicator.code, bold=True),
            Cell(indicator.description),
            text(target),
            actual_cell(r.actual(indicator.code)),
            percent(scored.score.achievement if scored else None),
            status(scored.score.status if scored else None),
        ]
        if explain:
            row.append(Cell(scored.explanation_text if scored else "—"))
        rows.append(row)
    columns = [
        Column("Codice", 2),
        Column("Indicatore", 7),
        Column(f"Target {year}", 3),
        Column("Valore rilevato", 3),
        percent_column("Raggiungimento"),
        Column("Semaforo", 3),
    ]
    if explain:
        columns.append(Column("Come è calcolato", 6))
    b.table(caption, sheet, columns, rows, group="indicatori")


def deviations_table(b: Builder, r: Results, caption: str, sheet: str) -> int:
    rows = []
    for item in r.scores.indicators:
        # The policy decides what deviates (`ScoringPolicy.deviates`), as in the monitoring round.
        if not r.scores.policy.deviates(item.score.achievement) and not item.score.flagged:
            continue
        rows.append(
            [
                Cell(item.key, bold=True),
                Cell(item.label),
                percent(item.score.achievement),
                status(item.score.status),
                Cell(r.reason(item.key)),
            ]
        )
    if rows:
        b.table(
            caption,
            sheet,
            [
                Column("Codice", 2),
                Column("Indicatore", 7),
                percent_column("Raggiungimento"),
                Column("Semaforo", 3),
                Column("Motivazione dello scostamento", 7),
            ],
            rows,
        )
    else:
        b.paragraph("Nessuno scostamento: tutti gli indicatori hanno raggiunto il target.")
    return len(rows)
