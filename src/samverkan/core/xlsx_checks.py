"""The checks of an .xlsx sheet, by streaming its XML before calamine builds its area.

The sheet's members are found as calamine finds them: "xl/" + the relationship's Target, or the
Target without its leading "/", looked up ignoring case (core.archives refuses names that could
resolve differently, such as "xl/../xl/worksheets/sheet1.xml"). A sheet we cannot place is checked
in every XML member. The fast check is by regular expressions over cells written the usual way,
else by expat, counting positions as calamine counts them.
"""

import posixpath
import re
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

from .archives import (
    BROKEN_ARCHIVE,
    Refused,
    SheetLimits,
    local_name,
    reference,
    refuse_area,
    refuse_cells,
    refuse_value,
    stream,
    unreadable,
    xml_parser,
)
from .errors import DataFileError


def check_xlsx_sheet(path: Path, archive: zipfile.ZipFile, sheet: str, bound: SheetLimits) -> None:
    """Refuse a sheet whose declared or actual area is over the limits, before calamine builds it."""
    members = xlsx_members(path, archive).get(sheet)
    if not members:  # unknown to us: check every XML member, as calamine may find the sheet in any
        members = [name for name in archive.namelist() if name.lower().endswith(".xml")]
    for member in members:
        if not member.lower().endswith(".xml"):
            raise unreadable(path, _("%(member)s is not a worksheet in XML") % {"member": member})
        if not _scan_xlsx_member(path, archive, member, sheet, bound):
            _parse_xlsx_member(path, archive, member, sheet, bound)


# The fast check reads cells written as Excel, SCB, xlsxwriter and openpyxl write them; a cell written
# any other way (another prefix, another attribute first, a long reference) sends the sheet to the parser.
DIMENSION = re.compile(rb"""<(?:[\w.-]+:)?dimension\b[^>]*?\sref=["']([^"']*)["']""")
ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")
AFTER_NAME = (b" ", b">", b"/", b"\t", b"\n", b"\r")


def _cell_patterns(prefix: bytes):
    return re.compile(b"<" + re.escape(prefix) + rb'c r="([A-Z]{1,3})([0-9]{1,7})"'), [
        b"<" + prefix + b"c" + after for after in AFTER_NAME
    ]


def _scan_xlsx_member(path: Path, archive: zipfile.ZipFile, member: str, sheet: str, bound: SheetLimits) -> bool:
    """The fast check, by regular expressions over 1 MB pieces: every cell, with or without a value.

    Answers False when a cell lacks its reference (calamine then counts positions), for the slow check.
    """
    max_row = max_column = count = 0
    carry = b""
    cell = None
    try:
        with archive.open(member) as handle:
            while True:
                chunk = handle.read(1 << 20)
                text, carry = (carry + chunk, b"") if not chunk else _cut(carry + chunk)
                if not text:
                    break
                if cell is None:  # the first piece: the prefix of the root element, the declared area
                    root = ROOT.search(text)
                    prefix = root[1] or b"" if root else b""
                    cell, tags = _cell_patterns(prefix)
                    head = text.find(b"sheetData")
                    if head >= 0 and (declared := DIMENSION.search(text, 0, head)):
                        ref = declared[1].decode("ascii", "replace")
                        corner = reference(ref.rpartition(":")[2])
                        if corner is not None:
                            refuse_area(path.name, sheet, corner[0], corner[1], bound, ref)
                found = cell.findall(text)
                plain = sum(text.count(b"<c" + after) for after in AFTER_NAME)
                prefixed = sum(text.count(b":c" + after) for after in AFTER_NAME)
                prefixed -= text.count(b"</" + prefix + b"c>") if prefix else 0  # closing tags: "</x:c>"
                cells = sum(text.count(tag) for tag in tags) if prefix else plain
                if len(found) != cells or cells != plain + prefixed:  # every cell ours, all with a reference
                    return False
                count += cells
                if count > bound.cells:
                    refuse_cells(path.name, sheet, bound)
                if found:
                    max_row, max_column = _farthest(path.name, sheet, found, max_row, max_column, bound)
    except Refused as refused:
        raise DataFileError([refused.problem]) from None
    except BROKEN_ARCHIVE as error:
        raise unreadable(path, f"{member}: {error}") from error
    return True


