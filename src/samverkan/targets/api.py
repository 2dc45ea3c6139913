"""API for progress and targets: the same query functions as the pages."""

import datetime as dt
from typing import Annotated

from ninja import Field, Query, Router, Schema

from samverkan.emissions.api import ReleaseOut, release_out
from samverkan.places.api import ErrorOut, MunicipalityCode

from . import queries

router = Router(tags=["progress"])


class ProgressOut(Schema):
    code: str
    name: str
    county_code: str
    sector: str | None = Field(description="The sector's identifier; null for the total")
    fitted: bool = Field(description="False when the series has fewer than two years from 2015 on")
    slope: float | None = Field(description="The trend in tonnes a year (the midpoint of slope_range when given)")
    slope_range: list[float] | None = Field(
        description="When several slopes fit equally well (least absolute deviations): the lowest and highest"
    )
    last_year: int | None
    last_value: float | None
    cumulative_trend: float | None = Field(description="Sum of the trend from the as-of year to 2050, tonnes")
    carbon_law_cumulative: float | None = Field(description="Sum of the Carbon Law path over the same years")
    paris_aligned: bool
    net_zero_date: dt.date | None
    historical_change_percent: float | None = Field(description="Compound annual change from 2015 to the last year")
    trend: dict[str, float] = Field(description="The trend from the last data year to 2050")
    carbon_law: dict[str, float] = Field(description="The Carbon Law path from the as-of year to 2050")


class ProgressListOut(Schema):
    release: ReleaseOut
    as_of: int
    unit: str
    count: int
    items: list[ProgressOut]


class TargetOut(Schema):
    id: int
    key: str | None
    name: str
    owner: str
    owner_kind: str = Field(description="state, organization or commitment")
    kind: str = Field(description="relative, absolute, per_inhabitant or net_zero")
    sectors: list[str] = Field(description="Empty for a target on total emissions")
    base_year: int | None
    base_value: float | None
    target_year: int
    value: float | None
    level: float | None = Field(description="The target as tonnes a year on its series")
    value_in_target_year: float | None = Field(
        description="Observed for a target year that has passed, otherwise the trend's value"
    )
    status: str = Field(description="achieved, on_track, off_track or unknown")
    unknown_reason: str
    required_annual_cut_percent: float | None
    year_reached: int | None
    decision_body: str
    decision_date: dt.date | None
    decision_url: str
    source: str
    source_url: str


class MunicipalityProgressOut(ProgressOut):
    release: ReleaseOut
    as_of: int
    unit: str
    sectors: list[ProgressOut]
    targets: list[TargetOut]


def progress_out(series: queries.SeriesProgress) -> dict:
    def by_year(values: dict) -> dict[str, float]:
        return {str(year): value for year, value in sorted(values.items())}

    return {
        "code": series.code,
        "name": series.name,
        "county_code": series.county_code,
        "sector": series.sector,
        "fitted": series.fitted,
        "slope": series.slope,
        "slope_range": list(series.slope_range) if series.slope_range else None,
        "last_year": series.last_year,
        "last_value": series.last_value,
        "cumulative_trend": series.cumulative_trend,
        "carbon_law_cumulative": series.carbon_law_cumulative,
        "paris_aligned": series.paris_aligned,
        "net_zero_date": series.net_zero_date,
        "historical_change_percent": series.historical_change_percent,
        "trend": by_year(series.trend),
        "carbon_law": by_year(series.carbon_law),
    }


class ProgressFilter(Schema):
    release: str | None = Field(None, max_length=100, description="Release identifier; the default if empty")
    as_of: int | None = Field(None, ge=1990, le=2100, description="The year from which to count; this year if empty")
    sector: str | None = Field(None, max_length=60, description="A main sector, e.g. transporter; the total if empty")
    county: str | None = Field(None, pattern=r"^[0-9]{2}$", description="Only this county's municipalities")


@router.get(
    "/progress",
    response={200: ProgressListOut, 404: ErrorOut, 422: ErrorOut},
    summary="Every municipality's trend, Carbon Law path and net-zero date",
)
def progress_list(request, filters: Query[ProgressFilter]):
    overview = queries.progress_overview(
        release_slug=filters.release,
        as_of=filters.as_of,
        sector_slug=filters.sector,
        county=filters.county,
        paths=True,
    )
    return {
        "release": release_out(overview.release),
        "as_of": overview.as_of,
        "unit": overview.release.unit,
        "count": len(overview.rows),
        "items": [progress_out(row) for row in overview.rows],
    }


AsOf = Annotated[int | None, Query(ge=1990, le=2100, description="The year from which to count; this year if empty")]


@router.get(
    "/municipalities/{code}/progress",
    response={200: MunicipalityProgressOut, 404: ErrorOut, 422: ErrorOut},
    summary="A municipality's progress and the status of its targets",
)
def municipality_progress(request, code: MunicipalityCode, release: str | None = None, as_of: AsOf = None):
    result = queries.municipality_progress(code, release_slug=release, as_of=as_of)
    return {
        **progress_out(result.total),
        "release": release_out(result.release),
        "as_of": result.as_of,
        "unit": result.unit,
        "sectors": [progress_out(series) for series in result.sectors],
        "targets": [
            {
                "id": t.id,
                "key": t.key,
                "name": t.name,
                "owner": t.owner,
                "owner_kind": t.owner_kind,
                "kind": t.kind,
                "sectors": t.sectors,
                "base_year": t.base_year,
                "base_value": t.base_value,
                "target_year": t.target_year,
                "value": t.value,
                "level": t.level,
                "value_in_target_year": t.value_in_target_year,
                "status": t.status,
                "unknown_reason": t.unknown_reason,
                "required_annual_cut_percent": t.required_annual_cut_percent,
                "year_reached": t.year_reached,
                "decision_body": t.decision_body,
                "decision_date": t.decision_date,
                "decision_url": t.decision_url,
                "source": t.source,
                "source_url": t.source_url,
            }
            for t in result.targets
        ],
    }
