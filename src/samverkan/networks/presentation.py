"""What the network pages say in words and charts, built from the figures the queries give."""

from django.utils.translation import gettext as _

from samverkan.core.charts import yearly_line_chart

from . import queries
from .criteria import MET, NOT_MET, UNKNOWN


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
        from_zero=True,
    )
    latest = years[-1]
    return {
        "release": summary,
        "years_with_data": year_ranges(years),
        "count": count,
        "chart": chart,
        "latest_year": latest,
        "latest": totals[latest],
        "levels": [{"target": target, "level": level, "met_now": totals[latest] <= level} for target, level in levels],
    }


def year_ranges(years: list[int]) -> str:
    """Years as runs: [1990, 2000, 2005, 2020, 2021, 2022] → "1990, 2000, 2005, 2020–2022"."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def criteria_counts(standing: list[dict]) -> list[dict]:
    """Each row of `queries.organization_standing` given `criteria`: how many of its network's criteria are met, not
    met and unknown (for a one-line summary; the organization's page lists them)."""
    for row in standing:
        results = [result.result for result in row["results"]]
        row["criteria"] = {
            "total": len(results),
            "met": results.count(MET),
            "not_met": results.count(NOT_MET),
            "unknown": results.count(UNKNOWN),
        }
    return standing
