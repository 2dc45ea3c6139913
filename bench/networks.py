"""Benchmark networks: the Covenant of Mayors across Europe, and the network and organization pages.

Run on demand (never in CI):

    uv run python bench/networks.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench uv run python bench/networks.py  # empty db

Prints the time to import the 11 904 signatories outside Sweden, then the server time and SQL
queries of the network pages (Swedish members with the criteria matrix; one page of Italy's
5 215), Jönköping's organization page with its criteria in seven networks, and the network API.
"""

import os
import time
from pathlib import Path

from _timing import print_page_timings, start_with_bundled_data

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))


def main() -> None:
    start_with_bundled_data()
    from django.conf import settings
    from django.db import connection

    from samverkan.networks.services import covenant_import_abroad
    from samverkan.places.models import Organization
    from samverkan.sources.services import ReleaseInfo

    print(f"Samverkan networks benchmark ({connection.vendor}, {REQUESTS} requests per address)\n")
    info = ReleaseInfo(
        dataset="jrc-gcom-mycovenant-europe",
        dataset_name="JRC: GCoM - MyCovenant (outside Sweden)",
        publisher="European Commission, JRC",
        slug="bench-covenant-europe",
        label="bench",
    )
    path = Path(settings.BUNDLED_DATA_DIR) / "covenant-of-mayors/gcom-mycovenant-signatories-2024.xlsx"
    started = time.perf_counter()
    count = covenant_import_abroad(path=path, info=info)
    print(f"import of {count} Covenant signatories outside Sweden: {time.perf_counter() - started:6.2f} s\n")

    jonkoping = Organization.objects.get(territory__code="0680", kind="municipality")
    print_page_timings(
        [
            "/natverk/",
            "/natverk/klimatkommunerna/",
            "/natverk/borgmastaravtalet/",
            "/natverk/borgmastaravtalet/?land=IT&sida=3",
            f"/organisationer/{jonkoping.pk}/",
            "/api/v1/networks/borgmastaravtalet",
            "/api/v1/networks/borgmastaravtalet/members?country=SE",
            "/api/v1/networks/borgmastaravtalet/criteria?country=SE",
        ],
        REQUESTS,
    )
    # All 11 973 members came in one answer of 4.9 s before the API paged its lists; now 100 or at most 500 a page.
    print_page_timings(
        [
            "/api/v1/networks/borgmastaravtalet/members",
            "/api/v1/networks/borgmastaravtalet/members?limit=500&offset=11500",
        ],
        REQUESTS,
        width=66,
    )


if __name__ == "__main__":
    main()
