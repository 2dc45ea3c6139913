"""Progress on the real bundled data, checked against figures worked out from the raw files."""

import datetime as dt
import math

import pytest
from django.utils import translation

from samverkan.emissions.queries import inventory
from samverkan.places.models import Organization, Territory
from samverkan.targets import queries
from samverkan.targets.models import Commitment, Target
from samverkan.targets.services import TargetInvalid, target_create, targets_seed
from tests.reference import klimatkollen_names, klimatkollen_sectors, lad_by_enumeration

pytestmark = pytest.mark.django_db
RELEASE = "klimatkollen-2026"


@pytest.fixture(autouse=True)
def in_english():
    """Messages are checked in English here; the pages' tests check the Swedish ones."""
    with translation.override("en"):
        yield


def totals(release: str, name: str) -> dict[int, float]:
    return {year: sum(values.values()) for year, values in klimatkollen_sectors(release, name).items()}


def trend_sum(last_year: int, last_value: float, slope: float, first: int) -> float:
    return sum(max(0.0, last_value + slope * (year - last_year)) for year in range(first, 2051))


@pytest.mark.parametrize(
    ("code", "name", "line_through"),
    [
        # Of the 15 lines through two of the six points (2015, 2020-2024), these have the least
        # sum of absolute residuals (Stockholm 598 056 t against 607 059 t for the next best).
        ("0180", "Stockholm", (2015, 2022)),
        ("1281", "Lund", (2015, 2021)),
        ("0680", "Jönköping", (2015, 2023)),
    ],
)
def test_real_municipalities_match_the_method_worked_out_by_hand(code, name, line_through):
    values = totals(RELEASE, name)
    first, second = line_through
    slope = (values[second] - values[first]) / (second - first)
    result = queries.municipality_progress(code, release_slug=RELEASE, as_of=2026).total
    assert result.slope == pytest.approx(slope)
    assert result.slope_range is None
    assert result.last_year == 2024 and result.last_value == pytest.approx(values[2024])
    zero_year = 2024 + values[2024] / -slope
    expected_date = dt.date(int(zero_year), 1, 1) + dt.timedelta(days=int((zero_year % 1) * 365))
    assert result.net_zero_date == expected_date
    assert result.cumulative_trend == pytest.approx(trend_sum(2024, values[2024], slope, 2026))
    start = values[2024] + 2 * slope
    carbon_law = sum(start * (1 - 0.1172) ** (year - 2026) for year in range(2026, 2051))
    assert result.carbon_law_cumulative == pytest.approx(carbon_law)
    assert result.paris_aligned == (result.cumulative_trend <= carbon_law)
    assert result.historical_change_percent == pytest.approx(((values[2024] / values[2015]) ** (1 / 9) - 1) * 100)


def test_stockholm_in_figures():
    """Stockholm, 2026 release: −132 462 t a year from 1 021 234 t in 2024: zero on 17 September 2031."""
    result = queries.municipality_progress("0180", release_slug=RELEASE, as_of=2026).total
    assert round(result.slope) == -132462
    assert result.net_zero_date == dt.date(2031, 9, 17)
    assert result.paris_aligned


def test_stockholm_transport_target_is_measured_on_the_transport_sector():
    sectors = klimatkollen_sectors(RELEASE, "Stockholm")
    transport = {year: values["Transporter"] for year, values in sectors.items()}
    result = queries.municipality_progress("0180", release_slug=RELEASE, as_of=2026)
    target = next(t for t in result.targets if t.key == "sverige-inrikes-transporter-2030")
    assert target.base_value == pytest.approx(transport[2010])
    assert target.level == pytest.approx(transport[2010] * 0.3)
    low, high = lad_by_enumeration({y: v for y, v in transport.items() if y >= 2015})
    in_2030 = max(0.0, transport[2024] + (low + high) / 2 * 6)
    assert target.value_in_target_year == pytest.approx(in_2030)
    assert target.status == ("on_track" if in_2030 <= target.level else "off_track")
    assert target.required_annual_cut_percent == pytest.approx((1 - (target.level / transport[2024]) ** (1 / 6)) * 100)
    assert target.sectors == ["transporter"]


