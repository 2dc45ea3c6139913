"""The Covenant of Mayors' Swedish signatories: memberships with commitments, from the JRC's list."""

import datetime as dt

import openpyxl
import pytest
from django.utils import translation

from samverkan.core.errors import AlreadyImported, DataFileError
from samverkan.networks.models import Membership
from samverkan.networks.services import covenant_import
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo
from samverkan.targets.queries import municipality_progress
from tests.conftest import DATA
from tests.reference import covenant_swedish_rows

pytestmark = pytest.mark.django_db
INFO = ReleaseInfo(dataset="jrc-test", dataset_name="JRC test", publisher="JRC", slug="jrc-test", label="Test")


def covenant():
    """The signatories (the network also has its coordinator, Region Norrbotten, and NENET as supporter)."""
    return Membership.objects.filter(network__slug="borgmastaravtalet", role="signatory").select_related(
        "organization", "coordinator"
    )


def test_every_swedish_signatory_is_a_member_with_its_commitments():
    rows = covenant_swedish_rows()
    assert len(rows) == 69
    assert covenant().count() == 69
    jonkoping = covenant().get(organization__territory__code="0680")
    assert jonkoping.since == dt.date(2009, 9, 24) and jonkoping.status == "active" and jonkoping.role == "signatory"
    assert [c.slug for c in jonkoping.commitments.all()] == ["borgmastaravtalet-2020"]
    assert "Klimatkommunerna" in jonkoping.supporter_name
    stockholm = covenant().get(organization__territory__code="0180")
    assert sorted(c.slug for c in stockholm.commitments.all()) == [
        "borgmastaravtalet-2020",
        "borgmastaravtalet-2030",
        "borgmastaravtalet-2050",
    ]
    on_hold = sum(1 for row in rows if row["signatory_status"] == "on_hold")
    # Uppsala, Huddinge, Kiruna, Eksjö, Ludvika, Strängnäs, Forshaga, Hylte, Gagnef, Aneby and Mora.
    assert covenant().filter(status="on_hold").count() == on_hold == 11


def test_norrbotten_coordinates_eight_signatories_including_lulea():
    assert covenant().get(organization__territory__code="2580").coordinator.name == "Region Norrbotten"
    raw = sum(1 for row in covenant_swedish_rows() if row["coordinator_name"] == "County council of Norrbotten")
    assert covenant().filter(coordinator__name="Region Norrbotten").count() == raw == 8


@pytest.mark.parametrize(
    ("name_in_source", "code"),
    [("Gothenburg", "1480"), ("Gislaveds", "0662"), ("Arjeplogs", "2506"), ("Älmhults", "0765")],
)
def test_the_alias_table_maps_names_that_differ(name_in_source, code):
    row = next(row for row in covenant_swedish_rows() if row["organisation_name"] == name_in_source)
    membership = covenant().get(organization__territory__code=code)
    assert membership.since == row["date_of_adhesion"]
    assert name_in_source in membership.source


def test_the_island_of_oland_is_a_group_beside_its_two_municipalities():
    group = covenant().get(organization__name="Ölands kommuner (Borgholm och Mörbylånga)")
    assert group.organization.kind == "other" and group.since == dt.date(2011, 1, 11)
    assert covenant().filter(organization__territory__code__in=["0885", "0840"]).count() == 2


def test_commitment_targets_apply_to_the_signatories_that_took_them():
    with translation.override("en"):
        stockholm = municipality_progress("0180", as_of=2026)
        names = {t.name for t in stockholm.targets if t.owner_kind == "commitment"}
        assert names == {
            "Covenant of Mayors: −20 % by 2020",
            "Covenant of Mayors: −40 % by 2030",
            "Covenant of Mayors: climate neutrality by 2050",
        }
        # Lund took 2020 and 2030; Ale never signed.
        lund = {t.name for t in municipality_progress("1281", as_of=2026).targets if t.owner_kind == "commitment"}
        assert lund == {"Covenant of Mayors: −20 % by 2020", "Covenant of Mayors: −40 % by 2030"}
        assert not [t for t in municipality_progress("1440", as_of=2026).targets if t.owner_kind == "commitment"]


def small_list(tmp_path, rows):
    header = [
        "organisation_id",
        "organisation_name",
        "coordinator_name",
        "supporter_name",
        "country_code",
        "commitment_CoM2020_flag",
        "commitment_CoM2030_flag",
        "commitment_CoM2050_flag",
        "signatory_status",
        "date_of_adhesion",
        "group_profile",
    ]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "1"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "signatories.xlsx"
    workbook.save(path)
    return path


def test_an_unknown_name_is_reported_by_row_and_nothing_is_written(tmp_path):
    path = small_list(
        tmp_path,
        [
            [1, "Ale", "-", "-", "se", True, False, False, "published", dt.date(2020, 1, 1), False],
            [2, "Atlantis", "-", "-", "se", True, False, False, "published", dt.date(2020, 1, 1), False],
            [3, "Paris", "-", "-", "fr", True, False, False, "published", dt.date(2020, 1, 1), False],
        ],
    )
    before = Membership.objects.count()
    with translation.override("en"), pytest.raises(DataFileError) as error:
        covenant_import(path=path, info=INFO, aliases_path=DATA / "covenant-of-mayors/aliases.csv")
    assert len(error.value.problems) == 1
    problem = error.value.problems[0]
    assert (problem.row, problem.column, problem.value) == (3, "organisation_name", "Atlantis")
    assert Membership.objects.count() == before and not Release.objects.filter(slug="jrc-test").exists()


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ([1, "Ale", "-", "-", "se", True, False, False, "vanished", dt.date(2020, 1, 1), False], "signatory_status"),
        ([1, "Ale", "-", "-", "se", True, False, False, "published", "förra året", False], "date_of_adhesion"),
        (
            [
                1,
                "Ale",
                "Landstinget i Atlantis",
                "-",
                "se",
                True,
                False,
                False,
                "published",
                dt.date(2020, 1, 1),
                False,
            ],
            "coordinator_name",
        ),
    ],
)
def test_bad_cells_are_refused_naming_the_column(tmp_path, row, column):
    path = small_list(tmp_path, [row])
    with pytest.raises(DataFileError) as error:
        covenant_import(path=path, info=INFO, aliases_path=DATA / "covenant-of-mayors/aliases.csv")
    assert error.value.problems[0].column == column
    assert not Release.objects.filter(slug="jrc-test").exists()


def test_a_missing_column_is_named(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "1"
    workbook.active.append(["organisation_id", "organisation_name", "country_code"])
    path = tmp_path / "short.xlsx"
    workbook.save(path)
    with pytest.raises(DataFileError) as error:
        covenant_import(path=path, info=INFO, aliases_path=DATA / "covenant-of-mayors/aliases.csv")
    assert "coordinator_name" in error.value.problems[0].column


def test_the_same_list_again_is_already_imported():
    with pytest.raises(AlreadyImported):
        covenant_import(
            path=DATA / "covenant-of-mayors/gcom-mycovenant-signatories-2024.xlsx",
            info=ReleaseInfo(dataset="jrc", dataset_name="JRC", publisher="JRC", slug="another-slug", label="x"),
        )


def test_the_organization_page_lists_its_covenant_membership(client):
    from samverkan.places.models import Organization

    jonkoping = Organization.objects.get(territory__code="0680", kind="municipality")
    html = client.get(f"/organisationer/{jonkoping.pk}/").content.decode()
    table = html[html.index('id="organization-networks"') :]
    assert "Borgmästaravtalet" in table and "2009-09-24" in table and "undertecknare" in table
    assert "Borgmästaravtalet 2020" in table
