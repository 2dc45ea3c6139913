"""Emission pages: the release comparison, downloads and the ranking (the section of a territory's page is in
sections.py)."""

import csv
import io
import re
from urllib.parse import urlencode

import xlsxwriter
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverkan.core.errors import DomainError
from samverkan.core.formatting import format_number, format_percent
from samverkan.places.queries import county_choices

from . import queries
from .sections import RELEASE_PARAMETER, emission_table_headings, emission_table_rows


def comparison(request, code: str):
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
    return render(
        request,
        "emissions/comparison.html",
        {
            "comparison": result,
            "releases": releases,
            "territory": territory,
        },
    )


def download(request, code: str, fmt: str):
    """The emissions table of a territory exactly as the page shows it, as CSV or Excel."""
    territory = queries.territory_for(code)
    inventory = queries.inventory(territory, request.GET.get(RELEASE_PARAMETER) or None)
    headings = emission_table_headings(inventory)
    rows = emission_table_rows(inventory, formatted=False)
    source = _("Source: %(publisher)s, %(dataset)s, %(release)s") % {
        "publisher": inventory.release.publisher,
        "dataset": inventory.release.dataset_name,
        "release": inventory.release.label,
    }
    name = f"utslapp-{code}-{slugify(inventory.release.slug)}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(headings)
        writer.writerows(rows)
        writer.writerow([])
        writer.writerow([source])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "nan_inf_to_errors": True})
        sheet = workbook.add_worksheet(_("Emissions")[:31])
        bold = workbook.add_format({"bold": True})
        number = workbook.add_format({"num_format": "# ##0"})
        sheet.write_row(0, 0, headings, bold)
        for index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if value is None:
                    continue
                sheet.write(index, column, value, number if column else None)
        sheet.write(len(rows) + 2, 0, source)
        sheet.set_column(0, len(headings), 16)
        workbook.close()
        response = HttpResponse(
            output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


SORT_LABELS = {
    "total": "total",
    "per_capita": "per_capita",
    "change_since_1990": "change_since_1990",
    "change_since_2015": "change_since_2015",
    "name": "name",
}


def ranking(request):
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
    }
    return render(request, template, context)
