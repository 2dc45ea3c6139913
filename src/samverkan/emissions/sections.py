"""The emissions section that the municipality, county and Sweden pages include (template emissions/section.html).

The composition layer (samverkan.site) puts it on its pages; the table's headings and rows are shared with the
downloads.
"""

from django.utils.translation import gettext as _

from samverkan.core.charts import stacked_sector_chart
from samverkan.core.formatting import format_number

from . import queries

RELEASE_PARAMETER = "utgava"


def emissions_section(request, territory, loaded=None) -> dict:
    """The context of the emissions section that municipality, county and national pages include."""
    loaded = queries.load_releases() if loaded is None else loaded  # read once, for all the page's sections
    releases = queries.emission_releases(loaded)
    slug = request.GET.get(RELEASE_PARAMETER) or None
    if not releases and slug is None:
        return {"emissions": None, "emission_releases": [], "emissions_chart": None, "comparable": False}
    inventory = queries.inventory(territory, slug, loaded)
    return {
        "emissions": inventory,
        "emission_releases": releases,
        "emissions_chart": _chart(inventory) if inventory.years else None,
        "comparable": len(releases) > 1,
    }


def emission_table_headings(inventory: queries.Inventory) -> list[str]:
    unit = inventory.release.unit
    headings = [_("Year")] + [s.display_name for s in inventory.sectors] + [_("Total (%(unit)s)") % {"unit": unit}]
    if inventory.residual:
        headings.append(_("Unallocated (%(unit)s)") % {"unit": unit})
    headings += [_("Inhabitants"), _("Per inhabitant (%(unit)s)") % {"unit": unit}]
    return headings


def emission_table_rows(inventory: queries.Inventory, formatted: bool) -> list[list]:
    rows = []
    for row in inventory.table_rows:
        people = row["population"]
        cells = [row["year"], *row["sectors"], row["total"]]
        if inventory.residual:
            cells.append(row["residual"])
        if formatted:
            cells = [cells[0]] + [format_number(value) for value in cells[1:]]
            people_text = format_number(people)
            if row["population_estimated"] and people is not None:
                people_text += "*"
            cells += [people_text, format_number(row["per_capita"], 2)]
        else:
            cells += [people, row["per_capita"]]
        rows.append(cells)
    return rows


def _chart(inventory: queries.Inventory):
    unit = inventory.release.unit
    sectors = [(s.display_name, s.values) for s in inventory.sectors] or [(_("Total"), inventory.total)]
    first, last = inventory.years[0], inventory.years[-1]
    return stacked_sector_chart(
        years=inventory.years,
        sectors=sectors,
        total=inventory.total,
        title=(
            _("Emissions by sector %(first)s–%(last)s (%(unit)s)")
            if inventory.sectors
            else _("Emissions %(first)s–%(last)s (%(unit)s)")
        )
        % {"first": first, "last": last, "unit": unit},
        description=_(
            "Stacked bar chart: emissions of %(place)s by sector, %(first)s to %(last)s, with the total "
            "as a dashed line. The same figures are in the table below."
        )
        % {"place": inventory.territory_name, "first": first, "last": last},
        value_title=unit,
        year_title=_("Year"),
        total_label=_("Dashed line: total"),
        columns=emission_table_headings(inventory),
        rows=emission_table_rows(inventory, formatted=True),
    )
