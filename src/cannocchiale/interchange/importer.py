"""Import of a plan file: all or nothing, inside one transaction.

The file is checked exactly as `cannocchiale validate` checks it (schema, columns, codes, the
engine's plan checks), and only then written: an error anywhere means nothing is saved, and every
problem is reported with its file, line and field. A plan that is no longer a draft is never
replaced: what hangs on it (monitoring rounds, measurements, scores, evaluations) would go with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from cannocchiale.audit.services import audit_record
from cannocchiale.core.errors import ImportFailed
from cannocchiale.evaluation.freshness import bump_data_version
from cannocchiale.interchange.validation import file_errors
from cannocchiale.interchange.writer import PlanWriter
from cannocchiale.interchange.yaml_io import LoadedDocument
from cannocchiale.planning.models import Plan


@dataclass
class ImportResult:
    organization_code: str
    year: int
    version: int
    dry_run: bool
    replaced: bool
    counts: dict[str, int] = field(default_factory=dict)


def plan_import(
    *,
    document: LoadedDocument,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    dry_run: bool = False,
    replace: bool = False,
    actor_name: str = "",
) -> ImportResult:
    """Import the plan file; `actor_name` names the person when there is no user (the command line)."""
    problems = file_errors(document)
    if problems:
        raise ImportFailed(problems)

    data: dict[str, Any] = document.data
    org_code = data["organization"]["code"]
    plan_data = data["plan"]
    year, version = plan_data["year"], plan_data.get("version") or 1
    with transaction.atomic():
        # Locked, so that nothing can approve the plan between this check and its replacement.
        existing = (
            Plan.objects.select_for_update()
            .filter(organization__code=org_code, year=year, version=version)
            .first()
        )
        if existing is not None and replace and existing.status != Plan.Status.DRAFT:
            raise ImportFailed([_not_replaceable(document, existing, org_code)])
        if existing is not None and not replace:
            raise ImportFailed(
                [
                    f"{document.where(('plan', 'version'))}: il piano {year} versione {version} dell'ente "
                    f"«{org_code}» esiste già: importare con --replace per sostituirlo, "
                    "o indicare una nuova versione"
                ]
            )
        before = _plan_summary(existing) if existing is not None else None
        if existing is not None:
            existing.delete()
        writer = PlanWriter(data)
        plan = writer.write()
        bump_data_version(plan)
        audit_record(
            organization=plan.organization,
            actor=actor,
            actor_name=actor_name,
            action="plan.replace" if before else "plan.import",
            object_type="planning.Plan",
            object_id=str(plan.pk),
            object_repr=str(plan),
            before=before,
            after=writer.counts,
            reason=f"import da {document.source}",
        )
        result = ImportResult(
            organization_code=org_code,
            year=year,
            version=version,
            dry_run=dry_run,
            replaced=existing is not None,
            counts=dict(writer.counts),
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


def _not_replaceable(document: LoadedDocument, plan: Plan, org_code: str) -> str:
    return _(
        "%(where)s: il piano %(year)s versione %(version)s dell'ente «%(org)s» è «%(status)s» e non si "
        "sostituisce: con esso si perderebbero il monitoraggio, le rilevazioni, i risultati e le "
        "valutazioni. Per cambiarlo avviare una revisione (pagina «Ciclo del piano»), che ne "
        "crea una nuova versione in bozza, oppure importare il file con un nuovo numero di versione"
    ) % {
        "where": document.where(("plan", "version")),
        "year": plan.year,
        "version": plan.version,
        "org": org_code,
        "status": plan.get_status_display().lower(),
    }


def _plan_summary(plan: Plan) -> dict[str, Any]:
    return {
        "plan": str(plan),
        "status": plan.status,
        "areas": plan.areas.count(),
        "strategic_objectives": plan.strategic_objectives.count(),
        "projects": plan.projects.count(),
        "indicators": plan.indicators.count(),
        "annual_objectives": plan.annual_objectives.count(),
    }
