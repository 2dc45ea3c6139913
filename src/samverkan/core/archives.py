"""Checks a workbook before any reader touches its cells, so a hostile file is refused cheaply.

calamine builds a dense range of 32 bytes per cell from A1 (or the first value) to the last value
when a sheet is opened (`get_sheet_by_name` -> `Range::from_sparse`); an .ods file's sheets are all
built when the file is opened. So the archive's directory is checked first (members, uncompressed
sizes, compression ratio), every member read through once as declared (one that holds more fails
its checksum), then each sheet's XML is streamed, never held whole, stopping at the first cell
outside the limits: by regular expressions for cells written the usual way, else by expat.
"""

import posixpath
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from django.utils.translation import gettext as _

from . import limits
from .errors import DataFileError, Problem, column_letter
from .formatting import format_number

CELL_REFERENCE = re.compile(r"\$?([A-Za-z]{1,10})\$?(\d{1,15})")


@dataclass(frozen=True)
class SheetLimits:
    rows: int = limits.WORKBOOK_ROWS
    columns: int = limits.WORKBOOK_COLUMNS
    cells: int = limits.WORKBOOK_CELLS


class Refused(Exception):
    """Stops the XML parser at the first thing over a limit."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def number_text(value: int) -> str:
    """A count in the page's language, with plain spaces: a Problem shows its value quoted, as repr."""
    return format_number(value).replace("\u00a0", " ")


def unreadable(path: Path, detail: str) -> DataFileError:
    return DataFileError([Problem(path.name, None, None, None, detail[:200], _("a readable Excel or ODS workbook"))])


def check_file_size(path: Path, limit: int, what: str) -> None:
    size = path.stat().st_size
    if size > limit:
        raise DataFileError(
            [
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    _("a file of %(size)s bytes") % {"size": number_text(size)},
                    _("%(what)s of at most %(limit)s bytes") % {"what": what, "limit": number_text(limit)},
                )
            ]
        )


def open_archive(path: Path) -> zipfile.ZipFile:
    """The workbook's zip archive, once its directory shows nothing that would swell when read."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise unreadable(path, str(error) or type(error).__name__) from error
    members = archive.infolist()
    problems = []
    if len(members) > limits.ZIP_MAX_MEMBERS:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                None,
                _("an archive of %(count)s files") % {"count": number_text(len(members))},
                _("a workbook archive of at most %(limit)s files") % {"limit": number_text(limits.ZIP_MAX_MEMBERS)},
            )
        )
    total = 0
    for member in members:
        total += member.file_size
        where = _("the archive's member %(name)s") % {"name": member.filename[:80]}
        if member.file_size > limits.ZIP_MAX_MEMBER_BYTES:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    _("%(where)s of %(size)s bytes uncompressed")
                    % {"where": where, "size": number_text(member.file_size)},
                    _("at most %(limit)s bytes") % {"limit": number_text(limits.ZIP_MAX_MEMBER_BYTES)},
                )
            )
        elif member.file_size > limits.ZIP_RATIO_FROM_BYTES and (
            member.file_size > limits.ZIP_MAX_RATIO * max(member.compress_size, 1)
        ):
            ratio = member.file_size // max(member.compress_size, 1)
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    _("%(where)s compressed %(ratio)s to 1") % {"where": where, "ratio": number_text(ratio)},
                    _("at most %(limit)s to 1, as no real workbook is compressed more")
                    % {"limit": number_text(limits.ZIP_MAX_RATIO)},
                )
            )
    if total > limits.ZIP_MAX_TOTAL_BYTES:
        problems.append(
            Problem(
                path.name,
                None,
                None,
                None,
                _("%(size)s bytes uncompressed") % {"size": number_text(total)},
                _("a workbook of at most %(limit)s bytes uncompressed")
                % {"limit": number_text(limits.ZIP_MAX_TOTAL_BYTES)},
            )
        )
    if problems:
        archive.close()
        raise DataFileError(problems)
    for member in members:  # a member that holds more than it declares fails its checksum here
        if not member.filename.startswith("xl/worksheets/") and not member.is_dir():
            _verify(path, archive, member.filename)
    return archive


def _verify(path: Path, archive: zipfile.ZipFile, member: str) -> None:
    """Read a member through, as the directory declares it; sheets are read so when they are checked."""
    try:
        with archive.open(member) as handle:
            while handle.read(1 << 20):
                pass
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as error:
        archive.close()
        raise unreadable(path, f"{member}: {error}") from error


def _stream(path: Path, archive: zipfile.ZipFile, member: str, parser) -> None:
    """Feed one member to an expat parser in 1 MB pieces; the handlers raise Refused to stop early."""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(1 << 20):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (zipfile.BadZipFile, expat.ExpatError, ValueError, OSError, EOFError) as error:
        raise unreadable(path, f"{member}: {error}") from error


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _parser(start, end=None):
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    parser.buffer_text = True
    return parser


def _reference(text: str) -> tuple[int, int] | None:
    """A cell reference as 1-based (row, column): "CV1000000" -> (1000000, 100)."""
    found = CELL_REFERENCE.fullmatch(text.strip())
    if not found:
        return None
    column = 0
    for letter in found[1].upper():
        column = column * 26 + ord(letter) - 64
    return int(found[2]), column


def _over(rows: int, columns: int, bound: SheetLimits) -> str | None:
    """What a sheet's area from A1 breaks, in words; None when it fits."""
    if rows > bound.rows:
        return _("at most %(limit)s rows; no more are read") % {"limit": number_text(bound.rows)}
    if columns > bound.columns:
        return _("at most %(limit)s columns; no more are read") % {"limit": number_text(bound.columns)}
    if rows * columns > bound.cells:
        return _("at most %(limit)s cells from A1 to the last value; no more are read") % {
            "limit": number_text(bound.cells)
        }
    return None


