"""Shared by the benchmarks: server time and query count of each address, in-process."""

import os
import statistics
import tempfile
import time


def start_with_bundled_data() -> None:
    """Django on a fresh data folder (or $SAMVERKAN_HOME / $DATABASE_URL), migrated, with the bundled data loaded."""
    os.environ.setdefault("SAMVERKAN_HOME", tempfile.mkdtemp(prefix="samverkan-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "samverkan.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from samverkan.site.bundled import load_bundled

    call_command("migrate", verbosity=0)
    load_bundled()


def print_page_timings(paths: list[str], requests: int, width: int = 46) -> None:
    """Median and 95th-percentile server time and the number of SQL queries of each address."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'address':{width}} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for path in paths:
        client.get(path)  # the first view of a chart renders its SVG; later views use the cache
        timings = []
        for _ in range(requests):
            begun = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - begun) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{path:{width}} {statistics.median(timings):10.1f} {p95:8.1f} {len(queries):8d}")
