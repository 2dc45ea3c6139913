"""Shared helpers for importers: reading files with true row numbers, checksums, progress.

Importers follow three steps: parse (file format only) -> validate (every problem at
once) -> load (one transaction, in the app's services). These helpers serve the first.
"""

import csv
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .errors import DataFileError, Problem

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


def read_workbook(path: Path) -> list[Sheet]:
    """Every sheet of an .xlsx, .xls or .ods file, keeping true row numbers."""
    require_file(path)
    if path.suffix.lower() == ".xls":
        return _read_xls(path)
    import python_calamine

    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        return [
            Sheet(path.name, name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in workbook.sheet_names
        ]
    except Exception as error:  # calamine raises its own error types for broken files
        raise DataFileError(
            [Problem(path.name, None, None, None, str(error)[:200], _("a readable Excel or ODS workbook"))]
        ) from error


class Workbook:
    """A workbook whose sheets are read only when asked for, and once."""

    def __init__(self, path: Path):
        require_file(path)
        self.path = path
        self._sheets: dict[str, Sheet] = {}
        if path.suffix.lower() == ".xls":
            self._sheets = {sheet.name: sheet for sheet in _read_xls(path)}
            self.sheet_names = list(self._sheets)
            return
        import python_calamine

        try:
            self._workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises its own error types for broken files
            raise DataFileError(
                [Problem(path.name, None, None, None, str(error)[:200], _("a readable Excel or ODS workbook"))]
            ) from error
        self.sheet_names = list(self._workbook.sheet_names)

    def sheet(self, name: str) -> Sheet:
        if name not in self._sheets:
            try:
                rows = self._workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except Exception as error:  # a damaged sheet
                raise DataFileError(
                    [Problem(self.path.name, name, None, None, str(error)[:200], _("a readable worksheet"))]
                ) from error
            self._sheets[name] = Sheet(self.path.name, name, rows)
        return self._sheets[name]

    def first_sheet(self) -> Sheet:
        return self.sheet(self.sheet_names[0])


def _read_xls(path: Path) -> list[Sheet]:
    import xlrd

    try:
        workbook = xlrd.open_workbook(str(path))
    except Exception as error:  # xlrd raises XLRDError and others for broken files
        raise DataFileError(
            [Problem(path.name, None, None, None, str(error)[:200], _("a readable Excel 97-2003 (.xls) workbook"))]
        ) from error
    return [
        Sheet(path.name, sheet.name, [sheet.row_values(index) for index in range(sheet.nrows)])
        for sheet in workbook.sheets()
    ]


def read_csv(path: Path, expected_header: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a UTF-8 CSV file as (line number, row); the header must be exactly as expected."""
    require_file(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(
            [Problem(path.name, None, None, None, _("bytes that are not UTF-8"), _("a UTF-8 text file"))]
        ) from error
    reader = csv.reader(text.splitlines())
    header = next(reader, [])
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
    for line_number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        padded = cells + [""] * (len(expected_header) - len(cells))
        rows.append((line_number, {name: padded[i].strip() for i, name in enumerate(expected_header)}))
    return rows


def column_name(index: int, header: str | None = None) -> str:
    """A column as people see it in a spreadsheet: its letter, and its heading when known."""
    from .errors import column_letter

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
