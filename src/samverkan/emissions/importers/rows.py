"""What the parsers of every emission format return: rows that carry where they were read, the totals a
file states, and the cell readers the formats share."""

import math
import re
from dataclasses import dataclass, field

from samverkan.core.errors import Problem
from samverkan.core.importing import Sheet, column_name
from samverkan.sources.coverage import Gap

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


def as_year(value) -> int | None:
    number = as_tonnes(value)
    if number is None or not number.is_integer() or not 1900 <= number <= 2200:
        return None
    return int(number)


def find_header_row(sheet: Sheet, first: str) -> int | None:
    """The number of the first row whose first cell is `first`."""
    return next((n for n, cells in enumerate(sheet.rows, start=1) if cells and str(cells[0]).strip() == first), None)


def check_headings(sheet: Sheet, row: int, expected: list[str], problems: list[Problem]) -> None:
    cells = sheet.rows[row - 1]
    for column, heading in enumerate(expected):
        found = str(cells[column]).strip() if column < len(cells) else ""
        if found != heading:
            problems.append(Problem(sheet.file, sheet.name, row, column_name(column), found, repr(heading)))
