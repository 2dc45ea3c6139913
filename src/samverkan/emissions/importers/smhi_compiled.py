"""SMHI's compiled totals workbook (Nationella emissionsdatabasen, sheet Terr_GHG): totals per municipality,
county and nation, with the unallocated remainder (Ofördelat)."""

from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import Problem
from samverkan.core.importing import Sheet, Workbook, column_name
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

COMPILED_HEADER = ["Länskod", "Län", "Kommunkod", "Kommun"]


def parse_smhi_compiled(path: Path, workbook: Workbook | None = None) -> ParsedEmissions:
    """Sheet Terr_GHG: totals per municipality (by kommunkod), county 'Alla' rows, 'Alla_NV' and 'Ofördelat'."""
    parsed = ParsedEmissions("smhi-compiled", "total")
    workbook = workbook or Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)
    if "Terr_GHG" not in workbook.sheet_names:
        parsed.problems.append(
            Problem(path.name, None, None, None, ", ".join(workbook.sheet_names), _("a sheet named 'Terr_GHG'"))
        )
        return parsed
    sheet = workbook.sheet("Terr_GHG")
    header_row = find_header_row(sheet, "Länskod") or find_header_row(sheet, COMPILED_HEADER[0])
    if header_row is None:
        parsed.problems.append(
            Problem(
                path.name, sheet.name, None, "A", "", _("a header row: Länskod, Län, Kommunkod, Kommun, then years")
            )
        )
        return parsed
    years = _read_header(sheet, header_row, COMPILED_HEADER, parsed.problems)
    if parsed.problems:
        return parsed
    labels = {column: column_name(column, str(year)) for column, year in years.items()}
    for number in range(header_row + 1, len(sheet.rows) + 1):
        cells = sheet.rows[number - 1]
        county_code, county, code, name = (str(sheet.cell(number, c)).strip() for c in range(4))
        if not any((county_code, county, code, name)):
            continue
        if name == "Alla_NV":
            territory, kind = TerritoryRef(COUNTRY), "national"
        elif name == "Ofördelat":
            territory, kind = TerritoryRef(COUNTRY), "residual"
        elif name == "Alla":
            territory, kind = TerritoryRef(COUNTY, code=county_code, name=county), "county"
        else:
            territory, kind = TerritoryRef(MUNICIPALITY, code=code, name=name, county_name=county), "municipality"
        row_where = Where(path.name, sheet.name, number, None)
        found_years, found_values, found_columns = [], [], []
        for column, year in years.items():
            raw = cells[column] if column < len(cells) else ""
            if raw in ("", None) or str(raw).strip() in ("", "-", ".."):
                continue
            value = as_tonnes(raw)
            if value is None:
                parsed.problems.append(
                    Where(path.name, sheet.name, number, labels[column]).problem(
                        raw, _("a number of tonnes, e.g. '71 260 000'")
                    )
                )
                continue
            if kind in ("national", "county"):
                parsed.totals.append(
                    StatedTotal(
                        Where(path.name, sheet.name, number, labels[column]),
                        territory,
                        year,
                        None,
                        value,
                        include_residual=kind == "national",
                    )
                )
            found_years.append(year)  # county totals are stored too: for a totals-only release they are the figure
            found_values.append(value)
            found_columns.append(labels[column])
        if found_years:
            sector = "Ofördelat" if kind == "residual" else None
            parsed.rows.append(
                EmissionRow(
                    row_where, territory, sector, None, tuple(found_years), tuple(found_values), tuple(found_columns)
                )
            )
    return parsed


def _read_header(sheet: Sheet, row: int, expected: list[str], problems: list[Problem]) -> dict[int, int]:
    """Check the fixed headings and read the years that follow them: {column: year}."""
    check_headings(sheet, row, expected, problems)
    cells = sheet.rows[row - 1]
    years = {}
    for column in range(len(expected), len(cells)):
        if cells[column] in ("", None):
            continue
        year = as_year(cells[column])
        if year is None:
            problems.append(
                Problem(sheet.file, sheet.name, row, column_name(column), str(cells[column]), _("a year such as 2024"))
            )
        else:
            years[column] = year
    if not years and not problems:
        problems.append(Problem(sheet.file, sheet.name, row, column_name(len(expected)), "", _("a year such as 2024")))
    return years
