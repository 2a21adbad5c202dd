"""The hash chain of the audit trail: what an event's hash covers, and how a chain is checked.

Each event's hash is SHA-256 over a canonical encoding of its content and the previous event's hash
of the same organization, so changing, removing or inserting a row breaks the chain from that row on.
This module imports no model: the migration that backfills the existing events uses it as well.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# Bumped if the encoding ever changes; it is part of what is hashed.
ENCODING_VERSION = 1
GLOBAL_SCOPE = "-"


def scope_of(organization_id: int | None) -> str:
    return GLOBAL_SCOPE if organization_id is None else str(organization_id)


def json_normalized(value: Any) -> Any:
    """The value as the JSON column gives it back (tuples as lists, keys as strings), so that the
    hash computed before writing is the hash of what is read later."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, allow_nan=False))


def _timestamp(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(event: dict[str, Any]) -> bytes:
    """The bytes that are hashed: every field of the event that a person reads, in a fixed order."""
    content = {
        "v": ENCODING_VERSION,
        "organization": event["organization_id"],
        "sequence": event["sequence"],
        "actor": event["actor_id"],
        "actor_name": event["actor_name"],
        "at": _timestamp(event["at"]),
        "category": event["category"],
        "action": event["action"],
        "object_type": event["object_type"],
        "object_id": event["object_id"],
        "object_repr": event["object_repr"],
        "before": event["before"],
        "after": event["after"],
        "reason": event["reason"],
        "previous": event["previous_hash"],
    }
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def event_hash(event: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(event)).hexdigest()


HASHED_FIELDS = (
    "organization_id",
    "sequence",
    "actor_id",
    "actor_name",
    "at",
    "category",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "previous_hash",
)


@dataclass(frozen=True)
class Break:
    """The first broken link of a chain. `kind`: "modificato" (a row's content no longer matches its
    hash), "mancante" (a row was removed), "inserito" (a row was added that the chain does not hold)."""

    scope: str
    kind: str
    sequence: int
    at: datetime | None
    event_id: int | None
    detail: str


@dataclass(frozen=True)
class ChainReport:
    scope: str
    events: int
    last_hash: str
    broken: Break | None


def chain_check(
    scope: str,
    rows: Iterable[dict[str, Any]],
    *,
    head_sequence: int | None,
    head_hash: str | None,
) -> ChainReport:
    """Checks one chain's rows, in sequence order, against each other and the chain's head.

    `rows` carry the `HASHED_FIELDS`, `id` and `entry_hash`. `head_*` are None when the chain has no
    head row (its organization was deleted: nothing to compare the end with).
    """
    expected_sequence, previous, count = 1, "", 0
    last: dict[str, Any] | None = None

    def broken(kind: str, row: dict[str, Any] | None, sequence: int, detail: str) -> ChainReport:
        return ChainReport(
            scope,
            count,
            previous,
            Break(scope, kind, sequence, row["at"] if row else None, row["id"] if row else None, detail),
        )

    for row in rows:
        sequence = row["sequence"]
        if sequence is None or sequence < expected_sequence:
            return broken(
                "inserito", row, expected_sequence, "un evento con un numero già usato o senza numero"
            )
        if sequence > expected_sequence:
            missing = (
                f"l'evento n. {expected_sequence}"
                if sequence == expected_sequence + 1
                else f"gli eventi dal n. {expected_sequence} al n. {sequence - 1}"
            )
            return broken("mancante", row, expected_sequence, f"{missing} non c'è più")
        if row["previous_hash"] != previous and row["entry_hash"] == event_hash(row) and last is not None:
            # This row is intact and names a predecessor that is no longer there as it was: the
            # predecessor was rewritten (its own hash recomputed to hide it).
            count -= 1
            previous = last["previous_hash"]
            return broken(
                "modificato",
                last,
                sequence - 1,
                "il contenuto non è più quello a cui l'evento successivo è legato",
            )
        if row["previous_hash"] != previous:
            return broken("modificato", row, sequence, "l'evento non segue il precedente della catena")
        if row["entry_hash"] != event_hash(row):
            return broken("modificato", row, sequence, "il contenuto non corrisponde alla sua impronta")
        previous, expected_sequence, last = row["entry_hash"], sequence + 1, row
        count += 1
    if head_sequence is not None:
        if head_sequence > count:
            missing = (
                f"l'ultimo evento (n. {head_sequence})"
                if head_sequence == count + 1
                else f"gli ultimi eventi (dal n. {count + 1} al n. {head_sequence})"
            )
            return broken("mancante", None, count + 1, f"{missing} non c'è più")
        if head_sequence < count or (head_hash or "") != previous:
            return broken("inserito", last, count, "l'ultimo evento non è quello che la catena ha registrato")
    return ChainReport(scope, count, previous, None)
