"""Planner statistics after bulk loads: PostgreSQL's ANALYZE at once, not when autovacuum gets there."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Model


def refresh_planner_statistics(models: Iterable[type[Model]] | None = None) -> None:
    """ANALYZE these models' tables (all tables without `models`) on PostgreSQL; nothing elsewhere.

    A bulk load changes a table's size by orders of magnitude at once. Until autovacuum analyses
    it, the planner plans from the old statistics (an empty table) and picks sequential scans and
    hash joins where an index would answer in a millisecond: on a national simulation of 1,000
    administrations, reading one plan's shape took 18 ms instead of 2.
    """
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models or ())
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}" if tables else "ANALYZE")
