"""The Relazione states only what is recorded, and in words a reader understands.

Read as the OIV would: the summary must not claim a validation that does not exist, must name
the act of one that does, must count as measured only the indicators with a recorded value, and
must never print an engine identifier.
"""

from __future__ import annotations

import re
from datetime import date

from cannocchiale.health.models import FinancialValue
from cannocchiale.health.services import health_report
from cannocchiale.monitoring.models import Measurement
from cannocchiale.oversight.models import Validation
from cannocchiale.planning.models import Indicator, Plan
from cannocchiale.reports.documents.build import build_document
from cannocchiale.reports.documents.model import Bullets, Document, Facts, Heading, Paragraph, Table
from cannocchiale.reports.documents.relazione import build_relazione
from tests.reports.conftest import load_demo

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z_]+\b")


def words(document: Document) -> str:
    parts: list[str] = []
    for block in document.blocks:
        if isinstance(block, (Heading, Paragraph)):
            parts.append(block.text)
        elif isinstance(block, Bullets):
            parts.extend(block.items)
        elif isinstance(block, Facts):
            parts.extend(f"{k}: {v}" for k, v in block.items)
        elif isinstance(block, Table):
            parts.append(block.caption)
            parts.extend(cell.text for row in block.rows + block.totals for cell in row)
    return "\n".join(parts)


def validated(plan: Plan) -> None:
    """The OIV's act on the plan's Relazione, as the OIV page records it."""
    Validation.objects.create(
        organization=plan.organization,
        plan=plan,
        year=plan.year,
        kind=Validation.Kind.RELAZIONE,
        outcome=Validation.Outcome.VALIDATED,
        act_reference="Verbale OIV n. 7",
        act_date=date(2019, 6, 20),
    )


def test_without_a_recorded_validation_the_relazione_does_not_claim_one(db: None) -> None:
    plan, _ = load_demo()
    text = words(build_relazione(plan=plan))
    assert "validata dall'OIV" not in text
    assert "non è ancora registrata" in text


def test_a_recorded_validation_is_named_with_its_act_and_date(db: None) -> None:
    plan, _ = load_demo()
    validated(plan)
    text = words(build_relazione(plan=plan))
    assert "Verbale OIV n. 7 del 20/06/2019" in text
    assert "non è ancora registrata" not in text


def test_the_summary_counts_as_measured_only_indicators_with_a_recorded_value(db: None) -> None:
    plan, _ = load_demo()

    def counted() -> tuple[int, int]:
        facts = dict(next(b for b in build_relazione(plan=plan).blocks if isinstance(b, Facts)).items)
        return int(facts["Indicatori con un valore rilevato"]), int(facts["Indicatori del Piano"])

    with_value = Measurement.objects.filter(indicator__plan=plan, date__year=plan.year).exclude(
        value=None, done=None, assessed=None, completed_on=None
    )
    measured, listed = counted()
    assert measured == with_value.values("indicator").distinct().count()
    assert measured < listed
    # A note without a value on an unmeasured indicator does not make it measured.
    unmeasured = Indicator.objects.filter(plan=plan).exclude(pk__in=with_value.values("indicator")).first()
    assert unmeasured is not None
    Measurement.objects.create(
        organization=plan.organization, indicator=unmeasured, date=date(plan.year, 6, 30), note="in corso"
    )
    assert counted() == (measured, listed)


def test_no_engine_identifier_is_printed(db: None) -> None:
    plan, _ = load_demo()
    found = IDENTIFIER.findall(words(build_relazione(plan=plan)))
    assert found == []


def test_every_health_figure_says_its_source_and_a_forecast_is_never_called_the_year_end(db: None) -> None:
    plan, _ = load_demo()
    document = build_relazione(plan=plan)
    table = next(t for t in document.tables() if t.sheet == "Stato di salute")
    figures = [cell.text for row in table.rows for cell in row[1:3] if cell.text != "—"]
    assert figures
    assert all(text.endswith(")") and "(" in text for text in figures)
    # The seed gives 2017 as pre-consuntivo and 2018 as preventivo for the economic balance.
    balance = next(row for row in table.rows if row[0].text.startswith("Equilibrio economico"))
    assert balance[1].text.endswith("(pre-consuntivo)")
    assert balance[2].text.endswith("(preventivo)")
    heading = next(b for b in document.blocks if isinstance(b, Heading) and b.anchor == "salute")
    assert "a fine" not in heading.text
    assert "non sono tutti di consuntivo" in words(document)


def test_a_figure_is_as_final_as_its_least_final_input(db: None) -> None:
    plan, _ = load_demo()
    report = health_report(organization=plan.organization, year=plan.year)
    balance = next(r for r in report.indicators if r.name.startswith("Equilibrio economico"))
    year = next(y for y in balance.years if y.year == plan.year)
    assert year.source == "forecast"
    # One input turned into consuntivo leaves the figure a forecast while another input is one.
    values = FinancialValue.objects.filter(item__plan=plan, year=plan.year)
    first = values.exclude(status="final").first()
    assert first is not None
    FinancialValue.objects.filter(pk=first.pk).update(status="final")
    again = health_report(organization=plan.organization, year=plan.year)
    balance = next(r for r in again.indicators if r.name.startswith("Equilibrio economico"))
    assert next(y for y in balance.years if y.year == plan.year).source != "final"
    values.update(status="final")
    final = health_report(organization=plan.organization, year=plan.year)
    balance = next(r for r in final.indicators if r.name.startswith("Equilibrio economico"))
    assert next(y for y in balance.years if y.year == plan.year).source_label == "consuntivo"


def test_the_cover_states_the_plans_version_state_and_only_recorded_acts(db: None) -> None:
    plan, _ = load_demo()
    cover = dict(build_document(kind="relazione", plan=plan).cover)
    assert cover["Piano"] == f"{plan.year}, versione {plan.version} (bozza)"
    assert cover["Approvazione"] == "non ancora approvato"
    assert cover["Validazione dell'OIV"] == "non ancora registrata"
    Plan.objects.filter(pk=plan.pk).update(status=Plan.Status.APPROVED)
    plan.refresh_from_db()
    assert dict(build_document(kind="piano", plan=plan).cover)["Approvazione"] == (
        "atto di approvazione non registrato"
    )
    Plan.objects.filter(pk=plan.pk).update(
        approval_act="Delibera di Giunta n. 9", approval_date=date(2018, 1, 30)
    )
    plan.refresh_from_db()
    validated(plan)
    cover = dict(build_document(kind="relazione", plan=plan).cover)
    assert cover["Approvazione"] == "Delibera di Giunta n. 9 del 30/01/2018"
    assert cover["Validazione dell'OIV"].endswith("Verbale OIV n. 7 del 20/06/2019")
    assert "Validazione dell'OIV" not in dict(build_document(kind="piano", plan=plan).cover)
