"""Statistics Sweden's (SCB) reference files: the code list of counties and municipalities, and the lists of
municipalities, counties and regions with their coats of arms and regional authorities."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import cell_text, column_name, read_csv, read_workbook

MUNICIPALITY_CODE = re.compile(r"^[0-9]{4}$")
COUNTY_CODE = re.compile(r"^[0-9]{2}$")


@dataclass(frozen=True)
class CodeRow:
    code: str
    name: str
    row: int


@dataclass(frozen=True)
class MunicipalityRow:
    code: str
    name: str
    county_name: str
    coat_of_arms_url: str
    row: int


@dataclass(frozen=True)
class CountyRow:
    name: str
    coat_of_arms_url: str
    row: int


@dataclass(frozen=True)
class RegionRow:
    county_code: str
    name: str
    municipality_code: str
    row: int


@dataclass(frozen=True)
class ReferenceData:
    """Everything needed to create the country, counties, municipalities and their organizations."""

    code_file: str
    municipality_file: str
    county_file: str
    region_file: str
    codes: list[CodeRow]
    municipalities: list[MunicipalityRow]
    counties: list[CountyRow]
    regions: list[RegionRow]


def parse_code_list(path: Path) -> list[CodeRow]:
    """SCB's "Län och kommuner" list: a header row 'Kod' | 'Namn', then code and name rows."""
    sheet = read_workbook(path)[0]
    header_row = next(
        (number for number, cells in enumerate(sheet.rows, start=1) if cell_text(cells, 0) == "Kod"),
        None,
    )
    if header_row is None or cell_text(sheet.rows[header_row - 1], 1) != "Namn":
        raise DataFileError(
            [
                Problem(
                    path.name,
                    sheet.name,
                    header_row,
                    "A",
                    cell_text(sheet.rows[header_row - 1], 0) if header_row else "",
                    _("a header row with 'Kod' in column A and 'Namn' in column B"),
                )
            ]
        )
    rows, problems = [], []
    for number in range(header_row + 1, len(sheet.rows) + 1):
        code, name = sheet.cell(number, 0), sheet.cell(number, 1)
        if code == "Code" or (code == "" and name == ""):
            continue
        if not isinstance(code, str) or not (COUNTY_CODE.match(code) or MUNICIPALITY_CODE.match(code)):
            problems.append(
                Problem(
                    path.name,
                    sheet.name,
                    number,
                    column_name(0, "Kod"),
                    str(code),
                    _("a county code of 2 digits or a municipality code of 4 digits, stored as text"),
                )
            )
            continue
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem(path.name, sheet.name, number, column_name(1, "Namn"), str(name), _("a name")))
            continue
        rows.append(CodeRow(code, name.strip(), number))
    if problems:
        raise DataFileError(problems)
    return rows


def parse_municipality_list(path: Path) -> list[MunicipalityRow]:
    rows, problems = [], []
    for number, row in read_csv(path, ["Kommun", "Kod", "Län", "coatOfArms"]):
        if not MUNICIPALITY_CODE.match(row["Kod"]):
            problems.append(
                Problem(
                    path.name,
                    None,
                    number,
                    column_name(1, "Kod"),
                    row["Kod"],
                    _("a municipality code of 4 digits, leading zero kept"),
                )
            )
            continue
        if not row["Kommun"]:
            problems.append(Problem(path.name, None, number, column_name(0, "Kommun"), "", _("a name")))
            continue
        rows.append(MunicipalityRow(row["Kod"], row["Kommun"], row["Län"], row["coatOfArms"], number))
    if problems:
        raise DataFileError(problems)
    return rows


def parse_county_list(path: Path) -> list[CountyRow]:
    return [CountyRow(row["Län"], row["coatOfArms"], number) for number, row in read_csv(path, ["Län", "coatOfArms"])]


def parse_region_list(path: Path) -> list[RegionRow]:
    rows, problems = [], []
    for number, row in read_csv(path, ["Länskod", "Region", "Kommun som är region"]):
        if not COUNTY_CODE.match(row["Länskod"]):
            problems.append(
                Problem(
                    path.name, None, number, column_name(0, "Länskod"), row["Länskod"], _("a county code of 2 digits")
                )
            )
            continue
        rows.append(RegionRow(row["Länskod"], row["Region"], row["Kommun som är region"], number))
    if problems:
        raise DataFileError(problems)
    return rows


def parse_reference(code_path: Path, municipality_path: Path, county_path: Path, region_path: Path) -> ReferenceData:
    """Parse all four reference files, reporting the problems of every file together."""
    problems: list[Problem] = []
    results = {}
    for key, parser, path in [
        ("codes", parse_code_list, code_path),
        ("municipalities", parse_municipality_list, municipality_path),
        ("counties", parse_county_list, county_path),
        ("regions", parse_region_list, region_path),
    ]:
        try:
            results[key] = parser(path)
        except DataFileError as error:
            problems.extend(error.problems)
    if problems:
        raise DataFileError(problems)
    return ReferenceData(code_path.name, municipality_path.name, county_path.name, region_path.name, **results)


def validate_reference(data: ReferenceData) -> list[Problem]:
    """The municipality list, county list and region list must agree with SCB's code list."""
    problems = []
    official = {row.code: row for row in data.codes}
    county_by_name = {row.name: row.code for row in data.codes if len(row.code) == 2}
    seen = {}
    for row in data.municipalities:
        column = column_name(1, "Kod")
        if row.code in seen:
            problems.append(
                Problem(
                    data.municipality_file,
                    None,
                    row.row,
                    column,
                    row.code,
                    _("a code used once (also on row %(row)d)") % {"row": seen[row.code]},
                )
            )
            continue
        seen[row.code] = row.row
        entry = official.get(row.code)
        if entry is None:
            problems.append(
                Problem(
                    data.municipality_file,
                    None,
                    row.row,
                    column,
                    row.code,
                    _("a municipality code in %(file)s") % {"file": data.code_file},
                )
            )
        elif entry.name != row.name:
            problems.append(
                Problem(
                    data.municipality_file,
                    None,
                    row.row,
                    column_name(0, "Kommun"),
                    row.name,
                    _("%(name)s, the name SCB gives code %(code)s") % {"name": repr(entry.name), "code": row.code},
                )
            )
        county = official.get(row.code[:2])
        if county is None or county.name != row.county_name:
            problems.append(
                Problem(
                    data.municipality_file,
                    None,
                    row.row,
                    column_name(2, "Län"),
                    row.county_name,
                    _("the county of code %(code)s: %(name)s")
                    % {"code": row.code[:2], "name": repr(county.name if county else "?")},
                )
            )
    for row in data.counties:
        if row.name not in county_by_name:
            problems.append(
                Problem(
                    data.county_file,
                    None,
                    row.row,
                    column_name(0, "Län"),
                    row.name,
                    _("a county named in %(file)s") % {"file": data.code_file},
                )
            )
    for row in data.regions:
        if row.county_code not in county_by_name.values():
            problems.append(
                Problem(
                    data.region_file,
                    None,
                    row.row,
                    column_name(0, "Länskod"),
                    row.county_code,
                    _("a county code in %(file)s") % {"file": data.code_file},
                )
            )
        if row.municipality_code and not (
            row.municipality_code in seen and row.municipality_code[:2] == row.county_code
        ):
            problems.append(
                Problem(
                    data.region_file,
                    None,
                    row.row,
                    column_name(2, "Kommun som är region"),
                    row.municipality_code,
                    _("a municipality code in that county, or empty"),
                )
            )
    return problems
