"""The engine's figures as plain data: the checks of an as-of year, one engine call, one series' progress.

Shared by the municipality page, the overview and the commitments' statuses.
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from samverkan.core.errors import DomainError
from samverkan.core.plausible import ratio
from samverkan.sources.models import Release

from .. import progress as engine


class ProgressUnavailable(DomainError):
    """Parameters that cannot give a trend (an as-of year too early, too few years): 422."""

    status = 422


@dataclass(frozen=True)
class SeriesProgress:
    """The progress figures of one series: a municipality's total or one of its sectors."""

    code: str
    name: str
    county_code: str
    county_name: str
    sector: str | None
    sector_name: str | None
    fitted: bool
    slope: float | None
    slope_range: tuple[float, float] | None
    last_year: int | None
    last_value: float | None
    annual_change_percent: float | None  # the slope as a share of the last value
    cumulative_trend: float | None
    carbon_law_cumulative: float | None
    paris_aligned: bool
    net_zero_date: dt.date | None
    historical_change_percent: float | None
    trend: dict[int, float] = field(default_factory=dict)
    carbon_law: dict[int, float] = field(default_factory=dict)
    history: dict[int, float] = field(default_factory=dict)
    target_status: str | None = None  # against the national target for this scope (overview only)

    @property
    def net_zero_year(self) -> int | None:
        return self.net_zero_date.year if self.net_zero_date else None


def default_as_of() -> int:
    return dt.date.today().year


def _float(value) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def _check_as_of(as_of: int | None, release: Release) -> int:
    as_of = default_as_of() if as_of is None else as_of
    last = release.last_year
    if last is not None and as_of < last:
        raise ProgressUnavailable(
            _("The as-of year %(as_of)s is earlier than the last data year of %(release)s (%(last)s).")
            % {"as_of": as_of, "release": release.slug, "last": last}
        )
    if as_of > engine.HORIZON_YEAR:
        raise ProgressUnavailable(
            _("The as-of year %(as_of)s is later than %(horizon)s.") % {"as_of": as_of, "horizon": engine.HORIZON_YEAR}
        )
    return as_of


def _compute(years: list[int], matrix: np.ndarray, as_of: int, release: Release) -> engine.Progress:
    try:
        return engine.compute_progress(years, matrix, as_of=as_of)
    except engine.ProgressInputError:
        fit_years = [year for year in years if year >= engine.FIT_FROM_YEAR]
        raise ProgressUnavailable(
            _("%(release)s has %(count)s years from %(first)s on; a trend needs at least two.")
            % {"release": release.slug, "count": len(fit_years), "first": engine.FIT_FROM_YEAR}
        ) from None


def _series(
    result: engine.Progress,
    index: int,
    *,
    code: str,
    name: str,
    county_code: str,
    county_name: str,
    sector: str | None = None,
    sector_name: str | None = None,
    paths: bool = True,
    target_status: str | None = None,
) -> SeriesProgress:
    fitted = bool(result.fitted[index])
    low, high = _float(result.slope_low[index]), _float(result.slope_high[index])
    slope = _float(result.slope[index])
    last_value = _float(result.last_value[index])
    history = {}
    trend, carbon_law = {}, {}
    if paths:
        row = result.values[index]
        history = {int(year): float(value) for year, value in zip(result.years, row, strict=True) if np.isfinite(value)}
        if fitted:
            trend = {
                int(year): float(value) for year, value in zip(result.trend_years, result.trend[index], strict=True)
            }
            carbon_law = {
                int(year): float(value)
                for year, value in zip(result.carbon_law_years, result.carbon_law[index], strict=True)
            }
    return SeriesProgress(
        code=code,
        name=name,
        county_code=county_code,
        county_name=county_name,
        sector=sector,
        sector_name=sector_name,
        fitted=fitted,
        slope=slope,
        slope_range=(low, high) if fitted and bool(result.slope_uncertain[index]) else None,
        last_year=int(result.last_year[index]) if fitted else None,
        last_value=last_value,
        annual_change_percent=ratio(slope, last_value, 100) if fitted else None,
        cumulative_trend=_float(result.cumulative_trend[index]),
        carbon_law_cumulative=_float(result.carbon_law_cumulative[index]),
        paris_aligned=bool(result.paris_aligned[index]),
        net_zero_date=engine.fractional_year_to_date(float(result.net_zero_year[index])),
        historical_change_percent=_float(result.historical_change_percent[index]),
        trend=trend,
        carbon_law=carbon_law,
        history=history,
        target_status=target_status,
    )
