"""Shared fixtures: the bundled real data, loaded once into the test database."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

DATA = Path(settings.BUNDLED_DATA_DIR)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real bundled data once per test session, as `samverkan serve` does on first start."""
    from samverkan.core.bundled import load_bundled

    with django_db_blocker.unblock():
        load_bundled()


@pytest.fixture
def data_copy(tmp_path):
    """Copy a bundled file to a temporary folder so a test can break it."""

    def copy(relative: str) -> Path:
        target = tmp_path / Path(relative).name
        shutil.copyfile(DATA / relative, target)
        target.chmod(0o644)
        return target

    return copy
