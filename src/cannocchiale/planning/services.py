"""Writes to the plan: targets, indicators, projects, budgets, and the plan's lifecycle.

Every write checks the caller's `Access` itself, happens inside a transaction, only while the
plan allows it (its status read again under the plan's row lock, so that an approval at the same
moment is either before the edit or refuses it), and is recorded in the audit log with who,
before and after. Pages, the CLI and the API all change the plan through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cannocchiale.accounts.access import Access
from cannocchiale.audit.selectors import last_editor
from cannocchiale.audit.services import audit_record
from cannocchiale.core.concurrency import EditConflict
from cannocchiale.core.errors import CannocchialeError, StateConflict
from cannocchiale.engine.target_parser import TARGET_MAX_LENGTH, TargetTooLong, declared_of, parse_target
from cannocchiale.evaluation.freshness import bump_data_version
from cannocchiale.organization.models import OrgUnit
from cannocchiale.planning.models import Budget, Indicator, Plan, Project, ProjectOffice, Target

Actor = AbstractBaseUser | AnonymousUser | None


class PlanLocked(StateConflict):
    """The plan is approved or published: only a new version may change it."""


class LifecycleError(StateConflict):
    """A step of the plan's lifecycle that is not possible from its current state."""


def _ensure_draft(plan: Plan) -> None:
    if plan.status != Plan.Status.DRAFT:
        raise PlanLocked(
            f"il piano {plan.year} versione {plan.version} è {plan.get_status_display().lower()}: "
            "per modificarlo serve una revisione (nuova versione)"
        )


def _draft_locked(plan: Plan) -> Plan:
    """Inside the writer's transaction: the plan's row locked (as rescoring locks it: FOR NO KEY
    UPDATE, which an approval's FOR UPDATE waits for) and its status read again. Checked before
    the transaction, an approval committed in between would let the edit change an approved plan."""
    locked = Plan.objects.select_for_update(no_key=True).get(pk=plan.pk)
    _ensure_draft(locked)
    return locked


def _may_edit(access: Access, plan: Plan) -> None:
    access.require(
        access.can_edit_plan(),
        organization_id=plan.organization_id,
        message=_("solo l'Ufficio Programmazione e controllo modifica il piano"),
    )


def _may_manage(access: Access, plan: Plan) -> None:
    access.require(
        access.can_manage_lifecycle(),
        organization_id=plan.organization_id,
        message=_("solo l'Ufficio Programmazione e controllo gestisce il ciclo del piano"),
    )


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _target_conflict(target: Target, current: Target) -> EditConflict:
    who = last_editor(
        organization_id=target.organization_id, object_type="planning.Target", object_id=target.pk
    )
    return EditConflict(
        _(
            "Mentre modificavi questo target, %(who)s lo ha cambiato: ora è «%(text)s». "
            "Le tue modifiche non sono state salvate: rileggi il target e, se serve, modificalo di nuovo."
        )
        % {"who": who, "text": current.text}
    )


def target_update(
    *, access: Access, target: Target, text: str, actor: Actor, version: int | None = None
) -> Target:
    """A new text for the target, parsed again: its structured form is replaced, never kept stale.

    `version` is the row's version the form was read at: when someone saved the target since,
    nothing is saved and `EditConflict` says what the target is now."""
    plan = target.indicator.plan
    _may_edit(access, plan)
    text = text.strip()
    if not text:
        raise CannocchialeError("il testo del target non può essere vuoto")
    if len(text) > TARGET_MAX_LENGTH:
        # Refused before parsing: the parser's time grows faster than the phrase's length.
        raise CannocchialeError(str(TargetTooLong(len(text))))
    with transaction.atomic():
        # The plan's lock first (rescoring needs it, and the audit chain's comes after): one order for all.
        _draft_locked(plan)
        # Locked until the end of the transaction: the version compared is the one overwritten.
        current = Target.objects.select_for_update().get(pk=target.pk)
        if version is not None and current.version != version:
            raise _target_conflict(target, current)
        before = {"text": current.text, "structured": current.structured}
        indicator = target.indicator
        parsed = parse_target(
            text, year=target.year, declared=declared_of(indicator.polarity, indicator.unit, None)
        )
        target.text = parsed.text
        target.kind = parsed.kind
        target.structured = parsed.to_dict()
        target.version = current.version + 1
        target.save(update_fields=["text", "kind", "structured", "version"])
        audit_record(
            organization=plan.organization,
            actor=actor,
            action="target.update",
            object_type="planning.Target",
            object_id=str(target.pk),
            object_repr=f"target {target.year} dell'indicatore {target.indicator.code}",
            before=before,
            after={"text": target.text, "structured": target.structured},
        )
        bump_data_version(plan, indicators=[target.indicator_id])
    return target


