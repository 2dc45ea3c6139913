"""Parse and validate the official emission files: Klimatkollen's JSON releases, SMHI's compiled
totals workbook and SMHI's raw "Länsrapport" export.

parse_* know only a file's format: they return plain rows, the totals the file states (to be
checked, never imported twice) and the problems met. validate() resolves territories and
sectors, finds duplicates and negative values, and compares stated totals with the sums.
Writing happens in services.py.
"""

import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import Sheet, Workbook, column_name, read_json
from samverkan.core.limits import LARGE_WORKBOOK_ROWS
from samverkan.core.plausible import EMISSIONS, shown
from samverkan.sources.coverage import Gap

TOLERANCE = 0.005  # differences between a stated total and the sum above 0.5 % are reported
ABSOLUTE_TOLERANCE = 0.5  # tonnes: rounding noise on tiny totals is not a difference

KLIMATKOLLEN_FILES = {
    "municipality_sectors": "municipality-sector-emissions.json",
    "municipality_totals": "municipality-data.json",
    "county_sectors": "region-sector-emissions.json",
    "county_totals": "regional-data.json",
    "national_sectors": "national-sector-emissions.json",
    "national_totals": "national-data.json",
}
COUNTRY = "country"
COUNTY = "county"
MUNICIPALITY = "municipality"


