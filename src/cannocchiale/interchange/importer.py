"""Import of a plan file: all or nothing, inside one transaction.

The file is checked against the schema, then every code it refers to is resolved, and only
then written. A problem anywhere means nothing is saved, and every problem is reported
with its file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from cannocchiale.audit.services import audit_record
from cannocchiale.core.errors import ImportFailed
from cannocchiale.interchange.reference_check import reference_problems
from cannocchiale.interchange.schema import schema_problems
from cannocchiale.interchange.writer import PlanWriter
from cannocchiale.interchange.yaml_io import LoadedDocument
from cannocchiale.organization.models import Organization
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
) -> ImportResult:
    problems = schema_problems(document)
    if problems:
        raise ImportFailed(problems)
    problems = reference_problems(document)
    if problems:
        raise ImportFailed(problems)

    data: dict[str, Any] = document.data
    org_code = data["organization"]["code"]
    plan_data = data["plan"]
    year, version = plan_data["year"], plan_data.get("version", 1)
    with transaction.atomic():
        existing = Plan.objects.filter(organization__code=org_code, year=year, version=version).first()
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
        audit_record(
            organization=plan.organization,
            actor=actor,
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


def organization_for_code(code: str) -> Organization | None:
    return Organization.objects.filter(code=code).first()
