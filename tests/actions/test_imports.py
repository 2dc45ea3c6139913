"""The bundled action data: every municipality's climate plan from the survey, and the JRC's example actions."""

import re

import openpyxl
import pytest
from django.utils import translation

from samverkan.actions.importers import ACTION_COLUMNS, LISTED_COLUMNS
from samverkan.actions.models import Action, ActionPlan
from samverkan.actions.services import climate_plans_import, data_brief_import
from samverkan.core.errors import DataFileError
from samverkan.places.models import Organization
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo
from tests.reference import climate_plan_rows, data_brief_rows

pytestmark = pytest.mark.django_db
INFO = ReleaseInfo(dataset="test", dataset_name="Test", publisher="Test", slug="test-actions", label="Test")


def test_every_municipality_has_its_plan_or_the_finding_that_it_has_none():
    rows = climate_plan_rows()
    assert len(rows) == 290
    survey = ActionPlan.objects.filter(is_example=False, source__startswith="Klimatkollen")
    assert survey.count() == 290
    with_year = sum(1 for row in rows if row["adopted_year"])
    assert with_year == 172 and survey.exclude(adopted_year=None).count() == 172
    # 172 with a year, and Katrineholm's with a link but no year: 173 plans found, 117 without one.
    assert survey.filter(status="adopted").count() == 173
    assert survey.filter(status="not_found").count() == 117 == sum(1 for row in rows if not row["plan_url"])
    jonkoping = survey.get(organization__territory__code="0680", organization__kind="municipality")
    raw = next(row for row in rows if row["kommun"] == "Jönköpings kommun")
    assert (jonkoping.title, jonkoping.adopted_year) == (raw["plan_name_comment"], int(raw["adopted_year"]))
    assert (jonkoping.period_from, jonkoping.period_to) == (2022, 2030)  # "Hållbarhetsprogram 2022–2030"
    # Names the municipalities use themselves: "Borås stad" is Borås kommun, Gotland is Region Gotland.
    assert survey.filter(organization__name="Borås kommun").exists()
    assert survey.filter(organization__name="Region Gotland").exists()
    tomelilla = survey.get(organization__name="Tomelilla kommun")
    assert " " not in tomelilla.document_url and "%20" in tomelilla.document_url


def test_the_data_brief_is_a_library_of_12307_examples_from_315_signatories():
    actions, signatories = data_brief_rows("databrief-actions.xlsx"), data_brief_rows("databrief-signatories.xlsx")
    assert (len(actions), len(signatories)) == (12_307, 315)
    examples = Action.objects.filter(plan__is_example=True)
    assert examples.count() == 12_307
    assert ActionPlan.objects.filter(is_example=True).count() == 315
    raw = next(row for row in actions if str(row["ID ACTION"]) == "216359")
    action = examples.get(source_id="216359")
    assert action.title == raw["key action description"] == "Thermal insulation of residential buildings"
    assert round(action.effect_t_co2e, 1) == round(raw["CO2 red"], 1) == 439.8
    assert (action.covenant_sector, action.status) == ("RESIDENTIAL_BUILDINGS", "ongoing")
    assert action.area.code == "RESIDENTIAL_BUILDINGS_BUILDING_ENVELOPE" and action.sector.slug == "egen-uppvarmning"
    organization = action.plan.organization
    assert (organization.country, organization.inhabitants) == ("AT", 2736)  # signatory 2 in the signatories file
    completed = sum(1 for row in actions if row["Status of implementation"] == "COMPLETED")
    assert examples.filter(status="completed").count() == completed == 2315


def small_brief(tmp_path, rows, signatories=((2, "AT", 2736),)):
    actions = openpyxl.Workbook()
    sheet = actions.active
    sheet.title = "databrief-policies"
    sheet.append([*ACTION_COLUMNS[:-1], "Governance", "CO2 red"])  # the file's columns, one we do not read
    for row in rows:
        sheet.append(row)
    actions.save(tmp_path / "actions.xlsx")
    people = openpyxl.Workbook()
    sheet = people.active
    sheet.append(["MUNI CODE", "Country Code", "N. Inhabit", "Latitude", "Longitude"])
    for row in signatories:
        sheet.append([*row, 48.0681991599998, 16.35740089][:5])
    people.save(tmp_path / "signatories.xlsx")
    listed = openpyxl.Workbook()
    sheet = listed.active
    sheet.title = "1"
    sheet.append(LISTED_COLUMNS)
    sheet.append([20, "Liesing", "at", 48.0681992, 16.3574009])
    listed.save(tmp_path / "listed.xlsx")
    return tmp_path / "actions.xlsx", tmp_path / "signatories.xlsx"


