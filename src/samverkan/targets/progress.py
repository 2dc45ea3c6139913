"""The progress engine: trend, Carbon Law path, net-zero date and target status for many series at once.

Pure numpy, no Django: arrays in (the years, and a matrix of series by year with NaN where a
series has no value), arrays out. One call computes every municipality's total and every
sector together; nothing loops over series in Python.

The method is Klimatkollen's for Swedish municipalities:

* the trend's slope is the least-absolute-deviations (LAD) line through the years from 2015
  on. The exact optimum is found by enumeration: some optimal line passes through two of
  the points, and the optimal slopes form an interval whose ends are slopes of such lines.
  When that interval has width, its midpoint is used and the interval is reported;
* the trend is the line with that slope through the last observed value, floored at zero;
* the Carbon Law path starts at the trend's value in the as-of year and falls 11.72 % a year.
"""

import datetime as dt
from dataclasses import dataclass
from itertools import combinations

import numpy as np

FIT_FROM_YEAR = 2015
HORIZON_YEAR = 2050
CARBON_LAW_RATE = 0.1172
# Optimal costs are equal in exact arithmetic; in floating point they differ in the last digits.
TIE_RELATIVE_TOLERANCE = 1e-9


class ProgressInputError(ValueError):
    """The input cannot give a trend: the message says why, in words for the user."""


@dataclass(frozen=True)
class Progress:
    """Results for S series; per-series arrays have shape (S,), paths (S, years)."""

    as_of: int
    years: np.ndarray  # the input years
    values: np.ndarray  # the input matrix (S, len(years))
    fitted: np.ndarray  # bool: the series had at least two values from 2015 on
    slope: np.ndarray  # tonnes a year; the midpoint of the optimal interval
    slope_low: np.ndarray
    slope_high: np.ndarray
    slope_uncertain: np.ndarray  # bool: the optimal slopes form an interval of positive width
    last_year: np.ndarray  # int: each series' last year with a value
    last_value: np.ndarray
    trend_years: np.ndarray  # from the last data year of the input to 2050
    trend: np.ndarray
    cumulative_trend: np.ndarray  # sum of the trend from the as-of year to 2050
    carbon_law_years: np.ndarray  # from the as-of year to 2050
    carbon_law: np.ndarray
    carbon_law_cumulative: np.ndarray
    paris_aligned: np.ndarray  # bool
    net_zero_year: np.ndarray  # fractional year, NaN when the slope is not negative
    historical_change_percent: np.ndarray  # compound annual rate, 2015 to the last year; NaN when undefined

    @property
    def data_last_year(self) -> int:
        return int(self.trend_years[0])

    def trend_at(self, year: int) -> np.ndarray:
        return trend_values(self.last_year, self.last_value, self.slope, np.array([year]))[:, 0]


