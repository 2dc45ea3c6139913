"""What a release covers, and the checksum of what it imports.

A file can be well-formed in every row and still cover only part of what its kind must
cover (one municipality of 290, an indicator with every value null). Importers end their
validation by listing such gaps; `coverage_check` refuses them unless the import was asked
for a partial release, and an empty import is refused either way.

"Already imported" compares the imported content, not the file's bytes: `content_sha256`
hashes the rows an importer writes, sorted and without where they stood in the file, so a
re-saved workbook, a changed zip comment or reordered JSON keys give the same checksum.
"""

import dataclasses
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverkan.core.errors import DataFileError, Problem

SHOWN = 10  # missing items named in a message; the rest are counted

# What a gap counts, in words for a page (plural) and the count of one item.
UNITS = {
    "municipalities": gettext_lazy("municipalities"),
    "counties": gettext_lazy("counties"),
    "indicators": gettext_lazy("indicators"),
    "signatories": gettext_lazy("signatories"),
    "values": gettext_lazy("values"),
}

# Fields that say where a row stood in its file: not part of the content.
LOCATION_FIELDS = frozenset({"row", "file", "sheet", "column", "columns", "where"})


@dataclass(frozen=True)
class Gap:
    """Part of what a file of its kind must cover that this file does not: `missing` names every item."""

    unit: str  # a key of UNITS
    expected: int
    missing: tuple[str, ...]
    file: str
    sheet: str | None = None
    column: str | None = None
    detail: str = ""  # what "complete" means here, e.g. "a value for every year and sector of the file"

    @property
    def covered(self) -> int:
        return self.expected - len(self.missing)

    def problem(self) -> Problem:
        expected = _("a complete release: %(rule)s; import with --partial to record it as partial") % {
            "rule": self.detail or _("all %(count)d %(unit)s") % {"count": self.expected, "unit": UNITS[self.unit]}
        }
        return Problem(
            self.file,
            self.sheet,
            None,
            self.column,
            _("%(covered)d of %(expected)d %(unit)s; missing: %(names)s")
            % {
                "covered": self.covered,
                "expected": self.expected,
                "unit": UNITS[self.unit],
                "names": missing_text(self.missing),
            },
            expected,
        )

    def as_dict(self) -> dict:
        """What the release keeps: counts and the first names, enough to say what is missing."""
        return {
            "unit": self.unit,
            "expected": self.expected,
            "covered": self.covered,
            "missing": list(self.missing[:SHOWN]),
            "missing_count": len(self.missing),
        }


def missing_text(names: Iterable[str]) -> str:
    """The first ten names, then how many more: 'Ale, Alingsås, … and 280 more'."""
    names = list(names)
    shown = ", ".join(names[:SHOWN])
    rest = len(names) - SHOWN
    if rest > 0:
        return ngettext("%(names)s and %(count)d more", "%(names)s and %(count)d more", rest) % {
            "names": shown,
            "count": rest,
        }
    return shown


def coverage_check(gaps: list[Gap], *, partial: bool, problems: Iterable[Problem] = ()) -> list[dict]:
    """Refuse the file's problems; then, unless partial, its gaps. Returns the gaps a partial release keeps.

    Coverage is judged once every row is right: a misspelt name is one problem, not also a missing municipality.
    """
    problems = list(problems)
    if problems:
        raise DataFileError(problems)
    gaps = [gap for gap in gaps if gap.missing]
    if gaps and not partial:
        raise DataFileError([gap.problem() for gap in gaps])
    return [gap.as_dict() for gap in gaps]


def refuse_empty(count: int, *, file: str, what: str) -> None:
    """An import that would write nothing is refused, with --partial or without."""
    if count == 0:
        raise DataFileError([Problem(file, None, None, None, _("nothing to import"), what)])


def coverage_note(coverage: list[dict]) -> str:
    """'Partial release: 1 of 290 municipalities', in the reader's language."""
    parts = [
        _("%(covered)d of %(expected)d %(unit)s")
        % {"covered": gap["covered"], "expected": gap["expected"], "unit": UNITS.get(gap["unit"], gap["unit"])}
        for gap in coverage
    ]
    return _("Partial release: %(parts)s") % {"parts": "; ".join(parts) or _("marked partial")}


def _canonical(row) -> str:
    if dataclasses.is_dataclass(row):
        # No asdict(): it deep-copies. The class name keeps rows of two kinds with equal fields apart.
        fields = [f.name for f in dataclasses.fields(row) if f.name not in LOCATION_FIELDS]
        row = (type(row).__name__, *(getattr(row, name) for name in fields))
    return repr(row)


def content_sha256(kind: str, rows: Iterable) -> str:
    """SHA-256 of the rows an import writes, in sorted order: the same content gives the same checksum.

    Rows are tuples of codes, years, names and values (floats as float, so 1 and 1.0 agree) or
    dataclasses whose location fields (row, file, sheet, column) are left out.
    """
    digest = hashlib.sha256(f"samverkan-content-1:{kind}".encode())
    for line in sorted(_canonical(row) for row in rows):
        digest.update(b"\n")
        digest.update(line.encode())
    return digest.hexdigest()
