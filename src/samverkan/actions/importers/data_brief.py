"""The JRC's data brief: its signatories (code, country, inhabitants, place) and their actions."""

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from samverkan.core.errors import Problem
from samverkan.core.importing import Workbook
from samverkan.core.limits import LARGE_WORKBOOK_ROWS
from samverkan.core.plausible import EFFECT_T_CO2E, ORGANIZATION_INHABITANTS, shown

from ..models import ActionStatus, CovenantSector, PolicyType

ACTION_COLUMNS = [
    "MUNI CODE",
    "ID ACTION",
    "Sector",
    "key action description",
    "Area_of_intervention",
    "Origin of the action",
    "Status of implementation",
    "Policy type",
    "CO2 red",
]
SIGNATORY_COLUMNS = ["MUNI CODE", "Country Code", "N. Inhabit", "Latitude", "Longitude"]
# The JRC's statuses in ours: "NEW" is an action reported as new, not yet begun.
JRC_STATUSES = {
    "ONGOING": ActionStatus.ONGOING,
    "NOT_STARTED": ActionStatus.NOT_STARTED,
    "NEW": ActionStatus.NOT_STARTED,
    "COMPLETED": ActionStatus.COMPLETED,
    "POSTPONED": ActionStatus.POSTPONED,
}
ORIGINS = {"LOCAL_AUTHORITY", "OTHER", "NOT_POSSIBLE_TO_SAY", "COVENANT_TERRITORIAL_COORDINATOR"}


@dataclass(frozen=True)
class ExampleSignatory:
    code: str
    country: str
    inhabitants: int | None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class ExampleAction:
    row: int
    signatory: str
    source_id: str
    title: str
    covenant_sector: str
    area: str
    origin: str
    status: str
    policy_type: str
    effect: float | None


@dataclass
class DataBrief:
    signatories: dict[str, ExampleSignatory] = field(default_factory=dict)
    actions: list[ExampleAction] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _sheet_rows(path: Path, columns: list[str], problems: list[Problem], sheet_name: str | None = None):
    workbook = Workbook(path, max_rows=LARGE_WORKBOOK_ROWS)
    if sheet_name is not None and sheet_name not in workbook.sheet_names:
        problems.append(
            Problem(path.name, sheet_name, None, "", "", _("a sheet named %(sheet)s") % {"sheet": sheet_name})
        )
        return sheet_name, []
    sheet_name = sheet_name or workbook.sheet_names[0]
    rows = workbook.sheet(sheet_name).rows
    header = [str(cell).strip() for cell in rows[0]] if rows else []
    missing = [column for column in columns if column not in header]
    if missing:
        problems.append(Problem(path.name, sheet_name, 1, ", ".join(missing), "", ", ".join(columns)))
        return sheet_name, []
    index = {name: header.index(name) for name in columns}
    return sheet_name, [
        (number, {name: (cells[i] if i < len(cells) else "") for name, i in index.items()})
        for number, cells in enumerate(rows[1:], start=2)
    ]


def _code(value) -> str:
    return str(value).strip().removesuffix(".0")


