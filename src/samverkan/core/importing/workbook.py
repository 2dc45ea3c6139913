"""Workbooks (.xlsx, .xlsm, .ods, .xls) read with true row numbers, after the checks that bound what they cost."""

import zipfile
from dataclasses import dataclass
from pathlib import Path

import python_calamine
import xlrd
from django.utils.translation import gettext as _

from samverkan.core import limits
from samverkan.core.archives import (
    SheetLimits,
    check_area,
    check_file_size,
    file_problem,
    number_text,
    open_archive,
    unreadable,
)
from samverkan.core.errors import DataFileError, Problem
from samverkan.core.ods_checks import check_ods
from samverkan.core.xlsx_checks import check_xlsx_sheet

from .files import require_file


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
