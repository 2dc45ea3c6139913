"""The progress overview's downloads: exactly the table shown, with its filters and order (issue 15)."""

import pytest

from tests.downloads import csv_rows, page_rows, swedish, swedish_change, xlsx_sheet

pytestmark = pytest.mark.django_db


def test_progress_download_is_the_table_shown(client):
    query = {"lan": "06", "per": "2026", "sortera": "takt", "ordning": "stigande"}
    page = client.get("/framsteg/", query).content.decode()
    assert 'href="/framsteg/alla.csv?utgava=klimatkollen-2026&amp;per=2026&amp;lan=06&amp;sortera=takt' in page
    shown = page_rows(page, 'id="progress-table"')
    rows = csv_rows(client.get("/framsteg/alla.csv", query))
    header, body = rows[0], rows[1 : rows.index([])]
    assert header[:4] == ["Kommun", "Län", "Trend (ton per år)", "Osäker trend"]
    assert len(body) == len(shown) == 13
    for cells, row in zip(shown, body, strict=True):
        name, county, slope, uncertain, rate, historical, net_zero, paris, status = row
        assert cells[:3] == [name, county, swedish(slope) + uncertain]
        assert cells[3:5] == [swedish_change(rate), swedish_change(historical)]
        assert cells[5:] == [net_zero or "–", paris or "–", status]
    jonkoping = next(row for row in body if row[0] == "Jönköping")
    assert jonkoping[4] == "-2,2"  # the verdict's 2,2 % a year
    notes = [row[0] for row in rows[rows.index([]) + 1 :]]
    assert notes[0].startswith("Källa: SMHI (via Klimatkollen)") and notes[1].startswith("* Trenden är osäker")

    sheet = xlsx_sheet(client.get("/framsteg/alla.xlsx", query))
    assert [sheet.cell(row, 1).value for row in range(2, 15)] == [row[0] for row in body]
    assert sheet.cell(2, 5).number_format == "#,##0.0" and isinstance(sheet.cell(2, 5).value, float)


def test_progress_download_refuses_a_bad_year_as_the_page_does(client):
    for path in ("/framsteg/", "/framsteg/alla.csv", "/framsteg/alla.xlsx"):
        response = client.get(path, {"per": "tjugo"})
        assert response.status_code == 400 and "tjugo" in response.content.decode(), path
        assert client.get(path, {"lan": "99"}).status_code == 404, path
