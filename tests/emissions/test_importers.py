"""Emission importers against the real files and broken copies: a clear message, nothing written."""

import json
import shutil

import openpyxl
import pytest

from samverkan.core.errors import AlreadyImported, DataFileError
from samverkan.emissions import importers
from samverkan.emissions.models import EmissionValue, Sector
from samverkan.emissions.services import emissions_import
from samverkan.sources.models import Release
from samverkan.sources.services import ReleaseInfo
from tests.conftest import DATA

pytestmark = pytest.mark.django_db
COMPILED = "smhi/ghg-territorial-1990-2024-compiled.xlsx"


def info(slug: str) -> ReleaseInfo:
    return ReleaseInfo(
        dataset="test-emissions",
        dataset_name="Test",
        publisher="Test",
        slug=slug,
        label=slug,
        unit="t CO2e",
        gases="ghg",
    )


def counts() -> tuple[int, int]:
    return EmissionValue.objects.count(), Release.objects.count()


def edit_json(path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# --- the real files ---------------------------------------------------------------------


def test_every_bundled_emission_release_is_loaded_side_by_side():
    releases = {r.slug: r for r in Release.objects.exclude(resolution="")}
    assert set(releases) == {
        "klimatkollen-2025",
        "klimatkollen-2026",
        "smhi-terr-ghg-2026-01",
        "smhi-lansrapport-co2-2024-04-18",
    }
    assert (releases["klimatkollen-2026"].first_year, releases["klimatkollen-2026"].last_year) == (1990, 2024)
    assert releases["klimatkollen-2025"].last_year == 2023
    assert releases["smhi-lansrapport-co2-2024-04-18"].gases == "co2"
    assert releases["smhi-lansrapport-co2-2024-04-18"].resolution == "subsector"
    assert releases["smhi-terr-ghg-2026-01"].resolution == "total"


def test_sectors_are_smhis_nine_main_sectors_with_subsectors_and_mappings():
    main = Sector.objects.filter(parent__isnull=True).exclude(slug="ofordelat")
    assert [s.name for s in main] == [
        "Transporter",
        "Industri (energi + processer)",
        "Jordbruk",
        "El och fjärrvärme",
        "Egen uppvärmning av bostäder och lokaler",
        "Arbetsmaskiner",
        "Produktanvändning (inkl. lösningsmedel)",
        "Avfall (inkl.avlopp)",
        "Utrikes transporter",
    ]
    assert all(s.name_en and s.covenant_sector and s.gpc_sector for s in Sector.objects.all())
    assert Sector.objects.filter(parent__isnull=False).count() == 52
    assert Sector.objects.get(slug="personbilar").parent.slug == "transporter"


def test_lansrapport_subsectors_are_imported_and_alla_subtotals_only_checked():
    release = Release.objects.get(slug="smhi-lansrapport-co2-2024-04-18")
    values = EmissionValue.objects.filter(release=release)
    assert values.filter(subsector__slug="personbilar").exists()
    # The misspelt sector "Egen uppärmning" in SMHI's export is read as Egen uppvärmning.
    assert values.filter(sector__slug="egen-uppvarmning", subsector__slug="bostader").exists()
    # Avfall's subtotal in the export is larger than its listed subsectors: reported, not hidden.
    lines = release.warnings.splitlines()
    assert len(lines) == 1779
    # Every difference is a county, municipality or national total of Avfall or of all sectors.
    assert all("lansrapport-co2-by-subsector-2024-04-18.xlsx" in line for line in lines)


def test_national_totals_that_differ_over_half_a_percent_are_kept_as_warnings():
    release = Release.objects.get(slug="klimatkollen-2026")
    lines = release.warnings.splitlines()
    assert len(lines) == 3 and all("national-data.json" in line for line in lines)
    assert {line.split("territorialFossilEmissions.")[1][:4] for line in lines} == {"2020", "2021", "2022"}


def test_format_is_detected_from_content(tmp_path):
    renamed = tmp_path / "utslapp.xlsx"
    shutil.copyfile(DATA / COMPILED, renamed)
    assert importers.detect_format(renamed) == "smhi-compiled"
    assert importers.detect_format(DATA / "smhi/lansrapport-co2-by-subsector-2024-04-18.xlsx") == "smhi-lansrapport"
    assert importers.detect_format(DATA / "klimatkollen-2025") == "klimatkollen"


# --- broken copies ---------------------------------------------------------------------


def test_importing_the_same_release_again_changes_nothing():
    before = counts()
    with pytest.raises(AlreadyImported):
        emissions_import(path=DATA / "klimatkollen-2026", info=info("again"))
    assert counts() == before


def test_missing_sheet_is_named(tmp_path):
    path = tmp_path / "compiled.xlsx"
    shutil.copyfile(DATA / COMPILED, path)
    path.chmod(0o644)
    workbook = openpyxl.load_workbook(path)
    workbook["Terr_GHG"].title = "Territoriellt"
    workbook.save(path)
    before = counts()
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=path, info=info("missing-sheet"))
    # Without its Terr_GHG sheet the file is not recognised as the compiled workbook.
    assert "compiled.xlsx" in caught.value.message
    assert counts() == before


