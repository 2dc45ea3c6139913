"""Every importer and upload, fed mutated copies of the bundled real files: imported or refused, never a traceback.

The cases are drawn by hypothesis (derandomized, so a failure here fails every run until fixed);
`bench/fuzz.py` runs the same cases at random, 10 000 of them.
"""

import itertools

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.fuzzing import TARGETS, Workspace, run_case, weighted_targets

pytestmark = pytest.mark.django_db

CASES = st.sampled_from(weighted_targets()).flatmap(
    lambda target: st.tuples(st.just(target), st.sampled_from(target.mutations()), st.integers(0, 2**32))
)
release_numbers = itertools.count()


@pytest.fixture
def editor(client, person):
    client.force_login(person("editor"))
    return client


@pytest.fixture
def workspace(tmp_path):
    return Workspace(tmp_path)


def test_every_target_has_a_bundled_file_and_mutations(workspace, plan):
    for target in TARGETS:
        assert workspace.original(target, plan), target.name
        assert len(target.mutations()) >= 10


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: each case is a whole import
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=CASES)
def test_mutated_files_are_imported_or_refused_without_a_trace(case, workspace, editor, plan):
    target, mutation, seed = case
    path = workspace.write_case(target, mutation, seed, plan)
    run_case(target, path, release=f"fuzz-{next(release_numbers)}", client=editor, plan=plan)
