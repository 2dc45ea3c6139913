"""A report as an xlsx workbook in the framework's structure: one sheet per section (every item a row; a table item
written out below it), the Covenant's inventories as a table, and a first sheet naming the releases and deadlines."""

import io
import re

import xlsxwriter
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A text cell starting with one of these is a formula to a spreadsheet: written with a leading apostrophe.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def file_name(content: dict, extension: str) -> str:
    """ "klimatkommunerna-annual-17-2024.xlsx": the framework, the organization's id and the year."""
    base = f"{content['framework']}-{content['organization']['id']}-{content['year']}"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", base) + "." + extension


def value_text(value, kind: str) -> str:
    """An item's value as words, for cells and PDF lines."""
    if value is None or value == "":
        return ""
    if kind == "yesno":
        return _("yes") if value else _("no")
    if isinstance(value, float):
        return f"{value:,.2f}".replace(",", " ").replace(".", ",")
    return str(value)


def _text(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", title)
    if len(name) > 31:  # Excel's limit: cut at the last whole word that fits
        name = name[:31].rsplit(" ", 1)[0] if " " in name[:31] else name[:31]
    name = name or "Data"
    base, number = name, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


class _Writer:
    def __init__(self, workbook):
        self.workbook = workbook
        self.bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.heading = workbook.add_format({"bold": True, "font_size": 13})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.number = workbook.add_format({"num_format": "#,##0.00", "valign": "top"})

    def cell(self, sheet, row: int, column: int, value) -> None:
        if isinstance(value, bool):
            sheet.write_string(row, column, value_text(value, "yesno"), self.wrap)
        elif isinstance(value, int | float):
            sheet.write_number(row, column, value, self.number)
        elif value not in (None, ""):
            sheet.write_string(row, column, _text(value), self.wrap)

    def table(self, sheet, row: int, columns: list[str], rows: list[list]) -> int:
        sheet.write_row(row, 0, [_text(c) for c in columns], self.bold)
        for offset, cells in enumerate(rows, start=1):
            for column, value in enumerate(cells):
                self.cell(sheet, row + offset, column, value)
        return row + len(rows) + 2


def _section_sheet(writer: _Writer, sheet, section: dict) -> None:
    sheet.write_string(0, 0, _text(section["title"]), writer.heading)
    headings = [_("Item"), _("Value"), _("Mandatory"), _("Rationale"), _("Source"), _("Release"), _("Key")]
    sheet.write_row(2, 0, headings, writer.bold)
    row = 3
    tables = []
    for item in section["items"]:
        src = item.get("source") or {}
        value = item["value"]
        if item["kind"] == "table":
            shown = _("(table below: %(rows)s rows)") % {"rows": len(value["rows"])} if value else ""
            tables.append(item)
        elif item["kind"] in ("text", "choice", "date"):
            shown = _text(value)
        else:
            shown = value if item["kind"] == "number" else value_text(value, item["kind"])
        sheet.write_string(row, 0, _text(item["label"]), writer.wrap)
        writer.cell(sheet, row, 1, shown)
        sheet.write_string(row, 2, _("yes") if item["mandatory"] else "")
        writer.cell(sheet, row, 3, item.get("rationale"))
        writer.cell(sheet, row, 4, src.get("text"))
        writer.cell(sheet, row, 5, src.get("release"))
        sheet.write_string(row, 6, item["key"])
        row += 1
    row += 1
    for item in tables:
        sheet.write_string(row, 0, _text(item["label"]), writer.heading)
        row = writer.table(sheet, row + 1, item["value"]["columns"], item["value"]["rows"])
    sheet.set_column(0, 0, 48)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, 6, 18)


def _inventories_sheet(writer: _Writer, sheet, inventories: list[dict]) -> None:
    columns = [
        _("Inventory"),
        _("Year"),
        _("Release"),
        _("Covenant sector"),
        _("SMHI sectors"),
        _("t CO2e"),
        _("Notation key"),
        _("In the Covenant's scope"),
    ]
    rows = []
    for inventory in inventories:
        for sector in inventory["sectors"]:
            rows.append(
                [
                    inventory["kind"],
                    inventory["year"],
                    inventory["release"],
                    sector["covenant_sector"],
                    ", ".join(sector["smhi_sectors"]),
                    sector["t_co2e"],
                    sector["notation_key"] or "",
                    _("yes") if sector["in_covenant_scope"] else _("no"),
                ]
            )
        rows.append(
            [inventory["kind"], inventory["year"], inventory["release"], _("Total"), "", inventory["total_t_co2e"]]
        )
    writer.table(sheet, 0, columns, rows)
    sheet.set_column(0, 2, 14)
    sheet.set_column(3, 4, 40)
    sheet.set_column(5, 7, 16)


def _about_sheet(writer: _Writer, sheet, content: dict) -> None:
    lines = [
        (
            _("Framework"),
            _("%(framework)s (version %(version)s)")
            % {"framework": content["framework"], "version": content["version"]},
        ),
        (_("Organization"), content["organization"]["name"]),
        (_("Year"), content["year"]),
    ]
    lines += [(_("Release"), f"{r['label']} ({r['slug']})") for r in content["releases"]]
    for number, (label, value) in enumerate(lines):
        sheet.write_string(number, 0, _text(label), writer.bold)
        writer.cell(sheet, number, 1, value)
    row = len(lines) + 1
    if content.get("deadlines"):
        rows = [[d["label"], d["due"]] for d in content["deadlines"]]
        row = writer.table(sheet, row, [_("Deadline"), _("Due")], rows)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 60)


def xlsx_bytes(content: dict) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    writer = _Writer(workbook)
    used: set[str] = set()
    _about_sheet(writer, workbook.add_worksheet(_sheet_name(_("About"), used)), content)
    for section in content["sections"]:
        _section_sheet(writer, workbook.add_worksheet(_sheet_name(section["title"], used)), section)
    if content.get("inventories"):
        _inventories_sheet(writer, workbook.add_worksheet(_sheet_name(_("Inventories"), used)), content["inventories"])
    workbook.close()
    return output.getvalue()