def parse_data_brief(actions_path: Path, signatories_path: Path, areas: set[str]) -> DataBrief:
    """The 315 signatories and their 12 307 actions; any unknown code or value is a problem with its row."""
    brief = DataBrief()
    sheet, rows = _sheet_rows(signatories_path, SIGNATORY_COLUMNS, brief.problems)
    for number, row in rows:
        code, country = _code(row["MUNI CODE"]), str(row["Country Code"]).strip().upper()
        if not code.isdigit():
            brief.problems.append(Problem(signatories_path.name, sheet, number, "MUNI CODE", code, _("a number")))
            continue
        if not (len(country) == 2 and country.isalpha()):
            brief.problems.append(
                Problem(signatories_path.name, sheet, number, "Country Code", country, _("a two-letter country code"))
            )
            continue
        inhabitants = row["N. Inhabit"]
        if inhabitants not in ("", None) and not isinstance(inhabitants, (int, float)):
            brief.problems.append(
                Problem(signatories_path.name, sheet, number, "N. Inhabit", str(inhabitants), _("a number"))
            )
            continue
        if inhabitants not in ("", None) and inhabitants not in ORGANIZATION_INHABITANTS:
            brief.problems.append(
                Problem(
                    signatories_path.name,
                    sheet,
                    number,
                    "N. Inhabit",
                    shown(inhabitants),
                    ORGANIZATION_INHABITANTS.expected(),
                )
            )
            continue
        place = [row["Latitude"], row["Longitude"]]
        wrong = next((i for i, value in enumerate(place) if value not in ("", None) and not _is_number(value)), None)
        if wrong is not None:
            column = ("Latitude", "Longitude")[wrong]
            brief.problems.append(
                Problem(signatories_path.name, sheet, number, column, str(place[wrong])[:60], _("a number (degrees)"))
            )
            continue
        latitude, longitude = (float(value) if value not in ("", None) else None for value in place)
        brief.signatories[code] = ExampleSignatory(
            code, country, int(inhabitants) if inhabitants else None, latitude, longitude
        )
    sheet, rows = _sheet_rows(actions_path, ACTION_COLUMNS, brief.problems)
    sectors, policies = set(CovenantSector.values), set(PolicyType.values)
    for number, row in rows:

        def problem(column: str, expected: str, number=number, row=row):
            brief.problems.append(Problem(actions_path.name, sheet, number, column, str(row[column])[:60], expected))

        code = _code(row["MUNI CODE"])
        status = JRC_STATUSES.get(str(row["Status of implementation"]).strip())
        effect = row["CO2 red"]
        if code not in brief.signatories:
            problem("MUNI CODE", _("a signatory in %(file)s") % {"file": signatories_path.name})
        elif str(row["Sector"]).strip() not in sectors:
            problem("Sector", ", ".join(sorted(sectors)))
        elif str(row["Area_of_intervention"]).strip() not in areas:
            problem("Area_of_intervention", _("an area of intervention of the Covenant"))
        elif status is None:
            problem("Status of implementation", ", ".join(JRC_STATUSES))
        elif str(row["Policy type"]).strip() not in policies:
            problem("Policy type", ", ".join(sorted(policies)))
        elif str(row["Origin of the action"]).strip() not in ORIGINS:
            problem("Origin of the action", ", ".join(sorted(ORIGINS)))
        elif effect not in ("", None) and not isinstance(effect, (int, float)):
            problem("CO2 red", _("tonnes of CO2 a year, 0 or more"))
        elif effect not in ("", None) and effect not in EFFECT_T_CO2E:
            problem("CO2 red", EFFECT_T_CO2E.expected())
        elif not str(row["key action description"]).strip():
            problem("key action description", _("a description"))
        else:
            brief.actions.append(
                ExampleAction(
                    row=number,
                    signatory=code,
                    source_id=_code(row["ID ACTION"]),
                    title=repair_mojibake(str(row["key action description"]).strip())[:300],
                    covenant_sector=str(row["Sector"]).strip(),
                    area=str(row["Area_of_intervention"]).strip(),
                    origin=str(row["Origin of the action"]).strip(),
                    status=status,
                    policy_type=str(row["Policy type"]).strip(),
                    effect=float(effect) if effect not in ("", None) else None,
                )
            )
    return brief


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


# The data brief's texts are UTF-8 read as code page 850 and saved again ("ÔÇô" was "–", "├Â" was "ö").
# Where a byte had no character on the way it became "??": these are the sequences so lost in the file,
# each mapped back by its context (the closing quote after an opening one, Catalan "CÍVIC", Latvian
# "Jaunā", Croatian "Ivanščica", Ukrainian "Дія 3" (action 3), "On-line").
LOST_BYTES = (
    ("??öÐûÐ??", "Дія"),
    ("Ivan┼í─??a", "Ivanščica"),
    ("OnÔÇ??line", "On‐line"),
    ("├??", "Í"),
    ("─??", "ā"),
    ("ÔÇ??", "”"),
)
SCRAMBLED = re.compile("[^\x00-\x7f]+")


def _unscrambled(match: re.Match) -> str:
    run = match.group()
    try:
        data = run.encode("cp850")
    except UnicodeEncodeError:  # a character that was never scrambled
        return run
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        cut = error.start if error.reason == "unexpected end of data" and match.end() == len(match.string) else -1
    try:  # the source cut its texts at 80 characters, once in the middle of a character: that one is lost
        return data[:cut].decode("utf-8") if cut >= 0 else run
    except UnicodeDecodeError:
        return run


def repair_mojibake(text: str) -> str:
    """A data brief text as its author wrote it: the UTF-8 bytes read back from their code-page-850 reading."""
    for lost, found in LOST_BYTES:
        text = text.replace(lost, found)
    text = re.sub(r"ÔÇ\?$", "”", text)  # a closing quote whose last byte the source's cut took
    return SCRAMBLED.sub(_unscrambled, text)
