"""Reads every chain of the audit trail and checks it (`cannocchiale audit verify`)."""

from __future__ import annotations

from dataclasses import dataclass

from cannocchiale.audit.chain import (
    GLOBAL_SCOPE,
    HASHED_FIELDS,
    ChainReport,
    chain_check,
    event_hash,
    scope_of,
)
from cannocchiale.audit.models import AuditChain, AuditEvent
from cannocchiale.organization.models import Organization


@dataclass(frozen=True)
class VerificationResult:
    chains: list[ChainReport]
    names: dict[str, str]  # scope → the organization's code, in words for the global chain

    @property
    def broken(self) -> list[ChainReport]:
        return [c for c in self.chains if c.broken is not None]

    @property
    def events(self) -> int:
        return sum(c.events for c in self.chains)


def _scopes(organization: Organization | None) -> list[int | None]:
    if organization is not None:
        return [organization.pk]
    with_events = set(AuditEvent.objects.values_list("organization_id", flat=True).distinct())
    with_heads = {
        None if head.scope == GLOBAL_SCOPE else int(head.scope) for head in AuditChain.objects.only("scope")
    }
    ids = with_events | with_heads
    return sorted(i for i in ids if i is not None) + ([None] if None in ids else [])


def chain_verify(*, organization: Organization | None = None) -> VerificationResult:
    """Checks the chain of `organization`, or every chain (every organization's and the one of the
    events of no organization), each against its head."""
    heads = {head.scope: head for head in AuditChain.objects.all()}
    existing = set(Organization.objects.values_list("pk", flat=True))
    codes = dict(Organization.objects.values_list("pk", "code"))
    reports, names = [], {}
    for organization_id in _scopes(organization):
        scope = scope_of(organization_id)
        if organization_id is None:
            names[scope] = "(nessun ente)"
        else:
            names[scope] = codes.get(organization_id, f"ente eliminato n. {organization_id}")
        rows = (
            AuditEvent.objects.filter(organization_id=organization_id)
            if organization_id is not None
            else AuditEvent.objects.filter(organization__isnull=True)
        )
        head = heads.get(scope)
        # The head of a deleted organization goes with it: its events are then checked among
        # themselves only. A head missing for an organization that exists is a removal.
        gone = organization_id is not None and organization_id not in existing
        reports.append(
            chain_check(
                scope,
                rows.order_by("sequence", "id").values("id", "entry_hash", *HASHED_FIELDS).iterator(2000),
                head_sequence=head.last_sequence if head else (None if gone else 0),
                head_hash=head.last_hash if head else (None if gone else ""),
            )
        )
    return VerificationResult(reports, names)


def event_intact(event: AuditEvent) -> bool:
    """Whether one event still matches its own hash (its place in the chain is `chain_verify`'s)."""
    return event.entry_hash == event_hash({name: getattr(event, name) for name in HASHED_FIELDS})
