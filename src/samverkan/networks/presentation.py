"""What the network pages say in words and charts, built from the figures the queries give."""

from django.utils.translation import gettext as _

from samverkan.core.charts import yearly_line_chart

from . import queries


def combined_section(network) -> dict | None:
    """The members' emissions added up: a chart, the latest year, and whether each target's level is met now."""
    found = queries.combined_emissions(network)
    if found is None:
        return None
    summary, totals, count, levels = found
    years = sorted(totals)
    chart = yearly_line_chart(
        points=[(year, totals[year]) for year in years],
        title=_("The members' emissions added up (%(unit)s)") % {"unit": summary.unit},
        description=_(
            "Line chart: the emissions of the %(count)s member municipalities added up, %(first)s to %(last)s. "
            "The same figures are in the table below."
        )
        % {"count": count, "first": years[0], "last": years[-1]},
        value_title=summary.unit,
        year_title=_("Year"),
        columns=[_("Year"), _("Emissions (%(unit)s)") % {"unit": summary.unit}],
    )
    latest = years[-1]
    return {
        "release": summary,
        "count": count,
        "chart": chart,
        "latest_year": latest,
        "latest": totals[latest],
        "levels": [{"target": target, "level": level, "met_now": totals[latest] <= level} for target, level in levels],
    }
