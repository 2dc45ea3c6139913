"""The emissions section that the municipality, county and Sweden pages include (template emissions/section.html).

The composition layer (samverkan.site) puts it on its pages; the table's headings and rows are shared with the
downloads.
"""

from django.utils.translation import gettext as _

from samverkan.core.charts import stacked_sector_chart
from samverkan.core.exports import Column, Table, csv_note, source_decimals
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
        "files_note": files_note(inventory),
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


def _tonnes_decimals(inventory: queries.Inventory) -> tuple[int, bool]:
    """The decimals the source gives the inventory's tonnes in (at most two) and whether it gives that few."""
    values = [v for s in inventory.sectors for v in s.values.values()]
    return source_decimals([*values, *inventory.residual.values()] or inventory.total.values())


def rounding_note(inventory: queries.Inventory) -> str:
    """How the downloads round the tonnes, said beside their links and written into them."""
    decimals, exact = _tonnes_decimals(inventory)
    step = f"{format_number(10**-decimals, decimals)} {inventory.release.unit}"
    return (
        _("Tonnes are rounded to %(step)s, as precise as the source.")
        if exact
        else _("Tonnes are rounded to %(step)s.")
    ) % {"step": step}


def files_note(inventory: queries.Inventory) -> str:
    """What the downloads are, said beside their links."""
    return f"{csv_note()} {rounding_note(inventory)}"


def emission_export_table(inventory: queries.Inventory) -> Table:
    """The inventory's table as the page shows it, for the CSV and xlsx downloads: tonnes to the source's
    precision, per inhabitant to two decimals, an estimated population marked with * as on the page."""
    decimals, _exact = _tonnes_decimals(inventory)
    headings = emission_table_headings(inventory)
    tonnes = len(headings) - 3  # all but the year, inhabitants and per inhabitant
    columns = [Column(headings[0], 0, grouped=False)]
    columns += [Column(heading, decimals) for heading in headings[1 : tonnes + 1]]
    columns += [Column(headings[-2], 0), Column(_("Inhabitants estimated")), Column(headings[-1], 2)]
    rows = []
    for row, cells in zip(inventory.table_rows, emission_table_rows(inventory, formatted=False), strict=True):
        estimated = "*" if row["population_estimated"] and row["population"] is not None else ""
        rows.append([*cells[:-1], estimated, cells[-1]])
    release = inventory.release
    notes = [
        _("Source: %(publisher)s, %(dataset)s, %(release)s")
        % {"publisher": release.publisher, "dataset": release.dataset_name, "release": release.label},
        rounding_note(inventory),
    ]
    if inventory.population_estimated:
        notes.append(
            _(
                "* Population estimated by straight-line interpolation between SCB's figures for the years "
                "before and after."
            )
        )
    return Table(f"utslapp-{inventory.territory_code}-{release.slug}", _("Emissions"), columns, rows, notes)


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
