"""The Covenant of Mayors' signatories outside Sweden: an opt-in import for networks that span Europe."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from samverkan.core.errors import DataFileError
from samverkan.networks.models import Membership
from samverkan.networks.services import covenant_import_abroad
from samverkan.places.models import Organization
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo
from tests.networks.test_covenant import small_list
from tests.reference import covenant_rows

pytestmark = pytest.mark.django_db
INFO = ReleaseInfo(dataset="jrc-test", dataset_name="JRC test", publisher="JRC", slug="jrc-europe", label="Test")


def test_the_default_data_holds_the_swedish_signatories_only():
    """(The JRC data brief's signatories abroad named after the GCoM list carry their id there, no membership.)"""
    with_id = Organization.objects.exclude(covenant_id="")
    assert with_id.count() == 285 and not with_id.filter(country="SE").exists()
    assert not with_id.filter(memberships__isnull=False).exists()
    assert with_id.filter(action_plans__is_example=True).distinct().count() == 285
    assert Membership.objects.filter(network__slug="borgmastaravtalet", role="signatory").count() == 69


def test_the_command_imports_every_signatory_outside_sweden(client):
    rows = covenant_rows()
    assert len(rows) == 11_973
    abroad = [row for row in rows if row["country_code"] != "se"]
    call_command("import", "covenant-europe", stdout=io.StringIO())
    signatories = Membership.objects.filter(network__slug="borgmastaravtalet", role="signatory")
    assert signatories.count() == 11_973 == len(abroad) + 69
    by_country = Counter(signatories.values_list("organization__country", flat=True))
    assert by_country["IT"] == sum(1 for row in abroad if row["country_code"] == "it") == 5215
    assert by_country["SE"] == 69
    # "None" is a comune near Turin, not an empty cell; ids keep names that repeat within a country apart.
    none = Organization.objects.get(name="None", country="IT")
    assert none.covenant_id == "14991"
    assert Organization.objects.filter(name="Capo d'Orlando", country="IT").count() == 2
    # The page lists one country at a time, a page of 100 at a time; the API filters by country.
    page = client.get("/natverk/borgmastaravtalet/?land=IT").content.decode()
    assert "5 215 medlemmar" in page.replace("\xa0", " ") and "Sida 1 av 53" in page
    denmark = client.get("/api/v1/networks/borgmastaravtalet/members?country=dk").json()
    members = denmark["items"]
    assert denmark["count"] == len(members) == sum(1 for row in abroad if row["country_code"] == "dk") == 43
    assert {m["organization"]["country"] for m in members} == {"DK"}
    assert all(m["organization"]["municipality_code"] is None for m in members)
    # Importing the same file again changes nothing.
    with pytest.raises(CommandError):
        call_command("import", "covenant-europe", stdout=io.StringIO())
    assert signatories.count() == 11_973


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ([7, "Köpenhamn", "-", "-", "d1", True, False, False, "published", dt.date(2020, 1, 1), False], "country_code"),
        ([7, "-", "-", "-", "dk", True, False, False, "published", dt.date(2020, 1, 1), False], "organisation_name"),
        ([7, "Aarhus", "-", "-", "dk", True, False, False, "published", "i fjol", False], "date_of_adhesion"),
        (
            [8, "Aalborg", "-", "-", "dk", True, False, False, "published", dt.date(2020, 1, 1), False],
            "organisation_id",
        ),
    ],
)
def test_a_bad_row_is_reported_and_nothing_is_written(tmp_path, row, column):
    good = [8, "Odense", "-", "-", "dk", True, False, False, "published", dt.date(2011, 5, 1), False]
    path = small_list(tmp_path, [good, row])
    before = Organization.objects.exclude(covenant_id="").count()  # the data brief's named signatories abroad
    with translation.override("en"), pytest.raises(DataFileError) as error:
        covenant_import_abroad(path=path, info=INFO)
    [problem] = error.value.problems
    assert (problem.row, problem.column) == (3, column)
    assert Organization.objects.exclude(covenant_id="").count() == before
    assert not Release.objects.filter(slug="jrc-europe").exists()


def test_a_list_without_signatories_abroad_is_refused(tmp_path):
    path = small_list(tmp_path, [[1, "Ale", "-", "-", "se", True, False, False, "published", None, False]])
    with pytest.raises(DataFileError):
        covenant_import_abroad(path=path, info=INFO)
    assert not Release.objects.filter(slug="jrc-europe").exists()