def indicator_update(
    *, access: Access, indicator: Indicator, description: str, unit: str, source: str, actor: Actor
) -> Indicator:
    _may_edit(access, indicator.plan)
    description = description.strip()
    if not description:
        raise CannocchialeError("la descrizione dell'indicatore non può essere vuota")
    fields = ("description", "unit", "source")
    with transaction.atomic():
        _draft_locked(indicator.plan)
        before = {f: getattr(indicator, f) for f in fields}
        indicator.description, indicator.unit, indicator.source = description, unit.strip(), source.strip()
        indicator.save(update_fields=list(fields))
        audit_record(
            organization=indicator.plan.organization,
            actor=actor,
            action="indicator.update",
            object_type="planning.Indicator",
            object_id=str(indicator.pk),
            object_repr=f"indicatore {indicator.code}",
            before=before,
            after={f: getattr(indicator, f) for f in fields},
        )
    return indicator


def _lines(items: Sequence[str]) -> list[str]:
    return [line.strip() for line in items if line.strip()]


def project_update(
    *,
    access: Access,
    project: Project,
    title: str,
    description: str,
    actions: Sequence[str],
    results: Sequence[str],
    offices: Sequence[OrgUnit],
    actor: Actor,
) -> Project:
    plan = project.plan
    _may_edit(access, plan)
    title = title.strip()
    if not title:
        raise CannocchialeError("il titolo del progetto non può essere vuoto")
    foreign = [u.code for u in offices if u.organization_id != plan.organization_id]
    if foreign:
        raise CannocchialeError(f"uffici di un altro ente: {', '.join(foreign)}")
    with transaction.atomic():
        _draft_locked(plan)
        before = _project_state(project)
        project.title, project.description = title, description.strip()
        project.actions, project.results = _lines(actions), _lines(results)
        project.save(update_fields=["title", "description", "actions", "results"])
        ProjectOffice.objects.filter(project=project).delete()
        ProjectOffice.objects.bulk_create(
            ProjectOffice(organization_id=plan.organization_id, project=project, unit=unit, position=index)
            for index, unit in enumerate(offices)
        )
        after = _project_state(project)
        audit_record(
            organization=plan.organization,
            actor=actor,
            action="project.update",
            object_type="planning.Project",
            object_id=str(project.pk),
            object_repr=f"progetto {project.code}",
            before=before,
            after=after,
        )
    return project


def _project_state(project: Project) -> dict[str, Any]:
    return {
        "title": project.title,
        "description": project.description,
        "actions": list(project.actions),
        "results": list(project.results),
        "offices": list(
            ProjectOffice.objects.filter(project=project)
            .order_by("position")
            .values_list("unit__code", flat=True)
        ),
    }


def budget_update(
    *,
    access: Access,
    budget: Budget,
    costs: Decimal | None,
    revenues: Decimal | None,
    investments: Decimal | None,
    actor: Actor,
) -> Budget:
    plan = budget.plan
    _may_edit(access, plan)
    fields = ("costs", "revenues", "investments")
    owner = budget.strategic_objective or budget.project
    with transaction.atomic():
        _draft_locked(plan)
        before = {f: _money(getattr(budget, f)) for f in fields}
        budget.costs, budget.revenues, budget.investments = costs, revenues, investments
        budget.save(update_fields=list(fields))
        audit_record(
            organization=plan.organization,
            actor=actor,
            action="budget.update",
            object_type="planning.Budget",
            object_id=str(budget.pk),
            object_repr=f"budget {budget.year} di {owner.code if owner else '—'}",
            before=before,
            after={f: _money(getattr(budget, f)) for f in fields},
        )
    return budget


