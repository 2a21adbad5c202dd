"""The demo's second data set: simulated 2018 measurements on the Lucca plan, marked as such.

The seed has the plan but not its results; the Relazione and the evaluations need a year of
actual values to work on. The values are invented (see the data file's header) and each one
is stored with the `simulated` flag (and, for the reader, the note «Valore simulato»); every page
and document reading the flag says so.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.audit.services import audit_record
from cannocchiale.core.errors import ImportFailed
from cannocchiale.evaluation.freshness import bump_data_version
from cannocchiale.interchange.yaml_io import load_text
from cannocchiale.monitoring.models import Measurement
from cannocchiale.planning.models import Indicator, Plan
from cannocchiale.reports.simulated import SIMULATED_NOTE

MEASUREMENTS_RESOURCE = "lucca_2018_measurements.yaml"
FORMAT = "cannocchiale/measurements@1"


def demo_measurements_data() -> dict[str, Any]:
    text = resources.files("cannocchiale.demo").joinpath(MEASUREMENTS_RESOURCE).read_text("utf-8")
    data: dict[str, Any] = load_text(text, source=f"cannocchiale/demo/{MEASUREMENTS_RESOURCE}").data
    return data


def simulated_measurements_import(
    *,
    access: Access,
    plan: Plan,
    data: dict[str, Any],
    actor: AbstractBaseUser | AnonymousUser | None = None,
    actor_name: str = "",
) -> int:
    """Replace the plan's simulated measurements with those of `data`; real ones are left alone.

    All or nothing: an unknown indicator or a value without the simulated note stops the import.
    """
    access.require(
        access.can_edit_plan(),
        organization_id=plan.organization_id,
        message=_("solo l'Ufficio Programmazione e controllo carica le rilevazioni"),
    )
    if data.get("format") != FORMAT or data.get("simulated") is not True:
        raise ImportFailed([f"il data set deve avere format: {FORMAT} e simulated: true"])
    if data.get("organization") != plan.organization.code:
        raise ImportFailed([f"il data set è dell'ente «{data.get('organization')}», non di questo piano"])
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan)}
    items: list[dict[str, Any]] = data.get("measurements") or []
    problems = [
        f"measurements[{n}]: indicatore «{item.get('indicator')}» sconosciuto"
        for n, item in enumerate(items)
        if item.get("indicator") not in indicators
    ] + [
        f"measurements[{n}]: la nota deve iniziare con «{SIMULATED_NOTE}»"
        for n, item in enumerate(items)
        if not str(item.get("note") or "").startswith(SIMULATED_NOTE)
    ]
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        previous = Measurement.objects.filter(indicator__plan=plan, simulated=True)
        before = previous.count()
        previous.delete()
        # A real value at the date of a simulated one wins: one measurement per indicator and date.
        real = set(Measurement.objects.filter(indicator__plan=plan).values_list("indicator_id", "date"))
        loaded = [
            m
            for m in (_measurement(plan, indicators[item["indicator"]], item) for item in items)
            if (m.indicator_id, m.date) not in real
        ]
        Measurement.objects.bulk_create(loaded)
        bump_data_version(plan)
        audit_record(
            organization=plan.organization,
            actor=actor,
            actor_name=actor_name,
            action="measurement.simulated_import",
            object_type="planning.Plan",
            object_id=str(plan.pk),
            object_repr=str(plan),
            before={"simulated_measurements": before},
            after={"simulated_measurements": len(loaded)},
            reason="dati simulati della demo",
        )
    return len(loaded)


def _measurement(plan: Plan, indicator: Indicator, item: dict[str, Any]) -> Measurement:
    return Measurement(
        organization=plan.organization,
        indicator=indicator,
        date=_date(item["date"]),
        value=_decimal(item.get("value")),
        done=item.get("done"),
        completed_on=_date(item["completed_on"]) if item.get("completed_on") else None,
        assessed=_decimal(item.get("assessed")),
        justification=item.get("justification") or "",
        note=item["note"],
        simulated=True,
        entered_by_name=item.get("entered_by") or "",
    )


def _date(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))
