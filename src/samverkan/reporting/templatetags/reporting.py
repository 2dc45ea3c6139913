"""A report item's value as the page shows it: sv-SE numbers, yes or no, a table of rows, or the text."""

from django import template
from django.utils.translation import gettext as _

from samverkan.core.formatting import format_number

register = template.Library()


@register.filter
def item_value(value):
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return format_number(value, 0)
        return format_number(value, 1 if abs(value) >= 100 else 2)
    if is_table(value):
        return _("%(count)s rows") % {"count": len(value["rows"])}
    if isinstance(value, (list, dict)):
        return _("%(count)s rows") % {"count": len(value)}
    return value


@register.filter
def is_table(value) -> bool:
    """A table item's value: {"columns": [...], "rows": [[...], ...]} (reporting.frameworks.common.table)."""
    return isinstance(value, dict) and isinstance(value.get("columns"), list) and isinstance(value.get("rows"), list)


def _is_year_column(name: str) -> bool:
    name = str(name).lower()
    return name.endswith("år") or "year" in name


@register.filter
def table_rows(value) -> list[list]:
    """The table's rows as the page shows them: years as they are written, other numbers in sv-SE."""
    years = [_is_year_column(name) for name in value.get("columns", [])]
    return [
        [
            str(cell) if i < len(years) and years[i] and isinstance(cell, int) else item_value(cell)
            for i, cell in enumerate(row)
        ]
        for row in value.get("rows", [])
    ]
