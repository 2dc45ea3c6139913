"""The progress engine on hand-computed cases and on properties: no database, plain numpy."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.targets.progress import (
    ProgressInputError,
    compute_progress,
    evaluate_targets,
    fractional_year_to_date,
    lad_slopes,
)

YEARS = list(range(2015, 2025))


def carbon_law_sum(start: float, first: int, last: int = 2050) -> float:
    """Written out year by year, to check the vectorised path independently."""
    total, value = 0.0, start
    for _year in range(first, last + 1):
        total += value
        value *= 1 - 0.1172
    return total


def falling():
    return [1000 - 50 * (year - 2015) for year in YEARS]  # 1000 in 2015 to 550 in 2024


def test_falling_series_trend_net_zero_and_paris_alignment():
    progress = compute_progress(YEARS, [falling()], as_of=2026)
    assert progress.slope[0] == pytest.approx(-50)
    assert not progress.slope_uncertain[0]
    assert progress.last_value[0] == 550
    # Through 550 in 2024 at -50 a year: 450 in 2026, zero from 2035 on.
    assert progress.trend_at(2026)[0] == pytest.approx(450)
    assert progress.trend_at(2040)[0] == 0
    assert progress.cumulative_trend[0] == pytest.approx(50 * sum(range(1, 10)))  # 450 + 400 + ... + 50
    assert progress.carbon_law_cumulative[0] == pytest.approx(carbon_law_sum(450, 2026))
    assert progress.paris_aligned[0]
    assert progress.net_zero_year[0] == pytest.approx(2035)
    assert fractional_year_to_date(progress.net_zero_year[0]) == dt.date(2035, 1, 1)
    assert progress.historical_change_percent[0] == pytest.approx(((550 / 1000) ** (1 / 9) - 1) * 100)


def test_rising_series_has_no_net_zero_date_and_is_not_paris_aligned():
    progress = compute_progress(YEARS, [[10 + 2 * (year - 2015) for year in YEARS]], as_of=2026)
    assert progress.slope[0] == pytest.approx(2)
    assert np.isnan(progress.net_zero_year[0])
    assert progress.trend_at(2050)[0] == pytest.approx(28 + 2 * 26)
    assert not progress.paris_aligned[0]
    assert progress.historical_change_percent[0] == pytest.approx(((28 / 10) ** (1 / 9) - 1) * 100)


def test_flat_series():
    progress = compute_progress(YEARS, [[300.0] * len(YEARS)], as_of=2025)
    assert progress.slope[0] == 0
    assert np.isnan(progress.net_zero_year[0])
    assert progress.cumulative_trend[0] == pytest.approx(300 * 26)  # 2025 to 2050
    assert progress.historical_change_percent[0] == 0
    assert not progress.paris_aligned[0]


def test_ties_give_a_slope_range_and_its_midpoint():
    # 0, 0, 0, 100 in 2015-2018: every slope from 0 to 50 has the least sum of absolute residuals
    # (100): the flat line at 0 and the lines through (2016, 0)-(2018, 100) and (2015, 0)-(2018, 100).
    progress = compute_progress([2015, 2016, 2017, 2018], [[0, 0, 0, 100]], as_of=2026)
    assert progress.slope_low[0] == pytest.approx(0)
    assert progress.slope_high[0] == pytest.approx(50)
    assert progress.slope[0] == pytest.approx(25)
    assert progress.slope_uncertain[0]
    assert progress.trend_at(2026)[0] == pytest.approx(100 + 25 * 8)


def test_trend_that_reaches_zero_before_2050_stays_at_zero():
    progress = compute_progress([2015, 2020, 2021, 2022, 2023, 2024], [[120, 70, 60, 50, 40, 30]], as_of=2026)
    # Every point lies on the line falling 10 a year; through 30 in 2024 it reaches zero in 2027.
    assert progress.slope[0] == pytest.approx(-10)
    assert progress.net_zero_year[0] == pytest.approx(2027)
    assert list(progress.trend[0][:5]) == pytest.approx([30, 20, 10, 0, 0])
    assert progress.cumulative_trend[0] == pytest.approx(10)  # 10 in 2026, zero after
    assert (progress.trend[0] >= 0).all()


def test_single_outlier_moves_least_squares_but_not_lad():
    years = list(range(2015, 2024))
    values = [100 - 5 * (year - 2015) for year in years]
    values[7] = 500  # 2022, on the line 65
    progress = compute_progress(years, [values], as_of=2026)
    assert progress.slope[0] == pytest.approx(-5)
    least_squares_slope = np.polyfit(years, values, 1)[0]
    # Least squares follows the outlier: 435 above the line, 3 years after the mean year, over a
    # sum of squared deviations of 60, tilts the slope by 435 * 3 / 60 = 21.75 to +16.75.
    assert least_squares_slope == pytest.approx(16.75)
    assert progress.trend_at(2026)[0] == pytest.approx(60 - 15)


def test_net_zero_date_counts_the_fraction_of_the_year_in_days():
    progress = compute_progress([2015, 2024], [[127, 100]], as_of=2026)  # -3 a year, 100 in 2024
    assert progress.net_zero_year[0] == pytest.approx(2024 + 100 / 3)
    # 2057 plus a third of 365 days (121 whole days): 2 May.
    assert fractional_year_to_date(progress.net_zero_year[0]) == dt.date(2057, 5, 2)


def test_series_without_two_points_is_not_fitted_and_others_are():
    progress = compute_progress([2015, 2020, 2024], [[np.nan, np.nan, 5.0], [10, 8, 6]], as_of=2026)
    assert not progress.fitted[0]
    assert np.isnan(progress.slope[0])
    assert not progress.paris_aligned[0]
    assert progress.fitted[1]
    # Of the three lines through two points, the one from 2015 to 2024 misses 2020 by the least (2/9).
    assert progress.slope[1] == pytest.approx(-4 / 9)


def test_missing_middle_year_is_left_out_of_the_fit():
    progress = compute_progress([2015, 2016, 2017, 2018], [[40, np.nan, 20, 10]], as_of=2026)
    assert progress.slope[0] == pytest.approx(-10)
    assert progress.last_value[0] == 10


@pytest.mark.parametrize(
    ("years", "as_of", "message"),
    [
        ([2010, 2015], 2026, "at least two years from 2015"),
        ([2015, 2024], 2023, "earlier than the last data year 2024"),
        ([2015, 2024], 2051, "later than 2050"),
    ],
)
def test_bad_input_is_refused_with_a_reason(years, as_of, message):
    with pytest.raises(ProgressInputError, match=message):
        compute_progress(years, [[10, 9]], as_of=as_of)


def test_targets_status_required_cut_and_year_reached():
    progress = compute_progress(YEARS, [falling()], as_of=2026)  # 550 in 2024, -50 a year
    result = evaluate_targets(
        progress,
        series=[0, 0, 0, 0, 0, 0],
        levels=[600, 100, 300, 800, 700, 0],
        target_years=[2030, 2030, 2030, 2020, 2020, 2050],
    )
    assert list(result.status) == ["achieved", "off_track", "on_track", "achieved", "off_track", "on_track"]
    # 2030 on the trend: 550 - 6 * 50 = 250; in 2020 observed 750.
    assert list(result.value_in_target_year) == pytest.approx([250, 250, 250, 750, 750, 0])
    assert result.required_annual_cut_percent[0] == 0
    assert result.required_annual_cut_percent[1] == pytest.approx((1 - (100 / 550) ** (1 / 6)) * 100)
    assert result.required_annual_cut_percent[2] == pytest.approx((1 - (300 / 550) ** (1 / 6)) * 100)
    assert np.isnan(result.required_annual_cut_percent[3])  # the deadline has passed
    assert np.isnan(result.required_annual_cut_percent[5])  # zero cannot be reached by a yearly percentage
    # 100 reached after (550 - 100) / 50 = 9 years, 300 after 5, zero after 11.
    assert list(result.year_reached) == pytest.approx([2024, 2033, 2029, 2024, 2024, 2035])


def test_target_never_reached_on_a_rising_trend_and_unknown_without_a_level():
    progress = compute_progress(YEARS, [[10 + 2 * (year - 2015) for year in YEARS]], as_of=2026)
    result = evaluate_targets(progress, series=[0, 0], levels=[5, np.nan], target_years=[2030, 2030])
    assert list(result.status) == ["off_track", "unknown"]
    assert np.isnan(result.year_reached).all()


# --- properties -----------------------------------------------------------------------------


def absolute_residuals(x, y, slope, intercept):
    return sum(abs(yi - (intercept + slope * xi)) for xi, yi in zip(x, y, strict=True))


def best_cost_for_slope(x, y, slope):
    """For a fixed slope the best intercept is a median of y - slope * x."""
    intercept = float(np.median([yi - slope * xi for xi, yi in zip(x, y, strict=True)]))
    return absolute_residuals(x, y, slope, intercept)


series = st.lists(st.integers(min_value=0, max_value=2000), min_size=2, max_size=10)


@settings(max_examples=300, deadline=None)
@given(series)
def test_no_line_through_two_points_beats_the_lad_fit(values):
    x = list(range(2015, 2015 + len(values)))
    low, high, _ = lad_slopes(np.array(x), np.array([values], dtype=float))
    optimum = best_cost_for_slope(x, values, (low[0] + high[0]) / 2)
    for i in range(len(x)):
        for j in range(i + 1, len(x)):
            slope = (values[j] - values[i]) / (x[j] - x[i])
            assert absolute_residuals(x, values, slope, values[i] - slope * x[i]) >= optimum - 1e-6
    # Both ends of the interval are optimal, and stepping outside it costs more.
    for end in (low[0], high[0]):
        assert best_cost_for_slope(x, values, end) == pytest.approx(optimum, abs=1e-6)
    assert best_cost_for_slope(x, values, high[0] + 0.01) > optimum + 1e-9
    assert best_cost_for_slope(x, values, low[0] - 0.01) > optimum + 1e-9


@settings(max_examples=200, deadline=None)
@given(st.lists(series.filter(lambda v: len(v) == 6), min_size=1, max_size=5), st.integers(2020, 2050))
def test_paths_are_sane_and_every_series_is_computed_as_if_alone(rows, as_of):
    years = [2015, 2016, 2017, 2018, 2019, 2020]
    together = compute_progress(years, rows, as_of=as_of)
    assert (np.diff(together.carbon_law, axis=1) <= 1e-9).all()  # the Carbon Law path never rises
    assert (together.trend >= 0).all()
    for index, row in enumerate(rows):
        alone = compute_progress(years, [row], as_of=as_of)
        assert alone.slope[0] == together.slope[index]
        assert alone.cumulative_trend[0] == pytest.approx(together.cumulative_trend[index])
        assert alone.paris_aligned[0] == together.paris_aligned[index]


def test_the_engine_does_not_import_django():
    import ast
    from pathlib import Path

    import samverkan.targets.progress as module

    tree = ast.parse(Path(module.__file__).read_text())
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"datetime", "dataclasses", "itertools", "numpy"}
