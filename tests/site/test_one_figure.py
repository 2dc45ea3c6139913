"""One figure, one source: Stockholm's 2024 emissions read the same on its page, in the ranking (page and API),
in the emissions API and in the CSV export, and equal Klimatkollen's own figures summed by hand."""

import csv
import io

import pytest

from tests.reference import klimatkollen_total

pytestmark = pytest.mark.django_db
RELEASE = "klimatkollen-2026"


def swedish(value: float, decimals: int) -> str:
    """sv-SE as the pages write it: a space between thousands, a decimal comma, a true minus sign."""
    text = f"{value:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text.replace("-", "−")


def test_stockholms_2024_total_per_inhabitant_and_change_are_one_figure_everywhere(client):
    total = klimatkollen_total(RELEASE, "Stockholm", 2024)  # the sectors of the raw JSON, "Ofördelat" has none
    change = (total / klimatkollen_total(RELEASE, "Stockholm", 1990) - 1) * 100
    assert round(total) == 1021234 and round(change, 1) == -50.8

    exported = list(csv.reader(io.StringIO(client.get("/utslapp/0180.csv").content.decode("utf-8-sig")), delimiter=";"))
    assert exported[0][10:14] == ["Totalt (t CO2e)", "Invånare", "Invånare uppskattade", "Per invånare (t CO2e)"]
    row = next(r for r in exported if r and r[0] == "2024")
    population = float(row[11])
    per_inhabitant = total / population
    # The file has a decimal comma, the total to Klimatkollen's 0,01 t and per inhabitant to the page's 0,01 t.
    assert float(row[10].replace(",", ".")) == pytest.approx(total, abs=0.005)
    assert row[13] == f"{per_inhabitant:.2f}".replace(".", ",")

    api = client.get("/api/v1/municipalities/0180/emissions").json()
    ranked = client.get("/api/v1/emissions/ranking", {"limit": 500}).json()
    assert ranked["year"] == 2024 and ranked["release"]["slug"] == RELEASE
    stockholm = next(item for item in ranked["items"] if item["code"] == "0180")
    for answer in (
        (api["total"]["2024"], api["per_capita"]["2024"], api["change_since_1990_percent"]),
        (stockholm["total"], stockholm["per_capita"], stockholm["change_since_1990_percent"]),
    ):
        assert answer == (pytest.approx(total), pytest.approx(per_inhabitant), pytest.approx(change))

    shown = (swedish(total, 0), swedish(per_inhabitant, 2), swedish(change, 1) + " %")
    assert shown == ("1 021 234", "1,03", "−50,8 %")
    page = client.get("/kommuner/0180/").content.decode().replace("\xa0", " ")
    assert f"<dd>{shown[1]}</dd>" in page and f'<dd id="change-1990">{shown[2]}</dd>' in page
    assert f'<td class="num">{shown[0]}</td>' in page  # the inventory table's 2024 total
    ranking_page = client.get("/utslapp/").content.decode().replace("\xa0", " ")
    ranking_row = ranking_page[ranking_page.index(">Stockholm</a>") :]
    ranking_row = ranking_row[: ranking_row.index("</tr>")]
    assert all(f'<td class="num">{text}</td>' in ranking_row for text in shown)
