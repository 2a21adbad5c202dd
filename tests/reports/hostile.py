"""A plan whose every printed text was typed by an attacker: the full-features plan with each
text field (plan, tree, targets, measurement notes, corrective actions, the OIV's remarks)
replaced by a text the caller chooses for it, so that a test can look for it in each document.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import LoadedDocument, load_file
from cannocchiale.monitoring.models import CorrectiveAction, MonitoringRound, Submission
from cannocchiale.oversight.models import Validation
from cannocchiale.planning.models import Indicator, Plan
from tests.web.helpers import FIXTURES

# Where each field is printed: the documents (piano, relazione, monitoraggio) that must show it.
PIANO, RELAZIONE, MONITORAGGIO = "piano", "relazione", "monitoraggio"
ALL = (PIANO, RELAZIONE, MONITORAGGIO)
FIELDS: dict[str, tuple[str, ...]] = {
    "organization.name": (PIANO,),  # the other two print it too, but only in the running header
    "organization.mission": (PIANO,),
    "organization.vision": (PIANO,),
    "organization.value": (PIANO,),
    "unit.name": (PIANO,),
    "position.title": (PIANO,),
    "position.holder": (PIANO,),
    "plan.title": (PIANO,),
    "plan.mission": (PIANO,),
    "plan.revision_reason": (PIANO,),
    "plan.approval_act": (PIANO,),
    "area.title": ALL,
    "area.description": (),
    "objective.title": (PIANO, RELAZIONE),
    "objective.description": (PIANO,),
    "indicator.description": ALL,
    "target.text": ALL,
    "programme.description": (PIANO,),
    "project.title": (PIANO, RELAZIONE),
    "annual.title": (PIANO, RELAZIONE),
    "annual.description": (PIANO,),
    "annual.activity": (PIANO,),
    "measurement.note": (RELAZIONE, MONITORAGGIO),
    "measurement.justification": (RELAZIONE, MONITORAGGIO),
    "health.name": (PIANO, RELAZIONE),
    "health.target": (PIANO, RELAZIONE),
    "calendar.phase": (PIANO,),
    "calendar.actor": (PIANO,),
    "round.name": (MONITORAGGIO,),
    "corrective.explanation": (RELAZIONE, MONITORAGGIO),
    "corrective.action": (RELAZIONE, MONITORAGGIO),
    "oiv.remarks": (RELAZIONE,),
    "oiv.act": (RELAZIONE,),
    # Codes are free text too (up to 64 characters): they also name sheets and anchors.
    "position.code": (RELAZIONE,),
    "annual.code": (PIANO, RELAZIONE),
}


def hostile_plan(text: Callable[[str], str]) -> Plan:
    """Imports the plan with `text(field)` in every field of FIELDS and adds a monitoring round with
    a corrective action and the OIV's validation of the Relazione; returns the plan."""
    document = load_file(FIXTURES / "full_features.yaml")
    data: dict[str, Any] = document.data
    org, plan = data["organization"], data["plan"]
    org["name"] = text("organization.name")
    org["mission"] = text("organization.mission")
    org["vision"] = text("organization.vision")
    org["values"] = [text("organization.value")]
    org["units"][2]["name"] = text("unit.name")
    org["positions"][0]["title"] = text("position.title")
    org["positions"][0]["holder"] = text("position.holder")
    director = org["positions"][1]["code"]
    org["positions"][1]["code"] = text("position.code")
    for objective in data["plan"]["annual_objectives"]:
        if objective.get("assignee") == director:
            objective["assignee"] = text("position.code")
    plan["title"] = text("plan.title")
    plan["mission"] = text("plan.mission")
    plan["revision_reason"] = text("plan.revision_reason")
    plan["approval"]["act"] = text("plan.approval_act")
    area = plan["areas"][0]
    area["title"] = text("area.title")
    area["description"] = text("area.description")
    objective = area["objectives"][0]
    objective["title"] = text("objective.title")
    objective["description"] = text("objective.description")
    objective["indicators"][0]["description"] = text("indicator.description")
    objective["indicators"][0]["targets"][1]["text"] = text("target.text")
    programme = objective["programmes"][0]
    programme["description"] = text("programme.description")
    programme["projects"][0]["title"] = text("project.title")
    annual = plan["annual_objectives"][1]
    annual["title"] = text("annual.title")
    annual["description"] = text("annual.description")
    annual["activities"] = [text("annual.activity")]
    unreferenced = plan["annual_objectives"][2]
    assert unreferenced["code"] == "SG-2"
    unreferenced["code"] = text("annual.code")
    # 2A.1 measured below its target ("almeno 2 iniziative"): its note is the deviation's reason.
    plan["measurements"].append(
        {"indicator": "2A.1", "date": "2018-12-31", "value": 1, "note": text("measurement.note")}
    )
    # ENTE-1.1 (target "< 4gg") at 9 days, explained only by the justification.
    plan["measurements"].append(
        {
            "indicator": "ENTE-1.1",
            "date": "2018-12-31",
            "value": 9,
            "justification": text("measurement.justification"),
        }
    )
    plan["health_indicators"][0]["name"] = text("health.name")
    plan["health_indicators"][0]["targets"][0]["text"] = text("health.target")
    plan["calendar"][0]["phase"] = text("calendar.phase")
    plan["calendar"][0]["actors"] = [text("calendar.actor")]
    result = plan_import(document=LoadedDocument(data, {}, "hostile.yaml"))
    saved = Plan.objects.get(organization__code=result.organization_code, year=result.year)
    _monitoring_and_oversight(saved, text)
    return saved


def _monitoring_and_oversight(plan: Plan, text: Callable[[str], str]) -> None:
    organization = plan.organization
    monitoring_round = MonitoringRound.objects.create(
        organization=organization,
        plan=plan,
        name=text("round.name"),
        as_of=date(2018, 12, 31),
        due_date=date(2019, 1, 31),
        final=True,
    )
    # 1B.1 has no value: it is off target, and its corrective action is the reason printed.
    submission = Submission.objects.create(
        organization=organization,
        round=monitoring_round,
        indicator=Indicator.objects.get(plan=plan, code="1B.1"),
        state=Submission.State.ACCEPTED,
        off_target=True,
    )
    CorrectiveAction.objects.create(
        organization=organization,
        submission=submission,
        explanation=text("corrective.explanation"),
        action=text("corrective.action"),
    )
    Validation.objects.create(
        organization=organization,
        plan=plan,
        year=plan.year,
        kind=Validation.Kind.RELAZIONE,
        outcome=Validation.Outcome.VALIDATED_WITH_REMARKS,
        act_reference=text("oiv.act"),
        act_date=date(2019, 6, 20),
        remarks=text("oiv.remarks"),
    )