# --- lifecycle --------------------------------------------------------------------------------


def _status_record(plan: Plan, actor: Actor, action: str, before: dict[str, Any], reason: str = "") -> None:
    audit_record(
        organization=plan.organization,
        actor=actor,
        action=action,
        object_type="planning.Plan",
        object_id=str(plan.pk),
        object_repr=str(plan),
        before=before,
        after=_plan_state(plan),
        reason=reason,
    )


def _plan_state(plan: Plan) -> dict[str, Any]:
    return {
        "status": plan.status,
        "approval_act": plan.approval_act,
        "approval_date": plan.approval_date.isoformat() if plan.approval_date else None,
    }


class ApprovalRefused(LifecycleError):
    """The plan has validation errors: it stays a draft until they are fixed."""

    def __init__(self, message: str, errors: Sequence[Any]) -> None:
        super().__init__(message)
        self.errors = list(errors)  # LocatedFinding: each with the place to fix it


def plan_approve(*, access: Access, plan: Plan, act: str, date: dt.date, actor: Actor) -> Plan:
    """Approve a draft with its act (e.g. «Delibera di Giunta n. 10»): from now on it is locked.

    Refused while the plan validation (the same as `cannocchiale validate`) finds errors. The
    approval of a revision carries the year's cycle over from the earlier versions, in the same
    transaction, and records what could not be matched."""
    # Imported here: the selectors and the carry-over read the monitoring, which imports planning.
    from cannocchiale.planning.carry_over import carry_over_apply
    from cannocchiale.planning.selectors import plan_validation

    _may_manage(access, plan)
    if not act.strip():
        raise LifecycleError(_("indicare l'atto di approvazione"))
    with transaction.atomic():
        # Locked and read again: a second approval at the same moment waits, then finds it approved.
        locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
        if locked.status != Plan.Status.DRAFT:
            raise LifecycleError(_("solo un piano in bozza può essere approvato"))
        errors = plan_validation(plan=locked).errors
        if errors:
            raise ApprovalRefused(
                ngettext(
                    "Il piano non può essere approvato: la validazione ha trovato %(count)s errore "
                    "da correggere prima dell'approvazione.",
                    "Il piano non può essere approvato: la validazione ha trovato %(count)s errori "
                    "da correggere prima dell'approvazione.",
                    len(errors),
                )
                % {"count": len(errors)},
                errors,
            )
        before = _plan_state(locked)
        locked.status, locked.approval_act, locked.approval_date = Plan.Status.APPROVED, act.strip(), date
        locked.save(update_fields=["status", "approval_act", "approval_date"])
        _status_record(locked, actor, "plan.approve", before)
        report = carry_over_apply(locked)
        if report.from_versions:
            audit_record(
                organization=locked.organization,
                actor=actor,
                action="plan.carry_over",
                object_type="planning.Plan",
                object_id=str(locked.pk),
                object_repr=str(locked),
                after=report.to_dict(),
            )
    plan.status, plan.approval_act, plan.approval_date = locked.status, locked.approval_act, date
    return plan


def plan_publish(*, access: Access, plan: Plan, actor: Actor) -> Plan:
    _may_manage(access, plan)
    with transaction.atomic():
        # Locked and read again: a revision or a second publication at the same moment waits.
        locked = Plan.objects.select_for_update().select_related("organization").get(pk=plan.pk)
        if locked.status != Plan.Status.APPROVED:
            raise LifecycleError(_("solo un piano approvato può essere pubblicato"))
        before = _plan_state(locked)
        locked.status = Plan.Status.PUBLISHED
        locked.save(update_fields=["status"])
        _status_record(locked, actor, "plan.publish", before)
    plan.status = locked.status
    return plan
