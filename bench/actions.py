"""Benchmark the action library and plan pages.

Run on demand (never in CI):

    uv run python bench/actions.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/samverkan_bench uv run python bench/actions.py  # empty db

Goals (issue 7): a library search over all actions with a filter under 30 ms server time on
SQLite and on PostgreSQL; the page of a plan with 300 actions under 80 ms with a constant
number of queries. Also the key-indicator pages and API the actions link to.
"""

import os

from _timing import print_page_timings, start_with_bundled_data

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "30"))


def main() -> None:
    start_with_bundled_data()
    from django.db import connection

    from samverkan.actions.models import Action, ActionPlan
    from samverkan.emissions.models import Sector
    from samverkan.places.models import Organization

    jonkoping = Organization.objects.get(territory__code="0680", kind="municipality")
    plan, _created = ActionPlan.objects.get_or_create(
        organization=jonkoping, title="Benchmark: plan med 300 åtgärder", defaults={"status": "adopted"}
    )
    sectors = list(Sector.objects.filter(parent=None).exclude(slug="ofordelat"))
    if plan.actions.count() < 300:
        for number in range(300):
            Action.objects.create(
                plan=plan,
                title=f"Åtgärd {number}: energieffektivisering och cykelbanor",
                sector=sectors[number % len(sectors)],
                status=["not_started", "ongoing", "completed", "postponed"][number % 4],
                completion=number % 101,
                effect_t_co2e=number * 1.5,
                end=f"20{20 + number % 10}-06-30",
            )
    example = Action.objects.get(source_id="216359")  # thermal insulation of residential buildings: similar actions
    print(f"Samverkan action benchmark ({connection.vendor}, {Action.objects.count()} actions, {REQUESTS} requests)\n")
    print_page_timings(
        [
            "/atgarder/?q=insulation&land=IT",
            "/atgarder/?q=solar&status=completed",
            "/atgarder/?q=energy+efficiency&omrade=MUNICIPAL_BUILDINGS_EQUIPMENT_FACILITIES",
            "/atgarder/?omrade=TRANSPORT&storlek=small",
            "/atgarder/?q=cykelbanor",
            "/atgarder/?q=cykel",
            "/atgarder/?q=fj%C3%A4rrv%C3%A4rme&land=SE",
            "/atgarder/?q=kollektivtrafik&sortera=effect",
            "/api/v1/actions?q=solceller",
            "/api/v1/actions?q=insulate&country=es",
            f"/atgarder/{example.pk}/",
            f"/planer/{plan.pk}/",
            f"/planer/{plan.pk}/?forsenade=1",
            "/nyckeltal/",
            "/nyckeltal/cykelvag-per-invanare/",
            "/api/v1/municipalities/0180/indicators",
        ],
        REQUESTS,
        width=80,
    )


if __name__ == "__main__":
    main()
