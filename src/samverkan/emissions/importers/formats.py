"""Which format an emission file is, and the parser for it."""

from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import Workbook
from samverkan.core.limits import LARGE_WORKBOOK_ROWS

from .klimatkollen import KLIMATKOLLEN_FILES, parse_klimatkollen
from .rows import ParsedEmissions
from .smhi_compiled import parse_smhi_compiled
from .smhi_lansrapport import parse_lansrapport


def detect_format(path: Path, workbook: Workbook | None = None) -> str:
    """'klimatkollen' (a folder of JSON files), 'smhi-compiled' or 'smhi-lansrapport' (workbooks)."""
    if path.is_dir():
        if any((path / name).exists() for name in KLIMATKOLLEN_FILES.values()):
            return "klimatkollen"
        return ""
    if path.suffix.lower() == ".json":  # one file of a Klimatkollen release names its folder; any other is unknown
        return "klimatkollen" if path.name in KLIMATKOLLEN_FILES.values() else ""
    workbook = workbook or Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)
    if "Terr_GHG" in workbook.sheet_names:
        return "smhi-compiled"
    first = workbook.first_sheet() if workbook.sheet_names else None
    if first and str(first.cell(1, 0)).strip() == "Rapportnamn:" and "Länsrapport" in str(first.cell(1, 1)):
        return "smhi-lansrapport"
    return ""


def parse(path: Path) -> ParsedEmissions:
    workbook = None if path.is_dir() or path.suffix.lower() == ".json" else Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)
    fmt = detect_format(path, workbook)
    if fmt == "klimatkollen":
        return parse_klimatkollen(path if path.is_dir() else path.parent)
    if fmt == "smhi-compiled":
        return parse_smhi_compiled(path, workbook)
    if fmt == "smhi-lansrapport":
        return parse_lansrapport(path, workbook)
    raise DataFileError(
        [
            Problem(
                path.name,
                None,
                None,
                None,
                path.name,
                _(
                    "a folder of Klimatkollen JSON files, SMHI's compiled workbook (sheet Terr_GHG) "
                    "or an SMHI 'Länsrapport' export"
                ),
            )
        ]
    )
