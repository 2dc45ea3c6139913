"""Shared helpers for importers: reading files with true row numbers, checksums, progress.

Importers follow three steps: parse (file format only) -> validate (every problem at
once) -> load (one transaction, in the app's services). These helpers serve the first.
"""

import csv
import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import python_calamine
import xlrd
from django.utils.translation import gettext as _

from . import limits
from .archives import SheetLimits, check_area, check_file_size, file_problem, number_text, open_archive, unreadable
from .errors import DataFileError, Problem, column_letter
from .ods_checks import check_ods
from .xlsx_checks import check_xlsx_sheet

csv.field_size_limit(limits.CSV_FIELD_CHARACTERS)

# progress(description, done, total): services call it; the CLI draws a bar with it.
ProgressCallback = Callable[[str, int, int], None]


def no_progress(description: str, done: int, total: int) -> None:
    """The default progress callback: shows nothing."""


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def files_sha256(paths: Sequence[Path]) -> str:
    """One checksum for a release made of several files, in order; every missing file is reported."""
    missing = [path for path in paths if not path.is_file()]
    if missing:
        raise DataFileError(
            [
                Problem(str(path), None, None, None, _("no such file"), _("an existing, readable file"))
                for path in missing
            ]
        )
    digest = hashlib.sha256()
    for path in paths:
        digest.update(file_sha256(path).encode())
    return digest.hexdigest()


def require_file(path: Path) -> None:
    if not path.is_file():
        raise DataFileError([Problem(str(path), None, None, None, _("no such file"), _("an existing, readable file"))])


@dataclass(frozen=True)
class Sheet:
    """A worksheet's cells as a list of rows; rows[i] is spreadsheet row i + 1."""

    file: str
    name: str
    rows: list[list]

    def cell(self, row: int, column: int):
        """The value at a 1-based row and 0-based column, '' when outside the data."""
        if row - 1 >= len(self.rows) or row < 1:
            return ""
        cells = self.rows[row - 1]
        return cells[column] if column < len(cells) else ""


def read_workbook(path: Path, max_rows: int = limits.WORKBOOK_ROWS) -> list[Sheet]:
    """Every sheet of an .xlsx, .xls or .ods file, keeping true row numbers."""
    workbook = Workbook(path, max_rows=max_rows)
    return [workbook.sheet(name) for name in workbook.sheet_names]


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".xls")


class Workbook:
    """A workbook whose sheets are read only when asked for, and once.

    Nothing is read before the file passes the checks in core.archives, core.xlsx_checks and
    core.ods_checks: a sheet over `max_rows` rows, or over the column and cell limits, is refused
    before a reader allocates its area. The checks follow calamine's choice of reader: the suffix.
    """

    def __init__(self, path: Path, max_rows: int = limits.WORKBOOK_ROWS):
        require_file(path)
        check_file_size(path, limits.WORKBOOK_MAX_BYTES, _("a workbook"))
        self.path = path
        self.bound = SheetLimits(rows=max_rows)
        self._sheets: dict[str, Sheet] = {}
        self._kind = path.suffix.lower()  # calamine picks its reader by the suffix, so the checks do too
        if self._kind not in WORKBOOK_SUFFIXES:
            found = _("a file named %(name)s") % {"name": path.name[:80]}
            raise DataFileError([file_problem(path, found, _("a workbook named .xlsx, .xlsm, .ods or .xls"))])
        if self._kind == ".xls":
            self._sheets = {sheet.name: sheet for sheet in _read_xls(path, self.bound)}
            self.sheet_names = list(self._sheets)
            return
        with open_archive(path) as archive:
            names = {name.lower() for name in archive.namelist()}
            xlsx, ods = "xl/workbook.xml" in names, "content.xml" in names
            if (self._kind == ".ods") != ods or (self._kind != ".ods") != xlsx:
                found = _("a %(suffix)s file holding %(members)s") % {
                    "members": ", ".join(name for name in ("xl/workbook.xml", "content.xml") if name in names)
                    or _("neither xl/workbook.xml nor content.xml"),
                    "suffix": self._kind,
                }
                expected = _("an .xlsx or .xlsm file holding xl/workbook.xml, or an .ods file holding content.xml")
                raise DataFileError([file_problem(path, found, expected)])
            if self._kind == ".ods":
                check_ods(path, archive, self.bound)  # calamine builds every .ods sheet on opening

        try:
            self._workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises its own error types for broken files
            raise unreadable(path, str(error)) from error
        self.sheet_names = list(self._workbook.sheet_names)

    def sheet(self, name: str) -> Sheet:
        if name not in self._sheets:
            if self._kind == ".xls":
                raise DataFileError([Problem(self.path.name, name, None, None, "", _("a readable worksheet"))])
            if self._kind != ".ods":
                with zipfile.ZipFile(self.path) as archive:
                    check_xlsx_sheet(self.path, archive, name, self.bound)
            try:
                sheet = self._workbook.get_sheet_by_name(name)
            except Exception as error:  # a damaged sheet
                raise DataFileError(
                    [Problem(self.path.name, name, None, None, str(error)[:200], _("a readable worksheet"))]
                ) from error
            self._sheets[name] = Sheet(self.path.name, name, self._rows(name, sheet))
        return self._sheets[name]

    def _rows(self, name: str, sheet) -> list[list]:
        """The rows from A1 (iter_rows pads from A1, keeping true row numbers), stopping at the limit."""
        rows: list[list] = []
        for cells in sheet.iter_rows():
            if len(rows) >= self.bound.rows:
                raise DataFileError(
                    [
                        Problem(
                            self.path.name,
                            name,
                            len(rows) + 1,
                            None,
                            _("a value in row %(row)s") % {"row": number_text(len(rows) + 1)},
                            _("at most %(limit)s rows; no more are read") % {"limit": number_text(self.bound.rows)},
                        )
                    ]
                )
            rows.append(cells)
        return rows

    def first_sheet(self) -> Sheet:
        return self.sheet(self.sheet_names[0])


