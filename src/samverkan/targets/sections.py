"""The progress sections that the composition layer (samverkan.site) puts on its pages: a municipality's progress
(template targets/section.html) and the table of a county's municipalities (targets/_table.html).
"""

import re

from django.urls import reverse
from django.utils.translation import gettext as _

from samverkan.core.errors import DomainError
from samverkan.core.formatting import format_number, format_percent
from samverkan.emissions.sections import RELEASE_PARAMETER

from . import queries
from .presentation import ProgressStatus, chart, status_label, verdict

AS_OF_PARAMETER = "per"


def as_of_from(request) -> int | None:
    text = request.GET.get(AS_OF_PARAMETER) or ""
    if not text:
        return None
    if not re.fullmatch(r"[0-9]{4}", text):
        raise DomainError(_("The as-of year must be a year such as 2026, not %(value)s.") % {"value": text[:20]})
    return int(text)


def progress_section(request, territory, inventory, releases) -> dict:
    """The context of the progress section on a municipality's page, from the inventory already read."""
    if inventory is None or not inventory.years:
        return {"progress": None}
    as_of = as_of_from(request)
    try:
        result = queries.progress_for_inventory(territory, inventory, as_of=as_of, releases=releases, user=request.user)
    except queries.ProgressUnavailable as error:
        if as_of is not None:
            raise  # the year asked for is wrong: the whole page says so, with status 422
        return {"progress": None, "progress_problem": error.message}
    return {
        "progress": result,
        "progress_verdict": verdict(result),
        "progress_chart": chart(result, territory.display_name),
        "progress_statuses": dict(ProgressStatus.choices),
    }


def overview_columns(*, show_county: bool, national_target: str | None) -> list[tuple[str, str, bool]]:
    columns = [("name", _("Municipality"), False)]
    if show_county:
        columns.append(("lan", _("County"), False))
    columns += [
        ("trend", _("Trend (tonnes a year)"), True),
        ("takt", _("Trend (% a year)"), True),
        ("historisk", _("Change a year since 2015"), True),
        ("nettonoll", _("Net zero on the trend"), True),
        ("paris", _("Paris-aligned"), False),
    ]
    if national_target:
        columns.append(("status", _("Status against Sweden's target"), False))
    return columns


def overview_rows(rows: list[queries.SeriesProgress]) -> list[tuple]:
    """Cells formatted once in Python: 290 rows of template filters would slow the page down."""
    return [
        (
            row.code,
            row.name,
            row.county_name,
            format_number(row.slope),
            format_percent(row.annual_change_percent, signed=True),
            format_percent(row.historical_change_percent, signed=True),
            str(row.net_zero_date.year) if row.net_zero_date else "–",
            row.paris_aligned,
            row.target_status,
            status_label(row.target_status),
            bool(row.slope_range),
            row.fitted,
        )
        for row in rows
    ]


def county_progress(request, county_code: str, releases) -> dict:
    """The progress table of a county's municipalities, for the county page."""
    if not releases:
        return {"county_progress": None}
    try:
        result = queries.progress_overview(
            release_slug=request.GET.get(RELEASE_PARAMETER) or None,
            as_of=as_of_from(request),
            county=county_code,
            releases=releases,
        )
    except queries.ProgressUnavailable as error:
        return {"county_progress": None, "progress_problem": error.message}
    return {
        "county_progress": result,
        "county_progress_rows": overview_rows(result.rows),
        "county_progress_columns": overview_columns(show_county=False, national_target=result.national_target),
        "municipality_prefix": reverse("site:municipality_detail", args=["0000"]).removesuffix("0000/"),
    }
