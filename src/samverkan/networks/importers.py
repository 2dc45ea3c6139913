"""The JRC's GCoM - MyCovenant list of Covenant of Mayors signatories: parse, validate against our places.

Names in the list are the signatories' own ("Gothenburg", "Gislaveds", "Isle of Öland"); an
explicit alias table (`data/covenant-of-mayors/aliases.csv`) maps those that differ from
the official municipality names, and any name that matches nothing is reported, not guessed.
"""

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import Problem
from samverkan.core.importing import Workbook
from samverkan.core.limits import LARGE_WORKBOOK_ROWS
from samverkan.core.text import search_key
from samverkan.sources.coverage import Gap

SHEET = "1"
COLUMNS = [
    "organisation_id",
    "organisation_name",
    "coordinator_name",
    "supporter_name",
    "country_code",
    "commitment_CoM2020_flag",
    "commitment_CoM2030_flag",
    "commitment_CoM2050_flag",
    "signatory_status",
    "date_of_adhesion",
    "group_profile",
]
STATUSES = {"published": "active", "on_hold": "on_hold", "suspended": "on_hold", "pending": "applied"}
COMMITMENTS = {
    "commitment_CoM2020_flag": "borgmastaravtalet-2020",
    "commitment_CoM2030_flag": "borgmastaravtalet-2030",
    "commitment_CoM2050_flag": "borgmastaravtalet-2050",
}


@dataclass(frozen=True)
class Alias:
    municipality_code: str
    organization_name: str


@dataclass(frozen=True)
class Signatory:
    row: int
    source_id: str
    name: str
    municipality_code: str  # "" for a signatory that is not one municipality (a group)
    organization_name: str
    status: str
    since: dt.date | None
    commitments: tuple[str, ...]
    coordinator: str  # an organization's name after aliases, "" for none
    supporter: str
    is_group: bool


@dataclass
class Parsed:
    signatories: list[Signatory] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_aliases(path: Path) -> dict[str, Alias]:
    with open(path, encoding="utf-8") as handle:
        return {
            row["name_in_source"]: Alias(row["municipality_code"], row["organization_name"])
            for row in csv.DictReader(handle)
        }


def _flag(value) -> bool:
    return value is True or str(value).strip().lower() in {"true", "1", "yes"}


def _blank(value) -> str:
    text = str(value or "").strip()
    return "" if text in {"-", "None"} else text


