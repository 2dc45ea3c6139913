"""SMHI's raw "Länsrapport" export (Nationella emissionsdatabasen): CO2 by main sector and subsector per
municipality, with the subtotals ('Alla') it states."""

from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import Problem
from samverkan.core.importing import Workbook, column_name
from samverkan.core.limits import LARGE_WORKBOOK_ROWS

from .rows import (
    COUNTRY,
    COUNTY,
    MUNICIPALITY,
    EmissionRow,
    ParsedEmissions,
    StatedTotal,
    TerritoryRef,
    Where,
    as_tonnes,
    as_year,
    check_headings,
    find_header_row,
)

LANSRAPPORT_HEADER = ["Huvudsektor", "Undersektor", "Län", "Kommun"]
ALL = "Alla"


def parse_lansrapport(path: Path, workbook: Workbook | None = None) -> ParsedEmissions:
    """Huvudsektor x Undersektor x Län x Kommun; 'Alla' rows are subtotals, checked and not imported."""
    parsed = ParsedEmissions("smhi-lansrapport", "subsector")
    sheet = (workbook or Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)).first_sheet()
    header_row = find_header_row(sheet, "Huvudsektor")
    if header_row is None:
        parsed.problems.append(
            Problem(path.name, sheet.name, None, "A", "", _("a header row: Huvudsektor, Undersektor, Län, Kommun"))
        )
        return parsed
    # The years stand on the row above the headings; the headings row repeats the gas ("CO2").
    year_cells = sheet.rows[header_row - 2] if header_row >= 2 else []
    check_headings(sheet, header_row, LANSRAPPORT_HEADER, parsed.problems)
    years = {}
    for column in range(len(LANSRAPPORT_HEADER), len(year_cells)):
        if year_cells[column] in ("", None):
            continue
        gas = str(sheet.cell(header_row, column)).strip()
        if gas != "CO2":
            parsed.problems.append(Problem(path.name, sheet.name, header_row, column_name(column), gas, "'CO2'"))
        year = as_year(year_cells[column])
        if year is None:
            parsed.problems.append(
                Problem(
                    path.name,
                    sheet.name,
                    header_row - 1,
                    column_name(column),
                    str(year_cells[column]),
                    _("a year such as 2022"),
                )
            )
        else:
            years[column] = year
    if parsed.problems:
        return parsed
    data_rows = range(header_row + 1, len(sheet.rows) + 1)
    with_subsectors = {
        str(sheet.cell(n, 0)).strip() for n in data_rows if str(sheet.cell(n, 1)).strip() not in (ALL, "")
    }
    labels = {column: column_name(column, str(year)) for column, year in years.items()}
    file, sheet_name = path.name, sheet.name
    year_columns = list(years.items())
    all_years = tuple(year for _column, year in year_columns)
    all_columns = tuple(labels[column] for column, _unused in year_columns)
    for number in data_rows:
        cells = sheet.rows[number - 1]
        main, sub, county, municipality = (str(sheet.cell(number, c)).strip() for c in range(4))
        if not any((main, sub, county, municipality)):
            continue
        if county == ALL:
            territory = TerritoryRef(COUNTRY)
        elif municipality == ALL:
            territory = TerritoryRef(COUNTY, name=county)
        else:
            territory = TerritoryRef(MUNICIPALITY, name=municipality, county_name=county)
        values = []
        for column, _unused in year_columns:
            raw = cells[column] if column < len(cells) else ""
            value = as_tonnes(raw)
            if value is None:
                parsed.problems.append(
                    Where(file, sheet_name, number, labels[column]).problem(raw, _("a number of tonnes"))
                )
            values.append(value)
        if None in values:
            continue
        row_where = Where(file, sheet_name, number, None)
        if main == ALL or (sub == ALL and main in with_subsectors):
            sector = None if main == ALL else main
            for index, year in enumerate(all_years):
                parsed.totals.append(
                    StatedTotal(
                        Where(file, sheet_name, number, all_columns[index]), territory, year, sector, values[index]
                    )
                )
        else:
            parsed.rows.append(
                EmissionRow(
                    row_where, territory, main, None if sub == ALL else sub, all_years, tuple(values), all_columns
                )
            )
    return parsed
