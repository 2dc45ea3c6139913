"""Progress pages: the section on each municipality's page, the county table, the national overview, the method."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.emissions import queries as emission_queries
from samverkan.emissions.sections import RELEASE_PARAMETER
from samverkan.places.queries import county_choices

from .. import progress as engine
from .. import queries
from ..sections import AS_OF_PARAMETER, as_of_from, overview_columns, overview_rows


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
