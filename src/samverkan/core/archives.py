"""Checks a workbook's archive and sheets before any reader touches its cells, so a hostile file is refused cheaply.

calamine builds a dense range of 32 bytes per cell from A1 (or the first value) to the last value
when a sheet is opened (`get_sheet_by_name` -> `Range::from_sparse`); an .ods file's sheets are all
built when the file is opened, and an .xlsx file's shared strings, sheet list, relationships and
styles are loaded whole. So the archive's directory is checked first (member names, uncompressed
sizes, compression ratio), every member read through once as declared (one that holds more fails
its checksum) while the entries calamine loads on opening are counted, then each sheet's XML is
streamed, never held whole, stopping at the first cell outside the limits (core.xlsx_checks,
core.ods_checks).
"""

import re
import zipfile
import zlib
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


def file_problem(path: Path, found: str, expected: str) -> Problem:
    """A problem with the whole file (its archive, its size), not with a sheet or cell."""
    return Problem(path.name, None, None, None, found, expected)


def unreadable(path: Path, detail: str) -> DataFileError:
    return DataFileError([file_problem(path, detail[:200], _("a readable Excel or ODS workbook"))])


def check_file_size(path: Path, limit: int, what: str) -> None:
    size = path.stat().st_size
    if size > limit:
        found = _("a file of %(size)s bytes") % {"size": number_text(size)}
        expected = _("%(what)s of at most %(limit)s bytes") % {"what": what, "limit": number_text(limit)}
        raise DataFileError([file_problem(path, found, expected)])


def _bad_name(name: str) -> bool:
    """A member name a reader could resolve differently from us: "..", ".", "//", "\\", a leading "/"."""
    parts = name.removesuffix("/").split("/")
    return "\\" in name or name.startswith("/") or any(part in ("", ".", "..") for part in parts)


def _directory_problems(path: Path, members: list[zipfile.ZipInfo]) -> list[Problem]:
    problems = []
    if len(members) > limits.ZIP_MAX_MEMBERS:
        problems.append(
            file_problem(
                path,
                _("an archive of %(count)s files") % {"count": number_text(len(members))},
                _("a workbook archive of at most %(limit)s files") % {"limit": number_text(limits.ZIP_MAX_MEMBERS)},
            )
        )
    total = 0
    seen: set[str] = set()
    for member in members[: limits.ZIP_MAX_MEMBERS + 1]:
        total += member.file_size
        where = _("the archive's member %(name)s") % {"name": member.filename[:80]}
        if _bad_name(member.filename):
            expected = _("member names without '..' or '.' parts, empty parts, backslashes or a leading '/'")
            problems.append(file_problem(path, where, expected))
        elif member.filename.lower() in seen:  # readers look members up ignoring case
            problems.append(file_problem(path, where, _("each member name once, ignoring case")))
        seen.add(member.filename.lower())
        if member.file_size > limits.ZIP_MAX_MEMBER_BYTES:
            found = _("%(where)s of %(size)s bytes uncompressed") % {
                "where": where,
                "size": number_text(member.file_size),
            }
            expected = _("at most %(limit)s bytes") % {"limit": number_text(limits.ZIP_MAX_MEMBER_BYTES)}
            problems.append(file_problem(path, found, expected))
        elif member.file_size > limits.ZIP_RATIO_FROM_BYTES and (
            member.file_size > limits.ZIP_MAX_RATIO * max(member.compress_size, 1)
        ):
            ratio = member.file_size // max(member.compress_size, 1)
            found = _("%(where)s compressed %(ratio)s to 1") % {"where": where, "ratio": number_text(ratio)}
            expected = _("at most %(limit)s to 1, as no real workbook is compressed more") % {
                "limit": number_text(limits.ZIP_MAX_RATIO)
            }
            problems.append(file_problem(path, found, expected))
    if total > limits.ZIP_MAX_TOTAL_BYTES:
        problems.append(
            file_problem(
                path,
                _("%(size)s bytes uncompressed") % {"size": number_text(total)},
                _("a workbook of at most %(limit)s bytes uncompressed")
                % {"limit": number_text(limits.ZIP_MAX_TOTAL_BYTES)},
            )
        )
    return problems


# What calamine loads whole when an .xlsx file is opened (member, lower-cased -> its entries), and how
# many of them are read: each entry costs memory before a single sheet is checked.
LOADED_ON_OPENING = {
    "xl/sharedstrings.xml": (("si",), limits.WORKBOOK_SHARED_STRINGS),
    "xl/workbook.xml": (("sheet", "definedName"), limits.WORKBOOK_PART_ENTRIES),
    "xl/_rels/workbook.xml.rels": (("Relationship",), limits.WORKBOOK_PART_ENTRIES),
    "xl/styles.xml": (("xf", "numFmt"), limits.WORKBOOK_PART_ENTRIES),
}


