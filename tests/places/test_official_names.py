"""Municipalities' organizations carry their official names, also where the Swedish genitive rule fails."""

import csv

import pytest

from samverkan.places.models import Organization
from tests.conftest import DATA

pytestmark = pytest.mark.django_db


def test_every_kommun_name_in_the_climate_plan_survey_is_an_organization():
    """The survey names each municipality as it names itself; those that say "kommun" must match exactly."""
    with open(DATA / "actions/climate-plans.csv", encoding="utf-8") as handle:
        names = [row["kommun"] for row in csv.DictReader(handle)]
    assert len(names) == 290
    ours = set(Organization.objects.filter(kind="municipality", country="SE").values_list("name", flat=True))
    kommun = [name for name in names if name.endswith(" kommun")]
    assert len(kommun) == 276
    assert [name for name in kommun if name not in ours] == []
    assert {"Falu kommun", "Kalmar kommun", "Orust kommun"} <= ours
    assert not ours & {"Faluns kommun", "Kalmars kommun", "Orusts kommun"}
