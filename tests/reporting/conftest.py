"""A small report framework for the reporting loop's tests, filled from the real emissions, removed after each test."""

import datetime as dt
import json
import shutil

import pytest

from samverkan.emissions.queries import inventory
from samverkan.emissions.queries.releases import resolve_release
from samverkan.emissions.services import emissions_import
from samverkan.reporting.frameworks import FRAMEWORKS, Framework, register
from samverkan.sources.services import ReleaseInfo
from tests.conftest import DATA

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


@pytest.fixture
def jonkoping_revised(tmp_path):
    """The 2026 Klimatkollen release with Jönköping's transport emissions in 2024 1000 t higher, as a new release."""
    folder = tmp_path / "kk"
    shutil.copytree(DATA / "klimatkollen-2026", folder)
    path = folder / "municipality-sector-emissions.json"
    path.chmod(0o644)
    items = json.loads(path.read_text(encoding="utf-8"))
    next(i for i in items if i["name"] == "Jönköping")["sectors"]["2024"]["Transporter"] += 1000
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    info = ReleaseInfo(
        dataset="test-emissions",
        dataset_name="Test",
        publisher="Test",
        slug="klimatkollen-2026-revised",
        label="Reviderad",
        unit="t CO2e",
        gases="ghg",
    )
    return lambda: emissions_import(path=folder, info=info)
