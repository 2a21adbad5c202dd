"""After a bulk load the planner knows the tables' new sizes at once (PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection

from cannocchiale.core.statistics import refresh_planner_statistics
from cannocchiale.organization.models import Organization

pytestmark = pytest.mark.django_db


def test_the_planner_knows_a_bulk_loaded_table_s_rows_after_the_refresh() -> None:
    # Not the audit table: its rows are chained one by one and never bulk-loaded.
    Organization.objects.bulk_create([Organization(code=f"stat-{n}", name=f"Ente {n}") for n in range(300)])
    refresh_planner_statistics([Organization])  # on SQLite, nothing to do and no error
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Organization._meta.db_table])
        (estimated,) = cursor.fetchone()
    assert estimated >= 300
