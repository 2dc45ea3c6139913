"""Parse and validate the official emission files: Klimatkollen's JSON releases, SMHI's compiled
totals workbook and SMHI's raw "Länsrapport" export.

parse_* know only a file's format: they return plain rows, the totals the file states (to be
checked, never imported twice) and the problems met. validate() resolves territories and
sectors, finds duplicates and negative values, and compares stated totals with the sums.
Writing happens in services.py.

One module per format (klimatkollen, smhi_compiled, smhi_lansrapport), the rows they return in rows,
validation in validation, the choice of parser in formats.
"""

from .formats import detect_format, parse
from .klimatkollen import KLIMATKOLLEN_FILES, parse_klimatkollen
from .rows import ParsedEmissions, ResolvedValue, ValidatedEmissions, as_tonnes
from .smhi_compiled import parse_smhi_compiled
from .smhi_lansrapport import parse_lansrapport
from .validation import Catalogue, coverage, name_key, validate

__all__ = [
    "KLIMATKOLLEN_FILES",
    "Catalogue",
    "ParsedEmissions",
    "ResolvedValue",
    "ValidatedEmissions",
    "as_tonnes",
    "coverage",
    "detect_format",
    "name_key",
    "parse",
    "parse_klimatkollen",
    "parse_lansrapport",
    "parse_smhi_compiled",
    "validate",
]
