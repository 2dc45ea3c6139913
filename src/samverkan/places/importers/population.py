"""Statistics Sweden's (SCB) population tables: the 1950-2022 history table and Statistikdatabasen's monthly
export, read into one row per municipality and year, then validated against the municipalities."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import Sheet, as_whole_number, cell_text, column_name, read_workbook
from samverkan.core.plausible import POPULATION
from samverkan.sources.coverage import Gap


@dataclass(frozen=True)
class PopulationRow:
    """One municipality's population at the end of one year, with where it was read."""

    file: str
    sheet: str
    row: int
    column: str
    year: int
    value: int
    name: str
    code: str | None = None


HISTORY_TITLE = "Folkmängden i Sveriges kommuner"
MONTHLY_TITLE = "Folkmängden per månad"
PERIOD = re.compile(r"^([0-9]{4})M([0-9]{2})$")
CODE_AND_NAME = re.compile(r"^([0-9]{4}) (.+)$")


def detect_population_format(path: Path) -> str:
    """'history' for SCB's 1950-2022 table, 'monthly' for a Statistikdatabasen export."""
    sheets = read_workbook(path)
    title = _first_text(sheets[0]) if sheets else ""
    if title.startswith(HISTORY_TITLE):
        return "history"
    if title.startswith(MONTHLY_TITLE):
        return "monthly"
    return ""


def read_population(path: Path) -> tuple[list[PopulationRow], list[Problem]]:
    """The rows that could be read and the problems met on the way, so that validation can add to them."""
    fmt = detect_population_format(path)
    if fmt == "history":
        return _read_population_history(path)
    if fmt == "monthly":
        return _read_population_monthly(path)
    sheets = read_workbook(path)
    found = _first_text(sheets[0]) if sheets else ""
    raise DataFileError(
        [
            Problem(
                path.name,
                sheets[0].name if sheets else None,
                1,
                "A",
                found,
                _("a title starting %(a)s or %(b)s (an SCB population table)")
                % {"a": repr(HISTORY_TITLE), "b": repr(MONTHLY_TITLE)},
            )
        ]
    )


def parse_population_history(path: Path) -> list[PopulationRow]:
    """'Folkmängden i Sveriges kommuner 1950-2022': a 'Kommun' header row with years, names below."""
    return _raise_if_problems(*_read_population_history(path))


def parse_population_monthly(path: Path) -> list[PopulationRow]:
    """A Statistikdatabasen export: '0114 Upplands Väsby' | age | sex | one column per month."""
    return _raise_if_problems(*_read_population_monthly(path))


def _raise_if_problems(rows: list[PopulationRow], problems: list[Problem]) -> list[PopulationRow]:
    if problems:
        raise DataFileError(problems)
    return rows


def _read_population_history(path: Path) -> tuple[list[PopulationRow], list[Problem]]:
    sheets = read_workbook(path)
    sheet = next((s for s in sheets if s.name == "Tabell"), None)
    if sheet is None:
        raise DataFileError(
            [Problem(path.name, None, None, None, ", ".join(s.name for s in sheets), _("a sheet named 'Tabell'"))]
        )
    header_row = _find_year_header(sheet)
    if header_row is None:
        raise DataFileError(
            [
                Problem(
                    path.name,
                    sheet.name,
                    None,
                    None,
                    "",
                    _("a header row with 'Kommun' in column A and years in the columns after it"),
                )
            ]
        )
    header = sheet.rows[header_row - 1]
    problems = []
    if cell_text(header, 0) != "Kommun":
        problems.append(Problem(path.name, sheet.name, header_row, "A", str(header[0]), "'Kommun'"))
    years: dict[int, int] = {}
    for column in range(1, len(header)):
        cell = header[column]
        if cell == "":
            continue
        year = as_whole_number(cell)
        if year is None or not 1800 <= year <= 2200:
            problems.append(
                Problem(path.name, sheet.name, header_row, column_name(column), str(cell), _("a year such as 1950"))
            )
        elif year in years.values():
            problems.append(
                Problem(path.name, sheet.name, header_row, column_name(column), str(cell), _("each year once"))
            )
        else:
            years[column] = year
    rows = []
    for number in range(header_row + 1, len(sheet.rows) + 1):
        cells = sheet.rows[number - 1]
        name = cell_text(cells, 0)
        if not name:
            problems.extend(_rows_after_the_end(sheet, number, list(years)))
            break
        _read_population_cells(
            sheet, number, cells, {c: (y, str(y)) for c, y in years.items()}, name, None, rows, problems
        )
    return rows, problems


