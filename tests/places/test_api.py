"""The JSON API: shapes, filters, 404 and 422."""

import pytest

from tests.reference import population_2025_by_code

pytestmark = pytest.mark.django_db


def test_municipality_list_returns_all_290_in_one_page_of_the_maximum_500(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/municipalities", {"limit": 500})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 290 and len(body["items"]) == 290
    stockholm = next(item for item in body["items"] if item["code"] == "0180")
    assert stockholm["name"] == "Stockholm" and stockholm["county_code"] == "01"
    assert stockholm["population"] == population_2025_by_code()["0180"]
    assert stockholm["population_year"] == 2025


def test_municipality_list_default_page_has_count_of_all(client):
    body = client.get("/api/v1/municipalities").json()
    assert body["count"] == 290 and len(body["items"]) == 100


def test_municipality_list_filters_by_county_and_text(client):
    body = client.get("/api/v1/municipalities", {"county": "06"}).json()
    assert body["count"] == 13
    assert {item["county_code"] for item in body["items"]} == {"06"}
    body = client.get("/api/v1/municipalities", {"q": "Jonkoping"}).json()
    assert body["items"][0]["code"] == "0680"


def test_municipality_detail_has_county_and_population_series(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/municipalities/0180")
    body = response.json()
    assert body["code"] == "0180" and body["county"]["code"] == "01"
    assert {"year": 2022, "value": 984748} in body["population"]
    assert body["population"][0]["year"] == 1950
    assert body["sources"][0]["publisher"].startswith("SCB")


def test_unknown_municipality_is_404_with_json_error(client):
    response = client.get("/api/v1/municipalities/9999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert "9999" in response.json()["detail"]


@pytest.mark.parametrize("code", ["12a", "680", "06800", "abcd"])
def test_malformed_municipality_code_is_422(client, code):
    response = client.get(f"/api/v1/municipalities/{code}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == ["path", "code"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": "many"}, {"offset": -1}, {"county": "6"}])
def test_malformed_list_parameters_are_422(client, params):
    response = client.get("/api/v1/municipalities", params)
    assert response.status_code == 422


def test_counties_list_and_detail(client):
    body = client.get("/api/v1/counties").json()
    assert body["count"] == 21
    jonkoping = next(item for item in body["items"] if item["code"] == "06")
    assert jonkoping["municipality_count"] == 13
    detail = client.get("/api/v1/counties/06").json()
    assert detail["name"] == "Jönköpings län"
    assert len(detail["municipalities"]) == 13
    assert detail["organization"]["name"] == "Region Jönköpings län"


def test_unknown_and_malformed_county_codes(client):
    assert client.get("/api/v1/counties/99").status_code == 404
    assert client.get("/api/v1/counties/6").status_code == 422


def test_openapi_documents_every_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/municipalities",
        "/api/v1/municipalities/{code}",
        "/api/v1/counties",
        "/api/v1/counties/{code}",
    } <= set(schema["paths"])
    assert client.get("/api/v1/docs").status_code == 200
