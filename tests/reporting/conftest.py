"""A small report framework for the reporting loop's tests, filled from the real emissions, removed after each test."""

import datetime as dt

import pytest

from samverkan.emissions.queries import inventory
from samverkan.emissions.queries.releases import resolve_release
from samverkan.reporting.frameworks import FRAMEWORKS, Framework, register

TEST_FRAMEWORK = "test-annual"


def fill(organization, *, year, release=None):
    found, _summary = resolve_release(release)
    total = inventory(organization.territory, found.slug).total.get(year)
    return {
        "framework": TEST_FRAMEWORK,
        "version": 1,
        "organization": {"id": organization.pk, "name": organization.name},
        "year": year,
        "releases": [{"slug": found.slug, "label": found.label}],
        "sections": [
            {
                "key": "inventory",
                "title": "Inventering",
                "items": [
                    {
                        "key": "total",
                        "label": "Totala utsläpp",
                        "kind": "number",
                        "value": total,
                        "mandatory": True,
                        "editable": False,
                        "source": {"text": found.label, "url": "", "release": found.slug},
                        "rationale": "",
                    }
                ],
            },
            {
                "key": "own",
                "title": "Egen text",
                "items": [
                    {
                        "key": "informs",
                        "label": "Informerar föreningen",
                        "kind": "yesno",
                        "value": None,
                        "mandatory": True,
                        "editable": True,
                        "source": None,
                        "rationale": "",
                    },
                    {
                        "key": "budget",
                        "label": "Budget för klimatarbetet",
                        "kind": "number",
                        "value": None,
                        "mandatory": False,
                        "editable": True,
                        "source": None,
                        "rationale": "",
                    },
                    {
                        "key": "comment",
                        "label": "Kommentar",
                        "kind": "text",
                        "value": "",
                        "mandatory": False,
                        "editable": True,
                        "source": None,
                        "rationale": "",
                    },
                ],
            },
        ],
    }


@pytest.fixture
def test_framework():
    """A framework Klimatkommunerna may use, registered for the test and removed after."""
    framework = register(
        Framework(
            slug=TEST_FRAMEWORK,
            name="Testrapport",
            name_en="Test report",
            version=1,
            networks=("klimatkommunerna",),
            fill=fill,
        )
    )
    yield framework
    FRAMEWORKS.pop(TEST_FRAMEWORK, None)


@pytest.fixture
def round_fields(test_framework):
    return {
        "framework": TEST_FRAMEWORK,
        "year": 2024,
        "title": "Årsrapport 2024",
        "opens_on": dt.date(2026, 1, 1),
        "deadline": dt.date(2026, 3, 31),
        "roles": ["member"],
    }
