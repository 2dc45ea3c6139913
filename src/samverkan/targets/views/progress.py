"""Progress pages: the section on each municipality's page, the county table, the national overview, the method."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core.exports import Column, Table, csv_note, table_response
from samverkan.emissions import queries as emission_queries
from samverkan.emissions.sections import RELEASE_PARAMETER
from samverkan.places.queries import county_choices

from .. import progress as engine
from .. import queries
from ..presentation import status_label
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


def _overview(request):
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
    return loaded, result, rows, base, sort, descending


def overview(request):
    loaded, result, rows, base, sort, descending = _overview(request)

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
        "county": base.get("lan"),
        "counties": county_choices(),
        "sector": base.get("sektor"),
        "sectors": queries.main_sectors() if result.release.resolution != "total" else [],
        "releases": releases,
        "municipality_prefix": reverse("site:municipality_detail", args=["0000"]).removesuffix("0000/"),
        "download_query": urlencode({**base, "sortera": sort, "ordning": "fallande" if descending else "stigande"}),
        "csv_note": csv_note(),
    }
    template = "targets/overview.html#table" if request.htmx else "targets/overview.html"
    return render(request, template, context)


def overview_download(request, fmt: str):
    """The progress table exactly as the overview page shows it (same filters and order), as CSV or Excel."""
    _loaded, result, rows, base, _sort, _descending = _overview(request)
    headings = {key: label for key, label, _numeric in overview_columns(show_county=True, national_target=True)}
    columns = [
        Column(headings["name"]),
        Column(headings["lan"]),
        Column(headings["trend"], 0),
        Column(_("Trend uncertain")),
        Column(headings["takt"] + " (%)", 1),
        Column(headings["historisk"] + " (%)", 1),
        Column(headings["nettonoll"], 0, grouped=False),  # the year, as the page shows it
        Column(headings["paris"]),
    ]
    if result.national_target:
        columns.append(Column(headings["status"]))
    table_rows = []
    for row in rows:
        paris = _("yes") if row.paris_aligned else _("no")
        cells = [
            row.name,
            row.county_name,
            row.slope,
            "*" if row.slope_range else "",
            row.annual_change_percent,
            row.historical_change_percent,
            row.net_zero_date.year if row.net_zero_date else None,
            paris if row.fitted else "",
        ]
        if result.national_target:
            cells.append(status_label(row.target_status))
        table_rows.append(cells)
    release = result.release
    notes = [
        f"{_('Source:')} {release.publisher}, {release.dataset_name}, {release.label}.",
        _("* The trend is uncertain: several slopes fit the data equally well; the middle one is shown."),
    ]
    parts = ["framsteg", release.slug, str(result.as_of), base.get("sektor") or "", base.get("lan") or ""]
    name = "-".join(part for part in parts if part)
    return table_response(Table(name, _("Progress"), columns, table_rows, notes), fmt)