def lad_slopes(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The exact LAD slope interval of each row of y against x: (low, high, cost), NaN for rows with < 2 points.

    Every line through two points with different x is a candidate; its cost is the sum of absolute
    residuals over the row's points. The candidates of least cost are the vertices of the set of
    optimal lines, so their least and greatest slopes bound the optimal slopes.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    valid = np.isfinite(y)
    pairs = np.array([(i, j) for i, j in combinations(range(x.size), 2) if x[i] != x[j]], dtype=int).reshape(-1, 2)
    rows = y.shape[0]
    if pairs.size == 0:
        nan = np.full(rows, np.nan)
        return nan, nan.copy(), nan.copy()
    first, second = pairs[:, 0], pairs[:, 1]
    filled = np.where(valid, y, 0.0)
    slopes = (filled[:, second] - filled[:, first]) / (x[second] - x[first])  # (S, P)
    anchor = filled[:, first]  # (S, P): each line passes through its first point
    offsets = x[None, :] - x[first][:, None]  # (P, n)
    # Summed point by point (a loop over the few years, never over series): adding (S, P) arrays is
    # much faster than reducing a large (S, P, n) array along its short last axis.
    costs = np.zeros_like(slopes)
    residual = np.empty_like(slopes)
    for k in range(x.size):
        np.multiply(slopes, offsets[:, k], out=residual)
        residual += anchor
        np.subtract(filled[:, k][:, None], residual, out=residual)
        np.abs(residual, out=residual)
        if not valid[:, k].all():
            residual *= valid[:, k][:, None]
        costs += residual
    usable = valid[:, first] & valid[:, second]
    costs = np.where(usable, costs, np.inf)
    best = costs.min(axis=1, keepdims=True)
    scale = np.abs(np.where(valid, y, 0.0)).sum(axis=1, keepdims=True)
    optimal = usable & (costs <= best + TIE_RELATIVE_TOLERANCE * (scale + 1.0))
    low = np.where(optimal, slopes, np.inf).min(axis=1)
    high = np.where(optimal, slopes, -np.inf).max(axis=1)
    fitted = np.isfinite(best[:, 0])
    low = np.where(fitted, low, np.nan)
    high = np.where(fitted, high, np.nan)
    return low, high, np.where(fitted, best[:, 0], np.nan)


def trend_values(last_year: np.ndarray, last_value: np.ndarray, slope: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The line with each slope through each last observed value, at the given years, floored at zero."""
    line = last_value[:, None] + slope[:, None] * (years[None, :] - last_year[:, None])
    return np.maximum(line, 0.0)


def compute_progress(
    years,
    values,
    *,
    as_of: int,
    fit_from: int = FIT_FROM_YEAR,
    horizon: int = HORIZON_YEAR,
    carbon_law_rate: float = CARBON_LAW_RATE,
) -> Progress:
    """Trend, Carbon Law path, Paris alignment, net-zero year and historical change of every series."""
    years = np.asarray(years, dtype=int)
    values = np.atleast_2d(np.asarray(values, dtype=float))
    if values.shape[1] != years.size:
        raise ProgressInputError(f"{values.shape[1]} columns of values for {years.size} years.")
    fit_columns = np.flatnonzero(years >= fit_from)
    if fit_columns.size < 2:
        raise ProgressInputError(
            f"A trend needs at least two years from {fit_from} on; the data has {fit_columns.size}."
        )
    data_last_year = int(years[fit_columns].max())
    if as_of < data_last_year:
        raise ProgressInputError(f"The as-of year {as_of} is earlier than the last data year {data_last_year}.")
    if as_of > horizon:
        raise ProgressInputError(f"The as-of year {as_of} is later than {horizon}.")

    fit_years = years[fit_columns]
    fit_values = values[:, fit_columns]
    low, high, _cost = lad_slopes(fit_years, fit_values)
    fitted = np.isfinite(low)
    slope = np.where(fitted, (low + high) / 2, np.nan)
    uncertain = fitted & (high - low > TIE_RELATIVE_TOLERANCE * np.maximum(np.abs(high), np.abs(low)) + 1e-12)

    valid = np.isfinite(fit_values)
    last_index = fit_values.shape[1] - 1 - np.argmax(valid[:, ::-1], axis=1)
    rows = np.arange(values.shape[0])
    last_year = np.where(fitted, fit_years[last_index], data_last_year)
    last_value = np.where(fitted, fit_values[rows, last_index], np.nan)

    trend_years = np.arange(data_last_year, horizon + 1)
    trend = trend_values(last_year, last_value, slope, trend_years)
    from_as_of = trend_years >= as_of
    cumulative_trend = trend[:, from_as_of].sum(axis=1)

    carbon_law_years = np.arange(as_of, horizon + 1)
    start = trend[:, np.searchsorted(trend_years, as_of)]
    carbon_law = start[:, None] * (1.0 - carbon_law_rate) ** (carbon_law_years - as_of)[None, :]
    carbon_law_cumulative = carbon_law.sum(axis=1)
    paris_aligned = fitted & (cumulative_trend <= carbon_law_cumulative)

    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = last_year - np.maximum(last_value, 0.0) / slope
        net_zero_year = np.where(fitted & (slope < 0), crossing, np.nan)

        base_column = np.flatnonzero(fit_years == fit_from)
        if base_column.size:
            base = fit_values[:, base_column[0]]
            span = (last_year - fit_from).astype(float)
            ratio = last_value / base
            change = np.where(
                (base > 0) & (last_value >= 0) & (span > 0), (np.power(ratio, 1.0 / span) - 1.0) * 100.0, np.nan
            )
        else:
            change = np.full(values.shape[0], np.nan)

    return Progress(
        as_of=as_of,
        years=years,
        values=values,
        fitted=fitted,
        slope=slope,
        slope_low=low,
        slope_high=high,
        slope_uncertain=uncertain,
        last_year=last_year,
        last_value=last_value,
        trend_years=trend_years,
        trend=trend,
        cumulative_trend=np.where(fitted, cumulative_trend, np.nan),
        carbon_law_years=carbon_law_years,
        carbon_law=carbon_law,
        carbon_law_cumulative=np.where(fitted, carbon_law_cumulative, np.nan),
        paris_aligned=paris_aligned,
        net_zero_year=net_zero_year,
        historical_change_percent=change,
    )


def fractional_year_to_date(year: float) -> dt.date | None:
    """The whole year plus its fraction times 365 days; None when not a real date."""
    if not np.isfinite(year) or not (1 <= year < 10000):
        return None
    whole = int(np.floor(year))
    days = int(np.floor((year - whole) * 365))
    return dt.date(whole, 1, 1) + dt.timedelta(days=days)


# --- targets ---------------------------------------------------------------------------------

ACHIEVED = "achieved"
ON_TRACK = "on_track"
OFF_TRACK = "off_track"
UNKNOWN = "unknown"


@dataclass(frozen=True)
class TargetProgress:
    """Results for T targets, each measured against one series of a Progress."""

    level: np.ndarray  # the target level in tonnes
    value_in_target_year: np.ndarray  # observed (interpolated) for a past target year, else the trend's
    status: np.ndarray  # achieved, on_track, off_track, unknown
    required_annual_cut_percent: np.ndarray  # NaN when it does not apply
    year_reached: np.ndarray  # float whole years, NaN for never (on this trend)


def observed_at(progress: Progress, series: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Each series' observed value in a year, interpolated between the nearest years with values."""
    result = np.full(series.size, np.nan)
    for index in np.unique(series):  # at most a handful of series carry targets on one page
        row = progress.values[index]
        known = np.isfinite(row)
        if known.sum() == 0:
            continue
        chosen = series == index
        wanted = years[chosen].astype(float)
        inside = (wanted >= progress.years[known].min()) & (wanted <= progress.years[known].max())
        result[np.flatnonzero(chosen)] = np.where(inside, np.interp(wanted, progress.years[known], row[known]), np.nan)
    return result


def met_since(progress: Progress, series, levels) -> np.ndarray:
    """The first year of the last unbroken run of data years at or below each level up to the last one; NaN when
    the last data year is above the level (years without data neither break nor extend the run)."""
    series = np.asarray(series, dtype=int)
    levels = np.asarray(levels, dtype=float)
    result = np.full(series.size, np.nan)
    for position, (index, level) in enumerate(zip(series, levels, strict=True)):
        row = progress.values[index]
        known = np.flatnonzero(np.isfinite(row))
        if not known.size or not np.isfinite(level):
            continue
        for column in known[::-1]:
            if row[column] > level:
                break
            result[position] = progress.years[column]
    return result


def evaluate_targets(progress: Progress, series, levels, target_years) -> TargetProgress:
    """Status, needed cut and year reached of each target (a level in tonnes in a year) on its series."""
    series = np.asarray(series, dtype=int)
    levels = np.asarray(levels, dtype=float)
    target_years = np.asarray(target_years, dtype=int)
    slope = progress.slope[series]
    last_year = progress.last_year[series]
    last_value = progress.last_value[series]
    fitted = progress.fitted[series]
    known = fitted & np.isfinite(levels)
    past = target_years <= last_year

    future_value = np.maximum(last_value + slope * (target_years - last_year), 0.0)
    past_value = observed_at(progress, series, target_years)
    value = np.where(past, past_value, future_value)

    status = np.full(series.size, UNKNOWN, dtype=object)
    reached_now = last_value <= levels
    status[known & ~past & (future_value <= levels)] = ON_TRACK
    status[known & ~past & (future_value > levels)] = OFF_TRACK
    status[known & ~past & reached_now] = ACHIEVED
    status[known & past & np.isfinite(past_value) & (past_value <= levels)] = ACHIEVED
    status[known & past & np.isfinite(past_value) & (past_value > levels)] = OFF_TRACK

    with np.errstate(divide="ignore", invalid="ignore"):
        span = (target_years - last_year).astype(float)
        cut = (1.0 - np.power(levels / last_value, 1.0 / span)) * 100.0
        cut = np.where(reached_now, 0.0, cut)
        cut = np.where(known & ~past & (levels > 0) & (last_value > 0), cut, np.nan)
        cut = np.where(known & ~past & reached_now, 0.0, cut)

        crossing = last_year + (levels - last_value) / slope
        reached = np.where(slope < 0, np.ceil(crossing - 1e-9), np.nan)
        reached = np.where(reached_now, last_year, reached)
        reached = np.where(known & (reached < 10000), reached, np.nan)

    return TargetProgress(
        level=levels,
        value_in_target_year=np.where(fitted, value, np.nan),
        status=status,
        required_annual_cut_percent=cut,
        year_reached=reached,
    )
