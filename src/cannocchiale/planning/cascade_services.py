"""Writes of the cascade: an assignee's weights and complexity coefficients, saved together.

The complexity coefficient (coefficiente di complessità) comes from four criteria, each rated
1 (basso), 2 (medio) or 3 (alto): dipendenti coinvolti, innovatività, complessità delle relazioni,
onerosità/tempo. The coefficient is their mean divided by 2, so that an objective of average
complexity (all "medio") weighs 1,00, the simplest 0,50 and the hardest 1,50. The seed gives the
criteria but not the formula; this rule keeps the coefficient centred on 1 and linear in each
criterion, so a Dirigente can see at once what raising one criterion does.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from cannocchiale.accounts.access import Access
from cannocchiale.audit.selectors import last_editor
from cannocchiale.audit.services import audit_record
from cannocchiale.core.concurrency import EditConflict
from cannocchiale.core.errors import CannocchialeError
from cannocchiale.engine.explanation import decimal_json, format_number
from cannocchiale.evaluation.freshness import bump_data_version
from cannocchiale.planning.cascade_selectors import HUNDRED, cascade_group_get
from cannocchiale.planning.models import AnnualObjective, Plan

CRITERIA: tuple[tuple[str, str], ...] = (
    ("complexity_staff", "Dipendenti coinvolti"),
    ("complexity_innovation", "Innovatività"),
    ("complexity_relations", "Complessità delle relazioni"),
    ("complexity_burden", "Onerosità/tempo"),
)
LEVELS: dict[int, str] = {1: "basso", 2: "medio", 3: "alto"}
COMPLEXITY_RULE = "media dei quattro criteri (1 basso, 2 medio, 3 alto) divisa per 2: da 0,50 a 1,50"


class CascadeError(CannocchialeError):
    pass


def _weights_conflict(
    plan: Plan, objectives: list[AnnualObjective], now: Mapping[int, AnnualObjective], stale: list[int]
) -> EditConflict:
    who = last_editor(
        organization_id=plan.organization_id,
        object_type="planning.AnnualObjective",
        object_id=stale[0] if stale else objectives[0].pk,
    )
    current = "; ".join(
        f"{o.code} {format_number(now[o.pk].weight) if now[o.pk].weight is not None else '—'}"
        for o in objectives
        if o.pk in now
    )
    return EditConflict(
        _(
            "Mentre modificavi questi pesi, %(who)s li ha cambiati: ora sono %(current)s. "
            "I tuoi pesi non sono stati salvati: rileggili e, se serve, salvali di nuovo."
        )
        % {"who": who, "current": current}
    )


Criteria = tuple[int, int, int, int]


def complexity_coefficient(criteria: Criteria) -> Decimal:
    """`(3, 2, 2, 3)` is `1.250`: the mean 2,5 halved."""
    if any(value not in LEVELS for value in criteria):
        raise CascadeError("ogni criterio di complessità va da 1 (basso) a 3 (alto)")
    return (Decimal(sum(criteria)) / Decimal(8)).quantize(Decimal("0.001"))


def weights_total(weights: Mapping[int, Decimal | None]) -> Decimal:
    return sum((w or Decimal(0) for w in weights.values()), Decimal(0))


def _snapshot(objective: AnnualObjective) -> dict[str, str | None]:
    fields = ["weight", "complexity", *(name for name, _ in CRITERIA)]
    return {name: decimal_json(getattr(objective, name)) for name in fields}


def cascade_weights_save(
    *,
    access: Access,
    actor: AbstractBaseUser,
    plan: Plan,
    key: str,
    weights: Mapping[int, Decimal | None],
    complexity: Mapping[int, Criteria | None] | None = None,
    versions: Mapping[int, int] | None = None,
) -> list[AnnualObjective]:
    """Save the weights (and complexity criteria) of one assignee's objectives, all or nothing.

    Refused when the plan is no longer a draft, when the user may not weigh this assignee, or
    when the weights do not sum to 100. `versions` are the objectives' versions the form was
    read at: when someone saved any of them since, nothing is saved and `EditConflict` says what
    the weights are now. The assignee's rows are locked while they are compared and written, so
    two saves at once are one after the other and the stored sum is always one of them, 100."""
    if plan.status != Plan.Status.DRAFT:
        raise CascadeError("il piano è approvato: pesi e coefficienti non si modificano più")
    group = cascade_group_get(plan=plan, access=access, key=key)
    if group is None:
        raise CascadeError("assegnatario non trovato in questo piano")
    if not group.editable:
        raise CascadeError("non puoi assegnare i pesi di questi obiettivi")
    by_id = {o.pk: o for o in group.objectives}
    if set(weights) != set(by_id):
        raise CascadeError("indica il peso di ogni obiettivo dell'assegnatario")
    if any(w is not None and w < 0 for w in weights.values()):
        raise CascadeError("un peso non può essere negativo")
    total = weights_total(weights)
    if total != HUNDRED:
        raise CascadeError(f"i pesi sommano a {format_number(total)} su 100: la somma deve essere 100")
    complexity = complexity or {}
    if complexity and not group.has_complexity:
        raise CascadeError("il coefficiente di complessità si assegna solo a PO e uffici")
    with transaction.atomic():
        # The rows as they are now, locked (in a fixed order, so that two saves never deadlock):
        # what the group read before the lock may already be another save's past.
        locked = {
            o.pk: o for o in AnnualObjective.objects.select_for_update().filter(pk__in=by_id).order_by("pk")
        }
        stale = [pk for pk, v in (versions or {}).items() if pk in locked and locked[pk].version != v]
        if stale or len(locked) != len(by_id):
            raise _weights_conflict(plan, list(by_id.values()), locked, stale)
        for pk, objective in by_id.items():
            objective = locked[pk]
            by_id[pk] = objective
            before = _snapshot(objective)
            objective.weight = weights[pk]
            if pk in complexity:
                criteria = complexity[pk]
                if criteria is None:
                    values: list[Decimal | None] = [None] * 4
                    objective.complexity = None
                else:
                    objective.complexity = complexity_coefficient(criteria)
                    values = [Decimal(v) for v in criteria]
                for (name, _), value in zip(CRITERIA, values, strict=True):
                    setattr(objective, name, value)
            after = _snapshot(objective)
            if after == before:
                continue
            objective.version += 1
            objective.save(update_fields=["weight", "complexity", *(n for n, _ in CRITERIA), "version"])
            audit_record(
                organization=plan.organization,
                actor=actor,
                action="cascade.weigh",
                object_type="planning.AnnualObjective",
                object_id=str(objective.pk),
                object_repr=str(objective),
                before=before,
                after=after,
            )
            bump_data_version(plan)
    return list(by_id.values())