def _cut(text: bytes) -> tuple[bytes, bytes]:
    cut = text.rfind(b"<")
    return (text, b"") if cut <= 0 else (text[:cut], text[cut:])


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _farthest(file, sheet, found, max_row, max_column, bound) -> tuple[int, int]:
    """The farthest row and column so far; refuses the first cell that lies outside the limits."""
    letters_found, digits_found = zip(*found, strict=True)
    rows = list(map(int, digits_found))
    columns = {letters: _column_number(letters) for letters in set(letters_found)}
    row = max(rows)
    column = max(columns.values())
    if row > bound.rows:
        letters, digits = found[rows.index(row)]
        refuse_value(file, sheet, row, columns[letters], bound)
    if column > bound.columns:
        letters, digits = next(cell for cell in found if columns[cell[0]] == column)
        refuse_value(file, sheet, int(digits), column, bound)
    max_row, max_column = max(row, max_row), max(column, max_column)
    refuse_area(file, sheet, max_row, max_column, bound)
    return max_row, max_column


def _parse_xlsx_member(path: Path, archive: zipfile.ZipFile, member: str, sheet: str, bound: SheetLimits):
    """The slow check, by parsing: positions counted as calamine counts them, values only."""
    state = {"row": 0, "column": 0, "cell": (0, 0), "valued": False, "max_row": 0, "max_column": 0, "count": 0}

    def start(name, attrs):
        local = local_name(name)
        if local == "c":
            state["count"] += 1
            if state["count"] > bound.cells:
                refuse_cells(path.name, sheet, bound)
            found = reference(attrs.get("r", ""))
            state["column"] = found[1] if found else state["column"] + 1
            state["cell"] = (found[0] if found else state["row"], state["column"])
            state["valued"] = False
        elif local in ("v", "is") and not state["valued"]:
            state["valued"] = True
            row, column = state["cell"]
            if row > state["max_row"] or column > state["max_column"]:
                refuse_value(path.name, sheet, row, column, bound)
                state["max_row"] = max(row, state["max_row"])
                state["max_column"] = max(column, state["max_column"])
                refuse_area(path.name, sheet, state["max_row"], state["max_column"], bound)
        elif local == "row":
            number = attrs.get("r", "")
            state["row"] = int(number) if number.isdigit() and len(number) < 16 else state["row"] + 1
            state["column"] = 0
        elif local == "dimension":
            ref = attrs.get("ref", "")
            corner = reference(ref.rpartition(":")[2]) if ref else None
            if corner is not None:
                refuse_area(path.name, sheet, corner[0], corner[1], bound, ref)

    try:
        stream(path, archive, member, xml_parser(start))
    except Refused as refused:
        raise DataFileError([refused.problem]) from None


def _candidates(target: str) -> set[str]:
    """Every member name, lower-cased, that a calamine version reads for a relationship's Target."""
    target = target.replace("\\", "/")
    names = {target, "xl/" + target, posixpath.normpath(posixpath.join("xl", target))}
    if target.startswith("/"):
        names |= {target[1:], "xl/" + target[1:]}
    return {name.lower() for name in names}


def xlsx_members(path: Path, archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Sheet name -> every member calamine could read for it, from xl/workbook.xml and its relationships."""
    by_lower = {name.lower(): name for name in archive.namelist()}  # unique: core.archives refuses twins
    sheets: dict[str, list[str]] = {}
    targets: dict[str, set[str]] = {}

    def workbook_start(name, attrs):
        if local_name(name) == "sheet" and "name" in attrs:  # every id attribute: calamine takes r:id
            ids = [value for key, value in attrs.items() if local_name(key) == "id"]
            sheets.setdefault(attrs["name"], []).extend(ids)

    def rels_start(name, attrs):
        if local_name(name) == "Relationship" and "Id" in attrs and "Target" in attrs:
            targets.setdefault(attrs["Id"], set()).update(_candidates(attrs["Target"]))

    for member, start in (("xl/workbook.xml", workbook_start), ("xl/_rels/workbook.xml.rels", rels_start)):
        if member in by_lower:
            stream(path, archive, by_lower[member], xml_parser(start))
    found: dict[str, list[str]] = {}
    for sheet, ids in sheets.items():
        names = set().union(*(targets.get(ident, set()) for ident in ids))
        found[sheet] = sorted(by_lower[name] for name in names if name in by_lower)
    return found
