"""Benchmark emissions: importing every bundled emission release from scratch, and page server times.

Run on demand (never in CI):

    uv run python bench/emissions.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench uv run python bench/emissions.py  # empty db

Goals (issue 3): all bundled emission files imported in under 5 s; the ranking page and the
municipality page under 50 ms server time, with a constant number of SQL queries.
"""

import os
import tempfile
import time

from _timing import print_page_timings

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
PATHS = [
    "/kommuner/0180/",
    "/kommuner/0180/?utgava=klimatkollen-2025",
    "/lan/14/",
    "/sverige/",
    "/utslapp/",
    "/utslapp/?sortera=share:transporter&lan=14",
    "/utslapp/jamfor/0180/",
    "/utslapp/0180.csv",
    "/api/v1/municipalities/0180/emissions",
    "/api/v1/emissions/ranking",
]


def main() -> None:
    os.environ.setdefault("SAMVERKAN_HOME", tempfile.mkdtemp(prefix="samverkan-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "samverkan.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from samverkan.core.importing import no_progress
    from samverkan.site.bundled import IMPORTERS, bundled_releases

    call_command("migrate", verbosity=0)
    releases = bundled_releases()
    for release in releases:
        if release.kind != "emissions":
            IMPORTERS[release.kind](release, no_progress)
    print(f"Samverkan emissions benchmark ({connection.vendor}, {REQUESTS} requests per address)\n")
    started = time.perf_counter()
    for release in releases:
        if release.kind == "emissions":
            one = time.perf_counter()
            result = IMPORTERS[release.kind](release, no_progress)
            print(f"import {release.info.slug:34} {result.created:8d} values {time.perf_counter() - one:6.2f} s")
    print(f"import of all bundled emission releases:            {time.perf_counter() - started:6.2f} s (goal < 5 s)\n")

    print_page_timings(PATHS, REQUESTS)


if __name__ == "__main__":
    main()
