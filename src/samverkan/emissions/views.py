"""Emission pages: the release comparison, downloads and the ranking (the section of a territory's page is in
sections.py)."""

import re
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core.errors import DomainError
from samverkan.core.exports import Column, Table, csv_note, source_decimals, table_response
from samverkan.core.formatting import format_number, format_percent
from samverkan.places.queries import county_choices

from . import queries
from .sections import RELEASE_PARAMETER, emission_export_table


def _comparison(request, code: str):
    territory = queries.territory_for(code)
    loaded = queries.load_releases()
    releases = queries.emission_releases(loaded)
    default = next((r for r in releases if r.is_default), releases[0] if releases else None)
    newer = request.GET.get("till") or (default.slug if default else "")
    older = request.GET.get("fran") or next(
        (r.slug for r in releases if r.slug != newer and r.dataset == (default.dataset if default else "")),
        next((r.slug for r in releases if r.slug != newer), newer),
    )
    result = queries.comparison(territory, older, newer, loaded)
    if result.older.gases != result.newer.gases:
        raise DomainError(
            _("%(older)s and %(newer)s cover different gases (%(a)s, %(b)s): their figures cannot be compared.")
            % {
                "older": result.older.label,
                "newer": result.newer.label,
                "a": result.older.gases_label,
                "b": result.newer.gases_label,
            }
        )
    return result, releases, territory


def comparison(request, code: str):
    result, releases, territory = _comparison(request, code)
    return render(
        request,
        "emissions/comparison.html",
        {
            "comparison": result,
            "releases": releases,
            "territory": territory,
            "download_query": urlencode({"fran": result.older.slug, "till": result.newer.slug}),
            "csv_note": csv_note(),
        },
    )


def download(request, code: str, fmt: str):
    """The emissions table of a territory exactly as the page shows it, as CSV or Excel."""
    territory = queries.territory_for(code)
    inventory = queries.inventory(territory, request.GET.get(RELEASE_PARAMETER) or None)
    return table_response(emission_export_table(inventory), fmt)


SORT_LABELS = {
    "total": "total",
    "per_capita": "per_capita",
    "change_since_1990": "change_since_1990",
    "change_since_2015": "change_since_2015",
    "name": "name",
}


def _ranking_table(request):
    """The ranking as the page's parameters ask for it: the result, its rows in order, the sort and the filters."""
    year_text = request.GET.get("ar") or ""
    if year_text and not re.fullmatch(r"[0-9]{4}", year_text):
        raise DomainError(_("The year must be a number such as 2024, not %(value)s.") % {"value": year_text[:20]})
    county = request.GET.get("lan") or None
    loaded = queries.load_releases()
    result = queries.ranking(
        releases=loaded,
        release_slug=request.GET.get(RELEASE_PARAMETER) or None,
        year=int(year_text) if year_text else None,
        county=county,
    )
    sort = request.GET.get("sortera") or "total"
    sector_slugs = {s.slug for s in result.sectors}
    if sort not in SORT_LABELS and not (sort.startswith("share:") and sort.removeprefix("share:") in sector_slugs):
        sort = "total"
    descending = request.GET.get("ordning", "fallande") != "stigande"
    rows = queries.sort_ranking(result.rows, sort, descending)
    return loaded, result, rows, sort, descending, county


