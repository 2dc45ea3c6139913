"""A key indicator's downloads: every municipality's values exactly as its page shows them (issue 15)."""

import pytest

from tests.downloads import csv_rows, page_rows, swedish, xlsx_sheet

pytestmark = pytest.mark.django_db


def test_indicator_download_is_the_table_shown(client):
    page = client.get("/nyckeltal/cykelvag-per-invanare/").content.decode()
    assert 'href="/nyckeltal/cykelvag-per-invanare.csv"' in page and "CSV-filen öppnas rätt" in page
    shown = page_rows(page, 'id="values"')
    rows = csv_rows(client.get("/nyckeltal/cykelvag-per-invanare.csv"))
    header, body = rows[0], rows[1 : rows.index([])]
    assert header[:3] == ["Plats", "Kommun", "Län"] and len(header) == 5
    assert len(body) == len(shown) + 1 == 291 and body[-1][1] == "Median"
    for cells, row in zip(shown, body, strict=False):
        assert cells == [row[0] or "–", row[1], row[2], *(swedish(v, 1) if v else "–" for v in row[3:])]
    notes = [row[0] for row in rows[rows.index([]) + 1 :]]
    assert notes[1] == "Källa: Klimatkollen: nyckeltal per kommun, Klimatkollen 2025; " + (
        "Klimatkollen: nyckeltal per kommun, Klimatkollen 2026"
    )
    sheet = xlsx_sheet(client.get("/nyckeltal/cykelvag-per-invanare.xlsx"))
    assert sheet.cell(2, 2).value == body[0][1] and sheet.cell(2, 5).number_format == "#,##0.0"


def test_unknown_indicator_download_is_404(client):
    for path in ("/nyckeltal/finns-inte/", "/nyckeltal/finns-inte.csv", "/nyckeltal/finns-inte.xlsx"):
        assert client.get(path).status_code == 404, path
