"""Template context shared by every page."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest

from cannocchiale.monitoring.models import Measurement


def simulated_notice(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """Whether the organization's figures include simulated values (the demo's invented 2018 results).

    A callable, so the query runs only on pages that show the notice (full pages, not partials).
    """

    def has_simulated() -> bool:
        organization = getattr(request, "organization", None)
        if organization is None:
            return False
        return Measurement.objects.filter(organization=organization, simulated=True).exists()

    return {"simulated_data": has_simulated}
