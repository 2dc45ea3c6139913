"""The emissions API: releases, inventories, ranking, and 404 for unknown releases, codes and years."""

import pytest

pytestmark = pytest.mark.django_db


def test_emission_releases_list(client):
    body = client.get("/api/v1/emission-releases").json()
    slugs = {item["slug"]: item for item in body["items"]}
    assert set(slugs) >= {
        "klimatkollen-2025",
        "klimatkollen-2026",
        "smhi-terr-ghg-2026-01",
        "smhi-lansrapport-co2-2024-04-18",
    }
    assert slugs["klimatkollen-2026"]["default"] is True
    assert slugs["klimatkollen-2026"]["unit"] == "t CO2e" and slugs["klimatkollen-2026"]["gases"] == "ghg"
    assert slugs["smhi-lansrapport-co2-2024-04-18"]["gases"] == "co2"


def test_municipality_emissions(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/municipalities/0180/emissions").json()
    assert body["release"]["slug"] == "klimatkollen-2026" and body["unit"] == "t CO2e"
    assert round(body["total"]["2024"], 3) == 1021234.485 or round(body["total"]["2024"]) == 1021234
    transport = next(s for s in body["sectors"] if s["slug"] == "transporter")
    assert round(transport["values"]["2024"]) == 461263
    older = client.get("/api/v1/municipalities/0180/emissions", {"release": "klimatkollen-2025"}).json()
    assert round(older["total"]["2023"]) == 1008396


def test_county_and_national_emissions(client):
    county = client.get("/api/v1/counties/06/emissions").json()
    assert county["territory"]["code"] == "06" and len(county["sectors"]) == 9
    nation = client.get("/api/v1/sweden/emissions", {"release": "smhi-terr-ghg-2026-01"}).json()
    assert nation["total"]["2020"] == 45970000 and nation["unallocated"]["1990"] == 143706


def test_unknown_release_and_codes_are_404(client):
    response = client.get("/api/v1/municipalities/0180/emissions", {"release": "nope"})
    assert response.status_code == 404 and "klimatkollen-2026" in response.json()["detail"]
    assert client.get("/api/v1/municipalities/9999/emissions").status_code == 404
    assert client.get("/api/v1/municipalities/99x/emissions").status_code == 422
    assert client.get("/api/v1/counties/99/emissions").status_code == 404


def test_ranking_for_all_municipalities(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        body = client.get("/api/v1/emissions/ranking", {"limit": 500}).json()
    assert body["count"] == 290 and len(body["items"]) == 290 and body["year"] == 2024
    assert round(sum(item["total"] for item in body["items"]) / 1e6, 2) == 47.47
    assert body["items"][0]["total"] >= body["items"][1]["total"]
    per_capita = client.get("/api/v1/emissions/ranking", {"per_capita": True, "order": "asc"}).json()["items"]
    assert per_capita[0]["per_capita"] <= per_capita[1]["per_capita"]
    by_sector = client.get("/api/v1/emissions/ranking", {"sector": "jordbruk"}).json()["items"]
    assert by_sector[0]["sector_shares_percent"]["jordbruk"] >= by_sector[5]["sector_shares_percent"]["jordbruk"]


def test_ranking_year_without_data_is_404_naming_the_years(client):
    response = client.get("/api/v1/emissions/ranking", {"year": 2019})
    assert response.status_code == 404
    assert "2024" in response.json()["detail"] and "2019" in response.json()["detail"]
    assert client.get("/api/v1/emissions/ranking", {"sector": "nope"}).status_code == 404
    assert client.get("/api/v1/emissions/ranking", {"year": "abc"}).status_code == 422
