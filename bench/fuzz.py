"""Fuzzing every importer and upload at length: mutated copies of the bundled real files.

    uv run python bench/fuzz.py [CASES] [--seed N]

The suite runs the same cases (tests/core/test_fuzz.py) for about a minute; this runs 10 000 by
default and prints, per target and per mutation, how many were imported and refused, the time per
case, and every case that broke the rule (a traceback, a change after a refusal, a problem naming
no file), with the seed that repeats it.
"""

import argparse
import collections
import logging
import random
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _timing import start_with_bundled_data


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", type=int, nargs="?", default=10_000)
    parser.add_argument("--seed", type=int, default=None)
    arguments = parser.parse_args()
    seed = arguments.seed if arguments.seed is not None else random.randrange(2**32)

    begun = time.perf_counter()
    start_with_bundled_data()
    print(f"Database with the bundled data ready in {time.perf_counter() - begun:.0f} s; seed {seed}")

    # Refused uploads are logged as warnings (422) by Django; the figures below count them.
    logging.getLogger("django.request").setLevel(logging.ERROR)

    from django.contrib.auth import get_user_model
    from django.test import Client
    from tests.fuzzing import Workspace, run_case, weighted_targets

    from samverkan.accounts.models import OrganizationRole
    from samverkan.actions.models import Action, ActionPlan
    from samverkan.places.models import Organization

    jonkoping = Organization.objects.get(territory__code="0680", kind="municipality")
    plan = ActionPlan.objects.get(organization=jonkoping, is_example=False)
    Action.objects.create(plan=plan, title="Laddstolpar vid stationen", status="ongoing", completion=20)
    Action.objects.create(plan=plan, title="Solceller på skolor", status="not_started", effect_t_co2e=30)
    editor = get_user_model().objects.create_user(username="fuzz@example.se", email="fuzz@example.se")
    OrganizationRole.objects.create(user=editor, organization=jonkoping, role="editor")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(editor)

    rng = random.Random(seed)
    targets = weighted_targets()
    counts = collections.Counter()
    by_target = collections.defaultdict(collections.Counter)
    by_mutation = collections.defaultdict(collections.Counter)
    seconds = collections.defaultdict(list)
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        workspace = Workspace(Path(folder))
        started = time.perf_counter()
        signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill` stops it as Ctrl-C does
        cases_run = 0
        try:
            for number in range(arguments.cases):
                target = rng.choice(targets)
                mutation = rng.choice(target.mutations())
                case_seed = rng.randrange(2**32)
                case_begun = time.perf_counter()
                try:
                    path = workspace.write_case(target, mutation, case_seed, plan)
                    outcome = run_case(target, path, release=f"fuzz-{number}", client=client, plan=plan)
                    result = "imported" if outcome.imported else "refused"
                except Exception as error:  # every kind of failure is a finding to list, not a stop
                    result = "FAILED"
                    failures.append((target.name, mutation, case_seed, f"{type(error).__name__}: {error}"[:400]))
                    print(
                        f"  FAILED {target.name} / {mutation} / seed {case_seed}: {failures[-1][3][:200]}", flush=True
                    )
                    if len(failures) <= 3:
                        traceback.print_exc()
                seconds[target.name].append(time.perf_counter() - case_begun)
                counts[result] += 1
                by_target[target.name][result] += 1
                by_mutation[mutation][result] += 1
                if (number + 1) % 500 == 0:
                    elapsed = time.perf_counter() - started
                    print(f"  {number + 1} cases, {elapsed:.0f} s, {counts['FAILED']} failed", flush=True)
                cases_run = number + 1
        except KeyboardInterrupt:
            print(f"  stopped after {cases_run} cases: the figures below are for those", flush=True)
        total = time.perf_counter() - started

    cases = max(cases_run, 1)
    print(f"\n{cases_run} cases in {total:.0f} s ({total / cases * 1000:.0f} ms a case), seed {seed}")
    print(f"imported {counts['imported']}, refused {counts['refused']}, FAILED {counts['FAILED']}\n")
    print(f"{'target':34} {'cases':>6} {'imported':>9} {'refused':>8} {'failed':>7} {'median ms':>10}")
    for name, result in sorted(by_target.items()):
        median = sorted(seconds[name])[len(seconds[name]) // 2] * 1000
        print(
            f"{name:34} {sum(result.values()):6} {result['imported']:9} {result['refused']:8}"
            f" {result['FAILED']:7} {median:10.0f}"
        )
    print(f"\n{'mutation':26} {'cases':>6} {'imported':>9} {'refused':>8} {'failed':>7}")
    for name, result in sorted(by_mutation.items()):
        print(f"{name:26} {sum(result.values()):6} {result['imported']:9} {result['refused']:8} {result['FAILED']:7}")
    for name, mutation, case_seed, message in failures[:50]:
        print(f"\nFAILED {name} / {mutation} / seed {case_seed}: {message}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
