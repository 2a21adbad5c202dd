"""Keys of rendered page bodies that depend on who asks, not only on the organization's data.

The albero and the sheets depend on the plan and the right to edit (web/views/tree.py); the
monitoring dashboard and the pending-work page also on what the user answers for and on the
day (lateness, staleness), so their key carries those instead of the user: two people with the
same roles and units share one rendering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from django.utils.translation import get_language

from cannocchiale.accounts.access import Access
from cannocchiale.audit.models import AuditEvent
from cannocchiale.engine import RULES_VERSION
from cannocchiale.planning.models import Plan


def organization_state(organization_id: int) -> str:
    """What a cached page of the organization depends on: its plans' data versions and the
    scoring rules (the figures), and its latest audited change (id and time: ids alone repeat
    after a rollback) for what the pages show besides figures (comments, states, documents).

    The figures are not inferred from the audit trail: a change of score inputs bumps its plan's
    data version (evaluation/freshness.py) whether or not it is audited."""
    latest = (
        AuditEvent.objects.filter(organization_id=organization_id, category=AuditEvent.Category.CHANGE)
        .order_by("-pk")
        .values_list("pk", "at")
        .first()
    )
    audited = f"{latest[0]}@{latest[1].timestamp()}" if latest else "-"
    versions = ".".join(
        f"{pk}v{v}"
        for pk, v in Plan.objects.filter(organization_id=organization_id)
        .order_by("pk")
        .values_list("pk", "data_version")
    )
    return f"{audited}:r{RULES_VERSION}:{versions}"


def access_fingerprint(access: Access, own_units: Iterable[int]) -> str:
    """What of the user a page body may depend on: roles, positions and the units answered for."""
    roles = ",".join(sorted(access.roles))
    positions = ",".join(str(p) for p in sorted(access.position_ids))
    units = ",".join(str(u) for u in sorted({*access.unit_ids, *own_units}))
    return f"{roles}|{positions}|{units}"


def user_body_key(
    part: str, *, access: Access, own_units: Iterable[int], today: date, parameters: Iterable[str] = ()
) -> str:
    raw = "\x1f".join([access_fingerprint(access, own_units), today.isoformat(), *parameters])
    digest = hashlib.sha256(raw.encode()).hexdigest()[:24]
    state = organization_state(access.organization.pk)
    return f"body:{part}:{access.organization.pk}:{state}:{get_language()}:{digest}"
