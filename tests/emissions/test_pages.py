"""Emission pages: the section, release selector, comparison, downloads and the ranking."""

import csv
import io
import re

import openpyxl
import pytest

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_municipality_page_has_the_emissions_section(client, django_assert_max_num_queries):
    # progress adds two, key indicators two, the climate plan and the networks' standing 19 (one for the reporting
    # rounds the criteria on reporting read)
    with django_assert_max_num_queries(31):
        html = client.get("/kommuner/0180/").content.decode()
    assert f'id="emissions-latest">1{NBSP}021{NBSP}234<' in html
    assert 'id="change-1990">\u221250,8' in html
    assert "Transporter: 461" in html
    assert "Staplat stapeldiagram: utsläppen i Stockholm" in html
    assert "Utgåvan 2026 (data t.o.m. 2024)" in html
    assert 'href="/utslapp/0180.csv?utgava=klimatkollen-2026"' in html


def test_the_release_selector_shows_another_release(client):
    html = client.get("/kommuner/0180/", {"utgava": "klimatkollen-2025"}).content.decode()
    assert f'id="emissions-latest">1{NBSP}008{NBSP}396<' in html
    html = client.get("/kommuner/0180/", {"utgava": "smhi-lansrapport-co2-2024-04-18"}).content.decode()
    assert "bara koldioxid" in html


def test_unknown_release_on_a_page_is_404_naming_the_releases(client):
    response = client.get("/kommuner/0180/", {"utgava": "finns-inte"})
    assert response.status_code == 404
    assert "klimatkollen-2026" in response.content.decode()


def test_county_and_national_pages_have_the_section(client):
    assert 'id="emissions-heading"' in client.get("/lan/06/").content.decode()
    html = client.get("/sverige/").content.decode()
    assert 'id="emissions-heading"' in html and "<h1>Sverige</h1>" in html


def test_comparison_shows_the_revision_of_2023(client):
    html = client.get(
        "/utslapp/jamfor/0180/", {"fran": "klimatkollen-2025", "till": "klimatkollen-2026"}
    ).content.decode()
    row = re.search(r'<tr class="total-row">\s*<th scope="row">2023</th>.*?</tr>', html, re.S).group(0)
    assert f"1{NBSP}008{NBSP}396" in row and f"977{NBSP}958" in row and f"\u221230{NBSP}438" in row


def test_csv_download_is_the_table_shown(client):
    response = client.get("/utslapp/0180.csv")
    assert response["Content-Disposition"] == 'attachment; filename="utslapp-0180-klimatkollen-2026.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "År" and rows[0][10] == "Totalt (t CO2e)"
    row_2024 = next(r for r in rows if r and r[0] == "2024")
    assert round(float(row_2024[10].replace(",", "."))) == 1021234
    assert rows[rows.index([]) + 1][0].startswith("Källa: SMHI")


def test_excel_download_is_the_table_shown(client):
    response = client.get("/utslapp/0180.xlsx", {"utgava": "klimatkollen-2025"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "År" and "Transporter" in header
    row_2023 = next(row for row in sheet.iter_rows(values_only=True) if row[0] == 2023)
    assert round(row_2023[header.index("Totalt (t CO2e)")]) == 1008396


def test_ranking_page_lists_all_sorted_and_filtered(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(11):  # the first request computes the ranking
        html = client.get("/utslapp/").content.decode()
    with django_assert_max_num_queries(4):  # later ones read it from the cache
        cached = client.get("/utslapp/").content.decode()
    table = html[html.index('<table class="data" id="ranking">') : html.index("</table>")]
    assert table in cached
    assert len(re.findall(r'<th scope="row"><a href="/kommuner/\d{4}/', html)) == 290
    html = client.get("/utslapp/", {"lan": "06", "sortera": "name", "ordning": "stigande"}).content.decode()
    names = re.findall(r'<th scope="row"><a href="/kommuner/\d{4}/\?utgava=[^"]+">([^<]+)</a>', html)
    assert len(names) == 13 and names[0] == "Aneby"
    html = client.get("/utslapp/", {"sortera": "share:jordbruk"}).content.decode()
    assert "Andel" in html


def test_ranking_page_bad_input_gets_a_message(client):
    response = client.get("/utslapp/", {"ar": "tjugo"})
    assert response.status_code == 400 and "tjugo" in response.content.decode()
    response = client.get("/utslapp/", {"ar": "2019"})
    assert response.status_code == 404 and "2024" in response.content.decode()
    response = client.get("/utslapp/", {"sortera": "<script>"})
    assert response.status_code == 200 and "<script>" not in response.content.decode().split("<main")[1]


# --- cases found in review ------------------------------------------------------------


def test_pages_work_before_any_emission_data_is_loaded(client):
    from samverkan.emissions.models import EmissionValue
    from samverkan.sources.models import Release

    EmissionValue.objects.all().delete()
    Release.objects.exclude(resolution="").delete()
    for path in ["/kommuner/0180/", "/lan/01/", "/sverige/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Inga utsläppsdata har lästs in." in response.content.decode()


@pytest.mark.parametrize("year", ["²", "2" * 5000, "20 24"])
def test_ranking_year_that_is_not_four_digits_is_400(client, year):
    response = client.get("/utslapp/", {"ar": year})
    assert response.status_code == 400


def test_unknown_county_filter_is_404(client):
    assert client.get("/utslapp/", {"lan": "99"}).status_code == 404
    assert client.get("/api/v1/emissions/ranking", {"county": "99"}).status_code == 404
    response = client.get("/api/v1/municipalities", {"county": "99"})
    assert response.status_code == 404 and "99" in response.json()["detail"]


def test_releases_of_different_gases_are_not_compared(client):
    response = client.get(
        "/utslapp/jamfor/0180/", {"fran": "smhi-lansrapport-co2-2024-04-18", "till": "klimatkollen-2026"}
    )
    assert response.status_code == 400
    assert "olika gaser" in response.content.decode()


def test_column_headings_sort_the_ranking_and_keep_the_filters(client):
    html = client.get("/utslapp/", {"lan": "06", "sortera": "per_capita"}).content.decode()
    heading = re.search(r'<th scope="col" class="num" aria-sort="descending"><a href="([^"]+)">Per invånare', html)
    link = heading.group(1).replace("&amp;", "&")
    assert "lan=06" in link and "sortera=per_capita" in link and "ordning=stigande" in link
    html = client.get("/utslapp/" + link).content.decode()
    per_capita = [float(v.replace(",", ".")) for v in re.findall(r'<td class="num">(\d+,\d\d)</td>', html)]
    assert len(per_capita) == 13 and per_capita == sorted(per_capita)


def test_downloads_and_comparison_with_unknown_codes_or_releases_are_404(client):
    assert client.get("/utslapp/9999.csv").status_code == 404
    response = client.get("/utslapp/0180.xlsx", {"utgava": "finns-inte"})
    assert response.status_code == 404 and "klimatkollen-2026" in response.content.decode()
    assert client.get("/utslapp/jamfor/9999/").status_code == 404
    assert client.get("/utslapp/jamfor/0180/", {"fran": "finns-inte"}).status_code == 404
    national = client.get("/utslapp/SE.csv")
    assert national.status_code == 200 and national["Content-Disposition"].startswith(
        'attachment; filename="utslapp-SE-'
    )
