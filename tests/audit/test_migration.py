"""Events recorded before the chain existed are chained by the migration, so an existing installation
verifies after upgrading."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cannocchiale.audit.verification import chain_verify
from cannocchiale.organization.models import Organization

BEFORE = [("audit", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_the_events_already_recorded() -> None:
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("audit")
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    AuditEvent = old.get_model("audit", "AuditEvent")
    # The organization table is as the other apps' migrations left it: today's model writes it.
    lucca = Organization.objects.create(code="vecchio", name="Ente di prima")
    for n in range(5):
        AuditEvent.objects.create(
            organization_id=lucca.pk if n % 2 == 0 else None,
            actor_name="programmazione",
            action="target.update",
            object_type="planning.Target",
            object_id=str(n),
            before={"text": f"almeno {n}"},
            after={"text": f"almeno {n + 1}", "structured": {"kind": "threshold", "value": n}},
        )
    # Recorded out of id order in time: the chain follows the time they were recorded.
    AuditEvent.objects.filter(object_id="0").update(at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    from cannocchiale.audit.models import AuditEvent as Current

    result = chain_verify()
    assert result.broken == []
    assert result.events == 5
    mine = list(Current.objects.filter(organization_id=lucca.pk).order_by("sequence"))
    assert [e.object_id for e in mine] == ["2", "4", "0"]
    assert [e.sequence for e in mine] == [1, 2, 3]
