from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection, transaction
from django.utils import timezone

from cannocchiale.audit.chain import HASHED_FIELDS, event_hash, json_normalized, scope_of
from cannocchiale.audit.models import AuditChain, AuditEvent
from cannocchiale.organization.models import Organization

# Who is acting in the current request, for changes recorded by model signals (which know no user):
# a function, so that a request's user is read from its session only if a signal needs it.
current_actor: contextvars.ContextVar[Callable[[], object] | None] = contextvars.ContextVar(
    "audit_current_actor", default=None
)
# Events recorded by a model signal in this request, by (object type, object id): a service that
# then records the same change itself gets that event instead of a second one.
_signal_recorded: contextvars.ContextVar[dict[tuple[str, str], int] | None] = contextvars.ContextVar(
    "audit_signal_recorded", default=None
)


@contextmanager
def acting_as(user: Callable[[], object] | AbstractBaseUser | AnonymousUser | None) -> Iterator[None]:
    """Within this block, changes recorded by signals name `user` (or what it returns) as their author."""
    token = current_actor.set(user if callable(user) else (lambda: user))
    recorded = _signal_recorded.set({})
    try:
        yield
    finally:
        _signal_recorded.reset(recorded)
        current_actor.reset(token)


def _locked_head(organization_id: int | None) -> AuditChain:
    """The chain's head, locked until the end of the transaction: the next writer of the same
    chain waits here, so sequence and previous hash are assigned one writer at a time."""
    scope = scope_of(organization_id)
    head = AuditChain.objects.select_for_update().filter(scope=scope).first()
    if head is None:
        # The first event of a chain: two first writers race to create the head; get_or_create
        # takes the one that won (inside its own savepoint), then we lock it.
        AuditChain.objects.get_or_create(scope=scope, defaults={"organization_id": organization_id})
        head = AuditChain.objects.select_for_update().get(scope=scope)
    return head


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
    category: str = AuditEvent.Category.CHANGE,
    _from_signal: bool = False,
) -> AuditEvent:
    """Records one event at the end of its organization's chain, in the caller's transaction.

    The chain's head stays locked until that transaction ends: record the event as the last write of
    the transaction where possible, so other writers of the organization wait the least.
    """
    already = None if _from_signal else (_signal_recorded.get() or {}).get((object_type, object_id))
    if already is not None:
        existing = AuditEvent.objects.filter(pk=already).first()
        if existing is not None:
            return existing
    user = actor if isinstance(actor, get_user_model()) else None
    with transaction.atomic():
        head = _locked_head(organization.pk if organization is not None else None)
        event = AuditEvent(
            organization=organization,
            actor=user,
            actor_name=(actor_name or (user.get_username() if user is not None else "sistema"))[:255],
            at=timezone.now(),
            category=category,
            action=action,
            object_type=object_type,
            object_id=object_id[:64],
            object_repr=object_repr[:500],
            before=json_normalized(before),
            after=json_normalized(after),
            reason=reason,
            sequence=head.last_sequence + 1,
            previous_hash=head.last_hash,
        )
        event.entry_hash = event_hash({name: getattr(event, name) for name in HASHED_FIELDS})
        event.save(force_insert=True)
        head.last_sequence, head.last_hash = event.sequence, event.entry_hash
        head.save(update_fields=["last_sequence", "last_hash"])
    return event


def audit_record_from_signal(**fields: Any) -> AuditEvent:
    """`audit_record` for a change seen by a model signal: the author is the request's user."""
    who = current_actor.get()
    actor = who() if who is not None else None
    event = audit_record(
        actor=actor if isinstance(actor, get_user_model()) else None, _from_signal=True, **fields
    )
    recorded = _signal_recorded.get()
    if recorded is not None:
        recorded[(event.object_type, event.object_id)] = event.pk
    return event


def audit_purge_allow() -> None:
    """For the rest of the current transaction, the database lets audit events be deleted (on
    PostgreSQL a trigger refuses any UPDATE or DELETE of the audit table otherwise): for removing
    simulated organizations together with their whole chains. Never for editing a real record."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('cannocchiale.audit_purge', 'on', true)")


def audit_access(
    *,
    organization: Organization | None,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Records that someone read or downloaded something (not a change of the data)."""
    return audit_record(
        organization=organization,
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        category=AuditEvent.Category.ACCESS,
    )
