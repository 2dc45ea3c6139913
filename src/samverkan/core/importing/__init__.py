"""Shared helpers for importers: reading files with true row numbers, checksums, progress.

Importers follow three steps: parse (file format only) -> validate (every problem at
once) -> load (one transaction, through sources.importing.release_import). These helpers serve the first:
workbooks in `workbook`, CSV and JSON in `text_files`, cells in `cells`, checksums and progress in `files`.
"""

from .cells import as_whole_number, cell_text, column_name
from .files import ProgressCallback, file_sha256, files_sha256, no_progress, require_file
from .text_files import read_csv, read_json
from .workbook import WORKBOOK_SUFFIXES, Sheet, Workbook, read_workbook

__all__ = [
    "WORKBOOK_SUFFIXES",
    "ProgressCallback",
    "Sheet",
    "Workbook",
    "as_whole_number",
    "cell_text",
    "column_name",
    "file_sha256",
    "files_sha256",
    "no_progress",
    "read_csv",
    "read_json",
    "read_workbook",
    "require_file",
]
