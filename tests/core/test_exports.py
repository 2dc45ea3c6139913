"""The shared export helper: CSV for Swedish Excel and xlsx with number formats, from one set of rows."""

import pytest

from samverkan.core.exports import Column, Table, csv_response, source_decimals, xlsx_response
from tests.downloads import csv_rows, xlsx_sheet

TABLE = Table(
    "test tabell",
    "Blad",
    [Column("År", 0, grouped=False), Column("Namn"), Column("Ton", 2), Column("Andel (%)", 1)],
    [[1990, "=SUM(A1)", 719715.4000000001, -0.04], [2024, "Jönköping; län", None, float("nan")]],
    ["Källa: test"],
)


def test_csv_is_bom_semicolons_decimal_comma_and_no_float_noise():
    response = csv_response(TABLE)
    assert response["Content-Disposition"] == 'attachment; filename="test-tabell.csv"'
    rows = csv_rows(response)
    assert rows[1] == ["1990", "'=SUM(A1)", "719715,40", "0,0"]  # a formula is text; no "-0,0"
    assert rows[2] == ["2024", "Jönköping; län", "", ""]  # NaN and None are empty cells
    assert rows[3] == [] and rows[4] == ["Källa: test"] and rows[5][0].startswith("CSV-filen öppnas rätt")


def test_xlsx_has_numbers_with_the_columns_formats():
    sheet = xlsx_sheet(xlsx_response(TABLE))
    assert [c.value for c in sheet[2]] == [1990, "=SUM(A1)", 719715.4, 0.0]
    assert [c.number_format for c in sheet[2]] == ["0", "General", "#,##0.00", "#,##0.0"]
    assert sheet.cell(3, 3).value is None and sheet.cell(5, 1).value == "Källa: test"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1.0, 2000.0], (0, True)),
        ([12541.93, 0.0, 3.1], (2, True)),
        ([719715.4000000001], (1, True)),
        ([57880523.5032156], (2, False)),
        ([], (0, True)),
    ],
)
def test_source_decimals(values, expected):
    assert source_decimals(values) == expected
