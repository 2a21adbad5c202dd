"""Versions of a plan: a revision copies the approved plan through the plan file, and two versions
can be compared section by section.

The copy goes through export and import on purpose: the plan file is the one way in for data, so a
new version holds exactly what a file would, and the differences are read from the same documents.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.audit.services import audit_record
from cannocchiale.interchange.exporter import plan_export
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import dump_text, load_text
from cannocchiale.planning.models import Plan
from cannocchiale.planning.services import LifecycleError


def plan_document(plan: Plan) -> dict[str, Any]:
    """The plan as its plan file reads back: the same types (numbers, dates) a file would give."""
    data: dict[str, Any] = load_text(
        dump_text(plan_export(plan)), source=f"piano {plan.year} v{plan.version}"
    ).data
    return data


def plan_revise(
    *, access: Access, plan: Plan, reason: str, actor: AbstractBaseUser | AnonymousUser | None
) -> Plan:
    """A new draft version of an approved or published plan, with the reason for the revision.

    The draft copies the plan, not its cycle: rounds, measurements, evidence, comments stay on the
    version in force, where every page keeps finding them, and move to the new version when it is
    approved (`carry_over`). The audit records what that approval would not be able to match.
    """
    from cannocchiale.planning.carry_over import carry_over_preview

    access.require(
        access.can_manage_lifecycle(),
        organization_id=plan.organization_id,
        message=_("solo l'Ufficio Programmazione e controllo gestisce il ciclo del piano"),
    )
    if not reason.strip():
        raise LifecycleError(_("indicare il motivo della revisione"))
    with transaction.atomic():
        # Locked and read again: two revisions at once must not both start from the same version.
        plan = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
        if plan.status == Plan.Status.DRAFT:
            raise LifecycleError(
                _("un piano in bozza si modifica direttamente: la revisione serve dopo l'approvazione")
            )
        latest = (
            Plan.objects.filter(organization=plan.organization_id, year=plan.year)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.pk != plan.pk:
            raise LifecycleError(
                _("esiste già la versione %(version)s: si rivede l'ultima versione")
                % {"version": latest.version}
            )
        data = plan_document(plan)
        data["plan"].update(
            {
                "version": plan.version + 1,
                "status": Plan.Status.DRAFT.value,
                "revision_reason": reason.strip(),
            }
        )
        data["plan"].pop("approval", None)
        data["plan"].pop("measurements", None)  # the cycle's, carried over at approval
        result = plan_import(document=load_text(dump_text(data), source=f"revisione di {plan}"), actor=actor)
        revised = Plan.objects.get(
            organization=plan.organization_id, year=result.year, version=result.version
        )
        audit_record(
            organization=plan.organization,
            actor=actor,
            action="plan.revise",
            object_type="planning.Plan",
            object_id=str(revised.pk),
            object_repr=str(revised),
            before={"version": plan.version, "status": plan.status},
            after={
                "version": revised.version,
                "status": revised.status,
                "unmatched": carry_over_preview(revised).unmatched,
            },
            reason=reason.strip(),
        )
    return revised


# --- differences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass
class DiffEntry:
    code: str
    label: str
    kind: str  # added, removed, changed
    changes: list[Change] = field(default_factory=list)

    @property
    def kind_text(self) -> str:
        return {"added": "aggiunto", "removed": "eliminato", "changed": "modificato"}[self.kind]


@dataclass
class DiffSection:
    title: str
    entries: list[DiffEntry]


def _text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(_text(v) for v in value)
    return str(value)


def _walk_tree(plan: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for area in plan.get("areas") or []:
        yield "area", area
        for objective in area.get("objectives") or []:
            yield "objective", objective
            for programme in objective.get("programmes") or []:
                yield "programme", programme
                for project in programme.get("projects") or []:
                    yield "project", project


def _indicators(plan: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    owners = [item for kind, item in _walk_tree(plan) if kind in ("objective", "project")]
    owners += list(plan.get("annual_objectives") or [])
    for owner in owners:
        for indicator in owner.get("indicators") or []:
            found[str(indicator["code"])] = indicator
    return found


def _budgets(plan: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    found: dict[str, Mapping[str, Any]] = {}
    for kind, item in _walk_tree(plan):
        if kind in ("objective", "project"):
            for budget in item.get("budgets") or []:
                found[f"{item['code']} {budget['year']}"] = budget
    return found


def _compare(
    old: Mapping[str, Mapping[str, Any]],
    new: Mapping[str, Mapping[str, Any]],
    fields: Mapping[str, str],
    label: str = "title",
) -> list[DiffEntry]:
    entries = []
    for code, item in new.items():
        if code not in old:
            entries.append(DiffEntry(code, _text(item.get(label)), "added"))
            continue
        changes = [
            Change(name, _text(old[code].get(key)), _text(item.get(key)))
            for key, name in fields.items()
            if _text(old[code].get(key)) != _text(item.get(key))
        ]
        if changes:
            entries.append(DiffEntry(code, _text(item.get(label)), "changed", changes))
    entries += [
        DiffEntry(code, _text(item.get(label)), "removed") for code, item in old.items() if code not in new
    ]
    return entries


def _targets(indicator: Mapping[str, Any]) -> dict[str, Any]:
    return {f"target {t['year']}": t.get("text") for t in indicator.get("targets") or []}


def plan_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[DiffSection]:
    """What changed from `old` to `new` (two plan documents), section by section."""
    old_plan, new_plan = old["plan"], new["plan"]

    def tree(kind: str, plan: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
        return {str(item["code"]): item for k, item in _walk_tree(plan) if k == kind}

    def with_targets(plan: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
        return {code: {**i, **_targets(i)} for code, i in _indicators(plan).items()}

    old_ind, new_ind = with_targets(old_plan), with_targets(new_plan)
    years = sorted({k for i in [*old_ind.values(), *new_ind.values()] for k in i if k.startswith("target ")})
    indicator_fields = {"description": "descrizione", "unit": "unità", "source": "fonte", "weight": "peso"}
    indicator_fields |= {key: key for key in years}
    annual = {str(o["code"]): o for o in old_plan.get("annual_objectives") or []}
    annual_new = {str(o["code"]): o for o in new_plan.get("annual_objectives") or []}
    budget_fields = {"costs": "oneri", "revenues": "proventi", "investments": "investimenti"}
    return [
        DiffSection(
            "Aree strategiche", _compare(tree("area", old_plan), tree("area", new_plan), {"title": "titolo"})
        ),
        DiffSection(
            "Obiettivi strategici",
            _compare(
                tree("objective", old_plan),
                tree("objective", new_plan),
                {"title": "titolo", "description": "descrizione", "owner": "area dirigenziale"},
            ),
        ),
        DiffSection(
            "Programmi",
            _compare(tree("programme", old_plan), tree("programme", new_plan), {"title": "titolo"}),
        ),
        DiffSection(
            "Progetti",
            _compare(
                tree("project", old_plan),
                tree("project", new_plan),
                {
                    "title": "titolo",
                    "description": "descrizione",
                    "offices": "uffici",
                    "actions": "azioni",
                    "results": "risultati attesi",
                },
            ),
        ),
        DiffSection("Indicatori e target", _compare(old_ind, new_ind, indicator_fields, label="description")),
        DiffSection(
            "Obiettivi annuali e pesi",
            _compare(annual, annual_new, {"title": "titolo", "weight": "peso", "assignee": "assegnatario"}),
        ),
        DiffSection(
            "Budget",
            _compare(_budgets(old_plan), _budgets(new_plan), budget_fields, label="year"),
        ),
    ]
