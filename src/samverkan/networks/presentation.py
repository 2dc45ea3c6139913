"""What the network pages say in words and charts, built from the figures the queries give."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from samverkan.core.charts import yearly_line_chart
from samverkan.core.errors import Invalid

from . import queries
from .criteria import MET, NOT_MET, UNKNOWN, Verdict

MATRIX_ROWS_PER_PAGE = 25


@dataclass(frozen=True)
class MatrixFilter:
    """Which rows of the criteria matrix to show: those with `result` on criterion number `criterion` (1, 2, ...),
    or on any criterion when none is chosen; every row when no result is chosen."""

    result: str = ""
    criterion: int | None = None

    @classmethod
    def from_query(cls, query, count: int) -> "MatrixFilter":
        """Read `resultat` and `kriterium` from a page's query string, refusing a value that is not one of them."""
        result = query.get("resultat", "").strip()
        if result and result not in Verdict.values:
            raise Invalid(
                _("%(value)s is not a result: %(valid)s.") % {"value": result[:20], "valid": ", ".join(Verdict.values)}
            )
        number = query.get("kriterium", "").strip()
        if not number:
            return cls(result, None)
        if not (number.isdigit() and 1 <= int(number) <= count):
            raise Invalid(
                _("%(value)s is not a criterion number: 1 to %(count)s.") % {"value": number[:20], "count": count}
            )
        return cls(result, int(number))

    def keeps(self, results) -> bool:
        if not self.result:
            return True
        if self.criterion is not None:
            return results[self.criterion - 1].result == self.result
        return any(r.result == self.result for r in results)


def criteria_matrix(criteria: list, matrix: list, chosen: MatrixFilter, page_number) -> dict:
    """The matrix as shown: the totals of each result per criterion (of every member), the rows the filter keeps
    and one page of them."""
    verdicts = list(Verdict)
    totals = []
    for index, criterion in enumerate(criteria):
        found = [results[index].result for _membership, results in matrix]
        totals.append(
            {
                "number": index + 1,
                "criterion": criterion,
                "counts": [(v, found.count(v.value)) for v in verdicts if found.count(v.value)],
            }
        )
    kept = [(membership, results) for membership, results in matrix if chosen.keeps(results)]
    page = Paginator(kept, MATRIX_ROWS_PER_PAGE).get_page(page_number)
    return {
        "totals": totals,
        "rows": page.object_list,
        "page": page,
        "filter": chosen,
        "verdicts": verdicts,
        "all": len(matrix),
    }


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