def _rows(path: Path, problems: list[Problem]):
    """The sheet's rows as (row number, value-by-column function); nothing when the sheet or a column is missing."""
    workbook = Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)
    rows = workbook.sheet(SHEET).rows if SHEET in workbook.sheet_names else []
    if not rows:
        problems.append(
            Problem(path.name, SHEET, None, None, "", _("a sheet %(sheet)s with signatories") % {"sheet": SHEET})
        )
        return
    header = [str(cell).strip() for cell in rows[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        problems.append(
            Problem(
                path.name,
                SHEET,
                1,
                ", ".join(missing),
                "",
                _("the columns %(columns)s") % {"columns": ", ".join(COLUMNS)},
            )
        )
        return
    index = {name: header.index(name) for name in COLUMNS}
    for number, cells in enumerate(rows[1:], start=2):

        def value(column: str, cells=cells):
            position = index[column]
            return cells[position] if position < len(cells) else ""

        yield number, value


def _status_and_date(path: Path, number: int, value, problems: list[Problem]):
    """The signatory's status in our words and its date of adhesion; None for the status when a cell is wrong."""
    status = STATUSES.get(_blank(value("signatory_status")))
    if status is None:
        problems.append(
            Problem(
                path.name, SHEET, number, "signatory_status", _blank(value("signatory_status")), ", ".join(STATUSES)
            )
        )
        return None, None
    adhesion = value("date_of_adhesion")
    if isinstance(adhesion, dt.datetime):
        adhesion = adhesion.date()
    if adhesion not in ("", None, "-") and not isinstance(adhesion, dt.date):
        try:
            adhesion = dt.date.fromisoformat(str(adhesion)[:10])
        except ValueError:
            problems.append(
                Problem(path.name, SHEET, number, "date_of_adhesion", str(adhesion), _("a date such as 2009-09-24"))
            )
            return None, None
    return status, adhesion or None


def parse(path: Path, *, aliases: dict[str, Alias], municipalities: dict[str, str], country: str = "se") -> Parsed:
    """Every signatory of one country, matched to a municipality code; problems name row and column."""
    result = Parsed()
    by_key = {search_key(name): code for code, name in municipalities.items()}
    for number, value in _rows(path, result.problems):
        if str(value("country_code")).strip().lower() != country:
            continue
        name = _blank(value("organisation_name"))
        alias = aliases.get(name)
        code = alias.municipality_code if alias else by_key.get(search_key(name), "")
        organization_name = alias.organization_name if alias and not alias.municipality_code else ""
        if not code and not organization_name:
            result.problems.append(
                Problem(
                    path.name,
                    SHEET,
                    number,
                    "organisation_name",
                    name,
                    _("a municipality's name, or a name in the alias table"),
                )
            )
            continue
        status, adhesion = _status_and_date(path, number, value, result.problems)
        if status is None:
            continue
        coordinator = _blank(value("coordinator_name"))
        if coordinator in aliases:
            coordinator = aliases[coordinator].organization_name
        result.signatories.append(
            Signatory(
                row=number,
                source_id=str(value("organisation_id")).removesuffix(".0"),
                name=name,
                municipality_code=code,
                organization_name=organization_name,
                status=status,
                since=adhesion,
                commitments=tuple(slug for column, slug in COMMITMENTS.items() if _flag(value(column))),
                coordinator=coordinator,
                supporter=_blank(value("supporter_name")),
                is_group=_flag(value("group_profile")),
            )
        )
    return result


def coverage(path: Path, parsed: Parsed, earlier: dict[str, str]) -> list[Gap]:
    """Complete means the Swedish signatories an earlier list brought are all in this one.

    `earlier` maps each such signatory's key (a municipality code, or an organization's name for a
    group) to the name shown; a list filtered to a few signatories is partial, not a list of leavers.
    """
    keys = {signatory.municipality_code or signatory.organization_name for signatory in parsed.signatories}
    missing = sorted(name for key, name in earlier.items() if key not in keys)
    detail = _("every Swedish signatory of the earlier list (%(count)d)") % {"count": len(earlier)}
    return [Gap("signatories", len(earlier), tuple(missing), path.name, SHEET, "organisation_name", detail)]


@dataclass(frozen=True)
class AbroadSignatory:
    row: int
    source_id: str
    name: str
    country: str  # ISO 3166 alpha-2, upper case
    status: str
    since: dt.date | None
    commitments: tuple[str, ...]
    is_group: bool


def parse_abroad(path: Path) -> tuple[list[AbroadSignatory], list[Problem]]:
    """Every signatory outside Sweden, identified by its id in the list (names repeat within a country)."""
    problems: list[Problem] = []
    signatories: list[AbroadSignatory] = []
    seen: dict[str, int] = {}
    for number, value in _rows(path, problems):
        country = str(value("country_code")).strip().upper()
        if country == "SE":
            continue
        source_id = str(value("organisation_id")).strip().removesuffix(".0")
        raw_name = value("organisation_name")
        # Not _blank(): "None" is a real name here (the comune of None near Turin, row 4582 in 2024).
        name = "" if raw_name is None or str(raw_name).strip() == "-" else str(raw_name).strip()
        if len(country) != 2 or not country.isalpha() or not country.isascii():
            problems.append(Problem(path.name, SHEET, number, "country_code", country, _("a two-letter country code")))
            continue
        if not source_id or len(source_id) > 20 or not source_id.replace("_", "").isalnum():
            problems.append(Problem(path.name, SHEET, number, "organisation_id", source_id, _("a signatory id")))
            continue
        if source_id in seen:
            problems.append(
                Problem(
                    path.name,
                    SHEET,
                    number,
                    "organisation_id",
                    source_id,
                    _("an id not used before (row %(row)s has it)") % {"row": seen[source_id]},
                )
            )
            continue
        seen[source_id] = number
        if not name or len(name) > 300:
            problems.append(
                Problem(path.name, SHEET, number, "organisation_name", name[:40], _("a name of 1 to 300 characters"))
            )
            continue
        status, adhesion = _status_and_date(path, number, value, problems)
        if status is None:
            continue
        signatories.append(
            AbroadSignatory(
                row=number,
                source_id=source_id,
                name=name,
                country=country,
                status=status,
                since=adhesion,
                commitments=tuple(slug for column, slug in COMMITMENTS.items() if _flag(value(column))),
                is_group=_flag(value("group_profile")),
            )
        )
    return signatories, problems