def _read_xls(path: Path, bound: SheetLimits) -> list[Sheet]:
    """Each sheet's size is checked before its rows are built (ragged rows are not padded by xlrd)."""
    try:
        workbook = xlrd.open_workbook(str(path), on_demand=True, ragged_rows=True)
    except Exception as error:  # xlrd raises XLRDError and others for broken files
        raise DataFileError(
            [file_problem(path, str(error)[:200], _("a readable Excel 97-2003 (.xls) workbook"))]
        ) from error
    sheets = []
    try:
        for index in range(workbook.nsheets):
            try:
                sheet = workbook.sheet_by_index(index)
            except Exception as error:  # a damaged sheet
                raise DataFileError([file_problem(path, str(error)[:200], _("a readable worksheet"))]) from error
            check_area(path, sheet.name, sheet.nrows, sheet.ncols, bound)
            rows = []
            for number in range(sheet.nrows):
                cells = sheet.row_values(number)
                rows.append(cells + [""] * (sheet.ncols - len(cells)))
            sheets.append(Sheet(path.name, sheet.name, rows))
            workbook.unload_sheet(index)
    finally:
        workbook.release_resources()
    return sheets


def read_csv(
    path: Path, expected_header: Sequence[str], max_rows: int = limits.CSV_ROWS
) -> list[tuple[int, dict[str, str]]]:
    """Rows of a UTF-8 CSV file as (line number, row); the header must be exactly as expected.

    The file's size is checked before it is read, and its rows, columns and fields as they stream.
    """
    require_file(path)
    check_file_size(path, limits.CSV_MAX_BYTES, _("a CSV file"))
    line = 1
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            _check_csv_columns(path, 1, header)
            problems = []
            for index, expected in enumerate(expected_header):
                found = header[index].strip() if index < len(header) else ""
                if found != expected:
                    problems.append(
                        Problem(
                            path.name,
                            None,
                            1,
                            column_name(index, expected),
                            found,
                            _("the column %(name)s") % {"name": repr(expected)},
                        )
                    )
            if problems:
                raise DataFileError(problems)
            rows = []
            line = reader.line_num + 1
            for cells in reader:
                number, line = line, reader.line_num + 1
                _check_csv_columns(path, number, cells)
                if not any(cell.strip() for cell in cells):
                    continue
                if len(rows) >= max_rows:
                    raise DataFileError(
                        [
                            Problem(
                                path.name,
                                None,
                                number,
                                None,
                                _("more than %(limit)s rows") % {"limit": number_text(max_rows)},
                                _("at most %(limit)s rows; no more are read") % {"limit": number_text(max_rows)},
                            )
                        ]
                    )
                padded = cells + [""] * (len(expected_header) - len(cells))
                rows.append((number, {name: padded[i].strip() for i, name in enumerate(expected_header)}))
    except UnicodeDecodeError as error:
        raise DataFileError(
            [Problem(path.name, None, None, None, _("bytes that are not UTF-8"), _("a UTF-8 text file"))]
        ) from error
    except csv.Error as error:  # a field over the size limit, a NUL byte, a stray quote
        raise DataFileError(
            [
                Problem(
                    path.name,
                    None,
                    line,
                    None,
                    str(error)[:120],
                    _("a CSV file of fields of at most %(limit)s characters")
                    % {"limit": number_text(limits.CSV_FIELD_CHARACTERS)},
                )
            ]
        ) from error
    return rows


