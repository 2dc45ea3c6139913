"""Partial releases are refused unless --partial, and "already imported" compares content, not bytes."""

import json
import zipfile
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from samverkan.core.importing import file_sha256, files_sha256
from samverkan.emissions.models import EmissionValue
from samverkan.indicators.models import IndicatorValue
from samverkan.places.models import PopulationValue
from samverkan.sources.coverage import content_sha256, missing_text
from samverkan.sources.models import Release
from tests.conftest import DATA

pytestmark = pytest.mark.django_db

MONTHLY = "scb/population-by-municipality-2025-12.xlsx"
KEY_INDICATORS = "klimatkollen-2026/municipality-data.json"
FIRST_TEN = ["Ale", "Alingsås", "Alvesta", "Aneby", "Arboga", "Arjeplog", "Arvidsjaur", "Arvika", "Askersund", "Avesta"]


def counts() -> tuple[int, int, int, int]:
    """Releases and every kind of value an import of these files writes."""
    return (
        Release.objects.count(),
        PopulationValue.objects.count(),
        EmissionValue.objects.count(),
        IndicatorValue.objects.count(),
    )


def run_import(*args: str) -> tuple[str, str]:
    output, errors = StringIO(), StringIO()
    call_command("import", *args, stdout=output, stderr=errors)
    return output.getvalue(), errors.getvalue()


def refused(*args: str) -> str:
    """Run an import that must be refused: its message and every problem it lists (the table wraps them)."""
    errors = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import", *args, stdout=StringIO(), stderr=errors)
    assert "Traceback" not in errors.getvalue()
    problems = getattr(caught.value.__cause__, "problems", [])
    return "\n".join([str(caught.value), *(str(problem) for problem in problems)])


def without_rows(path, keep) -> None:
    """Delete the population workbook's data rows for which keep(label) is false."""
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    labels = [(cell.row, str(cell.value or "")) for cell in sheet["A"]]
    for row, label in reversed(labels):
        if label[:4].isdigit() and not keep(label):
            sheet.delete_rows(row)
    workbook.save(path)