def _refuse_value(file: str, sheet: str, row: int, column: int, bound: SheetLimits) -> None:
    """Refuse a value at (row, column), 1-based, that lies outside the limits."""
    expected = _over(row, column, bound)
    if expected is not None:
        letter = column_letter(column - 1) if column > 0 else ""
        found = _("a cell at %(cell)s") % {"cell": f"{letter}{row}"}
        raise Refused(Problem(file, sheet, row, letter or None, found, expected))


def _refuse_area(file: str, sheet: str, rows: int, columns: int, bound: SheetLimits, declared: str = "") -> None:
    expected = _over(rows, columns, bound)
    if expected is None:
        return
    if declared:
        found = _("the sheet declares %(rows)s rows and %(columns)s columns (%(ref)s)")
        found %= {"rows": number_text(rows), "columns": number_text(columns), "ref": declared[:40]}
    else:
        found = _("values in %(rows)s rows and %(columns)s columns") % {
            "rows": number_text(rows),
            "columns": number_text(columns),
        }
    raise Refused(Problem(file, sheet, None, None, found, expected))


def check_area(path: Path, sheet: str, rows: int, columns: int, bound: SheetLimits) -> None:
    """Refuse a sheet (an .xls sheet, whose size is known once loaded) over the limits."""
    try:
        _refuse_area(path.name, sheet, rows, columns, bound)
    except Refused as refused:
        raise DataFileError([refused.problem]) from None


def check_xlsx_sheet(path: Path, archive: zipfile.ZipFile, sheet: str, bound: SheetLimits) -> None:
    """Refuse a sheet whose declared or actual area is over the limits, before calamine builds it."""
    members = _xlsx_members(path, archive).get(sheet)
    if members is None:  # unknown to us: check every worksheet, as calamine may find it
        members = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
    for member in members:
        if not member.endswith(".xml"):
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
                        corner = _reference(ref.rpartition(":")[2])
                        if corner is not None:
                            _refuse_area(path.name, sheet, corner[0], corner[1], bound, ref)
                found = cell.findall(text)
                plain = sum(text.count(b"<c" + after) for after in AFTER_NAME)
                prefixed = sum(text.count(b":c" + after) for after in AFTER_NAME)
                prefixed -= text.count(b"</" + prefix + b"c>") if prefix else 0  # closing tags: "</x:c>"
                cells = sum(text.count(tag) for tag in tags) if prefix else plain
                if len(found) != cells or cells != plain + prefixed:  # every cell ours, all with a reference
                    return False
                count += cells
                if count > bound.cells:
                    found_text = _("more than %(limit)s cells") % {"limit": number_text(bound.cells)}
                    expected = _("at most %(limit)s cells; no more are read") % {"limit": number_text(bound.cells)}
                    raise Refused(Problem(path.name, sheet, None, None, found_text, expected))
                if found:
                    max_row, max_column = _farthest(path.name, sheet, found, max_row, max_column, bound)
    except Refused as refused:
        raise DataFileError([refused.problem]) from None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as error:
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
        _refuse_value(file, sheet, row, columns[letters], bound)
    if column > bound.columns:
        letters, digits = next(cell for cell in found if columns[cell[0]] == column)
        _refuse_value(file, sheet, int(digits), column, bound)
    max_row, max_column = max(row, max_row), max(column, max_column)
    _refuse_area(file, sheet, max_row, max_column, bound)
    return max_row, max_column