def _check_csv_columns(path: Path, line: int, cells: list[str]) -> None:
    if len(cells) > limits.CSV_COLUMNS:
        raise DataFileError(
            [
                Problem(
                    path.name,
                    None,
                    line,
                    column_name(limits.CSV_COLUMNS),
                    _("%(count)s columns") % {"count": number_text(len(cells))},
                    _("at most %(limit)s columns") % {"limit": number_text(limits.CSV_COLUMNS)},
                )
            ]
        )


class _LongNumber(Exception):
    def __init__(self, literal: str):
        super().__init__(literal[:20])
        self.literal = literal


def _number(kind):
    def parse(literal: str):
        if len(literal) > limits.JSON_MAX_NUMBER_DIGITS:
            raise _LongNumber(literal)
        return kind(literal)

    return parse


def _position(text: str, index: int) -> tuple[int, str]:
    """A character's line and column, 1-based, as json's own errors give them."""
    line = text.count("\n", 0, index) + 1
    return line, str(index - text.rfind("\n", 0, index))


JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')


def _too_deep(text: str) -> int:
    """Where the nesting first goes deeper than the limit (an index into the text), or -1."""
    depth = 0
    for token in JSON_TOKEN.finditer(text):
        mark = token.group()[0]
        if mark in "[{":
            depth += 1
            if depth > limits.JSON_MAX_DEPTH:
                return token.start()
        elif mark in "]}":
            depth -= 1
    return -1


def _depth_over_limit(data) -> bool:
    """Walked with one iterator a level, so the walk costs memory by depth, not by the number of values."""
    stack = [iter((data,))]
    while stack:
        for value in stack[-1]:
            if isinstance(value, dict | list):
                if len(stack) > limits.JSON_MAX_DEPTH:
                    return True
                stack.append(iter(value.values() if isinstance(value, dict) else value))
                break
        else:
            stack.pop()
    return False


_TOO_DEEP = object()


def read_json(path: Path, max_bytes: int = limits.JSON_MAX_BYTES):
    """A UTF-8 JSON file, parsed; anything a hostile or broken file does becomes a Problem naming it."""
    require_file(path)
    check_file_size(path, max_bytes, _("a JSON file"))
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise DataFileError(
            [Problem(path.name, None, line, None, _("bytes that are not UTF-8"), _("a UTF-8 JSON file"))]
        ) from None
    del data  # the text alone from here: a file at the limit costs its size once, not twice
    deep = _("nesting deeper than %(limit)s levels") % {"limit": number_text(limits.JSON_MAX_DEPTH)}
    try:
        value = json.loads(text, parse_int=_number(int), parse_float=_number(float))
    except json.JSONDecodeError as error:
        raise DataFileError(
            [Problem(path.name, None, error.lineno, str(error.colno), error.msg, _("valid JSON"))]
        ) from None
    except _LongNumber as error:
        line, column = _position(text, max(text.find(error.literal), 0))
        found = _("a number of %(count)s characters") % {"count": number_text(len(error.literal))}
        expected = _("numbers of at most %(limit)s characters") % {"limit": number_text(limits.JSON_MAX_NUMBER_DIGITS)}
        raise DataFileError([Problem(path.name, None, line, column, found, expected)]) from None
    except RecursionError:  # deeper than Python's parser goes: certainly over the limit
        value = _TOO_DEEP
    if value is _TOO_DEEP or _depth_over_limit(value):
        line, column = _position(text, max(_too_deep(text), 0))
        raise DataFileError([Problem(path.name, None, line, column, deep, _("JSON nested at most that deep"))])
    return value


def column_name(index: int, header: str | None = None) -> str:
    """A column as people see it in a spreadsheet: its letter, and its heading when known."""
    letter = column_letter(index)
    return f"{letter} ({header})" if header else letter


def as_whole_number(value) -> int | None:
    """A cell as a non-negative whole number, or None when it is not one.

    Accepts numbers and text with spaces as thousands separators ("71 260 000"),
    as the publishers' files store them.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        if value != value or value < 0 or not value.is_integer():
            return None
        return int(value)
    if isinstance(value, str):
        cleaned = value.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").strip()
        if cleaned.isdigit():
            return int(cleaned)
    return None
