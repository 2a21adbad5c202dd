"""Keeping simulated administrations apart from real ones."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cannocchiale.organization.models import Organization
from cannocchiale.simulation.generator import ORG_KIND, ORG_PREFIX

SIMULATED = Q(kind=ORG_KIND, code__startswith=ORG_PREFIX)


def is_simulated(organization: Organization) -> bool:
    return organization.kind == ORG_KIND and organization.code.startswith(ORG_PREFIX)


def real_organizations() -> QuerySet[Organization]:
    """Every organization but the simulated ones: what documents, lists and comparisons must use."""
    return Organization.objects.exclude(SIMULATED)
