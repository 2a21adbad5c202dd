"""Writes many plan documents at once: one multi-row INSERT per table and chunk, never a save per row.

The documents are the generator's (already well-formed plan files), so nothing here checks them
again; the caller runs inside a transaction. The rows are built by `interchange/rows.py`, the row
builder of the importer, so a simulated plan is stored exactly as its file would be imported; what
is this module's own is how they are saved: new organizations, many documents per INSERT, batches.
"""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Sequence
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet

from cannocchiale.interchange.row_fields import (
    DocumentRows,
    organization_fields,
    position_fields,
    unit_fields,
)
from cannocchiale.interchange.rows import plan_rows
from cannocchiale.organization.models import Organization, OrgUnit, Position
from cannocchiale.simulation.generator import Document

BATCH_SIZE = 5000
# Documents written together: large enough for long INSERTs, small enough to bound memory.
CHUNK_SIZE = 25


class _Inserter:
    """Saves rows in batches and counts them by table."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts

    def __call__[M: models.Model](self, model: type[M], rows: list[M], /) -> Sequence[M]:
        if rows:
            model._default_manager.bulk_create(rows, batch_size=BATCH_SIZE)
            self.counts[model._meta.model_name or model.__name__] += len(rows)
        return rows


def load_documents(documents: Iterable[Document]) -> Counter[str]:
    """Writes the documents chunk by chunk; returns how many rows of each table were written."""
    counts: Counter[str] = Counter()
    insert = _Inserter(counts)
    chunk: list[Document] = []
    for document in documents:
        chunk.append(document)
        if len(chunk) == CHUNK_SIZE:
            _load_chunk(chunk, insert)
            chunk = []
    if chunk:
        _load_chunk(chunk, insert)
    return counts


def _load_chunk(documents: list[Document], insert: _Inserter) -> None:
    organizations = insert(
        Organization,
        [
            Organization(code=d["organization"]["code"], **organization_fields(d["organization"]))
            for d in documents
        ],
    )
    rows = [
        DocumentRows(document=d, organization=o, units={}, positions={})
        for d, o in zip(documents, organizations, strict=True)
    ]
    _structure(rows, insert)
    plan_rows(rows, insert)


def _structure(documents: list[DocumentRows], insert: _Inserter) -> None:
    """The new organizations' units and positions, for all documents at once."""
    # Parents come before children in the file: insert level by level so parents have keys.
    pending = [
        (doc, unit, n) for doc in documents for n, unit in enumerate(doc.document["organization"]["units"])
    ]
    while pending:
        ready = [(d, u, n) for d, u, n in pending if not u.get("parent") or u["parent"] in d.units]
        rows = [
            OrgUnit(
                organization=d.organization,
                code=u["code"],
                **unit_fields(u, parent=d.units.get(u.get("parent") or ""), position=n),
            )
            for d, u, n in ready
        ]
        for (d, u, _), row in zip(ready, insert(OrgUnit, rows), strict=True):
            d.units[u["code"]] = row
        pending = [(d, u, n) for d, u, n in pending if u["code"] not in d.units]
    entries = [
        (doc, p, n) for doc in documents for n, p in enumerate(doc.document["organization"]["positions"])
    ]
    position_rows = [
        Position(organization=d.organization, code=p["code"], **position_fields(p, units=d.units, position=n))
        for d, p, n in entries
    ]
    for (d, p, _), saved in zip(entries, insert(Position, position_rows), strict=True):
        d.positions[p["code"]] = saved


def tenant_models_in_delete_order() -> list[type[models.Model]]:
    """Every model keyed by organization, the ones that point at others first (then Organization)."""
    keyed = [
        m
        for m in apps.get_models()
        if any(isinstance(f, models.ForeignKey) and f.related_model is Organization for f in m._meta.fields)
    ]
    pointing: dict[type[models.Model], set[type[models.Model]]] = defaultdict(set)
    for model in keyed:
        for f in model._meta.fields:
            target = f.related_model
            if isinstance(f, models.ForeignKey) and target in keyed and target is not model:
                pointing[model].add(target)
    # Kahn's order on "who points at whom", reversed: a referencing table is emptied first.
    referenced_by: Counter[type[models.Model]] = Counter()
    for model in keyed:
        for target in pointing[model]:
            referenced_by[target] += 1
    queue = deque(m for m in keyed if referenced_by[m] == 0)
    order: list[type[models.Model]] = []
    while queue:
        model = queue.popleft()
        order.append(model)
        for target in pointing[model]:
            referenced_by[target] -= 1
            if referenced_by[target] == 0:
                queue.append(target)
    # A cycle (none today) would leave models out: append them; deferred constraints cover it.
    order.extend(m for m in keyed if m not in order)
    return [*order, Organization]


def delete_organizations(organization_ids: list[int]) -> int:
    """Deletes these organizations and every row keyed by them, one DELETE per table."""
    from cannocchiale.audit.services import audit_purge_allow

    audit_purge_allow()  # their audit chains go too, whole: the one deletion the audit trigger allows
    deleted = 0
    for model in tenant_models_in_delete_order():
        queryset: QuerySet[Any]
        if model is Organization:
            queryset = Organization.objects.filter(pk__in=organization_ids)
        else:
            fields = [
                f.name
                for f in model._meta.fields
                if isinstance(f, models.ForeignKey) and f.related_model is Organization
            ]
            queryset = model._default_manager.filter(**{f"{fields[0]}__in": organization_ids})
        # _raw_delete: no cascade collection and no signals, the point of a bulk path.
        deleted += queryset._raw_delete(queryset.db)
    return deleted
