"""The Relazione says, in its first section, how the OIV validated it."""

from __future__ import annotations

import datetime as dt

from cannocchiale.oversight.services import validation_record
from cannocchiale.reports.documents.model import Facts, Heading, Paragraph
from cannocchiale.reports.documents.relazione import build_relazione
from tests.oversight.helpers import access, plan_of
from tests.web.helpers import World


def _first_section(world: World) -> list[object]:
    blocks = build_relazione(plan=plan_of(world)).blocks
    headings = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1]
    return blocks[headings[0] : headings[1]]


def test_without_a_validation_the_relazione_says_nothing_of_it(world: World) -> None:
    texts = [b.text for b in _first_section(world) if isinstance(b, Paragraph)]
    assert not any("Validazione dell'OIV" in t for t in texts)


def test_the_relazione_prints_the_outcome_act_and_remarks_of_the_oiv(world: World) -> None:
    validation_record(
        access=access(world, "oiv"),
        plan=plan_of(world),
        kind="relazione",
        outcome="validated_with_remarks",
        act_reference="Verbale OIV n. 4",
        act_date=dt.date(2019, 6, 25),
        remarks="Motivare gli scostamenti di 2A",
        actor=world.users["oiv"],
    )
    section = _first_section(world)
    texts = [b.text for b in section if isinstance(b, Paragraph)]
    assert "Validazione dell'OIV: validata con osservazioni (Verbale OIV n. 4 del 25/06/2019)." in texts
    facts = [item for b in section if isinstance(b, Facts) for item in b.items]
    assert ("Osservazioni dell'OIV", "Motivare gli scostamenti di 2A") in facts