# What reading a damaged archive raises: a bad directory, a bad checksum, a corrupt deflate stream
# (zlib.error, which is none of the others), a truncated member, an unknown compression method.
BROKEN_ARCHIVE = (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError)


def open_archive(path: Path) -> zipfile.ZipFile:
    """The workbook's zip archive, once its directory shows nothing that would swell when read."""
    try:
        archive = zipfile.ZipFile(path)
    except BROKEN_ARCHIVE as error:
        raise unreadable(path, str(error) or type(error).__name__) from error
    members = archive.infolist()
    problems = _directory_problems(path, members)
    if problems:
        archive.close()
        raise DataFileError(problems)
    for member in members:  # a member that holds more than it declares fails its checksum here
        name = member.filename.lower()
        if not name.startswith("xl/worksheets/") and not member.is_dir():
            tags, limit = LOADED_ON_OPENING.get(name, ((), 0))
            _verify(path, archive, member.filename, tags, limit)
    return archive


def _entry_pattern(tags: tuple[str, ...]) -> re.Pattern:
    """Start tags of these elements, with any prefix (calamine matches local names)."""
    names = "|".join(re.escape(tag) for tag in tags)
    return re.compile(rb"<(?:[^\s/>!?<:]*:)?(?:" + names.encode() + rb")[\s/>]")


def _verify(path: Path, archive: zipfile.ZipFile, member: str, tags: tuple[str, ...] = (), limit: int = 0) -> None:
    """Read a member through, as the directory declares it, counting the entries `tags` start.

    Sheets are read so when they are checked. Comments and CDATA that look like entries are counted
    too: a real workbook has none.
    """
    pattern = _entry_pattern(tags) if tags else None
    count = 0
    carry = b""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(1 << 20):
                if pattern is None:
                    continue
                text = carry + chunk
                cut = text.rfind(b"<")  # a start tag cut in two by the pieces waits for the next piece
                count += len(pattern.findall(text, 0, max(cut, 0)))
                near_end = cut >= 0 and cut > len(text) - 4096
                carry = text[cut:] if near_end else b""
                if cut >= 0 and not near_end:  # a long run without tags: the tag at `cut` is whole
                    count += bool(pattern.match(text, cut))
                if count > limit:
                    archive.close()
                    found_text = _("the archive's member %(name)s with more than %(count)s entries") % {
                        "name": member[:80],
                        "count": number_text(limit),
                    }
                    expected = _("at most %(limit)s entries (%(tags)s); no more are read") % {
                        "limit": number_text(limit),
                        "tags": ", ".join(f"<{tag}>" for tag in tags),
                    }
                    raise DataFileError([file_problem(path, found_text, expected)])
    except BROKEN_ARCHIVE as error:
        archive.close()
        raise unreadable(path, f"{member}: {error}") from error


def stream(path: Path, archive: zipfile.ZipFile, member: str, parser) -> None:
    """Feed one member to an expat parser in 1 MB pieces; the handlers raise Refused to stop early."""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(1 << 20):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except (*BROKEN_ARCHIVE, expat.ExpatError) as error:
        raise unreadable(path, f"{member}: {error}") from error


def local_name(name: str) -> str:
    return name.rpartition("}")[2]


def xml_parser(start, end=None):
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    parser.buffer_text = True
    return parser


def reference(text: str) -> tuple[int, int] | None:
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


def refuse_value(file: str, sheet: str, row: int, column: int, bound: SheetLimits) -> None:
    """Refuse a value at (row, column), 1-based, that lies outside the limits."""
    expected = _over(row, column, bound)
    if expected is not None:
        letter = column_letter(column - 1) if column > 0 else ""
        found = _("a cell at %(cell)s") % {"cell": f"{letter}{row}"}
        raise Refused(Problem(file, sheet, row, letter or None, found, expected))


def refuse_area(file: str, sheet: str, rows: int, columns: int, bound: SheetLimits, declared: str = "") -> None:
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


def refuse_cells(file: str, sheet: str, bound: SheetLimits) -> None:
    found = _("more than %(limit)s cells") % {"limit": number_text(bound.cells)}
    expected = _("at most %(limit)s cells; no more are read") % {"limit": number_text(bound.cells)}
    raise Refused(Problem(file, sheet, None, None, found, expected))


def check_area(path: Path, sheet: str, rows: int, columns: int, bound: SheetLimits) -> None:
    """Refuse a sheet (an .xls sheet, whose size is known once loaded) over the limits."""
    try:
        refuse_area(path.name, sheet, rows, columns, bound)
    except Refused as refused:
        raise DataFileError([refused.problem]) from None
