"""Parse and validate the bundled action data: Klimatkollen's climate-plan survey and the JRC's data brief.

Every row is checked before anything is written; a problem names file, row and column.
"""

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import Workbook, read_csv
from samverkan.core.limits import LARGE_WORKBOOK_ROWS
from samverkan.core.plausible import EFFECT_T_CO2E, ORGANIZATION_INHABITANTS, shown
from samverkan.sources.coverage import Gap

from .models import ActionStatus, CovenantSector, PolicyType

PLAN_COLUMNS = ["kommun", "plan_url", "adopted_year", "plan_name_comment"]
# Names the survey gives that are not an organization's: the municipality calls itself "stad", or Gotland.
SURVEY_ALIASES = {"Region Gotland (kommun)": "Region Gotland"}
PERIOD = re.compile(r"((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)\d\d)")
NO_PLAN = re.compile(r"^(plan saknas|saknar plan|har ingen plan)", re.IGNORECASE)


@dataclass(frozen=True)
class SurveyRow:
    row: int
    organization_id: int
    found: bool
    title: str
    url: str
    year: int | None
    period: tuple[int, int] | None
    note: str


def _organization_id(name: str, organizations: dict[str, int]) -> int | None:
    name = SURVEY_ALIASES.get(name, name)
    if name in organizations:
        return organizations[name]
    if name.endswith(" stad"):  # "Borås stad": the municipality's own name for Borås kommun
        base = name.removesuffix(" stad")
        for candidate in (f"{base} kommun", f"{base}s kommun"):
            if candidate in organizations:
                return organizations[candidate]
    return None


def parse_climate_plans(path: Path, organizations: dict[str, int]) -> tuple[list[SurveyRow], list[Problem]]:
    """One row per municipality: its current plan (link, year adopted, name) or the finding that it has none."""
    problems: list[Problem] = []
    result: list[SurveyRow] = []
    try:  # the shared reader: a byte-order mark is fine, bytes that are not UTF-8 and a wrong header are named
        rows = read_csv(path, PLAN_COLUMNS)
    except DataFileError as error:
        return [], error.problems
    for number, row in rows:
        name = (row["kommun"] or "").strip()
        organization_id = _organization_id(name, organizations)
        if organization_id is None:
            problems.append(Problem(path.name, None, number, "kommun", name, _("a municipality's name")))
            continue
        year_text = (row["adopted_year"] or "").strip()
        if year_text and not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
            problems.append(Problem(path.name, None, number, "adopted_year", year_text, _("a year such as 2022")))
            continue
        url = (row["plan_url"] or "").strip().replace(" ", "%20")  # Tomelilla's link has spaces in it
        if url.startswith(("http://", "https://")):
            try:
                URLValidator()(url)
            except ValidationError:
                problems.append(Problem(path.name, None, number, "plan_url", url[:80], _("a web address")))
                continue
        comment = (row["plan_name_comment"] or "").strip()
        found = bool(url or year_text) and not NO_PLAN.match(comment)
        period = PERIOD.search(comment) if found else None
        result.append(
            SurveyRow(
                row=number,
                organization_id=organization_id,
                found=found,
                title=(comment[:300] or _("Climate plan")) if found else _("No climate plan found"),
                # A path on Klimatkollen's own site is not a link we can give; it stays in the note.
                url=url if url.startswith(("http://", "https://")) else "",
                year=int(year_text) if year_text else None,
                period=(int(period[1]), int(period[2])) if period else None,
                note="" if found and url.startswith("http") else (comment if not found else url),
            )
        )
    seen: dict[int, int] = {}
    names = {pk: name for name, pk in organizations.items()}
    for item in result:
        if item.organization_id in seen:
            expected = _("one row a municipality (also row %(row)s)") % {"row": seen[item.organization_id]}
            problems.append(Problem(path.name, None, item.row, "kommun", names[item.organization_id], expected))
        seen.setdefault(item.organization_id, item.row)
    return result, problems


