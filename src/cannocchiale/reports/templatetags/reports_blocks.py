"""`{% render_block block %}`: one document block as HTML, through its own small template."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from cannocchiale.charts import traffic_light
from cannocchiale.reports.documents.model import Block, Cell, Table

register = template.Library()


@register.simple_tag
def render_block(block: Block) -> SafeString:
    context: dict[str, Any] = {"block": block}
    if isinstance(block, Table):
        context.update(_table_layout(block))
    return mark_safe(render_to_string(f"reports/blocks/{block.kind}.html", context))


def _table_layout(table: Table) -> dict[str, Any]:
    whole = sum(c.width for c in table.columns) or 1
    columns = [(c, round(100 * c.width / whole, 2)) for c in table.columns]

    def aligned(rows: list[list[Cell]]) -> list[list[tuple[Cell, str]]]:
        return [
            [(cell, column.align) for cell, column in zip(row, table.columns, strict=False)] for row in rows
        ]

    return {"columns": columns, "rows": aligned(table.rows), "totals": aligned(table.totals)}


@register.filter
def light(cell: Cell) -> SafeString:
    """The traffic light of a cell: the drawn dot with its word, never colour alone."""
    return mark_safe(traffic_light(cell.status) if cell.status else "")
