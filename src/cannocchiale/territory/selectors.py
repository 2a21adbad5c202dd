"""Reads of the context series: always within one plan of one organization, values prefetched."""

from __future__ import annotations

from django.db.models import QuerySet

from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan
from cannocchiale.territory.models import ContextSeries


def context_series_list(*, organization: Organization, plan: Plan) -> QuerySet[ContextSeries]:
    """The plan's series in the plan's order, each with its values by year: two queries in all."""
    return (
        ContextSeries.objects.filter(organization=organization, plan=plan)
        .order_by("position")
        .prefetch_related("values")
    )
