"""Klimatkollen's climate-plan survey: every municipality's current plan, or the finding that it has none."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from samverkan.core.errors import DataFileError, Problem
from samverkan.core.importing import read_csv
from samverkan.sources.coverage import Gap

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
