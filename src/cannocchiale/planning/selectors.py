from __future__ import annotations

from cannocchiale.core.errors import NotFoundError
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan


def organization_get(*, code: str) -> Organization:
    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        known = ", ".join(Organization.objects.values_list("code", flat=True)) or "nessuno"
        raise NotFoundError(f"ente «{code}» non trovato (enti presenti: {known})")
    return organization


def plan_get(*, organization: Organization, year: int, version: int | None = None) -> Plan:
    """The plan of that year: the given version, or the latest."""
    plans = Plan.objects.filter(organization=organization, year=year).select_related("organization")
    plan = (
        plans.filter(version=version).first() if version is not None else plans.order_by("-version").first()
    )
    if plan is None:
        which = f"versione {version}" if version is not None else "nessuna versione"
        raise NotFoundError(f"piano {year} ({which}) non trovato per l'ente «{organization.code}»")
    return plan