def test_the_national_2045_target_is_85_percent_below_1990():
    values = totals(RELEASE, "Lund")
    with translation.override("sv"):  # the owner is named in the page's language
        result = queries.municipality_progress("1281", release_slug=RELEASE, as_of=2026)
    target = next(t for t in result.targets if t.key == "sverige-netto-noll-2045")
    assert target.level == pytest.approx(values[1990] * 0.15)
    assert target.owner == "Sveriges riksdag och regering" and target.owner_kind == "state"
    trend_2045 = max(0.0, values[2024] + result.total.slope * 21)
    assert target.value_in_target_year == pytest.approx(trend_2045)


def test_the_2025_release_has_dozens_of_uncertain_trends_found_by_enumeration_too():
    overview = queries.progress_overview(release_slug="klimatkollen-2025", as_of=2026)
    by_name = {row.name: row for row in overview.rows}
    uncertain = 0
    for name in klimatkollen_names("klimatkollen-2025"):
        points = {year: value for year, value in totals("klimatkollen-2025", name).items() if year >= 2015}
        low, high = lad_by_enumeration(points)
        row = by_name[name]
        assert row.slope == pytest.approx((low + high) / 2), name
        if high - low > 1e-6 * max(abs(low), abs(high)):
            uncertain += 1
            assert row.slope_range == pytest.approx((low, high)), name
        else:
            assert row.slope_range is None, name
    assert 24 <= uncertain == sum(1 for row in overview.rows if row.slope_range)


def test_overview_counts_and_county_filter():
    overview = queries.progress_overview(release_slug=RELEASE, as_of=2026)
    assert len(overview.rows) == 290
    assert overview.paris_aligned_count == sum(1 for row in overview.rows if row.paris_aligned)
    stockholm = next(row for row in overview.rows if row.code == "0180")
    assert stockholm.paris_aligned and stockholm.target_status == "on_track"
    county = queries.progress_overview(release_slug=RELEASE, as_of=2026, county="06")
    assert len(county.rows) == 13 and {row.county_code for row in county.rows} == {"06"}
    transport = queries.progress_overview(release_slug=RELEASE, as_of=2026, sector_slug="transporter")
    assert transport.national_target == "Sweden: domestic transport −70 % by 2030"
    assert next(r for r in transport.rows if r.code == "0180").slope == pytest.approx(
        next(
            s
            for s in queries.municipality_progress("0180", release_slug=RELEASE, as_of=2026).sectors
            if s.sector == "transporter"
        ).slope
    )


def test_sorting_puts_rows_without_a_value_last():
    rows = queries.progress_overview(release_slug=RELEASE, as_of=2026).rows
    by_date = queries.sort_overview(rows, "net_zero_date", descending=False)
    dated = [row.net_zero_date for row in by_date if row.net_zero_date]
    assert dated == sorted(dated) and by_date[-1].net_zero_date is None
    assert queries.sort_overview(rows, "slope", descending=False)[0].slope == min(r.slope for r in rows)


def test_a_totals_only_release_works_for_totals_and_refuses_sectors():
    overview = queries.progress_overview(release_slug="smhi-terr-ghg-2026-01", as_of=2026)
    assert sum(1 for row in overview.rows if row.fitted) == 290
    with pytest.raises(queries.NotFound, match="totals only"):
        queries.progress_overview(release_slug="smhi-terr-ghg-2026-01", as_of=2026, sector_slug="transporter")
    result = queries.municipality_progress("0180", release_slug="smhi-terr-ghg-2026-01", as_of=2026)
    transport = next(t for t in result.targets if t.key == "sverige-inrikes-transporter-2030")
    assert transport.status == "unknown" and "totals only" in transport.unknown_reason


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"as_of": 2023}, queries.ProgressUnavailable, "earlier than the last data year"),
        ({"as_of": 2051}, queries.ProgressUnavailable, "later than 2050"),
        ({"release_slug": "finns-inte"}, queries.NotFound, "no emission release"),
        ({"sector_slug": "finns-inte"}, queries.NotFound, "no main sector"),
        ({"county": "99"}, queries.NotFound, "no county"),
    ],
)
def test_bad_parameters_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        queries.progress_overview(**kwargs)


# --- targets of one's own -------------------------------------------------------------------


def lund_organization() -> Organization:
    return Organization.objects.get(territory__code="1281", kind="municipality")