def _read_population_monthly(path: Path) -> tuple[list[PopulationRow], list[Problem]]:
    sheet = read_workbook(path)[0]
    header_row, periods = None, {}
    for number, cells in enumerate(sheet.rows, start=1):
        found = {column: PERIOD.match(cell_text(cells, column)) for column in range(1, len(cells))}
        found = {column: match for column, match in found.items() if match}
        if found:
            header_row, periods = number, found
            break
    if header_row is None:
        raise DataFileError(
            [Problem(path.name, sheet.name, None, None, "", _("a header row with periods such as '2025M12'"))]
        )
    december = {column: int(match.group(1)) for column, match in periods.items() if match.group(2) == "12"}
    if not december:
        found = ", ".join(match.group(0) for match in periods.values())
        raise DataFileError(
            [
                Problem(
                    path.name,
                    sheet.name,
                    header_row,
                    None,
                    found,
                    _("a December column (YYYYM12), the population at the end of a year"),
                )
            ]
        )
    rows, problems = [], []
    for number in range(header_row + 1, len(sheet.rows) + 1):
        cells = sheet.rows[number - 1]
        label = cell_text(cells, 0)
        if not label:
            problems.extend(_rows_after_the_end(sheet, number, list(december)))
            break
        match = CODE_AND_NAME.match(label)
        if not match:
            problems.append(
                Problem(
                    path.name,
                    sheet.name,
                    number,
                    "A",
                    label,
                    _("a municipality code and name, such as '0114 Upplands Väsby'"),
                )
            )
            continue
        for column, expected in [(1, "totalt, samtliga åldrar"), (2, "totalt, samtliga män och kvinnor")]:
            if cell_text(cells, column) != expected:
                problems.append(
                    Problem(
                        path.name, sheet.name, number, column_name(column), cell_text(cells, column), repr(expected)
                    )
                )
        columns = {column: (year, f"{year}M12") for column, year in december.items()}
        _read_population_cells(sheet, number, cells, columns, match.group(2).strip(), match.group(1), rows, problems)
    return rows, problems


def _read_population_cells(
    sheet: Sheet,
    number: int,
    cells: list,
    columns: dict[int, tuple[int, str]],
    name: str,
    code: str | None,
    rows: list[PopulationRow],
    problems: list[Problem],
) -> None:
    """One row's population cells: a PopulationRow for each year, a Problem for each unreadable cell."""
    for column, (year, heading) in columns.items():
        cell = cells[column] if column < len(cells) else ""
        value = as_whole_number(cell)
        where = column_name(column, heading)
        if value is None:
            problems.append(
                Problem(sheet.file, sheet.name, number, where, str(cell), _("a whole number of inhabitants"))
            )
        elif value not in POPULATION:  # 0, or more than a municipality can hold (core/plausible.py)
            problems.append(Problem(sheet.file, sheet.name, number, where, str(cell), POPULATION.expected()))
        else:
            rows.append(PopulationRow(sheet.file, sheet.name, number, where, year, value, name, code))


def _rows_after_the_end(sheet: Sheet, end: int, year_columns: list[int]) -> list[Problem]:
    """The data ends at the first empty row; a row further down that looks like data means a gap, not an end."""
    problems = []
    for number in range(end + 1, len(sheet.rows) + 1):
        cells = sheet.rows[number - 1]
        label = cell_text(cells, 0)
        numbers = [as_whole_number(cells[c]) for c in year_columns if c < len(cells) and cells[c] != ""]
        if label and numbers and all(n is not None for n in numbers):
            problems.append(
                Problem(
                    sheet.file,
                    sheet.name,
                    end,
                    "A",
                    "",
                    _("no empty row inside the data (row %(row)d holds %(label)s)")
                    % {"row": number, "label": repr(label)},
                )
            )
            break
    return problems


def validate_population(rows: list[PopulationRow], code_by_name: dict[str, str]) -> list[Problem]:
    """Every row must name a known municipality (by code, or by name where the file has no code), once a year."""
    problems = []
    name_by_code = {code: name for name, code in code_by_name.items()}
    reported_rows = set()
    seen: dict[tuple[str, int], PopulationRow] = {}
    for row in rows:
        code = row.code or code_by_name.get(row.name)
        if code is None or code not in name_by_code:
            if (row.file, row.row) not in reported_rows:
                reported_rows.add((row.file, row.row))
                what = _("a known municipality code") if row.code else _("the name of one of Sweden's municipalities")
                problems.append(Problem(row.file, row.sheet, row.row, "A", row.code or row.name, what))
            continue
        if row.code and name_by_code[code] != row.name and (row.file, row.row) not in reported_rows:
            reported_rows.add((row.file, row.row))
            problems.append(
                Problem(
                    row.file,
                    row.sheet,
                    row.row,
                    "A",
                    f"{row.code} {row.name}",
                    _("%(name)s, the municipality with code %(code)s")
                    % {"name": repr(name_by_code[code]), "code": code},
                )
            )
        key = (code, row.year)
        first = seen.get(key)
        if first is not None:
            problems.append(
                Problem(
                    row.file,
                    row.sheet,
                    row.row,
                    row.column,
                    row.name,
                    _("one value per municipality and year (also on row %(row)d, column %(column)s)")
                    % {"row": first.row, "column": first.column},
                )
            )
            continue
        seen[key] = row
    return problems


def population_coverage(rows: list[PopulationRow], code_by_name: dict[str, str], file: str) -> list[Gap]:
    """Complete means every one of Sweden's municipalities (a row has every year of the file, or a problem)."""
    name_by_code = {code: name for name, code in code_by_name.items()}
    found = {row.code or code_by_name.get(row.name) for row in rows}
    missing = tuple(sorted(name for code, name in name_by_code.items() if code not in found))
    return [Gap("municipalities", len(name_by_code), missing, file, rows[0].sheet if rows else None, "A")]


def _find_year_header(sheet: Sheet) -> int | None:
    """The 'Kommun' row; failing that, the first row whose next cells are years."""
    for number, cells in enumerate(sheet.rows, start=1):
        if cell_text(cells, 0) == "Kommun":
            return number
    for number, cells in enumerate(sheet.rows, start=1):
        numbers = [as_whole_number(cell) for cell in cells[1:] if cell != ""]
        if len(numbers) >= 2 and all(n is not None and 1800 <= n <= 2200 for n in numbers[:2]):
            return number
    return None


def _first_text(sheet: Sheet) -> str:
    for cells in sheet.rows:
        text = cell_text(cells, 0)
        if text:
            return text
    return ""
