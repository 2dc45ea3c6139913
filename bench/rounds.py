"""Benchmark the coordinator's follow-up: the Covenant of Mayors' members × three reporting rounds.

Run on demand (never in CI):

    uv run python bench/rounds.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench uv run python bench/rounds.py  # an empty db

Opens three rounds of `covenant-monitoring` for the Covenant's signatories (in a transaction rolled back at the end),
gives a third of the members a report in each state, and prints the median and 95th-percentile time of
`reporting.queries.follow_up` with its SQL queries (goal: at most 150 ms, and the same number of queries for any
number of members).
"""

import datetime as dt
import os
import statistics
import time

from _timing import start_with_bundled_data

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
GOAL_MS = 150


class Rollback(Exception):
    pass


def main() -> None:
    start_with_bundled_data()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from samverkan.networks.models import Network
    from samverkan.reporting.models import ReportingRound, Submission
    from samverkan.reporting.queries import follow_up

    network = Network.objects.get(slug="borgmastaravtalet")
    try:
        with transaction.atomic():
            members = list(network.memberships.listed().values_list("organization_id", flat=True))
            for year in (2022, 2023, 2024):
                round = ReportingRound.objects.create(
                    network=network,
                    framework="covenant-monitoring",
                    year=year,
                    title=f"Uppföljning {year}",
                    opens_on=dt.date(year + 1, 1, 1),
                    deadline=dt.date(year + 1, 6, 30),
                    roles=["signatory", "member"],
                )
                states = ("draft", "submitted", "accepted")
                Submission.objects.bulk_create(
                    Submission(round=round, organization_id=pk, state=states[i % 3], content={}, filled={})
                    for i, pk in enumerate(members)
                    if i % 4
                )
            follow_up(network)
            timings = []
            for _ in range(REQUESTS):
                begun = time.perf_counter()
                rounds, rows = follow_up(network)
                timings.append((time.perf_counter() - begun) * 1000)
            with CaptureQueriesContext(connection) as queries:
                follow_up(network)
            median, p95 = statistics.median(timings), statistics.quantiles(timings, n=20)[-1]
            print(f"Samverkan follow-up benchmark ({connection.vendor}, {REQUESTS} runs)\n")
            print(
                f"{len(rows)} members × {len(rounds)} rounds: median {median:.1f} ms, p95 {p95:.1f} ms, "
                f"{len(queries)} queries"
            )
            print(f"{'within' if p95 <= GOAL_MS else 'OVER'} the goal of {GOAL_MS} ms")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
