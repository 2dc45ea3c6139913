"""CSV and JSON files: read with their sizes, rows, columns, numbers and nesting bounded, every fault a Problem."""

import csv
import json
import re
from collections.abc import Sequence
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core import limits
from samverkan.core.archives import check_file_size, number_text
from samverkan.core.errors import DataFileError, Problem

from .cells import column_name
from .files import require_file

csv.field_size_limit(limits.CSV_FIELD_CHARACTERS)


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
