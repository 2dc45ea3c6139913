"""Hostile workbooks, CSV and JSON files are refused before they are read, naming where, and change nothing.

A regression in the workbook checks would make calamine allocate gigabytes or abort the process,
so the workbooks that could do that are read in a child process with a memory ceiling.
"""

import io
import shutil
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from samverkan.actions.models import Action, ActionPlan
from samverkan.core import limits
from samverkan.core.errors import DataFileError
from samverkan.core.importing import read_csv, read_json, read_workbook
from samverkan.indicators.models import IndicatorValue
from samverkan.places.importers import parse_code_list
from samverkan.places.models import PopulationValue
from samverkan.sources.models import Release

from .hostile import (
    DATA,
    POPULATION,
    declaring,
    ods,
    only_problem,
    read_in_child,
    rewrite_member,
    sheet_member,
    with_cell,
    without_dimension,
)

# --- workbooks that would make calamine allocate the whole area --------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, dict]:
    """The hostile workbooks below, read in one child process (starting Django takes seconds)."""
    folder = tmp_path_factory.mktemp("hostile")
    population = DATA / POPULATION
    repeated = (
        '<table:table-row table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    )
    trailing = (
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    cases = {
        "cv1000000": (
            "population",
            rewrite_member(population, folder / "folkmangd.xlsx", sheet_member(population), with_cell("CV1000000")),
        ),
        "repeated": ("plan", ods(folder / "plan.ods", repeated)),
        "trailing": ("plan", ods(folder / "tom.ods", trailing)),
        "columns": (
            "emissions",
            rewrite_member(
                DATA / "smhi/ghg-territorial-1990-2024-compiled.xlsx", folder / "smhi.xlsx", None, with_cell("ZZZ3")
            ),
        ),
    }
    assert cases["cv1000000"][1].stat().st_size < 20_000
    return dict(zip(cases, read_in_child(*cases.values()), strict=True))


def test_population_workbook_with_a_cell_at_cv1000000_is_refused_within_300_mb(hostile):
    result = hostile["cv1000000"]
    problem = only_problem(result["problems"])
    assert (problem["file"], problem["sheet"], problem["row"], problem["column"]) == (
        "folkmangd.xlsx",
        "000007SF",
        1_000_000,
        "CV",
    )
    assert problem["value"] == "en cell i CV1000000"
    assert problem["expected"] == "högst 10 000 rader; fler läses inte"
    assert result["peak_mb"] < 300


@pytest.mark.django_db
def test_plan_workbook_with_a_cell_at_xfd1048576_is_refused_and_the_process_lives(tmp_path, client, person, plan):
    client.force_login(person("editor"))
    downloaded = tmp_path / "downloaded.xlsx"
    downloaded.write_bytes(client.get(f"/planer/{plan.pk}/atgarder.xlsx").content)
    member = sheet_member(downloaded)

    path = rewrite_member(
        downloaded, tmp_path / "plan.xlsx", member, lambda xml: with_cell("XFD1048576")(without_dimension(xml))
    )
    [result] = read_in_child(("plan", path))
    problem = only_problem(result["problems"])
    assert (problem["file"], problem["sheet"], problem["row"], problem["column"]) == (
        "plan.xlsx",
        "Åtgärder",
        1_048_576,
        "XFD",
    )
    assert problem["expected"] == "högst 2 001 rader; fler läses inte"
    assert result["peak_mb"] < 300


def test_ods_with_a_row_of_values_repeated_a_million_times_is_refused(hostile):
    result = hostile["repeated"]
    problem = only_problem(result["problems"])
    assert (problem["file"], problem["sheet"], problem["row"], problem["column"]) == (
        "plan.ods",
        "Åtgärder",
        1_000_002,
        "B",
    )
    assert result["peak_mb"] < 300


def test_ods_trailing_empty_rows_as_libreoffice_writes_them_are_read(hostile):
    assert hostile["trailing"]["problems"] == []


def test_emissions_workbook_with_a_value_beyond_the_column_limit_is_refused(hostile):
    problem = only_problem(hostile["columns"]["problems"])
    assert (problem["file"], problem["sheet"], problem["row"], problem["column"]) == ("smhi.xlsx", "Terr_GHG", 3, "ZZZ")
    assert problem["expected"] == "högst 500 kolumner; fler läses inte"


@pytest.mark.django_db
def test_import_command_refuses_a_sheet_declaring_a_million_rows_and_imports_nothing(tmp_path):
    source = DATA / POPULATION
    path = rewrite_member(source, tmp_path / "folkmangd.xlsx", sheet_member(source), declaring("A1:XFD1048576"))
    before = (PopulationValue.objects.count(), Release.objects.count())
    errors = StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import", "population", str(path), "--release", "hostile", stderr=errors)
    assert "1 048 576 rader och 16 384 kolumner (A1:XFD1048576)" in errors.getvalue()
    assert "folkmangd.xlsx" in errors.getvalue() and "000007SF" in errors.getvalue()
    assert (PopulationValue.objects.count(), Release.objects.count()) == before


@pytest.mark.django_db
def test_import_command_refuses_a_zip_bomb_member_before_reading_it(tmp_path):
    path = shutil.copyfile(DATA / POPULATION, tmp_path / "folkmangd.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/bomb.bin", bytes(4 * limits.MB))  # 4 MB of zeros in about 4 KB
    before = Release.objects.count()
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("import", "population", str(path), "--release", "bomb", stderr=errors)
    assert "xl/media/bomb.bin" in errors.getvalue() and "högst 200 mot 1" in errors.getvalue()
    assert Release.objects.count() == before


def test_cells_without_references_are_counted_as_calamine_counts_them(tmp_path):
    def unreferenced(xml: str) -> str:
        cells = "<x:c><x:v>1</x:v></x:c>" * 600  # calamine places them one after another
        return xml.replace("</x:sheetData>", f'<x:row r="400">{cells}</x:row></x:sheetData>')

    source = DATA / POPULATION
    path = rewrite_member(source, tmp_path / "folkmangd.xlsx", sheet_member(source), unreferenced)
    with pytest.raises(DataFileError) as refused:
        read_workbook(path)
    problem = only_problem(refused.value.problems)
    assert (problem.sheet, problem.row, problem.column) == ("000007SF", 400, "SG")
    assert problem.expected == "högst 500 kolumner; fler läses inte"


def test_workbook_member_holding_more_than_its_directory_declares_is_refused(tmp_path):
    path = shutil.copyfile(DATA / POPULATION, tmp_path / "folkmangd.xlsx")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        strings = archive.getinfo("xl/sharedStrings.xml")
    name = strings.filename.encode()
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:  # the member's entry in the central directory
        entry = data.find(b"PK\x01\x02", entry + 1)
    data[entry + 24 : entry + 28] = (1000).to_bytes(4, "little")  # declares 1 000 bytes, holds 14 029
    path.write_bytes(data)
    with pytest.raises(DataFileError) as refused:
        read_workbook(path)
    problem = only_problem(refused.value.problems)
    assert problem.file == "folkmangd.xlsx" and "xl/sharedStrings.xml" in problem.value


def test_xls_with_a_cell_in_the_last_row_is_refused_before_its_rows_are_built(tmp_path):
    data = bytearray((DATA / "se-reference/kommunlankod_2023.xls").read_bytes())
    label = data.find(b"\xfd\x00\x0a\x00")  # the first LABELSST record: its row, little-endian, follows
    data[label + 4 : label + 6] = (65535).to_bytes(2, "little")
    path = tmp_path / "koder.xls"
    path.write_bytes(data)
    with pytest.raises(DataFileError) as refused:
        parse_code_list(path)
    problem = only_problem(refused.value.problems)
    assert (problem.file, problem.sheet) == ("koder.xls", "Län och kommuner 2023")
    assert problem.value == "värden i 65 536 rader och 2 kolumner"
    assert problem.expected == "högst 10 000 rader; fler läses inte"


def test_workbook_over_the_size_limit_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "stor.xlsx"
    with open(path, "wb") as handle:
        handle.truncate(limits.WORKBOOK_MAX_BYTES + 1)  # sparse: costs nothing to make
    with pytest.raises(DataFileError) as refused:
        read_workbook(path)
    assert only_problem(refused.value.problems).value == "en fil på 52 428 801 byte"


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_field_larger_than_the_field_limit_is_a_problem_naming_the_line(tmp_path):
    path = tmp_path / "planer.csv"
    path.write_text("a,b\nx,y\n" + "z," + "9" * (limits.CSV_FIELD_CHARACTERS + 10) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        read_csv(path, ["a", "b"])
    problem = only_problem(refused.value.problems)
    assert (problem.file, problem.row) == ("planer.csv", 3)
    assert "131 072" in problem.expected


def test_csv_with_100000_columns_is_refused_at_its_header(tmp_path):
    path = tmp_path / "planer.csv"
    path.write_text("a,b" + "," * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        read_csv(path, ["a", "b"])
    problem = only_problem(refused.value.problems)
    assert (problem.file, problem.row, problem.value) == ("planer.csv", 1, "100 002 kolumner")
    assert problem.expected == "högst 200 kolumner"


def test_csv_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "planer.csv"
    with open(path, "wb") as handle:
        handle.truncate(limits.CSV_MAX_BYTES + 1)
    with pytest.raises(DataFileError) as refused:
        read_csv(path, ["a"])
    assert only_problem(refused.value.problems).file == "planer.csv"


def test_csv_over_the_row_limit_stops_at_the_limit(tmp_path):
    path = tmp_path / "planer.csv"
    path.write_text("a\n" + "x\n" * 4, encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        read_csv(path, ["a"], max_rows=3)
    assert only_problem(refused.value.problems).row == 5


# --- JSON --------------------------------------------------------------------------------------

KEY_INDICATORS = "klimatkollen-2026/municipality-data.json"


@pytest.mark.parametrize(
    ("content", "row", "found"),
    [
        (b'[{"name": "Ale", "x": ' + b"7" * 10_000 + b"}]", 1, "ett tal på 10 000 tecken"),
        (b"[" * 50_000 + b"]" * 50_000, 1, "nästling djupare än 64 nivåer"),
        (b'[{"name": "Ale",\n "x": }]', 2, "Expecting value"),
        (b'[{"name": "\xc5le"}]', 1, "tecken som inte är UTF-8"),
    ],
    ids=["10000-digit-number", "50000-deep", "invalid", "not-utf-8"],
)
@pytest.mark.django_db
def test_key_indicator_import_refuses_hostile_json_naming_file_and_line(tmp_path, content, row, found):
    path = tmp_path / "municipality-data.json"
    path.write_bytes(content)
    before = (IndicatorValue.objects.count(), Release.objects.count())
    errors = StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import", "key-indicators", str(path), "--release", "hostile", stderr=errors)
    table = errors.getvalue()
    assert "municipality-data.json" in table and found in table
    with pytest.raises(DataFileError) as refused:
        read_json(path)
    assert only_problem(refused.value.problems).row == row
    assert (IndicatorValue.objects.count(), Release.objects.count()) == before


@pytest.mark.django_db
def test_emissions_import_refuses_an_oversize_json_file_before_reading_it(tmp_path):
    folder = tmp_path / "klimatkollen"
    shutil.copytree(DATA / "klimatkollen-2026", folder)
    with open(folder / "municipality-sector-emissions.json", "wb") as handle:
        handle.truncate(limits.JSON_MAX_BYTES + 1)
    before = Release.objects.count()
    errors = StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import", "emissions", str(folder), "--release", "hostile", stderr=errors)
    assert "municipality-sector-emissions.json" in errors.getvalue() and "5 242 881" in errors.getvalue()
    assert Release.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("document", ["1e300", '"text"', "null", "7"])
def test_emissions_import_refuses_a_json_file_that_is_a_lone_value(tmp_path, document):
    """Found by the fuzzer: a lone number as a whole file was a TypeError in the depth check."""
    folder = tmp_path / "klimatkollen"
    shutil.copytree(DATA / "klimatkollen-2026", folder)
    (folder / "national-sector-emissions.json").write_text(document, encoding="utf-8")
    before = Release.objects.count()
    errors = StringIO()
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("import", "emissions", str(folder), "--release", "lone-value", stderr=errors)
    assert "national-sector-emissions.json" in errors.getvalue()
    assert Release.objects.count() == before


def test_json_deeper_than_the_limit_but_within_python_is_refused_at_its_place(tmp_path):
    path = tmp_path / "data.json"
    path.write_text('{"a":\n' + "[" * 70 + "]" * 70 + "}", encoding="utf-8")
    with pytest.raises(DataFileError) as refused:
        read_json(path)
    problem = only_problem(refused.value.problems)
    assert (problem.row, problem.column) == (2, "64")


# --- the plan-workbook upload --------------------------------------------------------------------


@pytest.fixture
def plan(jonkoping):
    plan = ActionPlan.objects.get(organization=jonkoping, is_example=False)
    Action.objects.create(plan=plan, title="Laddstolpar vid stationen", status="ongoing", completion=20)
    return plan


def _post(client, plan, name: str, content: bytes):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(f"/planer/{plan.pk}/importera/", {"arbetsbok": upload})


@pytest.mark.django_db
def test_upload_over_the_size_limit_is_refused_before_it_is_read(client, person, plan):
    client.force_login(person("editor"))
    before = list(plan.actions.values_list("title", "completion"))
    response = _post(client, plan, "plan.xlsx", bytes(limits.UPLOAD_MAX_BYTES + 1))
    assert response.status_code == 422
    assert "Arbetsboken är 5,0 MB; högst 5 MB läses." in response.content.decode()
    assert list(plan.actions.values_list("title", "completion")) == before


@pytest.mark.django_db
def test_upload_of_a_plan_workbook_declaring_the_whole_sheet_lists_the_problem(client, person, plan, tmp_path):
    client.force_login(person("editor"))
    downloaded = tmp_path / "downloaded.xlsx"
    downloaded.write_bytes(client.get(f"/planer/{plan.pk}/atgarder.xlsx").content)
    path = rewrite_member(downloaded, tmp_path / "plan.xlsx", sheet_member(downloaded), declaring("A1:XFD1048576"))
    before = list(plan.actions.values_list("title", "completion"))
    response = _post(client, plan, "min plan.xlsx", path.read_bytes())
    page = response.content.decode()
    assert response.status_code == 422 and 'id="problems"' in page
    assert "1 048 576 rader och 16 384 kolumner (A1:XFD1048576)" in page
    assert "högst 2 001 rader; fler läses inte" in page
    assert list(plan.actions.values_list("title", "completion")) == before


@pytest.mark.django_db
def test_upload_with_a_value_past_the_row_limit_names_its_row_and_column(client, person, plan, tmp_path):
    client.force_login(person("editor"))
    downloaded = tmp_path / "downloaded.xlsx"
    downloaded.write_bytes(client.get(f"/planer/{plan.pk}/atgarder.xlsx").content)
    member = sheet_member(downloaded)

    path = rewrite_member(
        downloaded, tmp_path / "plan.xlsx", member, lambda xml: with_cell("C2500")(without_dimension(xml))
    )
    response = _post(client, plan, "plan.xlsx", path.read_bytes())
    page = response.content.decode()
    assert response.status_code == 422
    problems = page.split('id="problems"')[1].split("</table>")[0]
    assert "<td>2500</td><td>C</td>" in problems and "en cell i C2500" in problems
    assert plan.actions.count() == 1
