"""Benchmark the progress engine: every municipality's total and nine sectors in one call.

Run on demand (never in CI):

    uv run python bench/progress.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench uv run python bench/progress.py  # empty db

Goal (issue 4): all 290 municipalities' totals and nine sectors (2 900 series) in one call in
under 10 ms. The obvious alternative, a loop over the series with a general-purpose
quantile-regression routine (statsmodels' QuantReg at the median, an iterative solver), is
timed on the same input and the ratio printed. Then the pages and endpoints that use it.
"""

import os
import statistics
import tempfile
import time
import warnings

import numpy as np
from _timing import print_page_timings

RUNS = int(os.environ.get("BENCH_RUNS", "50"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
PATHS = [
    "/kommuner/0180/?per=2026",
    "/framsteg/?per=2026",
    "/framsteg/?per=2026&sortera=nettonoll&lan=14",
    "/lan/14/?per=2026",
    "/api/v1/progress?as_of=2026",
    "/api/v1/municipalities/0180/progress?as_of=2026",
]


def series_matrix(release_slug: str) -> tuple[list[int], np.ndarray]:
    """Every municipality's total and nine main sectors by year, as the engine takes them."""
    from collections import defaultdict

    from django.db.models import Sum

    from samverkan.emissions.models import EmissionValue, Sector
    from samverkan.places.models import Territory

    sectors = list(Sector.objects.filter(parent=None).exclude(slug="ofordelat").values_list("id", flat=True))
    municipalities = list(Territory.objects.filter(kind="municipality").values_list("id", flat=True))
    rows = (
        EmissionValue.objects.filter(release__slug=release_slug, territory_id__in=municipalities)
        .values_list("territory_id", "sector_id", "year")
        .annotate(total=Sum("value"))
        .order_by()
    )
    values: dict[tuple[int, int], dict[int, float]] = defaultdict(dict)
    years: set[int] = set()
    for territory, sector, year, value in rows:
        values[(territory, sector)][year] = value
        years.add(year)
    ordered = sorted(years)
    matrix = []
    for territory in municipalities:
        parts = [values.get((territory, sector), {}) for sector in sectors]
        matrix.append([sum(part.get(year, 0.0) for part in parts) for year in ordered])
        matrix.extend([[part.get(year, 0.0) for year in ordered] for part in parts])
    return ordered, np.array(matrix)


def timed(function, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        begun = time.perf_counter()
        function()
        timings.append((time.perf_counter() - begun) * 1000)
    return statistics.median(timings), max(timings)


def quantile_regression_loop(years: list[int], matrix: np.ndarray) -> np.ndarray:
    from statsmodels.regression.quantile_regression import QuantReg

    fit_columns = [i for i, year in enumerate(years) if year >= 2015]
    x = np.column_stack([np.ones(len(fit_columns)), np.array(years)[fit_columns] - 2015.0])
    slopes = np.empty(matrix.shape[0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for index, row in enumerate(matrix):
            slopes[index] = QuantReg(row[fit_columns], x).fit(q=0.5).params[1]
    return slopes


def main() -> None:
    os.environ.setdefault("SAMVERKAN_HOME", tempfile.mkdtemp(prefix="samverkan-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "samverkan.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from samverkan.targets.progress import compute_progress

    call_command("setup", verbosity=0)
    print(f"Samverkan progress benchmark ({connection.vendor})\n")
    for release in ["klimatkollen-2026", "klimatkollen-2025"]:
        years, matrix = series_matrix(release)
        fit_years = [year for year in years if year >= 2015]
        result = compute_progress(years, matrix, as_of=2026)
        median, worst = timed(lambda years=years, matrix=matrix: compute_progress(years, matrix, as_of=2026), RUNS)
        print(f"{release}: {matrix.shape[0]} series, {len(fit_years)} years from 2015 ({fit_years[0]}-{fit_years[-1]})")
        print(f"  engine, one call:          median {median:8.2f} ms   worst {worst:8.2f} ms   (goal < 10 ms)")
        loop_median, _ = timed(lambda years=years, matrix=matrix: quantile_regression_loop(years, matrix), 3)
        slopes = quantile_regression_loop(years, matrix)
        print(f"  QuantReg loop per series:  median {loop_median:8.1f} ms   ratio {loop_median / median:8.0f}x")
        exact = result.slope
        close = np.isclose(slopes, exact, rtol=1e-4, atol=1e-3)
        inside = (slopes >= result.slope_low - 1e-3) & (slopes <= result.slope_high + 1e-3)
        print(
            f"  QuantReg slope equals the exact LAD midpoint for {close.sum()} of {len(exact)} series; "
            f"within the optimal interval for {inside.sum()}; uncertain (interval) series: "
            f"{int(result.slope_uncertain.sum())}\n"
        )
    print_page_timings(PATHS, REQUESTS)


if __name__ == "__main__":
    main()