def test_an_organizations_own_targets_of_every_kind():
    values = totals(RELEASE, "Lund")
    owner = lund_organization()
    target_create(
        organization=owner, name="−50 % till 2030", kind="relative", base_year=2015, target_year=2030, value=50
    )
    target_create(organization=owner, name="Högst 150 000 t 2035", kind="absolute", target_year=2035, value=150_000)
    target_create(organization=owner, name="1 t per invånare 2030", kind="per_inhabitant", target_year=2030, value=1.0)
    target_create(organization=owner, name="Netto noll 2040", kind="net_zero", target_year=2040)
    result = queries.municipality_progress("1281", release_slug=RELEASE, as_of=2026)
    own = {t.name: t for t in result.targets if t.owner_kind == "organization"}
    assert own["−50 % till 2030"].level == pytest.approx(values[2015] / 2)
    assert own["Högst 150 000 t 2035"].level == 150_000
    population = inventory(Territory.objects.get(code="1281"), RELEASE).population[2024]
    assert own["1 t per invånare 2030"].level == pytest.approx(population)
    net_zero = own["Netto noll 2040"]
    assert net_zero.level == 0 and net_zero.required_annual_cut_percent is None
    # Lund falls 6 409 t a year from 209 791 t: zero after 32.7 years, in 2057, so not by 2040.
    assert net_zero.status == "off_track" and net_zero.year_reached == 2057


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "relative", "target_year": 2030, "value": 40}, "needs a base year"),
        ({"kind": "relative", "base_year": 2030, "target_year": 2020, "value": 40}, "must come after the base year"),
        ({"kind": "relative", "base_year": 1990, "target_year": 2030, "value": 140}, "at most 100"),
        ({"kind": "absolute", "target_year": 2030}, "needs a value"),
        ({"kind": "absolute", "target_year": 2030, "value": -5}, "cannot be negative"),
        ({"kind": "absolute", "target_year": 2030, "value": 1e300}, r"1e\+300 .* 500.000.000"),
        ({"kind": "absolute", "target_year": 2030, "value": float("inf")}, "inf"),
        ({"kind": "per_inhabitant", "target_year": 2030, "value": 150.0}, "150.0 .* 100"),
        ({"kind": "relative", "base_year": 1990, "target_year": 2030, "value": float("nan")}, "nan"),
        ({"kind": "relative", "base_year": 1990, "target_year": 2230, "value": 40}, "2100"),
        ({"kind": "sideways", "target_year": 2030, "value": 4}, "sideways"),
    ],
)
def test_invalid_targets_are_refused_and_nothing_is_written(fields, message):
    before = Target.objects.count()
    with pytest.raises(TargetInvalid, match=message):
        target_create(organization=lund_organization(), name="Fel", **fields)
    assert Target.objects.count() == before


def test_a_target_needs_exactly_one_owner():
    commitment = Commitment.objects.get(slug="borgmastaravtalet-2030")
    with pytest.raises(TargetInvalid, match="either to an organization or to a commitment"):
        target_create(
            organization=lund_organization(), commitment=commitment, name="Båda", kind="net_zero", target_year=2050
        )
    with pytest.raises(TargetInvalid, match="either to an organization or to a commitment"):
        target_create(name="Ingen", kind="net_zero", target_year=2050)


def test_bundled_targets_are_loaded_once_and_edits_survive_a_new_seed():
    assert Target.objects.exclude(key=None).count() == 5
    assert set(Commitment.objects.values_list("slug", flat=True)) == {
        "borgmastaravtalet-2020",
        "borgmastaravtalet-2030",
        "borgmastaravtalet-2050",
    }
    national = Target.objects.get(key="sverige-netto-noll-2045")
    assert (national.base_year, national.target_year, national.value) == (1990, 2045, 85)
    assert list(Target.objects.get(key="sverige-inrikes-transporter-2030").sectors.values_list("slug", flat=True)) == [
        "transporter"
    ]
    national.note = "Redigerad"
    national.save()
    assert targets_seed() == 0
    assert Target.objects.get(key="sverige-netto-noll-2045").note == "Redigerad"
    Target.objects.filter(key="borgmastaravtalet-2050").delete()
    assert targets_seed() == 1
    assert Target.objects.exclude(key=None).count() == 5


def test_queries_for_one_municipality_are_few(django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        queries.municipality_progress("0180", as_of=2026)
    assert math.isfinite(queries.municipality_progress("0180", as_of=2026).total.slope)