GOOD = [2, "9", "TRANSPORT", "Cykelbanor", "TRANSPORT_MODAL_SHIFT_TO_WALKING_AND_CYCLING", "LOCAL_AUTHORITY"]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ([*GOOD[:2], "SPACE", *GOOD[3:], "ONGOING", "OTHER", "OTHER", 5.0], "Sector"),
        ([*GOOD, "ONGOING", "OTHER", "OTHER", "fem ton"], "CO2 red"),
        ([*GOOD, "ONGOING", "OTHER", "OTHER", -5.0], "CO2 red"),
        ([*GOOD, "ONGOING", "OTHER", "OTHER", 1e300], "CO2 red"),
        ([*GOOD, "ONGOING", "OTHER", "OTHER", 10_000_001.0], "CO2 red"),
        ([*GOOD, "HALF_DONE", "OTHER", "OTHER", 5.0], "Status of implementation"),
        ([7, *GOOD[1:], "ONGOING", "OTHER", "OTHER", 5.0], "MUNI CODE"),
        ([*GOOD[:3], "", *GOOD[4:], "ONGOING", "OTHER", "OTHER", 5.0], "key action description"),
    ],
)
def test_a_bad_data_brief_row_is_reported_and_nothing_is_written(tmp_path, row, column):
    good = [*GOOD, "ONGOING", "OTHER", "OTHER", 12.5]
    actions, signatories = small_brief(tmp_path, [good, row])
    before = (Action.objects.count(), Organization.objects.count())
    with translation.override("en"), pytest.raises(DataFileError) as error:
        data_brief_import(
            actions_path=actions, signatories_path=signatories, listed_path=tmp_path / "listed.xlsx", info=INFO
        )
    [problem] = error.value.problems
    assert (problem.row, problem.column) == (3, column)
    assert (Action.objects.count(), Organization.objects.count()) == before
    assert not Release.objects.filter(slug="test-actions").exists()


def test_a_survey_row_for_an_unknown_municipality_or_a_bad_year_is_refused(tmp_path):
    path = tmp_path / "plans.csv"
    path.write_text(
        "kommun,plan_url,adopted_year,plan_name_comment\n"
        "Atlantis kommun,https://atlantis.example/plan.pdf,2022,Klimatplan\n"
        "Ale kommun,https://ale.se/plan.pdf,tjugotjugo,Klimatplan\n",
        encoding="utf-8",
    )
    before = ActionPlan.objects.count()
    with translation.override("en"), pytest.raises(DataFileError) as error:
        climate_plans_import(path=path, info=INFO)
    assert [(p.row, p.column, p.value) for p in error.value.problems] == [
        (2, "kommun", "Atlantis kommun"),
        (3, "adopted_year", "tjugotjugo"),
    ]
    assert ActionPlan.objects.count() == before


def test_a_survey_with_a_byte_order_mark_is_read_and_a_repeated_municipality_named(tmp_path):
    """Excel saves CSV with a byte-order mark: the header still reads. A municipality twice is named, with both rows."""
    path = tmp_path / "plans.csv"
    path.write_text(
        "kommun,plan_url,adopted_year,plan_name_comment\n"
        "Ale kommun,https://ale.se/plan.pdf,2024,Klimatplan\n"
        "Ale kommun,https://ale.se/annan.pdf,2020,Äldre plan\n",
        encoding="utf-8-sig",
    )
    with translation.override("en"), pytest.raises(DataFileError) as error:
        climate_plans_import(path=path, info=INFO)
    assert [(p.row, p.column, p.value, p.expected) for p in error.value.problems] == [
        (3, "kommun", "Ale kommun", "one row a municipality (also row 2)")
    ]
    latin = tmp_path / "latin.csv"
    latin.write_bytes("kommun,plan_url,adopted_year,plan_name_comment\nHärryda kommun,,,\n".encode("latin-1"))
    with pytest.raises(DataFileError) as error:
        climate_plans_import(path=latin, info=INFO)
    assert "UTF-8" in error.value.problems[0].expected


