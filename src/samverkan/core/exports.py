"""Tables as files a journalist opens in Swedish Excel: one set of rows, written as CSV or as xlsx.

The CSV is UTF-8 with a byte-order mark (so Excel reads å, ä and ö), `;` between cells and a decimal comma,
numbers without thousands separators and rounded to the decimals their column declares, so no float noise
(`719715.4000000001`) reaches a cell. The xlsx holds real numbers with a number format per column: a column of
two decimals shows "3,77", not "4". Both end with the table's notes (its source lines and footnotes), the CSV
with a line saying what it is.
"""

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import xlsxwriter
from django.http import HttpResponse
from django.utils.translation import gettext as _

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")
# A text cell starting with one of these is a formula to a spreadsheet: written with a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """A column of an exported table: text when `decimals` is None, else a number rounded to `decimals`.

    `grouped=False` writes a number without thousands separators in the xlsx too (a year, a code)."""

    heading: str
    decimals: int | None = None
    grouped: bool = True


@dataclass
class Table:
    name: str  # the file's name without extension
    sheet: str  # the worksheet's title
    columns: list[Column]
    rows: list[Sequence]
    notes: list[str] = field(default_factory=list)


def csv_note() -> str:
    """What the CSV file is, said beside its link and written into it."""
    return _("The CSV file opens right in Swedish Excel: UTF-8, semicolons and a decimal comma.")


def source_decimals(values: Iterable[float | None], most: int = 2) -> tuple[int, bool]:
    """The fewest decimals (0 to `most`) that write every value exactly, and whether they do: the precision a
    source gives its figures in. Sums of such values carry float noise far below the tolerance."""
    present = [v for v in values if v is not None and math.isfinite(v)]
    for decimals in range(most + 1):
        if all(abs(v - round(v, decimals)) < 1e-6 for v in present):
            return decimals, True
    return most, False


def _number(value, decimals: int) -> float | None:
    if value is None or value == "":
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    number = round(number, decimals)
    return 0.0 if number == 0 else number  # no "-0,0"


def _csv_cell(value, column: Column) -> str:
    if column.decimals is None:
        text = "" if value is None else str(value)
        return "'" + text if text.startswith(_FORMULA_STARTS) else text
    number = _number(value, column.decimals)
    if number is None:
        return ""
    return f"{number:.{column.decimals}f}".replace(".", ",")


def csv_response(table: Table) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([column.heading for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_cell(value, column) for value, column in zip(row, table.columns, strict=True)])
    writer.writerow([])
    writer.writerows([note] for note in [*table.notes, csv_note()])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type=CSV_CONTENT_TYPE)
    return _attachment(response, table, "csv")


def _number_format(column: Column) -> str:
    whole = "#,##0" if column.grouped else "0"
    return whole + ("." + "0" * column.decimals if column.decimals else "")


def xlsx_response(table: Table) -> HttpResponse:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet(table.sheet.replace("/", "-")[:31] or "Data")
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats = [
        workbook.add_format({"num_format": _number_format(c)}) if c.decimals is not None else None
        for c in table.columns
    ]
    sheet.write_row(0, 0, [column.heading for column in table.columns], bold)
    for index, row in enumerate(table.rows, start=1):
        for number, (value, column) in enumerate(zip(row, table.columns, strict=True)):
            if column.decimals is None:
                if value not in (None, ""):
                    sheet.write_string(index, number, str(value))
                continue
            cell = _number(value, column.decimals)
            if cell is not None:
                sheet.write_number(index, number, cell, formats[number])
    for offset, note in enumerate(table.notes):
        sheet.write_string(len(table.rows) + 2 + offset, 0, note)
    sheet.freeze_panes(1, 0)
    for number, column in enumerate(table.columns):
        sheet.set_column(number, number, max(10, min(40, len(column.heading) + 2)))
    workbook.close()
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, table, "xlsx")


def table_response(table: Table, fmt: str) -> HttpResponse:
    """The table as a download in `fmt` ("csv" or "xlsx")."""
    return csv_response(table) if fmt == "csv" else xlsx_response(table)


def _attachment(response: HttpResponse, table: Table, extension: str) -> HttpResponse:
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", table.name).strip("-") or "export"  # "utslapp-SE-klimatkollen-2026"
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response