def _parse_xlsx_member(path: Path, archive: zipfile.ZipFile, member: str, sheet: str, bound: SheetLimits):
    """The slow check, by parsing: positions counted as calamine counts them, values only."""
    state = {"row": 0, "column": 0, "cell": (0, 0), "valued": False, "max_row": 0, "max_column": 0, "count": 0}

    def start(name, attrs):
        local = _local(name)
        if local == "c":
            state["count"] += 1
            if state["count"] > bound.cells:
                raise Refused(
                    Problem(
                        path.name,
                        sheet,
                        None,
                        None,
                        _("more than %(limit)s cells") % {"limit": number_text(bound.cells)},
                        _("at most %(limit)s cells; no more are read") % {"limit": number_text(bound.cells)},
                    )
                )
            found = _reference(attrs.get("r", ""))
            state["column"] = found[1] if found else state["column"] + 1
            state["cell"] = (found[0] if found else state["row"], state["column"])
            state["valued"] = False
        elif local in ("v", "is") and not state["valued"]:
            state["valued"] = True
            row, column = state["cell"]
            if row > state["max_row"] or column > state["max_column"]:
                _refuse_value(path.name, sheet, row, column, bound)
                state["max_row"] = max(row, state["max_row"])
                state["max_column"] = max(column, state["max_column"])
                _refuse_area(path.name, sheet, state["max_row"], state["max_column"], bound)
        elif local == "row":
            number = attrs.get("r", "")
            state["row"] = int(number) if number.isdigit() and len(number) < 16 else state["row"] + 1
            state["column"] = 0
        elif local == "dimension":
            ref = attrs.get("ref", "")
            corner = _reference(ref.rpartition(":")[2]) if ref else None
            if corner is not None:
                _refuse_area(path.name, sheet, corner[0], corner[1], bound, ref)

    try:
        _stream(path, archive, member, _parser(start))
    except Refused as refused:
        raise DataFileError([refused.problem]) from None


def _xlsx_members(path: Path, archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Sheet name -> its worksheet member, from xl/workbook.xml and its relationships."""
    names = set(archive.namelist())
    sheets: dict[str, str] = {}
    targets: dict[str, str] = {}

    def workbook_start(name, attrs):
        if _local(name) == "sheet":
            ids = [value for key, value in attrs.items() if _local(key) == "id"]
            if "name" in attrs and ids:
                sheets[attrs["name"]] = ids[0]

    def rels_start(name, attrs):
        if _local(name) == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"]
            target = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[attrs["Id"]] = target

    for member, start in (("xl/workbook.xml", workbook_start), ("xl/_rels/workbook.xml.rels", rels_start)):
        if member in names:
            _stream(path, archive, member, _parser(start))
    return {sheet: [targets[ident]] for sheet, ident in sheets.items() if targets.get(ident) in names}


def check_ods(path: Path, archive: zipfile.ZipFile, bound: SheetLimits) -> None:
    """Every sheet of an .ods file (calamine reads them all on opening), repeated rows and cells counted."""
    state = {"sheet": "", "row": 0, "column": 0, "repeat": 1, "valued": False, "cell_end": 0, "in_cell": False}
    state.update(max_row=0, max_column=0)

    def attribute(attrs, local, default=""):
        return next((value for key, value in attrs.items() if _local(key) == local), default)

    def repeated(attrs, local) -> int:
        text = attribute(attrs, local, "1")
        if not text.isdigit() or len(text) > 15:
            raise unreadable(path, f"{local}={text[:20]!r}")
        return max(int(text), 1)

    def valued():
        state["valued"] = True
        if state["cell_end"] > state["max_column"]:
            _refuse_value(path.name, state["sheet"], state["row"] + 1, state["cell_end"], bound)
            state["max_column"] = state["cell_end"]

    def start(name, attrs):
        local = _local(name)
        if local in ("table-cell", "covered-table-cell"):
            state["cell_end"] = state["column"] + repeated(attrs, "number-columns-repeated")
            state["column"] = state["cell_end"]
            state["in_cell"] = True
            if attribute(attrs, "value-type"):
                valued()
        elif local == "p" and state["in_cell"] and not state["valued"]:
            valued()
        elif local == "table-row":
            state.update(repeat=repeated(attrs, "number-rows-repeated"), column=0, valued=False)
        elif local == "table":
            state.update(sheet=attribute(attrs, "name"), row=0, max_row=0, max_column=0)

    def end(name):
        local = _local(name)
        if local in ("table-cell", "covered-table-cell"):
            state["in_cell"] = False
        elif local == "table-row":
            state["row"] += state["repeat"]
            if state["valued"]:
                state["max_row"] = state["row"]
                if state["repeat"] > 1:  # a row of values repeated: its last copy is a value too
                    _refuse_value(path.name, state["sheet"], state["row"], state["max_column"], bound)
                _refuse_area(path.name, state["sheet"], state["row"], state["max_column"], bound)

    if "content.xml" not in archive.namelist():
        raise unreadable(path, _("no content.xml"))
    try:
        _stream(path, archive, "content.xml", _parser(start, end))
    except Refused as refused:
        raise DataFileError([refused.problem]) from None