def test_renamed_header_and_non_numeric_cell_are_reported_with_their_cells(tmp_path):
    path = tmp_path / "compiled.xlsx"
    shutil.copyfile(DATA / COMPILED, path)
    path.chmod(0o644)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Terr_GHG"]
    assert sheet["D7"].value == "Kommun"
    sheet["D7"] = "Kommunnamn"
    workbook.save(path)
    before = counts()
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=path, info=info("renamed-header"))
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("Terr_GHG", 7, "D", "Kommunnamn")

    # Opened again: openpyxl keeps the workbook's images (with Pillow installed) only for one save.
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Terr_GHG"]
    sheet["D7"] = "Kommun"
    stockholm = next(cell.row for cell in sheet["C"] if cell.value == "0180")
    sheet[f"AM{stockholm}"] = "ca 1 miljon"
    workbook.save(path)
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=path, info=info("text-cell"))
    [problem] = caught.value.problems
    assert (problem.row, problem.column, problem.value) == (stockholm, "AM (2024)", "ca 1 miljon")
    assert counts() == before


def test_negative_value_unknown_municipality_and_duplicate_are_all_reported_at_once(klimatkollen_copy):
    def break_it(items):
        items[0]["sectors"]["2024"]["Transporter"] = -5
        items[1]["name"] = "Atlantis"
        items.append(dict(items[2]))

    edit_json(klimatkollen_copy / "municipality-sector-emissions.json", break_it)
    before = counts()
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=klimatkollen_copy, info=info("broken-json"))
    problems = caught.value.problems
    assert any(p.value == "-5.0" and p.column == "sectors.2024.Transporter" and p.row == 1 for p in problems)
    assert any(p.value == "Atlantis" and p.row == 2 for p in problems)
    assert any("finns även vid" in p.expected for p in problems)  # the duplicate names the first occurrence
    assert counts() == before


@pytest.mark.parametrize(("value", "shown"), [(1e300, "1e+300"), (60_000_000, "60000000.0"), (-0.5, "-0.5")])
def test_an_emission_outside_the_plausible_range_is_refused_naming_value_range_and_place(
    klimatkollen_copy, value, shown
):
    def absurd(items):
        stockholm = next(index for index, item in enumerate(items) if item["name"] == "Stockholm")
        items[stockholm]["sectors"]["2024"]["Transporter"] = value

    edit_json(klimatkollen_copy / "municipality-sector-emissions.json", absurd)
    path = klimatkollen_copy / "municipality-sector-emissions.json"
    names = [item["name"] for item in json.loads(path.read_text(encoding="utf-8"))]
    before = counts()
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=klimatkollen_copy, info=info("absurd-json"))
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "municipality-sector-emissions.json",
        names.index("Stockholm") + 1,
        "sectors.2024.Transporter",
        shown,
    )
    assert problem.expected == "ett tal från 0 till 50\u00a0000\u00a0000 (t CO2e per år)"
    assert counts() == before


