"""A monitoring report is as of its round's date: nothing recorded after it, and it says the date.

The demo holds values at 30 June and at 31 December (1D.1: 1,2 then 2,2); the report at 30 June
must print 1,2 beside the percentage computed from it, and no completion dated after June.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from cannocchiale.evaluation.inputs import has_value
from cannocchiale.monitoring.models import Measurement
from cannocchiale.reports.documents.build import build_document
from cannocchiale.reports.documents.model import Document, Facts
from cannocchiale.reports.documents.monitoraggio import build_monitoraggio
from cannocchiale.reports.documents.results import actual_text
from cannocchiale.reports.render.pdf import document_html
from tests.reports.conftest import load_demo

JUNE = date(2018, 6, 30)
COMPLETED = re.compile(r"completato il (\d{2})/(\d{2})/(\d{4})")


def actual_cells(document: Document) -> dict[str, str]:
    cells: dict[str, str] = {}
    for table in document.tables():
        labels = [c.label for c in table.columns]
        if "Valore rilevato" in labels and labels[0] == "Codice":
            at = labels.index("Valore rilevato")
            cells.update({row[0].text: row[at].text for row in table.rows})
    return cells


def test_the_report_at_30_june_prints_the_values_recorded_by_30_june(db: None) -> None:
    plan, _ = load_demo()
    document = build_monitoraggio(plan=plan, as_of=JUNE)
    cells = actual_cells(document)
    assert cells, "no indicator table"
    later = Measurement.objects.filter(indicator__plan=plan, date__gt=JUNE).exclude(value=None)
    assert later.exists(), "the demo must hold values after June for this test to mean anything"
    for code, printed in cells.items():
        rows = [
            m
            for m in Measurement.objects.filter(indicator__plan=plan, indicator__code=code, date__lte=JUNE)
            .filter(date__year=plan.year)
            .order_by("date", "pk")
            if has_value(m)
        ]
        assert printed == actual_text(rows[-1] if rows else None), code
    assert cells["1D.1"].startswith("1,2")


def test_no_completion_after_the_round_date_appears(db: None) -> None:
    plan, _ = load_demo()
    document = build_monitoraggio(plan=plan, as_of=JUNE)
    texts = [c.text for t in document.tables() for row in t.rows for c in row]
    dates = [date(int(y), int(m), int(d)) for text in texts for d, m, y in COMPLETED.findall(text)]
    assert all(d <= JUNE for d in dates), [d for d in dates if d > JUNE]


def test_the_report_says_its_date(db: None) -> None:
    plan, _ = load_demo()
    document = build_monitoraggio(plan=plan, as_of=JUNE)
    facts = [v for b in document.blocks if isinstance(b, Facts) for _, v in b.items]
    assert any("30/06/2018" in v for v in facts) or "30/06/2018" in document.subtitle


def test_every_id_of_a_document_page_is_unique(db: None) -> None:
    plan, _ = load_demo()
    for kind in ("piano", "relazione", "monitoraggio"):
        html = document_html(build_document(kind=kind, plan=plan))
        repeated = {k: n for k, n in Counter(re.findall(r'\bid="([^"]+)"', html)).items() if n > 1}
        assert repeated == {}, kind
