"""Pages of the key indicators: the catalogue and one indicator across every municipality, with its download."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from samverkan.core.db import swedish
from samverkan.core.exports import Column, Table, csv_note, table_response

from . import queries


def indicator_list(request):
    return render(request, "indicators/list.html", {"summaries": queries.indicator_list()})


def indicator_detail(request, slug: str):
    table = queries.indicator_table(slug)
    followed_by = (
        table.indicator.actions.filter(public=True)  # actions builds on indicators: the reverse link, no import
        .select_related("plan__organization")
        .order_by(swedish("plan__organization__name"), swedish("title"))[:100]
    )
    return render(
        request, "indicators/detail.html", {"table": table, "followed_by": followed_by, "csv_note": csv_note()}
    )


def indicator_download(request, slug: str, fmt: str):
    """Every municipality's values exactly as the indicator's page shows them, its median last, as CSV or Excel."""
    table = queries.indicator_table(slug)
    indicator = table.indicator
    decimals = indicator.decimals
    columns = [Column(_("Place"), 0, grouped=False), Column(_("Municipality")), Column(_("County"))]
    columns += [Column(f"{r.display_label} ({indicator.display_unit})", decimals) for r in table.releases]
    rows = [[row.rank, row.name, row.county, *row.values] for row in table.rows]
    rows.append([None, _("Median"), "", *table.medians])
    sources = "; ".join(f"{r.dataset.name}, {r.display_label}" for r in table.releases)
    notes = [f"{indicator.display_name} ({indicator.display_unit})", f"{_('Source:')} {sources}"]
    return table_response(Table(f"nyckeltal-{indicator.slug}", indicator.display_name, columns, rows, notes), fmt)
