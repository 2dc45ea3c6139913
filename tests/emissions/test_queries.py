"""Emission figures from the bundled releases, checked against the issue's figures and the raw files."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverkan.core.errors import NotFound
from samverkan.emissions import queries
from tests.reference import klimatkollen_total

pytestmark = pytest.mark.django_db


def test_the_default_release_is_the_newest_greenhouse_gas_release_with_sectors():
    release, summary = queries.resolve_release(None)
    assert release.slug == "klimatkollen-2026" and summary.is_default


def test_stockholm_2024_total_and_transport():
    inventory = queries.inventory(queries.territory_for("0180"))
    assert round(inventory.total[2024]) == 1021234
    assert round(inventory.total[2024], 2) == round(klimatkollen_total("klimatkollen-2026", "Stockholm", 2024), 2)
    transport = next(s for s in inventory.sectors if s.slug == "transporter")
    assert round(transport.values[2024]) == 461263
    assert inventory.years == [1990, 2000, 2005, 2010, 2015, 2020, 2021, 2022, 2023, 2024]


def test_releases_are_kept_side_by_side_with_smhis_revision_of_2023():
    stockholm = queries.territory_for("0180")
    assert round(queries.inventory(stockholm, "klimatkollen-2025").total[2023]) == 1008396
    assert round(queries.inventory(stockholm, "klimatkollen-2026").total[2023]) == 977958
    comparison = queries.comparison(stockholm, "klimatkollen-2025", "klimatkollen-2026")
    total_2023 = next(r for r in comparison.rows if r.year == 2023 and r.is_total)
    assert round(total_2023.change) == 977958 - 1008396
    assert round(total_2023.change_percent, 1) == -3.0
    assert 2024 not in comparison.years  # only years both releases have


def test_the_290_municipalities_sum_to_47_47_mt_in_2024_and_70_74_mt_in_1990():
    assert round(sum(r.total for r in queries.ranking().rows) / 1e6, 2) == 47.47
    assert round(sum(r.total for r in queries.ranking(year=1990).rows) / 1e6, 2) == 70.74


def test_change_and_per_inhabitant_for_stockholm():
    inventory = queries.inventory(queries.territory_for("0180"))
    expected_change = (inventory.total[2024] - inventory.total[1990]) / inventory.total[1990] * 100
    assert inventory.change_since_1990 == pytest.approx(expected_change)
    assert round(inventory.change_since_1990, 1) == -50.8
    # SCB gives 2022 and 2025; 2024 is interpolated two thirds of the way and marked as estimated.
    assert inventory.population_estimated == {2023, 2024}
    from tests.reference import population_2025_by_code

    stockholm_2025 = population_2025_by_code()["0180"]
    assert inventory.population[2024] == round(984748 + (stockholm_2025 - 984748) * 2 / 3)
    assert inventory.per_capita[2022] == pytest.approx(inventory.total[2022] / 984748)


def test_largest_sectors_are_ordered_with_shares():
    largest = queries.inventory(queries.territory_for("0180")).largest_sectors
    assert [s.slug for s in largest[:2]] == ["transporter", "el-och-fjarrvarme"]
    assert round(largest[0].share, 1) == 45.2


def test_county_and_nation_have_inventories():
    county = queries.inventory(queries.territory_for("06"))
    assert county.total[2024] > 0 and len(county.sectors) == 9
    nation = queries.inventory(queries.territory_for("SE"), "smhi-terr-ghg-2026-01")
    assert nation.total[2020] == 45970000  # Naturvårdsverket's national total, 'Alla_NV'
    assert nation.residual[1990] == 143706  # 'Ofördelat', kept as its own figure
    assert nation.sectors == []


def test_unknown_release_and_year_name_what_exists():
    with pytest.raises(NotFound) as caught:
        queries.resolve_release("klimatkollen-1999")
    assert "klimatkollen-2026" in caught.value.message
    with pytest.raises(NotFound) as caught:
        queries.ranking(year=2019)
    assert "2024" in caught.value.message and "2019" in caught.value.message


def test_ranking_sorts_by_any_column_and_sector_share():
    ranking = queries.ranking()
    by_total = queries.sort_ranking(ranking.rows, "total", True)
    assert by_total[0].total >= by_total[1].total >= by_total[-1].total
    by_transport = queries.sort_ranking(ranking.rows, "share:transporter", True)
    assert by_transport[0].sector_shares["transporter"] >= by_transport[10].sector_shares["transporter"]
    ascending = queries.sort_ranking(ranking.rows, "per_capita", False)
    assert ascending[0].per_capita <= ascending[-1].per_capita
    jonkoping = queries.ranking(county="06")
    assert len(jonkoping.rows) == 13


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context)


def test_query_counts_do_not_grow_with_municipalities_or_years():
    # Jönköpings län has 13 municipalities, Västra Götalands län 49: the same number of queries.
    assert count_queries(lambda: queries.ranking(county="06")) == count_queries(lambda: queries.ranking(county="14"))
    assert count_queries(lambda: queries.ranking()) <= 10
    stockholm = queries.territory_for("0180")
    ten_years = count_queries(lambda: queries.inventory(stockholm, "klimatkollen-2026"))
    thirteen_years = count_queries(lambda: queries.inventory(stockholm, "klimatkollen-2025"))
    assert ten_years == thirteen_years <= 6


def test_a_cached_ranking_is_replaced_when_a_new_release_arrives(klimatkollen_revised):
    before = {row.code: row.total for row in queries.ranking().rows}
    queries.ranking()  # now cached
    from samverkan.emissions.services import emissions_import
    from samverkan.sources.services import ReleaseInfo

    emissions_import(
        path=klimatkollen_revised,
        info=ReleaseInfo(
            dataset="smhi-ghg",
            dataset_name="x",
            publisher="x",
            slug="kk-revised",
            label="x",
            unit="t CO2e",
            gases="ghg",
        ),
    )
    revised = {row.code: row.total for row in queries.ranking(release_slug="kk-revised").rows}
    assert round(revised["0180"] - before["0180"]) == 1000
    # The later import of the same years is now the newest, so the default: the cached ranking is not served.
    assert {row.code: row.total for row in queries.ranking().rows} == revised
    assert {row.code: row.total for row in queries.ranking(release_slug="klimatkollen-2026").rows} == before
