"""Template tags: sv-SE numbers and the chart component (a chart always with its table)."""

from django import template

from samverkan.core.charts import Chart
from samverkan.core.formatting import format_number, format_percent

register = template.Library()


@register.filter
def num(value, decimals=0):
    if isinstance(value, str):  # already formatted, e.g. a table cell with its own precision
        return value
    return format_number(value, int(decimals))


@register.filter
def percent(value, decimals=1):
    return format_percent(value, int(decimals))


@register.filter
def change(value, decimals=1):
    """A change in per cent, with its sign: "+0,3 %", "−22,9 %"."""
    return format_percent(value, int(decimals), signed=True)


@register.inclusion_tag("core/components/chart.html")
def chart(chart: Chart, table_open: bool = False):
    return {"chart": chart, "table_open": table_open}


@register.filter
def dict_get(mapping, key):
    """mapping[key] in a template, None when absent."""
    return mapping.get(key) if mapping else None
