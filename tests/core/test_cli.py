"""The samverkan command: setup, import, pass-through, and the first start of `serve`."""

import json
import subprocess
import sys
import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from samverkan.places.models import PopulationValue
from samverkan.sources.models import Release


@pytest.mark.django_db
def test_setup_on_a_loaded_database_loads_nothing():
    before = Release.objects.count()
    output = StringIO()
    call_command("setup", stdout=output)
    assert "Databasen är aktuell" in output.getvalue()
    assert Release.objects.count() == before


@pytest.mark.django_db
def test_import_command_prints_every_problem_and_imports_nothing(data_copy):
    import openpyxl

    path = data_copy("scb/population-by-municipality-1950-2022.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook["Tabell"]["A7"] = "Atlantis"
    workbook["Tabell"]["C9"] = "x"
    workbook.save(path)
    before = PopulationValue.objects.count()
    errors = StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import", "population", str(path), "--release", "cli-test", stderr=errors)
    table = errors.getvalue()
    assert "Atlantis" in table and "Tabell" in table and "C (1951)" in table
    assert PopulationValue.objects.count() == before


@pytest.mark.django_db
def test_import_command_refuses_a_file_imported_before(settings):
    path = settings.BUNDLED_DATA_DIR / "scb/population-by-municipality-2025-12.xlsx"
    with pytest.raises(CommandError, match="Redan importerad"):
        call_command("import", "population", str(path))


def test_samverkan_passes_django_commands_through():
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    for command in ("serve", "setup", "import", "createsuperuser", "migrate"):
        assert command in result.stdout


def test_first_start_loads_the_data_with_progress_and_a_second_start_loads_nothing(served_site):
    log = served_site.log.read_text()
    assert "Läser in medföljande data" in log
    assert "Läste in 12 utgåvor." in log
    assert "Listening at" in log  # gunicorn, not Django's development server
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "samverkan", "setup"],
        env=served_site.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Databasen är aktuell; inga data att läsa in." in result.stdout
    assert time.monotonic() - started < 30


@pytest.fixture
def klimatkollen_folder(tmp_path):
    import shutil

    from tests.conftest import DATA

    folder = tmp_path / "kk"
    shutil.copytree(DATA / "klimatkollen-2026", folder)
    for path in folder.iterdir():
        path.chmod(0o644)
    # Different content from the bundled release (one value a tonne higher), so it is not "already imported".
    municipalities = folder / "municipality-sector-emissions.json"
    items = json.loads(municipalities.read_text(encoding="utf-8"))
    sectors = items[0]["sectors"][max(items[0]["sectors"])]
    first = next(iter(sectors))
    sectors[first] += 1.0
    municipalities.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.mark.django_db
def test_import_emissions_with_strict_refuses_totals_that_differ(klimatkollen_folder):
    from samverkan.emissions.models import EmissionValue

    before = (EmissionValue.objects.count(), Release.objects.count())
    errors = StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command(
            "import", "emissions", str(klimatkollen_folder), "--release", "kk-strict", "--strict", stderr=errors
        )
    assert "territorialFossilEmissions.2022" in errors.getvalue()
    assert (EmissionValue.objects.count(), Release.objects.count()) == before


@pytest.mark.django_db
def test_import_emissions_prints_warnings_and_imports(klimatkollen_folder):
    output, errors = StringIO(), StringIO()
    call_command("import", "emissions", str(klimatkollen_folder), "--release", "kk-copy", stdout=output, stderr=errors)
    assert "3 angivna totaler skiljer sig från summan med mer än 0,5 %" in errors.getvalue()
    assert "Importerade 28080 värden som utgåvan kk-copy." in output.getvalue()
    assert Release.objects.get(slug="kk-copy").gases == "ghg"


def test_import_of_a_missing_path_is_refused():
    with pytest.raises(CommandError, match="Det finns ingen fil eller mapp på /finns-inte"):
        call_command("import", "emissions", "/finns-inte")


@pytest.mark.django_db
def test_an_invalid_release_identifier_is_a_message_not_a_traceback(data_copy):
    import openpyxl

    path = data_copy("scb/population-by-municipality-2025-12.xlsx")
    workbook = openpyxl.load_workbook(path)
    workbook.worksheets[0]["D4"] = 50501
    workbook.save(path)
    with pytest.raises(CommandError, match="Utgåvan kan inte skapas"):
        call_command("import", "population", str(path), "--release", "Bad Slug!")
