"""The progress API: all municipalities in one page, one municipality with its targets, refusals."""

import pytest

from tests.reference import klimatkollen_sectors

pytestmark = pytest.mark.django_db


def test_progress_of_every_municipality(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/progress", {"as_of": 2026, "release": "klimatkollen-2026", "limit": 500})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 290 and len(body["items"]) == 290 and body["as_of"] == 2026
    stockholm = next(item for item in body["items"] if item["code"] == "0180")
    values = {year: sum(v.values()) for year, v in klimatkollen_sectors("klimatkollen-2026", "Stockholm").items()}
    assert stockholm["slope"] == pytest.approx((values[2022] - values[2015]) / 7)
    assert stockholm["slope_range"] is None
    assert stockholm["net_zero_date"] == "2031-09-17"
    assert stockholm["paris_aligned"] is True
    assert stockholm["trend"]["2026"] == pytest.approx(values[2024] + 2 * stockholm["slope"])
    assert stockholm["trend"]["2050"] == 0
    assert list(stockholm["carbon_law"]) == [str(year) for year in range(2026, 2051)]
    assert stockholm["carbon_law"]["2027"] == pytest.approx(stockholm["carbon_law"]["2026"] * (1 - 0.1172))


def test_uncertain_slopes_come_with_their_range(client):
    body = client.get("/api/v1/progress", {"as_of": 2026, "release": "klimatkollen-2025", "limit": 500}).json()
    ranged = [item for item in body["items"] if item["slope_range"]]
    assert len(ranged) >= 24
    for item in ranged:
        low, high = item["slope_range"]
        assert low < high and item["slope"] == pytest.approx((low + high) / 2)


def test_one_sector_for_every_municipality(client):
    body = client.get("/api/v1/progress", {"as_of": 2026, "sector": "transporter", "county": "06"}).json()
    assert body["count"] == 13
    assert {item["sector"] for item in body["items"]} == {"transporter"}


def test_one_municipality_with_its_targets(client):
    body = client.get("/api/v1/municipalities/0680/progress", {"as_of": 2026}).json()
    assert body["code"] == "0680" and body["name"] == "Jönköping" and body["sector"] is None
    assert len(body["sectors"]) == 9
    keys = {target["key"]: target for target in body["targets"]}
    # Sweden's two targets, and the Covenant's 2020 commitment that Jönköping took in 2009.
    assert set(keys) == {"sverige-netto-noll-2045", "sverige-inrikes-transporter-2030", "borgmastaravtalet-2020"}
    national = keys["sverige-netto-noll-2045"]
    values = {year: sum(v.values()) for year, v in klimatkollen_sectors("klimatkollen-2026", "Jönköping").items()}
    assert national["level"] == pytest.approx(values[1990] * 0.15)
    assert national["status"] in {"on_track", "off_track"}
    assert national["decision_date"] == "2017-06-15" and national["decision_body"] == "Riksdagen"
    # Jönköping: the line through 2015 and 2023 falls 12 328 t a year; from 554 702 t in 2024 that is
    # 295 823 t in 2045, above the level of 15 % of 1990.
    assert national["value_in_target_year"] == pytest.approx(values[2024] + 21 * (values[2023] - values[2015]) / 8)
    assert national["status"] == "off_track"
    covenant = keys["borgmastaravtalet-2020"]
    assert covenant["owner_kind"] == "commitment" and covenant["level"] == pytest.approx(values[1990] * 0.8)
    assert covenant["value_in_target_year"] == pytest.approx(values[2020])
    assert covenant["status"] == ("achieved" if values[2020] <= values[1990] * 0.8 else "off_track") == "achieved"


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/api/v1/progress", {"as_of": 2020}, 422, "tidigare än det sista året med data i klimatkollen-2026 (2024)"),
        ("/api/v1/progress", {"as_of": "abc"}, 422, "valid integer"),
        ("/api/v1/progress", {"release": "finns-inte"}, 404, "finns-inte"),
        ("/api/v1/progress", {"sector": "finns-inte"}, 404, "finns-inte"),
        ("/api/v1/progress", {"county": "1"}, 422, "pattern"),
        ("/api/v1/progress", {"county": "99"}, 404, "99"),
        ("/api/v1/municipalities/9999/progress", {}, 404, "9999"),
        ("/api/v1/municipalities/180/progress", {}, 422, "pattern"),
        ("/api/v1/municipalities/0180/progress", {"as_of": 2023}, 422, "2024"),
        ("/api/v1/municipalities/0180/progress", {"release": "finns-inte"}, 404, "finns-inte"),
    ],
)
def test_bad_parameters_give_a_message_and_a_fitting_status(client, path, params, status, message):
    response = client.get(path, params)
    assert response.status_code == status
    assert message in str(response.json()["detail"])
