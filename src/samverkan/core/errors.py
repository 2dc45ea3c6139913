"""Domain errors: messages fit to show a user, turned into pages and JSON in one place."""

from dataclasses import asdict, dataclass

from django.http import Http404
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A user error with a message that can be shown as it is."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(DomainError, Http404):
    """An unknown code or id: a 404 page or a JSON 404."""

    status = 404


class Forbidden(DomainError):
    """The person may not do this; the refusal is logged where it is raised."""

    status = 403


class Invalid(DomainError):
    """Well-formed request, values that break a rule: 422 with the rule in words."""

    status = 422


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, located precisely enough to fix it."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str
    expected: str

    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": self.sheet})
        if self.row is not None:
            parts.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            parts.append(_("column %(column)s") % {"column": self.column})
        return ", ".join(parts)

    def __str__(self) -> str:
        return _("%(location)s: found %(value)s, expected %(expected)s") % {
            "location": self.location(),
            "value": repr(self.value),
            "expected": self.expected,
        }

    def as_dict(self) -> dict:
        return asdict(self)


class DataFileError(DomainError):
    """A file that cannot be imported; carries every problem found, not just the first."""

    status = 422

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = _("%(count)d problem(s) found; nothing was imported.") % {"count": count}
        shown = "\n".join(f"  - {problem}" for problem in self.problems[:50])
        more = ""
        if count > 50:
            more = "\n  " + _("... and %(more)d more.") % {"more": count - 50}
        super().__init__(f"{head}\n{shown}{more}")


class AlreadyImported(DomainError):
    """The same file (by checksum) was imported before: nothing changes."""

    status = 409


def column_letter(index: int) -> str:
    """Spreadsheet column name for a 0-based index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
