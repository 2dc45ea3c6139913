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
    if isinstance(value, (list, dict)):
        return _("%(count)s rows") % {"count": len(value)}
    return value


@register.filter
def is_table(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(row, dict) for row in value)


@register.filter
def columns(rows) -> list:
    names: list = []
    for row in rows:
        names.extend(key for key in row if key not in names)
    return names


@register.filter
def cell(row: dict, name):
    return item_value(row.get(name))