def rewrite_json(path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data = change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


# --- what a message lists ---------------------------------------------------------------


def test_missing_items_are_listed_as_the_first_ten_and_a_count():
    names = [f"Kommun {n:03d}" for n in range(290)]
    text = missing_text(names)
    assert text.startswith("Kommun 000, Kommun 001,") and "Kommun 009" in text and "Kommun 010" not in text
    assert text.endswith("och 280 till")
    assert missing_text(["Ale"]) == "Ale"


def test_content_checksum_ignores_order_and_location_but_not_values():
    assert content_sha256("x", [("0114", 2025, 1.0), ("0115", 2025, 2.0)]) == content_sha256(
        "x", [("0115", 2025, 2.0), ("0114", 2025, 1.0)]
    )
    assert content_sha256("x", [("0114", 2025, 1.0)]) != content_sha256("x", [("0114", 2025, 1.5)])
    assert content_sha256("x", [("0114", 2025, 1.0)]) != content_sha256("y", [("0114", 2025, 1.0)])


# --- the bundled data -------------------------------------------------------------------


def test_every_bundled_release_loads_as_complete():
    from samverkan.site.bundled import bundled_releases

    assert not [release.info.slug for release in bundled_releases() if release.partial]
    assert not Release.objects.filter(partial=True).exists()
    assert Release.objects.filter(slug="klimatkollen-nyckeltal-2026", coverage=[]).exists()


# --- population -------------------------------------------------------------------------


def test_population_workbook_without_data_rows_is_refused_even_with_partial(data_copy):
    path = data_copy(MONTHLY)
    without_rows(path, keep=lambda label: False)
    before = counts()
    for extra in ([], ["--partial"]):
        message = refused("population", str(path), "--release", "pop-empty", *extra)
        assert "inget att importera" in message and "Inget importerades" in message
    assert counts() == before


def test_population_missing_a_municipality_is_refused_naming_it(data_copy):
    path = data_copy(MONTHLY)
    without_rows(path, keep=lambda label: label != "0114 Upplands Väsby")
    before = counts()
    message = refused("population", str(path), "--release", "pop-289")
    assert "289 av 290 kommuner; saknas: Upplands Väsby" in message
    assert "--partial" in message
    assert counts() == before


def test_population_of_one_municipality_with_partial_is_recorded_and_shown(data_copy, client):
    path = data_copy(MONTHLY)
    without_rows(path, keep=lambda label: label == "0115 Vallentuna")
    before = counts()
    message = refused("population", str(path), "--release", "pop-one")
    assert "1 av 290 kommuner; saknas: Ale, Alingsås," in message and "och 279 till" in message
    assert counts() == before

    output, _errors = run_import(
        "population",
        str(path),
        "--release",
        "pop-one",
        "--label",
        "Vallentuna 2025",
        "--published",
        "2027-01-01",
        "--partial",
    )
    assert "Delutgåva: 1 av 290 kommuner" in output
    release = Release.objects.get(slug="pop-one")
    assert release.partial and release.row_count == 1
    assert release.coverage == [
        {
            "unit": "municipalities",
            "expected": 290,
            "covered": 1,
            "missing": FIRST_TEN,
            "missing_count": 289,
        }
    ]
    assert counts() == (before[0] + 1, before[1] + 1, before[2], before[3])
    page = client.get("/kommuner/0115/").content.decode()
    assert "Vallentuna 2025 (Delutgåva: 1 av 290 kommuner)" in page
    sources = client.get("/api/v1/municipalities/0115").json()["sources"]
    assert "Vallentuna 2025 (Delutgåva: 1 av 290 kommuner)" in [s["release"] for s in sources]
    with translation.override("en"):
        assert release.display_label == "Vallentuna 2025 (Partial release: 1 of 290 municipalities)"


# --- key indicators ---------------------------------------------------------------------


def test_key_indicators_of_one_municipality_are_refused_then_accepted_as_partial(data_copy, client):
    path = data_copy(KEY_INDICATORS)
    rewrite_json(path, lambda items: [item for item in items if item["name"] == "Ale"])
    before = counts()
    message = refused("key-indicators", str(path), "--release", "kk-one")
    assert "1 av 290 kommuner; saknas: Alingsås, Alvesta," in message and "och 279 till" in message
    assert counts() == before

    output, _errors = run_import("key-indicators", str(path), "--release", "kk-one", "--label", "Bara Ale", "--partial")
    assert "Delutgåva: 1 av 290 kommuner" in output
    release = Release.objects.get(slug="kk-one")
    assert release.partial and release.row_count == 5
    page = client.get("/nyckeltal/cykelvag-per-invanare/").content.decode()
    assert "Bara Ale (Delutgåva: 1 av 290 kommuner)" in page
    body = client.get("/api/v1/indicators/cykelvag-per-invanare").json()
    listed = {r["slug"]: r for r in body["releases"]}
    assert listed["kk-one"]["partial"] is True and listed["klimatkollen-nyckeltal-2026"]["partial"] is False
    assert listed["kk-one"]["label"] == "Bara Ale (Delutgåva: 1 av 290 kommuner)"


def test_key_indicators_with_every_value_null_are_refused_even_with_partial(data_copy):
    path = data_copy(KEY_INDICATORS)
    fields = ["electricCarChangePercent", "bicycleMetrePerCapita", "totalConsumptionEmission"]
    fields += ["electricVehiclePerChargePoints", "procurementScore"]
    rewrite_json(path, lambda items: [{**item, **dict.fromkeys(fields)} for item in items])
    before = counts()
    for extra in ([], ["--partial"]):
        message = refused("key-indicators", str(path), "--release", "kk-null", *extra)
        assert "inget att importera" in message
    assert counts() == before


def test_key_indicators_with_one_indicator_null_everywhere_name_it(data_copy):
    path = data_copy(KEY_INDICATORS)
    rewrite_json(path, lambda items: [{**item, "procurementScore": None} for item in items])
    before = counts()
    message = refused("key-indicators", str(path), "--release", "kk-no-procurement")
    assert "4 av 5 nyckeltal; saknas: procurementScore (klimatkrav-i-upphandling)" in message
    assert counts() == before


# --- emissions --------------------------------------------------------------------------


def test_emissions_file_of_an_empty_list_is_refused_then_accepted_as_partial(klimatkollen_copy, client):
    (klimatkollen_copy / "municipality-sector-emissions.json").write_text("[]", encoding="utf-8")
    before = counts()
    message = refused("emissions", str(klimatkollen_copy), "--release", "kk-no-municipalities")
    assert "0 av 290 kommuner; saknas: Ale, Alingsås," in message and "och 280 till" in message
    assert counts() == before

    output, _errors = run_import(
        "emissions", str(klimatkollen_copy), "--release", "kk-no-municipalities", "--label", "Bara län", "--partial"
    )
    assert "Delutgåva: 0 av 290 kommuner" in output
    assert Release.objects.get(slug="kk-no-municipalities").partial
    listed = {r["slug"]: r for r in client.get("/api/v1/emission-releases").json()["items"]}
    assert listed["kk-no-municipalities"]["partial"] is True
    assert listed["kk-no-municipalities"]["partial_note"] == "Delutgåva: 0 av 290 kommuner"
    assert listed["kk-no-municipalities"]["name"] == "Bara län (Delutgåva: 0 av 290 kommuner)"
    assert listed["klimatkollen-2026"]["partial"] is False and listed["klimatkollen-2026"]["partial_note"] == ""
    page = client.get("/kommuner/0114/").content.decode()
    assert "Bara län (Delutgåva: 0 av 290 kommuner)" in page


def test_emissions_missing_a_municipality_are_refused_naming_it(klimatkollen_copy):
    rewrite_json(
        klimatkollen_copy / "municipality-sector-emissions.json",
        lambda items: [item for item in items if item["name"] != "Kiruna"],
    )
    before = counts()
    message = refused("emissions", str(klimatkollen_copy), "--release", "kk-no-kiruna")
    assert "289 av 290 kommuner; saknas: Kiruna" in message
    assert counts() == before


def test_emissions_missing_a_sector_in_one_year_are_refused_naming_it(klimatkollen_copy):
    def drop_transport(items):
        ale = next(item for item in items if item["name"] == "Ale")
        year = sorted(ale["sectors"])[-1]
        ale["sectors"][year].pop("Transporter")
        return items

    rewrite_json(klimatkollen_copy / "municipality-sector-emissions.json", drop_transport)
    before = counts()
    message = refused("emissions", str(klimatkollen_copy), "--release", "kk-no-transport")
    assert "saknas: Ale 2024 Transporter" in message
    assert counts() == before


def test_emissions_folder_whose_national_file_is_an_empty_list_is_refused_unless_partial(klimatkollen_copy):
    """Found by bench/fuzz.py: without its national files a Klimatkollen release lacked Sweden's figures unnoticed."""
    (klimatkollen_copy / "national-sector-emissions.json").write_text("[]", encoding="utf-8")
    (klimatkollen_copy / "national-data.json").write_text("[]", encoding="utf-8")
    before = counts()
    message = refused("emissions", str(klimatkollen_copy), "--release", "kk-no-sweden")
    assert "national-sector-emissions.json" in message and "saknas: Sverige" in message
    assert counts() == before
    output, _errors = run_import("emissions", str(klimatkollen_copy), "--release", "kk-no-sweden", "--partial")
    assert "Delutgåva" in output and Release.objects.get(slug="kk-no-sweden").partial


def test_emissions_folder_of_empty_lists_is_refused_even_with_partial(klimatkollen_copy):
    for path in klimatkollen_copy.iterdir():
        path.write_text("[]", encoding="utf-8")
    before = counts()
    for extra in ([], ["--partial"]):
        message = refused("emissions", str(klimatkollen_copy), "--release", "kk-empty", *extra)
        assert "minst ett utsläppsvärde" in message
    assert counts() == before


# --- already imported: the content, not the bytes ---------------------------------------


def test_the_same_workbook_with_another_zip_comment_is_already_imported(tmp_path):
    original = DATA / MONTHLY
    copy = tmp_path / "befolkning.xlsx"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename))
        target.comment = b"re-saved by someone else"
    assert file_sha256(copy) != file_sha256(original)
    before = counts()
    message = refused("population", str(copy), "--release", "pop-comment")
    assert "Redan importerad: samma innehåll är utgåvan scb-folkmangd-2025-12" in message
    assert counts() == before


