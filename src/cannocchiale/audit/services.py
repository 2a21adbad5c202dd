from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from cannocchiale.audit.models import AuditEvent
from cannocchiale.organization.models import Organization


def audit_record(
    *,
    organization: Organization | None,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: str = "",
    object_repr: str = "",
    before: Any = None,
    after: Any = None,
    reason: str = "",
    actor_name: str = "",
) -> AuditEvent:
    user = actor if isinstance(actor, get_user_model()) else None
    return AuditEvent.objects.create(
        organization=organization,
        actor=user,
        actor_name=actor_name or (user.get_username() if user is not None else "sistema"),
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:500],
        before=before,
        after=after,
        reason=reason,
    )
