"""Reads shared by pages and API, checked against the bundled real data."""

import pytest

from samverkan.core.errors import NotFound
from samverkan.places import queries
from samverkan.places.models import Organization, OrganizationKind, PopulationValue, Territory, TerritoryKind
from tests.reference import population_2025_by_code

pytestmark = pytest.mark.django_db


def test_sweden_has_290_municipalities_and_21_counties():
    overview = queries.national_overview()
    assert overview.municipality_count == 290
    assert overview.county_count == 21
    assert overview.population_year == 2025
    assert overview.population == sum(population_2025_by_code().values())


def test_stockholm_had_984_748_inhabitants_in_2022():
    detail = queries.municipality_detail("0180")
    assert detail.name == "Stockholm"
    assert (detail.county_code, detail.county_name) == ("01", "Stockholms län")
    assert {p.year: p.value for p in detail.population}[2022] == 984748


def test_every_municipality_has_population_for_2022_and_2025():
    for year in (2022, 2025):
        with_value = PopulationValue.objects.filter(year=year, territory__kind=TerritoryKind.MUNICIPALITY)
        assert with_value.values("territory").distinct().count() == 290


def test_population_history_runs_from_1950_to_2025_with_newest_release_last():
    detail = queries.municipality_detail("0680")
    years = [p.year for p in detail.population]
    assert years[0] == 1950 and years[-1] == 2025
    assert 2023 not in years  # neither bundled release has 2023
    assert detail.latest_population.value == population_2025_by_code()["0680"]
    assert [s.publisher for s in detail.sources] == ["SCB (Statistiska centralbyrån)"] * 2


def test_unknown_municipality_code_raises_not_found_with_the_code():
    with pytest.raises(NotFound) as caught:
        queries.municipality_detail("9999")
    assert "9999" in caught.value.message


@pytest.mark.parametrize("query", ["jönköping", "Jonkoping", "JÖNKÖPING", "0680", "jönk"])
def test_search_finds_jonkoping_first(query):
    found = queries.municipality_search(query)
    assert found[0].code == "0680"


def test_search_by_code_prefix_lists_the_county():
    found = queries.municipality_search("06")
    assert {t.code for t in found} == {t.code for t in Territory.objects.filter(parent__code="06")}
    assert len(found) == 13


def test_county_population_is_the_sum_of_its_municipalities():
    raw = population_2025_by_code()
    county = queries.county_detail("06")
    assert county.name == "Jönköpings län" and county.name_en == "Jönköping County"
    assert len(county.municipalities) == 13
    assert county.latest_population.value == sum(v for code, v in raw.items() if code.startswith("06"))
    summaries = {c.code: c for c in queries.county_list()}
    assert summaries["06"].population == county.latest_population.value
    assert sum(c.municipality_count for c in summaries.values()) == 290


def test_every_municipality_has_its_organization_and_every_county_its_region():
    assert Organization.objects.filter(kind=OrganizationKind.MUNICIPALITY).count() == 290
    assert Territory.objects.filter(authority__isnull=True).exclude(kind=TerritoryKind.COUNTRY).count() == 0
    assert queries.municipality_detail("0680").organization.name == "Jönköpings kommun"
    assert queries.county_detail("25").organization.name == "Region Norrbotten"
    assert Organization.objects.filter(kind=OrganizationKind.REGION).count() == 20


def test_gotland_municipality_acts_as_the_region():
    gotland_county = queries.county_detail("09")
    gotland = queries.municipality_detail("0980")
    assert gotland.organization.name == "Region Gotland"
    assert gotland_county.organization.id == gotland.organization.id


def test_municipality_list_pages_through_all_with_count():
    count, first_page = queries.municipality_list(limit=100)
    assert count == 290 and len(first_page) == 100
    _count, rest = queries.municipality_list(limit=1000, offset=100)
    assert len(rest) == 190
    assert len({m.code for m in first_page} | {m.code for m in rest}) == 290


def test_queries_hold_their_work_to_a_few_queries(django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        queries.municipality_detail("0680")
    with django_assert_max_num_queries(4):
        queries.county_detail("06")
    with django_assert_max_num_queries(5):
        queries.counties_with_municipalities()
    with django_assert_max_num_queries(4):
        queries.municipality_list(limit=1000)