def climate_plan_coverage(path: Path, rows: list[SurveyRow], organizations: dict[str, int]) -> list[Gap]:
    """Complete means a row for every municipality: the survey asked all 290."""
    answered = {row.organization_id for row in rows}
    missing = sorted(name for name, pk in organizations.items() if pk not in answered)
    return [Gap("municipalities", len(organizations), tuple(missing), path.name, None, "kommun")]


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
# The GCoM list of signatories (networks' Covenant import reads its Swedish rows): sheet "1".
LISTED_SHEET = "1"
LISTED_COLUMNS = [
    "organisation_id",
    "organisation_name",
    "country_code",
    "organisation_latitude",
    "organisation_longitude",
]
# Degrees, about 0.1 m: the two files print the same point with different numbers of decimals.
SAME_PLACE = 1e-6
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
class ListedSignatory:
    """A signatory of the GCoM list: its id there, its name and where it is."""

    source_id: str
    name: str
    country: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class SignatoryMatch:
    """The one signatory of the GCoM list at a data brief signatory's place, or why there is none."""

    listed: ListedSignatory | None
    reason: str = ""


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


def _degrees(value) -> float | None:
    """A coordinate as the GCoM list gives it: a number, or text with a decimal comma ("37,23"); else None."""
    if _is_number(value):
        return float(value)
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def parse_listed_signatories(path: Path) -> tuple[list[ListedSignatory], list[Problem]]:
    """Every signatory of the GCoM list with a place; a row without readable coordinates cannot be matched."""
    problems: list[Problem] = []
    _sheet, rows = _sheet_rows(path, LISTED_COLUMNS, problems, sheet_name=LISTED_SHEET)
    listed = []
    for _number, row in rows:
        latitude, longitude = _degrees(row["organisation_latitude"]), _degrees(row["organisation_longitude"])
        if latitude is None or longitude is None:
            continue
        listed.append(
            ListedSignatory(
                source_id=_code(row["organisation_id"]),
                name=str(row["organisation_name"]).strip(),
                country=str(row["country_code"]).strip().upper(),
                latitude=latitude,
                longitude=longitude,
            )
        )
    return listed, problems


def match_signatories(
    signatories: dict[str, ExampleSignatory], listed: list[ListedSignatory]
) -> dict[str, SignatoryMatch]:
    """Each data brief signatory's one signatory of the GCoM list in its country at its coordinates, or the reason.

    The data brief names no one; where exactly one listed signatory of the same country stands at the same
    point (within SAME_PLACE degrees) it is that one. None, several, or one claimed twice: no name.
    """
    by_country: dict[str, list[ListedSignatory]] = {}
    for item in listed:
        by_country.setdefault(item.country, []).append(item)
    found: dict[str, list[ListedSignatory]] = {}
    for code, signatory in signatories.items():
        latitude, longitude = signatory.latitude, signatory.longitude
        if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            found[code] = []
            continue
        found[code] = [
            item
            for item in by_country.get(signatory.country, [])
            if abs(item.latitude - latitude) <= SAME_PLACE and abs(item.longitude - longitude) <= SAME_PLACE
        ]
    claimed: dict[str, list[str]] = {}
    for code, items in found.items():
        if len(items) == 1:
            claimed.setdefault(items[0].source_id, []).append(code)
    result = {}
    for code, items in found.items():
        signatory = signatories[code]
        place = {  # to a metre: the data brief prints float noise (31.3264007599998)
            "latitude": shown(round(signatory.latitude, 5)) if signatory.latitude is not None else "",
            "longitude": shown(round(signatory.longitude, 5)) if signatory.longitude is not None else "",
        }
        if signatory.latitude is None or signatory.longitude is None:
            reason = _("The data brief gives no coordinates for this signatory.")
        elif not (-90 <= signatory.latitude <= 90 and -180 <= signatory.longitude <= 180):
            reason = _("The data brief's coordinates (%(latitude)s, %(longitude)s) are not a place on Earth.") % place
        elif not items:
            reason = _(
                "No signatory of the GCoM list in %(country)s stands at the data brief's coordinates "
                "(%(latitude)s, %(longitude)s)."
            ) % {**place, "country": signatory.country}
        elif len(items) > 1:
            reason = _(
                "%(count)s signatories of the GCoM list stand at the data brief's coordinates "
                "(%(latitude)s, %(longitude)s): %(names)s."
            ) % {**place, "count": len(items), "names": ", ".join(sorted(item.name for item in items)[:5])}
        elif len(claimed[items[0].source_id]) > 1:
            reason = _("Signatories %(codes)s of the data brief stand at the same place.") % {
                "codes": ", ".join(claimed[items[0].source_id])
            }
        else:
            result[code] = SignatoryMatch(items[0])
            continue
        result[code] = SignatoryMatch(None, reason)
    return result


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