def test_a_data_brief_without_a_required_column_names_it(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["MUNI CODE", "ID ACTION"])
    workbook.save(tmp_path / "a.xlsx")
    _actions, signatories = small_brief(tmp_path, [])
    before = Action.objects.count()
    with translation.override("en"), pytest.raises(DataFileError) as error:
        data_brief_import(
            actions_path=tmp_path / "a.xlsx",
            signatories_path=signatories,
            listed_path=tmp_path / "listed.xlsx",
            info=INFO,
        )
    assert "Sector" in error.value.problems[0].column and "CO2 red" in error.value.problems[0].column
    assert Action.objects.count() == before


@pytest.mark.parametrize("inhabitants", [2**63, 1e25, 100_000_001])
def test_a_data_brief_signatory_with_an_implausible_population_is_refused(tmp_path, inhabitants):
    good = [*GOOD, "ONGOING", "OTHER", "OTHER", 12.5]
    actions, signatories = small_brief(tmp_path, [good], signatories=((2, "AT", inhabitants),))
    before = (Action.objects.count(), Organization.objects.count())
    with translation.override("en"), pytest.raises(DataFileError) as error:
        data_brief_import(
            actions_path=actions, signatories_path=signatories, listed_path=tmp_path / "listed.xlsx", info=INFO
        )
    [problem, *_unknown_signatory] = error.value.problems
    assert (problem.file, problem.row, problem.column) == ("signatories.xlsx", 2, "N. Inhabit")
    assert float(problem.value) == float(inhabitants)
    assert problem.expected == "a number from 0 to 100,000,000 (inhabitants)"
    assert (Action.objects.count(), Organization.objects.count()) == before


def test_a_signatory_list_without_its_sheet_or_a_column_and_text_for_coordinates_are_named(tmp_path):
    good = [*GOOD, "ONGOING", "OTHER", "OTHER", 12.5]
    actions, signatories = small_brief(tmp_path, [good], signatories=((2, "AT", 2736, "norr om Wien", 16.3),))
    listed = openpyxl.Workbook()
    listed.active.append(["organisation_id", "organisation_name"])
    listed.save(tmp_path / "listed.xlsx")
    before = (Action.objects.count(), Organization.objects.count())
    with translation.override("en"), pytest.raises(DataFileError) as error:
        data_brief_import(
            actions_path=actions, signatories_path=signatories, listed_path=tmp_path / "listed.xlsx", info=INFO
        )
    problems = [(p.file, p.column, p.value, p.expected) for p in error.value.problems]
    assert ("signatories.xlsx", "Latitude", "norr om Wien", "a number (degrees)") in problems
    assert ("listed.xlsx", "", "", "a sheet named 1") in problems
    assert (Action.objects.count(), Organization.objects.count()) == before
    assert not Release.objects.filter(slug="test-actions").exists()


def test_a_small_brief_signatory_is_named_after_the_listed_signatory_at_its_place(tmp_path):
    good = [*GOOD, "ONGOING", "OTHER", "OTHER", 12.5]
    actions, signatories = small_brief(tmp_path, [good])
    data_brief_import(
        actions_path=actions, signatories_path=signatories, listed_path=tmp_path / "listed.xlsx", info=INFO
    )
    plan = ActionPlan.objects.get(source__endswith="(MUNI CODE 2)", source__startswith="Test")
    assert (plan.organization.name, plan.organization.covenant_id, plan.note) == ("Liesing", "20", "")


def test_the_librarys_introduction_counts_the_data_brief_it_holds(client):
    actions, signatories = data_brief_rows("databrief-actions.xlsx"), data_brief_rows("databrief-signatories.xlsx")
    swedish = ActionPlan.objects.filter(
        is_example=True, organization__country="SE", organization__kind="municipality"
    ).count()
    assert swedish == 16  # the signatories the data brief places in Sweden that are municipalities (README)
    html = re.sub(r"\s+", " ", client.get("/atgarder/").content.decode().replace("\u00a0", " "))
    assert f"och {len(actions) // 1000} {len(actions) % 1000:03d} åtgärder som {len(signatories)} av" in html
    assert f"{swedish} av dem svenska kommuner" in html