@dataclass(frozen=True, slots=True)
class Where:
    """Where a figure was read: file, sheet (workbooks), row (or JSON item), column (or JSON path)."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None

    def problem(self, value, expected: str) -> Problem:
        return Problem(self.file, self.sheet, self.row, self.column, str(value), expected)


@dataclass(frozen=True, slots=True)
class TerritoryRef:
    """A territory as a file names it: by code, by name, or both."""

    kind: str
    code: str | None = None
    name: str | None = None
    county_name: str | None = None


@dataclass(frozen=True, slots=True)
class EmissionRow:
    """One source row: a territory and sector with a value for each of its years.

    A workbook row holds all its years; a JSON item one year. `where` locates the row,
    `columns` each value, so that a problem names the exact cell.
    """

    where: Where
    territory: TerritoryRef
    sector: str | None
    subsector: str | None
    years: tuple[int, ...]
    values: tuple[float, ...]
    columns: tuple[str, ...]

    def cell(self, index: int) -> Where:
        return Where(self.where.file, self.where.sheet, self.where.row, self.columns[index])


@dataclass(frozen=True, slots=True)
class StatedTotal:
    """A total the file states, for the sum of the rows of one territory and year (and sector)."""

    where: Where
    territory: TerritoryRef
    year: int
    sector: str | None
    value: float
    include_residual: bool = False


@dataclass
class ParsedEmissions:
    format: str
    resolution: str
    rows: list[EmissionRow] = field(default_factory=list)
    totals: list[StatedTotal] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# (territory id, year, sector id, subsector id, tonnes): plain tuples, as many as there are values.
ResolvedValue = tuple[int, int, int | None, int | None, float]


@dataclass
class ValidatedEmissions:
    values: list[ResolvedValue]
    problems: list[Problem]
    warnings: list[Problem]
    years: list[int]
    gaps: list[Gap] = field(default_factory=list)


# --- format detection ----------------------------------------------------------------------


def detect_format(path: Path, workbook: Workbook | None = None) -> str:
    """'klimatkollen' (a folder of JSON files), 'smhi-compiled' or 'smhi-lansrapport' (workbooks)."""
    if path.is_dir():
        if any((path / name).exists() for name in KLIMATKOLLEN_FILES.values()):
            return "klimatkollen"
        return ""
    if path.suffix.lower() == ".json":  # one file of a Klimatkollen release names its folder; any other is unknown
        return "klimatkollen" if path.name in KLIMATKOLLEN_FILES.values() else ""
    workbook = workbook or Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)
    if "Terr_GHG" in workbook.sheet_names:
        return "smhi-compiled"
    first = workbook.first_sheet() if workbook.sheet_names else None
    if first and str(first.cell(1, 0)).strip() == "Rapportnamn:" and "Länsrapport" in str(first.cell(1, 1)):
        return "smhi-lansrapport"
    return ""


def parse(path: Path) -> ParsedEmissions:
    workbook = None if path.is_dir() or path.suffix.lower() == ".json" else Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)
    fmt = detect_format(path, workbook)
    if fmt == "klimatkollen":
        return parse_klimatkollen(path if path.is_dir() else path.parent)
    if fmt == "smhi-compiled":
        return parse_smhi_compiled(path, workbook)
    if fmt == "smhi-lansrapport":
        return parse_lansrapport(path, workbook)
    raise DataFileError(
        [
            Problem(
                path.name,
                None,
                None,
                None,
                path.name,
                _(
                    "a folder of Klimatkollen JSON files, SMHI's compiled workbook (sheet Terr_GHG) "
                    "or an SMHI 'Länsrapport' export"
                ),
            )
        ]
    )


# --- shared cell readers -------------------------------------------------------------------

NUMBER_TEXT = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")


def as_tonnes(value) -> float | None:
    """A cell or JSON value as a number of tonnes; text with spaces as thousands separators is accepted."""
    if type(value) is float:  # the common case in workbooks
        return value if math.isfinite(value) else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        cleaned = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
        if NUMBER_TEXT.match(cleaned):
            number = float(cleaned.replace(",", "."))
            return number if math.isfinite(number) else None
    return None


def _year(value) -> int | None:
    number = as_tonnes(value)
    if number is None or not number.is_integer() or not 1900 <= number <= 2200:
        return None
    return int(number)


# --- Klimatkollen JSON ---------------------------------------------------------------------


def _load_json(path: Path, problems: list[Problem]):
    try:
        return read_json(path)
    except DataFileError as error:
        problems.extend(error.problems)
    return None


def _expect_list(data, file: str, key: str, problems: list[Problem]) -> list[dict]:
    if not isinstance(data, list) or not all(isinstance(item, dict) and key in item for item in data):
        problems.append(
            Problem(
                file,
                None,
                None,
                None,
                type(data).__name__,
                _("a list of objects, each with the key %(key)s") % {"key": repr(key)},
            )
        )
        return []
    return data


def _sector_rows(items, file: str, key: str, kind: str, parsed: ParsedEmissions) -> None:
    for index, item in enumerate(items, start=1):
        name = item.get(key)
        territory = TerritoryRef(COUNTRY) if kind == COUNTRY else TerritoryRef(kind, name=str(name))
        sectors = item.get("sectors")
        if not isinstance(sectors, dict):
            parsed.problems.append(
                Where(file, None, index, "sectors").problem(type(sectors).__name__, _("an object of years"))
            )
            continue
        for year_text, by_sector in sectors.items():
            year = _year(year_text)
            if year is None or not isinstance(by_sector, dict):
                parsed.problems.append(
                    Where(file, None, index, f"sectors.{year_text}").problem(
                        year_text, _("a year such as 2024 with an object of sectors")
                    )
                )
                continue
            for sector, raw in by_sector.items():
                column = f"sectors.{year_text}.{sector}"
                where = Where(file, None, index, column)
                value = as_tonnes(raw)
                if value is None:
                    parsed.problems.append(where.problem(raw, _("a number of tonnes")))
                    continue
                parsed.rows.append(EmissionRow(where, territory, sector, None, (year,), (value,), (column,)))


def _stated_totals(items, file: str, key: str, totals_key: str | list[str], kind: str, parsed: ParsedEmissions):
    for index, item in enumerate(items, start=1):
        keys = [totals_key] if isinstance(totals_key, str) else totals_key
        found = next((k for k in keys if k in item), None)
        if found is None:
            parsed.problems.append(Where(file, None, index, keys[0]).problem("", _("the totals per year")))
            continue
        territory = TerritoryRef(COUNTRY) if kind == COUNTRY else TerritoryRef(kind, name=str(item.get(key)))
        by_year = item.get(found)
        if by_year is None:
            continue
        if not isinstance(by_year, dict):
            parsed.problems.append(
                Where(file, None, index, found).problem(type(by_year).__name__, _("an object of years"))
            )
            continue
        for year_text, raw in by_year.items():
            year, value = _year(year_text), as_tonnes(raw)
            if year is None or value is None:
                continue  # stated totals are only compared; a missing one leaves nothing to compare
            parsed.totals.append(
                StatedTotal(Where(file, None, index, f"{found}.{year_text}"), territory, year, None, value)
            )


def parse_klimatkollen(folder: Path) -> ParsedEmissions:
    """A Klimatkollen release: sectors per municipality, county and nation, and the totals they state."""
    parsed = ParsedEmissions("klimatkollen", "sector")
    data = {key: _load_json(folder / name, parsed.problems) for key, name in KLIMATKOLLEN_FILES.items()}
    if parsed.problems:
        return parsed
    files = KLIMATKOLLEN_FILES
    items = _expect_list(data["municipality_sectors"], files["municipality_sectors"], "name", parsed.problems)
    _sector_rows(items, files["municipality_sectors"], "name", MUNICIPALITY, parsed)
    items = _expect_list(data["county_sectors"], files["county_sectors"], "name", parsed.problems)
    _sector_rows(items, files["county_sectors"], "name", COUNTY, parsed)
    items = _expect_list(data["national_sectors"], files["national_sectors"], "name", parsed.problems)
    _sector_rows(items, files["national_sectors"], "name", COUNTRY, parsed)
    items = _expect_list(data["municipality_totals"], files["municipality_totals"], "name", parsed.problems)
    _stated_totals(items, files["municipality_totals"], "name", "emissions", MUNICIPALITY, parsed)
    items = _expect_list(data["county_totals"], files["county_totals"], "region", parsed.problems)
    _stated_totals(items, files["county_totals"], "region", "emissions", COUNTY, parsed)
    items = _expect_list(data["national_totals"], files["national_totals"], "country", parsed.problems)
    _stated_totals(
        items, files["national_totals"], "country", ["emissions", "territorialFossilEmissions"], COUNTRY, parsed
    )
    return parsed


# --- SMHI compiled totals workbook ---------------------------------------------------------

COMPILED_HEADER = ["Länskod", "Län", "Kommunkod", "Kommun"]


def _header_row(sheet: Sheet, first: str) -> int | None:
    return next((n for n, cells in enumerate(sheet.rows, start=1) if cells and str(cells[0]).strip() == first), None)


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
    header_row = _header_row(sheet, "Länskod") or _header_row(sheet, COMPILED_HEADER[0])
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


def _check_headings(sheet: Sheet, row: int, expected: list[str], problems: list[Problem]) -> None:
    cells = sheet.rows[row - 1]
    for column, heading in enumerate(expected):
        found = str(cells[column]).strip() if column < len(cells) else ""
        if found != heading:
            problems.append(Problem(sheet.file, sheet.name, row, column_name(column), found, repr(heading)))


def _read_header(sheet: Sheet, row: int, expected: list[str], problems: list[Problem]) -> dict[int, int]:
    """Check the fixed headings and read the years that follow them: {column: year}."""
    _check_headings(sheet, row, expected, problems)
    cells = sheet.rows[row - 1]
    years = {}
    for column in range(len(expected), len(cells)):
        if cells[column] in ("", None):
            continue
        year = _year(cells[column])
        if year is None:
            problems.append(
                Problem(sheet.file, sheet.name, row, column_name(column), str(cells[column]), _("a year such as 2024"))
            )
        else:
            years[column] = year
    if not years and not problems:
        problems.append(Problem(sheet.file, sheet.name, row, column_name(len(expected)), "", _("a year such as 2024")))
    return years


# --- SMHI Länsrapport (raw export, CO2 by subsector) ----------------------------------------

LANSRAPPORT_HEADER = ["Huvudsektor", "Undersektor", "Län", "Kommun"]
ALL = "Alla"


def parse_lansrapport(path: Path, workbook: Workbook | None = None) -> ParsedEmissions:
    """Huvudsektor x Undersektor x Län x Kommun; 'Alla' rows are subtotals, checked and not imported."""
    parsed = ParsedEmissions("smhi-lansrapport", "subsector")
    sheet = (workbook or Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)).first_sheet()
    header_row = _header_row(sheet, "Huvudsektor")
    if header_row is None:
        parsed.problems.append(
            Problem(path.name, sheet.name, None, "A", "", _("a header row: Huvudsektor, Undersektor, Län, Kommun"))
        )
        return parsed
    # The years stand on the row above the headings; the headings row repeats the gas ("CO2").
    year_cells = sheet.rows[header_row - 2] if header_row >= 2 else []
    _check_headings(sheet, header_row, LANSRAPPORT_HEADER, parsed.problems)
    years = {}
    for column in range(len(LANSRAPPORT_HEADER), len(year_cells)):
        if year_cells[column] in ("", None):
            continue
        gas = str(sheet.cell(header_row, column)).strip()
        if gas != "CO2":
            parsed.problems.append(Problem(path.name, sheet.name, header_row, column_name(column), gas, "'CO2'"))
        year = _year(year_cells[column])
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


# --- validation ---------------------------------------------------------------------------


def name_key(name: str) -> str:
    """Names are joined exactly (Habo and Håbo are two municipalities), after Unicode normalisation."""
    return unicodedata.normalize("NFC", name).strip()


@dataclass
class Catalogue:
    """What validation resolves names against: territories and sectors from the database."""

    country_id: int
    counties_by_code: dict[str, int]
    counties_by_name: dict[str, int]
    municipalities_by_code: dict[str, tuple[int, str, str]]  # code -> (id, name, county name)
    municipalities_by_name: dict[str, tuple[int, str, str]]  # name_key(name) -> (id, code, county name)
    main_sectors: dict[str, int]  # every spelling -> id
    subsectors: dict[tuple[int, str], int]  # (main sector id, spelling) -> id
    residual_sector_ids: set[int]


def validate(parsed: ParsedEmissions, catalogue: Catalogue) -> ValidatedEmissions:
    problems = list(parsed.problems)
    resolved_territories: dict[TerritoryRef, int | None] = {}
    reported: set = set()

    by_identity: dict[int, tuple[TerritoryRef, int | None]] = {}

    def territory_id(ref: TerritoryRef, where: Where) -> int | None:
        # Parsers share one ref among a row's cells: look it up by identity first (hashing is the slow part).
        cached = by_identity.get(id(ref))
        if cached is not None and cached[0] is ref:
            return cached[1]
        if ref not in resolved_territories:
            resolved_territories[ref], problem = _resolve_territory(ref, where, catalogue)
            if problem:
                problems.append(problem)
        by_identity[id(ref)] = (ref, resolved_territories[ref])
        return resolved_territories[ref]

    values: list[ResolvedValue] = []
    seen: dict[tuple, tuple[int | None, str]] = {}
    sums: dict[tuple, float] = defaultdict(float)
    for row in parsed.rows:
        tid = territory_id(row.territory, row.where)
        sector_id = subsector_id = None
        if row.sector is not None:
            sector_id = catalogue.main_sectors.get(row.sector)
            if sector_id is None:
                if ("sector", row.sector) not in reported:
                    reported.add(("sector", row.sector))
                    problems.append(row.cell(0).problem(row.sector, _("one of SMHI's main sectors")))
                continue
            if row.subsector is not None:
                subsector_id = catalogue.subsectors.get((sector_id, row.subsector))
                if subsector_id is None:
                    if ("subsector", row.sector, row.subsector) not in reported:
                        reported.add(("subsector", row.sector, row.subsector))
                        problems.append(
                            row.cell(0).problem(row.subsector, _("a subsector of %(sector)s") % {"sector": row.sector})
                        )
                    continue
        if tid is None:
            continue
        is_residual = sector_id in catalogue.residual_sector_ids
        plausible = EMISSIONS[row.territory.kind]
        for index, (year, value) in enumerate(zip(row.years, row.values, strict=True)):
            if value not in plausible:  # negative, or absurdly large for the territory (core/plausible.py)
                problems.append(row.cell(index).problem(shown(value), plausible.expected()))
                continue
            key = (tid, year, sector_id, subsector_id)
            first = seen.get(key)
            if first is not None:
                place = ", ".join(str(part) for part in (row.where.file, first[0], first[1]) if part)
                problems.append(
                    row.cell(index).problem(
                        value, _("one value per territory, year and sector (also at %(place)s)") % {"place": place}
                    )
                )
                continue
            seen[key] = (row.where.row, row.columns[index])
            if value or subsector_id is None:
                # Zero subsector values are not stored (about half of SMHI's subsector export): sums are
                # unchanged, and a subsector missing from a release that covers the year reads as zero.
                values.append((tid, year, sector_id, subsector_id, value))
            sums[(tid, year, None, is_residual)] += value
            if subsector_id is not None:
                sums[(tid, year, sector_id, False)] += value

    if parsed.format == "smhi-compiled":
        residual = {key: total for key, total in sums.items() if key[3]}
        sums = _compiled_sums(values, catalogue)
        sums.update(residual)
    warnings = []
    for stated in parsed.totals:
        tid = territory_id(stated.territory, stated.where)
        if tid is None:
            continue
        sector_id = catalogue.main_sectors.get(stated.sector) if stated.sector else None
        total = sums.get((tid, stated.year, sector_id, False))
        if total is None:
            continue
        if stated.include_residual:
            total += sums.get((tid, stated.year, None, True), 0.0)
        difference = total - stated.value
        if abs(difference) > ABSOLUTE_TOLERANCE and abs(difference) > TOLERANCE * abs(stated.value):
            share = difference / stated.value * 100 if stated.value else float("inf")
            warnings.append(
                stated.where.problem(
                    f"{total:.0f}",
                    _("the stated total %(stated).0f (the sum differs by %(share)+.2f %%)")
                    % {"stated": stated.value, "share": share},
                )
            )
    years = sorted({year for row in parsed.rows for year in row.years})
    return ValidatedEmissions(values, problems, warnings, years, coverage(parsed, set(seen), catalogue))


def coverage(parsed: ParsedEmissions, found: set[tuple], catalogue: Catalogue) -> list[Gap]:
    """Complete means every municipality and county, each with every year and main sector the file carries.

    `found` holds (territory, year, sector, subsector) of every value read, zeros included.
    """
    file = parsed.rows[0].where.file if parsed.rows else ""
    sheet = parsed.rows[0].where.sheet if parsed.rows else None
    municipalities = {tid: name for name, (tid, _code, _county) in catalogue.municipalities_by_name.items()}
    counties = {tid: name for name, tid in catalogue.counties_by_name.items()}
    cells: dict[int, set[tuple]] = defaultdict(set)
    for tid, year, sector_id, _subsector_id in found:
        cells[tid].add((year, sector_id))
    grid = set().union(*(cells[tid] for tid in municipalities if tid in cells))
    sector_names: dict[int | None, str] = {None: _("total")}
    for spelling, sector_id in catalogue.main_sectors.items():
        sector_names.setdefault(sector_id, spelling)
    incomplete = sorted(
        f"{municipalities[tid]} {year} {sector_names.get(sector_id, sector_id)}"
        for tid in municipalities
        if tid in cells
        for year, sector_id in grid - cells[tid]
    )
    by_sector = len({sector for _year, sector in grid}) > 1
    missing_municipalities = tuple(sorted(name for tid, name in municipalities.items() if tid not in cells))
    missing_counties = tuple(sorted(name for tid, name in counties.items() if tid not in cells))
    national = []
    if parsed.format == "klimatkollen":  # a Klimatkollen release carries Sweden's own figures in its national files
        national.append(
            Gap(
                "values",
                1,
                () if catalogue.country_id in cells else (_("Sweden"),),
                KLIMATKOLLEN_FILES["national_sectors"],
                detail=_("Sweden's own figures, from the release's national files"),
            )
        )
    return [
        *national,
        Gap("municipalities", len(municipalities), missing_municipalities, file, sheet),
        Gap("counties", len(counties), missing_counties, file, sheet),
        Gap(
            "values",
            len(municipalities) * len(grid),
            tuple(incomplete),
            file,
            sheet,
            None,
            _("a value for every municipality, year and main sector of the file")
            if by_sector
            else _("a value for every municipality and year of the file"),
        ),
    ]


def _compiled_sums(values: list[ResolvedValue], catalogue: Catalogue) -> dict[tuple, float]:
    """In the compiled totals workbook a county's and the nation's totals are checked against their municipalities."""
    county_of = catalogue_county_of(catalogue)
    sums: dict[tuple, float] = defaultdict(float)
    for territory_id, year, _sector, _subsector, value in values:
        county = county_of.get(territory_id)
        if county is None:
            continue
        sums[(county, year, None, False)] += value
        sums[(catalogue.country_id, year, None, False)] += value
    return sums


def catalogue_county_of(catalogue: Catalogue) -> dict[int, int]:
    return {
        mid: catalogue.counties_by_name[county_name]
        for mid, _name, county_name in catalogue.municipalities_by_code.values()
        if county_name in catalogue.counties_by_name
    }


def _resolve_territory(ref: TerritoryRef, where: Where, catalogue: Catalogue) -> tuple[int | None, Problem | None]:
    if ref.kind == COUNTRY:
        return catalogue.country_id, None
    if ref.kind == COUNTY:
        tid = catalogue.counties_by_code.get(ref.code or "") or catalogue.counties_by_name.get(ref.name or "")
        if tid is None:
            return None, where.problem(ref.code or ref.name, _("one of Sweden's 21 counties"))
        return tid, None
    if ref.code:
        found = catalogue.municipalities_by_code.get(ref.code)
        if found is None:
            return None, where.problem(f"{ref.code} {ref.name or ''}".strip(), _("a known municipality code"))
        tid, name, county_name = found
        if ref.name and ref.name != name:
            return None, where.problem(
                ref.name, _("%(name)s, the municipality with code %(code)s") % {"name": repr(name), "code": ref.code}
            )
        return tid, None
    found = catalogue.municipalities_by_name.get(name_key(ref.name or ""))
    if found is None:
        return None, where.problem(ref.name, _("the name of one of Sweden's municipalities"))
    tid, _code, county_name = found
    if ref.county_name and ref.county_name != county_name:
        return None, where.problem(
            ref.county_name, _("%(county)s, the county of %(name)s") % {"county": repr(county_name), "name": ref.name}
        )
    return tid, None
