"""Benchmark the foundation: first start, second start, and page and API response times.

Run on demand (never in CI):

    uv run python bench/foundation.py               # a fresh SQLite database in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench uv run python bench/foundation.py

With DATABASE_URL the database must exist and be empty: the benchmark sets it up as a first start would.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _timing import print_page_timings

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))
PATHS = [
    "/",
    "/kommuner/",
    "/kommuner/?q=jonkoping",
    "/kommuner/0680/",
    "/lan/",
    "/lan/14/",
    "/api/v1/municipalities?limit=500",
    "/api/v1/municipalities/0180",
    "/api/v1/counties",
    "/api/v1/counties/14",
]


def timed_command(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "samverkan", *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="samverkan-bench-"))
    env = {**os.environ, "SAMVERKAN_HOME": str(home), "DJANGO_SETTINGS_MODULE": "samverkan.settings"}
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"Samverkan foundation benchmark ({database}, {REQUESTS} requests per address)\n")
    first = timed_command(["setup", "--verbosity", "0"], env)
    second = timed_command(["setup", "--verbosity", "0"], env)
    print(f"first start (migrate + load every bundled release): {first:6.2f} s")
    print(f"second start (nothing to load):                     {second:6.2f} s\n")

    os.environ.update(env)
    import django

    django.setup()

    print_page_timings(PATHS, REQUESTS)


if __name__ == "__main__":
    main()
