"""The downloads of the emission pages: CSV that Swedish Excel opens right and xlsx with its number formats, each
exactly the table its page shows (issue 15, "Files a journalist and a strategist can open")."""

import pytest

from tests.downloads import SWEDISH_NUMBER, csv_rows, page_rows, swedish, swedish_change, xlsx_sheet

pytestmark = pytest.mark.django_db
ESTIMATED = "* Folkmängden är uppskattad genom linjär interpolation mellan SCB:s siffror för åren före och efter."


def test_jonkopings_csv_is_for_swedish_excel_and_is_the_table_shown(client):
    response = client.get("/utslapp/0680.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)  # asserts the byte-order mark
    header, body = rows[0], rows[1 : rows.index([])]
    assert header[-4:] == ["Totalt (t CO2e)", "Invånare", "Invånare uppskattade", "Per invånare (t CO2e)"]
    by_year = {row[0]: row for row in body}
    # The 1990 total is 719715.4000000001 as a float sum: rounded to the source's 0,01 t with a decimal comma.
    assert by_year["1990"][-4] == "719715,40"
    assert by_year["2024"][-4:] == ["554702,46", "147139", "*", "3,77"]
    assert by_year["2022"][-2] == ""  # SCB's own figure: not estimated
    for row in body:
        assert all(SWEDISH_NUMBER.fullmatch(cell) for cell in row[:-2] + row[-1:]), row
        assert all(len(cell.partition(",")[2]) <= 2 for cell in row), row  # no float noise
    notes = [row[0] for row in rows[rows.index([]) + 1 :]]
    assert notes[0].startswith("Källa: SMHI (via Klimatkollen)")
    assert "Ton avrundas till 0,01 t CO2e, lika noggrant som källan anger dem." in notes
    assert ESTIMATED in notes
    assert "CSV-filen öppnas rätt i svenskt Excel: UTF-8, semikolon och decimalkomma." in notes

    page = client.get("/kommuner/0680/").content.decode()
    shown = page_rows(page, 'id="emissions-heading"')
    assert len(shown) == len(body)
    for cells, row in zip(shown, body, strict=True):
        people = swedish(row[-3]) + row[-2]  # the page marks an estimated population with * too
        assert cells == [row[0], *(swedish(cell) for cell in row[1:-3]), people, swedish(row[-1], 2)]
    assert "CSV-filen öppnas rätt i svenskt Excel" in page and "0,01 t CO2e" in page


def test_jonkopings_xlsx_keeps_the_decimals_per_inhabitant_and_flags_estimates(client):
    sheet = xlsx_sheet(client.get("/utslapp/0680.xlsx"))
    header = [cell.value for cell in sheet[1]]
    row_2024 = next(row for row in sheet.iter_rows() if row[0].value == 2024)
    cells = dict(zip(header, row_2024, strict=False))
    per_inhabitant = cells["Per invånare (t CO2e)"]
    assert per_inhabitant.value == 3.77 and per_inhabitant.number_format == "#,##0.00"  # 3,77, not "4"
    assert cells["Totalt (t CO2e)"].value == 554702.46 and cells["Invånare"].value == 147139
    assert cells["Invånare uppskattade"].value == "*"
    assert row_2024[0].number_format == "0"  # a year, not "2 024"
    notes = [row[0].value for row in sheet.iter_rows() if isinstance(row[0].value, str)][1:]
    assert ESTIMATED in notes and notes[0].startswith("Källa: SMHI (via Klimatkollen)")


def test_whole_tonne_release_is_rounded_to_whole_tonnes(client):
    rows = csv_rows(client.get("/utslapp/0680.csv", {"utgava": "smhi-terr-ghg-2026-01"}))
    body = rows[1 : rows.index([])]
    assert all("," not in row[1] for row in body)  # SMHI's compilation gives whole tonnes
    assert "Ton avrundas till 1 t CO2e, lika noggrant som källan anger dem." in [row[0] for row in rows if row]


def test_ranking_download_is_the_ranking_shown_with_its_filters_and_order(client):
    query = {"lan": "06", "sortera": "per_capita", "ordning": "stigande"}
    page = client.get("/utslapp/", query).content.decode()
    assert 'href="/utslapp/alla.csv?utgava=klimatkollen-2026&amp;ar=2024&amp;lan=06&amp;sortera=per_capita' in page
    shown = page_rows(page, 'id="ranking"')
    rows = csv_rows(client.get("/utslapp/alla.csv", {**query, "utgava": "klimatkollen-2026", "ar": "2024"}))
    body = rows[1 : rows.index([])]
    assert rows[0][:4] == ["#", "Kommun", "Län", "Totalt (t CO2e)"] and len(body) == len(shown) == 13
    for cells, row in zip(shown, body, strict=True):
        changes = [swedish_change(cell) for cell in row[5:7]]
        assert cells == [row[0], row[1], row[2], swedish(row[3]), swedish(row[4], 2), *changes]
    sheet = xlsx_sheet(client.get("/utslapp/alla.xlsx", query))
    assert [row[1].value for row in list(sheet.iter_rows())[1:14]] == [row[1] for row in body]
    assert sheet.cell(2, 5).number_format == "#,##0.00" and isinstance(sheet.cell(2, 5).value, float)


def test_stockholms_2024_in_the_ranking_download(client):
    rows = csv_rows(client.get("/utslapp/alla.csv"))
    stockholm = next(row for row in rows if len(row) > 1 and row[1] == "Stockholm")
    assert swedish(stockholm[3]) == "1 021 234" and stockholm[4] == "1,03" and stockholm[5] == "-50,8"
    assert "Källa: SMHI (via Klimatkollen)" in rows[rows.index([]) + 1][0]


def test_comparison_download_is_the_comparison_shown(client):
    query = {"fran": "klimatkollen-2025", "till": "klimatkollen-2026"}
    page = client.get("/utslapp/jamfor/0180/", query).content.decode()
    assert 'href="/utslapp/jamfor/0180.csv?fran=klimatkollen-2025&amp;till=klimatkollen-2026"' in page
    rows = csv_rows(client.get("/utslapp/jamfor/0180.csv", query))
    body = rows[1 : rows.index([])]
    shown = page_rows(page, 'id="comparison"')
    assert len(body) == len(shown)
    total_2023 = next(row for row in body if row[0] == "2023" and row[1] == "Totalt")
    assert [swedish(cell) for cell in total_2023[2:5]] == ["1 008 396", "977 958", "\u221230 438"]
    for cells, row in zip(shown, body, strict=True):
        assert cells[:5] == [row[0], row[1], *(swedish(cell) if cell else "–" for cell in row[2:5])]
    notes = [row[0] for row in rows[rows.index([]) + 1 :]]
    assert notes[0].startswith("Äldre utgåva: SMHI (via Klimatkollen)") and "Utgåvan 2026" in notes[1]
    sheet = xlsx_sheet(client.get("/utslapp/jamfor/0180.xlsx", query))
    assert sheet.cell(1, 3).value == "Äldre utgåva (t CO2e)" and sheet.cell(2, 1).value == int(body[0][0])


def test_downloads_refuse_bad_parameters_as_their_pages_do(client):
    for path in ("/utslapp/", "/utslapp/alla.csv", "/utslapp/alla.xlsx"):
        response = client.get(path, {"ar": "tjugo"})
        assert response.status_code == 400 and "tjugo" in response.content.decode(), path
        response = client.get(path, {"ar": "2019"})
        assert response.status_code == 404 and "2024" in response.content.decode(), path
        assert client.get(path, {"lan": "99"}).status_code == 404
    gases = {"fran": "smhi-lansrapport-co2-2024-04-18", "till": "klimatkollen-2026"}
    for path in ("/utslapp/jamfor/0180/", "/utslapp/jamfor/0180.csv"):
        response = client.get(path, gases)
        assert response.status_code == 400 and "olika gaser" in response.content.decode()
    assert client.get("/utslapp/jamfor/9999.xlsx").status_code == 404


def test_english_interface_gets_english_headings_and_notes_in_the_same_swedish_excel_format(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/utslapp/0680.csv")
    rows = csv_rows(response)
    assert rows[0][0] == "Year" and rows[0][-2:] == ["Inhabitants estimated", "Per inhabitant (t CO2e)"]
    assert next(row for row in rows if row and row[0] == "2024")[-1] == "3,77"
    notes = [row[0] for row in rows if row]
    assert "Tonnes are rounded to 0.01 t CO2e, as precise as the source." in notes  # prose in English
    assert notes[-1] == "The CSV file opens right in Swedish Excel: UTF-8, semicolons and a decimal comma."