def test_totals_mismatch_is_a_warning_and_with_strict_an_error(klimatkollen_copy):
    def inflate(items):
        stockholm = next(item for item in items if item["name"] == "Stockholm")
        stockholm["emissions"]["2024"] *= 1.10

    edit_json(klimatkollen_copy / "municipality-data.json", inflate)
    before = counts()
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=klimatkollen_copy, info=info("strict"), strict=True)
    assert any(p.file == "municipality-data.json" and p.column == "emissions.2024" for p in caught.value.problems)
    assert counts() == before


def test_invalid_json_names_the_line(klimatkollen_copy):
    (klimatkollen_copy / "regional-data.json").write_text('[{"region": "Blekinge län", ', encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=klimatkollen_copy, info=info("bad-json"))
    [problem] = caught.value.problems
    assert problem.file == "regional-data.json" and problem.row == 1


def test_an_unrecognised_file_is_refused(tmp_path):
    path = tmp_path / "annat.xlsx"
    shutil.copyfile(DATA / "scb/population-by-municipality-2025-12.xlsx", path)
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=path, info=info("other"))
    assert "Terr_GHG" in caught.value.problems[0].expected


def test_a_json_file_that_is_no_file_of_a_klimatkollen_release_is_refused_by_its_own_name(tmp_path):
    """Found by bench/fuzz.py: a workbook renamed .json was read as a Klimatkollen folder, and the refusal
    listed the six files that folder lacked instead of the file given."""
    path = tmp_path / "lansrapport.json"
    shutil.copyfile(DATA / "smhi/lansrapport-co2-by-subsector-2024-04-18.xlsx", path)
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=path, info=info("renamed-json"))
    [problem] = caught.value.problems
    assert problem.file == "lansrapport.json" and "Terr_GHG" in problem.expected
    assert Release.objects.filter(slug="renamed-json").count() == 0


def test_a_valid_new_release_is_added_beside_the_others(klimatkollen_copy):
    from samverkan.emissions.queries import inventory, territory_for

    def revise(items):
        stockholm = next(item for item in items if item["name"] == "Stockholm")
        stockholm["sectors"]["2024"]["Transporter"] += 1000

    edit_json(klimatkollen_copy / "municipality-sector-emissions.json", revise)
    values_before = EmissionValue.objects.filter(release__slug="klimatkollen-2026").count()
    result = emissions_import(path=klimatkollen_copy, info=info("klimatkollen-2026-revised"))
    assert EmissionValue.objects.filter(release__slug="klimatkollen-2026").count() == values_before
    assert result.warnings  # Stockholm's stated total no longer matches, and the national totals never did
    revised = inventory(territory_for("0180"), "klimatkollen-2026-revised")
    original = inventory(territory_for("0180"), "klimatkollen-2026")
    assert round(revised.total[2024] - original.total[2024], 2) == 1000


# --- cases found in review ------------------------------------------------------------


def test_totals_that_are_not_an_object_of_years_are_a_problem(klimatkollen_copy):
    def break_it(items):
        items[0]["emissions"] = [1, 2]

    edit_json(klimatkollen_copy / "municipality-data.json", break_it)
    before = counts()
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=klimatkollen_copy, info=info("totals-list"))
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "municipality-data.json",
        1,
        "emissions",
        "list",
    )
    assert counts() == before


def test_infinite_values_are_refused(klimatkollen_copy):
    path = klimatkollen_copy / "municipality-sector-emissions.json"
    text = path.read_text(encoding="utf-8")
    first_value = text.index('"Arbetsmaskiner": ') + len('"Arbetsmaskiner": ')
    end = text.index(",", first_value)
    path.write_text(text[:first_value] + "Infinity" + text[end:], encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        emissions_import(path=klimatkollen_copy, info=info("infinite"))
    assert caught.value.problems[0].value == "inf"


def test_naming_one_file_of_a_klimatkollen_release_is_the_whole_release():
    before = counts()
    with pytest.raises(AlreadyImported):
        emissions_import(path=DATA / "klimatkollen-2026" / "municipality-data.json", info=info("one-file"))
    assert counts() == before


def test_a_totals_only_release_has_county_figures():
    from samverkan.emissions.queries import inventory, territory_for

    county = inventory(territory_for("01"), "smhi-terr-ghg-2026-01")
    assert county.years[0] == 1990 and county.total[1990] == 7255572  # Stockholms län, 'Alla' row, 1990