def test_a_changed_value_in_the_same_workbook_is_a_new_release(data_copy):
    path = data_copy(MONTHLY)
    workbook = openpyxl.load_workbook(path)
    workbook.worksheets[0]["D4"] = 50496  # Upplands Väsby, was 50 495
    workbook.save(path)
    before = counts()
    output, _errors = run_import("population", str(path), "--release", "pop-changed")
    assert "Importerade 290 värden som utgåvan pop-changed." in output
    assert counts() == (before[0] + 1, before[1] + 290, before[2], before[3])


def test_reordered_json_with_the_same_values_is_already_imported(klimatkollen_copy, data_copy):
    for path in klimatkollen_copy.iterdir():
        # Items in reverse order, keys sorted, whole numbers written as 1.0: the same content.
        def reorder(data):
            return list(reversed(data)) if isinstance(data, list) else data

        data = reorder(json.loads(path.read_text(encoding="utf-8")))
        path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
    before = counts()
    message = refused("emissions", str(klimatkollen_copy), "--release", "kk-reordered")
    assert "Redan importerad: samma innehåll är utgåvan klimatkollen-2026" in message
    message = refused("key-indicators", str(klimatkollen_copy / "municipality-data.json"), "--release", "kki-re")
    assert "Redan importerad: samma innehåll är utgåvan klimatkollen-nyckeltal-2026" in message
    assert counts() == before


def test_a_release_from_before_content_checksums_is_found_by_its_file(data_copy):
    """After the upgrade, a release keeps its file's checksum: the same file again is still already imported."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("samverkan.sources.migrations.0003_release_content_checksum_partial")
    path = DATA / MONTHLY
    legacy = files_sha256([path])  # what Release.checksum held before content checksums
    Release.objects.filter(slug="scb-folkmangd-2025-12").update(checksum=legacy, file_checksum="")
    migration.keep_file_checksums(apps, None)
    release = Release.objects.get(slug="scb-folkmangd-2025-12")
    assert release.checksum == release.file_checksum == legacy
    before = counts()
    message = refused("population", str(path), "--release", "pop-again")
    assert "Redan importerad: samma innehåll är utgåvan scb-folkmangd-2025-12" in message
    assert counts() == before
