"""Progress pages: the section on each municipality's page, the county table, the national overview, the method."""

import re
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core.errors import DomainError
from samverkan.core.formatting import format_number, format_percent
from samverkan.emissions import queries as emission_queries
from samverkan.emissions.views import RELEASE_PARAMETER
from samverkan.places.queries import county_choices

from .. import progress as engine
from .. import queries
from ..presentation import ProgressStatus, chart, status_label, verdict

AS_OF_PARAMETER = "per"


def as_of_from(request) -> int | None:
    text = request.GET.get(AS_OF_PARAMETER) or ""
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}", text):
        raise DomainError(_("The as-of year must be a year such as 2026, not %(value)s.") % {"value": text[:20]})
    return int(text)


def progress_section(request, territory, inventory, releases) -> dict:
    """The context of the progress section on a municipality's page, from the inventory already read."""
    if inventory is None or not inventory.years:
        return {"progress": None}
    as_of = as_of_from(request)
    try:
        result = queries.progress_for_inventory(territory, inventory, as_of=as_of, releases=releases, user=request.user)
    except queries.ProgressUnavailable as error:
        if as_of is not None:
            raise  # the year asked for is wrong: the whole page says so, with status 422
        return {"progress": None, "progress_problem": error.message}
    return {
        "progress": result,
        "progress_verdict": verdict(result),
        "progress_chart": chart(result, territory.display_name),
        "progress_statuses": dict(ProgressStatus.choices),
    }


def method(request):
    return render(
        request,
        "targets/method.html",
        {
            "carbon_law_rate": engine.CARBON_LAW_RATE * 100,
            "fit_from": engine.FIT_FROM_YEAR,
            "horizon": engine.HORIZON_YEAR,
            "targets": queries.bundled_targets(),
        },
    )


OVERVIEW_SORTS = {
    "name": "name",
    "lan": "county",
    "trend": "slope",
    "takt": "annual_change_percent",
    "historisk": "historical_change_percent",
    "nettonoll": "net_zero_date",
    "paris": "paris_aligned",
    "status": "target_status",
}


def overview_columns(*, show_county: bool, national_target: str | None) -> list[tuple[str, str, bool]]:
    columns = [("name", _("Municipality"), False)]
    if show_county:
        columns.append(("lan", _("County"), False))
    columns += [
        ("trend", _("Trend (tonnes a year)"), True),
        ("takt", _("Trend (% a year)"), True),
        ("historisk", _("Change a year since 2015"), True),
        ("nettonoll", _("Net zero on the trend"), True),
        ("paris", _("Paris-aligned"), False),
    ]
    if national_target:
        columns.append(("status", _("Status against Sweden's target"), False))
    return columns


def overview_rows(rows: list[queries.SeriesProgress]) -> list[tuple]:
    """Cells formatted once in Python: 290 rows of template filters would slow the page down."""
    return [
        (
            row.code,
            row.name,
            row.county_name,
            format_number(row.slope),
            format_percent(row.annual_change_percent, signed=True),
            format_percent(row.historical_change_percent, signed=True),
            row.net_zero_date.isoformat() if row.net_zero_date else "–",
            row.paris_aligned,
            row.target_status,
            status_label(row.target_status),
            bool(row.slope_range),
            row.fitted,
        )
        for row in rows
    ]


def overview(request):
    loaded = emission_queries.load_releases()
    county = request.GET.get("lan") or None
    sector = request.GET.get("sektor") or None
    result = queries.progress_overview(
        release_slug=request.GET.get(RELEASE_PARAMETER) or None,
        as_of=as_of_from(request),
        sector_slug=sector,
        county=county,
        releases=loaded,
    )
    sort = request.GET.get("sortera") or "name"
    if sort not in OVERVIEW_SORTS:
        sort = "name"
    descending = request.GET.get("ordning", "stigande") == "fallande"
    rows = queries.sort_overview(result.rows, OVERVIEW_SORTS[sort], descending)
    base = {RELEASE_PARAMETER: result.release.slug, AS_OF_PARAMETER: result.as_of}
    if county:
        base["lan"] = county
    if sector:
        base["sektor"] = sector

    def sort_link(key: str) -> str:
        order = "fallande" if key == sort and not descending else "stigande"
        return "?" + urlencode({**base, "sortera": key, "ordning": order})

    releases = emission_queries.emission_releases(loaded)
    context = {
        "overview": result,
        "rows": overview_rows(rows),
        "columns": overview_columns(show_county=True, national_target=result.national_target),
        "table_label": _("Progress of all municipalities"),
        "sort": sort,
        "descending": descending,
        "sort_links": {key: sort_link(key) for key in OVERVIEW_SORTS},
        "county": county,
        "counties": county_choices(),
        "sector": sector,
        "sectors": queries.main_sectors() if result.release.resolution != "total" else [],
        "releases": releases,
        "municipality_prefix": reverse("site:municipality_detail", args=["0000"]).removesuffix("0000/"),
    }
    template = "targets/overview.html#table" if request.htmx else "targets/overview.html"
    return render(request, template, context)


def county_progress(request, county_code: str, releases) -> dict:
    """The progress table of a county's municipalities, for the county page."""
    if not releases:
        return {"county_progress": None}
    try:
        result = queries.progress_overview(
            release_slug=request.GET.get(RELEASE_PARAMETER) or None,
            as_of=as_of_from(request),
            county=county_code,
            releases=releases,
        )
    except queries.ProgressUnavailable as error:
        return {"county_progress": None, "progress_problem": error.message}
    return {
        "county_progress": result,
        "county_progress_rows": overview_rows(result.rows),
        "county_progress_columns": overview_columns(show_county=False, national_target=result.national_target),
        "municipality_prefix": reverse("site:municipality_detail", args=["0000"]).removesuffix("0000/"),
    }