def ranking(request):
    loaded, result, rows, sort, descending, county = _ranking_table(request)
    template = "emissions/ranking.html#table" if request.htmx else "emissions/ranking.html"
    sort_slug = sort.removeprefix("share:")
    # Cells formatted here once: 290 rows of template filters would double the page's time.
    display_rows = [
        (
            row.code,
            row.name,
            row.county_name,
            format_number(row.total),
            format_number(row.per_capita, 2),
            format_percent(row.change_since_1990, signed=True),
            format_percent(row.change_since_2015, signed=True),
            format_percent(row.sector_shares.get(sort_slug)),
        )
        for row in rows
    ]
    base = {"utgava": result.release.slug, "ar": result.year}
    if county:
        base["lan"] = county

    def sort_link(key: str) -> str:
        # A second click on the column sorted by turns the order round; a new column starts largest first.
        order = "stigande" if key == sort and descending else "fallande"
        if key == "name" and key != sort:
            order = "stigande"
        return "?" + urlencode({**base, "sortera": key, "ordning": order})

    context = {
        "sort_links": {key: sort_link(key) for key in [*SORT_LABELS, f"share:{sort_slug}"]},
        "ranking": result,
        "rows": display_rows,
        "sort": sort,
        "descending": descending,
        "county": county,
        "counties": county_choices(),
        "releases": queries.emission_releases(loaded),
        "sort_slug": sort_slug,
        "show_share": sort.startswith("share:"),
        # One reverse() for the page, not one per row: the municipality address without its code.
        "municipality_prefix": reverse("site:municipality_detail", args=["0000"]).removesuffix("0000/"),
        "download_query": urlencode({**base, "sortera": sort, "ordning": "fallande" if descending else "stigande"}),
        "csv_note": csv_note(),
    }
    return render(request, template, context)


def ranking_download(request, fmt: str):
    """The ranking table exactly as the page shows it (same release, year, county and order), as CSV or Excel."""
    _loaded, result, rows, sort, _descending, county = _ranking_table(request)
    unit = result.release.unit
    sort_slug = sort.removeprefix("share:")
    decimals, _exact = source_decimals(row.total for row in rows)
    columns = [
        Column("#", 0, grouped=False),
        Column(_("Municipality")),
        Column(_("County")),
        Column(_("Total (%(unit)s)") % {"unit": unit}, decimals),
        Column(_("Per inhabitant (%(unit)s)") % {"unit": unit}, 2),
        Column(_("Since 1990") + " (%)", 1),
        Column(_("Since 2015") + " (%)", 1),
    ]
    show_share = sort.startswith("share:")
    if show_share:
        columns.append(Column(_("Share") + " (%)", 1))
    table_rows = []
    for place, row in enumerate(rows, start=1):
        cells = [place, row.name, row.county_name, row.total, row.per_capita, row.change_since_1990]
        cells.append(row.change_since_2015)
        if show_share:
            cells.append(row.sector_shares.get(sort_slug))
        table_rows.append(cells)
    release = result.release
    notes = [
        f"{_('Source:')} {release.publisher}, {release.dataset_name}, {release.label}. {_('Population: SCB.')}",
    ]
    if result.population_estimated:
        notes.append(
            _(
                "Population for this year estimated by straight-line interpolation between SCB's figures for the "
                "years before and after."
            )
        )
    name = "-".join(["utslapp-kommuner", release.slug, str(result.year), *([county] if county else [])])
    return table_response(Table(name, _("Emissions"), columns, table_rows, notes), fmt)


def comparison_download(request, code: str, fmt: str):
    """The comparison of two releases exactly as the page shows it, as CSV or Excel."""
    result = _comparison(request, code)[0]
    values = [v for row in result.rows for v in (row.older, row.newer)]
    decimals, _exact = source_decimals(values)
    columns = [
        Column(_("Year"), 0, grouped=False),
        Column(_("Sector")),
        Column(f"{_('Older release')} ({result.older.unit})", decimals),
        Column(f"{_('Newer release')} ({result.newer.unit})", decimals),
        Column(f"{_('Revision')} ({result.newer.unit})", decimals),
        Column(_("Revision") + " (%)", 1),
    ]
    rows = [[r.year, r.sector, r.older, r.newer, r.change, r.change_percent] for r in result.rows]
    notes = [
        f"{heading}: {r.publisher}, {r.dataset_name}, {r.label}"
        for heading, r in ((_("Older release"), result.older), (_("Newer release"), result.newer))
    ]
    name = f"utslapp-jamforelse-{code}-{result.older.slug}-{result.newer.slug}"
    return table_response(Table(name, _("Revisions"), columns, rows, notes), fmt)
