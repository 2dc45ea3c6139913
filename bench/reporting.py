"""Benchmark reporting: filling each framework's draft, and the draft as JSON, xlsx and PDF through the API.

Run on demand (never in CI):

    uv run python bench/reporting.py
    SAMVERKAN_HOME=/tmp/samverkan-home uv run python bench/reporting.py   # a data folder already loaded
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench uv run python bench/reporting.py  # empty db

Prints, for Stockholm and Jönköping, the median and 95th-percentile time of `FRAMEWORKS[slug].fill` and its SQL
queries (goal: a draft in at most 300 ms), then the API's server times for the JSON, the xlsx and the PDF (goal: a
PDF in at most 2 s).
"""

import os
import statistics
import time

from _timing import print_page_timings, start_with_bundled_data

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
FILL_GOAL_MS = 300


def main() -> None:
    start_with_bundled_data()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from samverkan.places.models import Territory
    from samverkan.reporting.frameworks import FRAMEWORKS

    translation.activate("sv")
    print(f"Samverkan reporting benchmark ({connection.vendor}, {REQUESTS} fills per draft)\n")
    print(f"{'draft':46} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    worst = 0.0
    organizations = {code: Territory.objects.get(code=code).authority for code in ("0180", "0680")}
    for code, organization in organizations.items():
        for slug, framework in FRAMEWORKS.items():
            framework.fill(organization)  # the first fill imports and warms what every later one reuses
            timings = []
            for _ in range(REQUESTS):
                begun = time.perf_counter()
                framework.fill(organization)
                timings.append((time.perf_counter() - begun) * 1000)
            with CaptureQueriesContext(connection) as queries:
                framework.fill(organization)
            median, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[-1]
            worst = max(worst, p95)
            print(f"{slug + ' ' + code:46} {median:10.1f} {p95:8.1f} {len(queries):8d}")
    verdict = "within" if worst <= FILL_GOAL_MS else "OVER"
    print(f"\nslowest p95 {worst:.1f} ms: {verdict} the goal of {FILL_GOAL_MS} ms\n")
    jonkoping = organizations["0680"].pk
    base = f"/api/v1/organizations/{jonkoping}/reports"
    print_page_timings(
        [
            f"{base}/covenant-monitoring/draft",
            f"{base}/covenant-monitoring/draft.xlsx",
            f"{base}/covenant-monitoring/draft.pdf",
            f"/api/v1/organizations/{organizations['0180'].pk}/reports/klimatkommunerna-annual/draft.pdf",
        ],
        max(3, REQUESTS // 4),
        width=70,
    )


if __name__ == "__main__":
    main()
