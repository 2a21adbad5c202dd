"""Concurrent writers of one organization's trail: every event recorded, one unforked chain."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from cannocchiale.audit.models import AuditEvent
from cannocchiale.audit.services import audit_record
from cannocchiale.audit.verification import chain_verify
from cannocchiale.organization.models import Organization

WRITERS = 8
EVENTS_EACH = 5


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL (SQLite has one writer)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_extend_one_chain() -> None:
    organization = Organization.objects.create(code="ente-c", name="Ente C")
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            barrier.wait()
            for n in range(EVENTS_EACH):
                with transaction.atomic():
                    audit_record(
                        organization=organization,
                        actor=None,
                        action="monitoring.submit",
                        object_type="monitoring.Submission",
                        object_id=f"{writer}-{n}",
                    )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    sequences = list(
        AuditEvent.objects.filter(organization=organization)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, WRITERS * EVENTS_EACH + 1))
    result = chain_verify(organization=organization)
    assert result.broken == []
    assert result.events == WRITERS * EVENTS_EACH


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_events_of_a_new_chain() -> None:
    """The chain's head does not exist yet: the writers race to create it, and still one chain."""
    organization = Organization.objects.create(code="ente-d", name="Ente D")
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            barrier.wait()
            audit_record(
                organization=organization, actor=None, action="plan.import", object_type="planning.Plan"
            )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert chain_verify(organization=organization).broken == []
    assert AuditEvent.objects.filter(organization=organization).count() == WRITERS
