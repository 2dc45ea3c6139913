"""A target's level in tonnes, for every kind, is the same on every page, API answer and criterion that shows it.

The levels are worked out from the raw files (Klimatkollen's sectors, SCB's population) and checked where each
reader uses them: the municipality page's query and API, the commitments' statuses (network criteria and the
organization page), the overview against Sweden's target, and a network's combined emissions.
"""

import pytest
import python_calamine

from samverkan.networks.models import Membership, Network
from samverkan.networks.queries import combined_emissions, network_detail
from samverkan.places.models import Organization, OrganizationKind, Territory
from samverkan.targets import queries
from samverkan.targets.models import Commitment, Target
from tests.conftest import DATA
from tests.reference import klimatkollen_sectors, population_2025_by_code

pytestmark = pytest.mark.django_db
RELEASE = "klimatkollen-2026"
AS_OF = 2026
# The four kinds, with a value each; the level on Jönköping's figures is worked out below.
KINDS = [
    {"kind": "relative", "base_year": 1990, "value": 40.0},
    {"kind": "absolute", "value": 300_000.0},
    {"kind": "per_inhabitant", "value": 2.0},
    {"kind": "net_zero", "value": None},
]


def totals(name: str) -> dict[int, float]:
    return {year: sum(values.values()) for year, values in klimatkollen_sectors(RELEASE, name).items()}


def population_2022_by_name() -> dict[str, int]:
    """SCB's 2022 population by municipality name, from the last column of the raw 1950-2022 table."""
    path = DATA / "scb/population-by-municipality-1950-2022.xlsx"
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    header = next(row for row in rows if row[0] == "Kommun")
    column = header.index(2022.0)
    return {row[0]: int(row[column]) for row in rows if isinstance(row[column], float) and row[0] != "Kommun"}


def population(code: str, name: str, year: int) -> int:
    """The population in `year`, interpolated linearly between SCB's 2022 and 2025 figures."""
    low, high = population_2022_by_name()[name], population_2025_by_code()[code]
    assert 2022 < year < 2025
    return round(low + (high - low) * (year - 2022) / 3)


def expected_level(fields: dict, code: str, name: str) -> float:
    values = totals(name)
    latest = max(values)
    return {
        "relative": values[1990] * (1 - 40 / 100),
        "absolute": 300_000.0,
        "per_inhabitant": 2.0 * population(code, name, latest),
        "net_zero": 0.0,
    }[fields["kind"]]


def verdict(status: str) -> str:
    """A target's status on the municipality page as the commitments' statuses word it."""
    return {"achieved": "met", "on_track": "met", "off_track": "not_met"}.get(status, "unknown")


@pytest.mark.parametrize("fields", KINDS, ids=[fields["kind"] for fields in KINDS])
def test_a_commitments_level_is_the_same_on_the_page_in_the_api_and_in_the_criteria(client, fields):
    covenant = Network.objects.get(slug="borgmastaravtalet")
    commitment = Commitment.objects.create(slug="test-commitment", name="Teståtagande", network=covenant)
    target = Target.objects.create(commitment=commitment, name="Testmål", target_year=2030, **fields)
    jonkoping = Membership.objects.get(network=covenant, organization__territory__code="0680", role="signatory")
    jonkoping.commitments.add(commitment)
    expected = expected_level(fields, "0680", "Jönköping")

    page = queries.municipality_progress("0680", release_slug=RELEASE, as_of=AS_OF)
    result = next(t for t in page.targets if t.id == target.pk)
    assert result.level == pytest.approx(expected)
    assert result.status != "unknown"
    api = client.get("/api/v1/municipalities/0680/progress", {"release": RELEASE, "as_of": AS_OF}).json()
    assert next(t for t in api["targets"] if t["id"] == target.pk)["level"] == pytest.approx(expected)
    # The criteria read the same level: an absolute or per-inhabitant target was read as a cut from None before.
    statuses = queries.commitment_statuses({"0680": {commitment.slug}}, release_slug=RELEASE, as_of=AS_OF)
    assert statuses[("0680", commitment.slug)] == verdict(result.status)


@pytest.mark.parametrize("fields", KINDS, ids=[fields["kind"] for fields in KINDS])
def test_a_network_commitments_level_on_its_members_together_is_their_levels_added_up(fields):
    covenant = Network.objects.get(slug="borgmastaravtalet")
    commitment = Commitment.objects.create(slug="test-commitment", name="Teståtagande", network=covenant)
    target = Target.objects.create(commitment=commitment, name="Testmål", target_year=2030, **fields)
    members = Territory.objects.filter(
        authority__memberships__network=covenant,
        authority__memberships__role__in=["member", "signatory"],
        authority__memberships__status__in=["active", "observer", "on_hold"],
        kind="municipality",
    ).distinct()
    expected = sum(expected_level(fields, t.code, t.name) for t in members)
    _summary, _totals, count, levels = combined_emissions(network_detail("borgmastaravtalet"))
    assert count == members.count() == 68  # the 69 signatories but Öland's group of two municipalities
    assert dict(levels)[target] == pytest.approx(expected)


@pytest.mark.parametrize("fields", KINDS[1:], ids=[fields["kind"] for fields in KINDS[1:]])
def test_the_overview_measures_sweden_s_target_as_the_municipality_page_does(fields):
    """Sweden's earliest target on totals is the overview's; an absolute or per-inhabitant one was read as unknown."""
    sweden = Organization.objects.get(kind=OrganizationKind.STATE)
    target = Target.objects.create(organization=sweden, name="Testmål", target_year=2027, **fields)
    overview = queries.progress_overview(release_slug=RELEASE, as_of=AS_OF)
    assert overview.national_target == "Testmål"
    rows = {row.code: row for row in overview.rows}
    for code, name in [("0680", "Jönköping"), ("1281", "Lund"), ("0180", "Stockholm")]:
        page = queries.municipality_progress(code, release_slug=RELEASE, as_of=AS_OF)
        result = next(t for t in page.targets if t.id == target.pk)
        assert result.level == pytest.approx(expected_level(fields, code, name))
        assert rows[code].target_status == result.status != "unknown"


def test_target_level_for_every_kind_by_hand():
    relative = Target(kind="relative", base_year=1990, value=40, target_year=2030)
    assert relative.level(base_value=1000.0, population=None) == pytest.approx(600.0)
    assert relative.level(base_value=None, population=None) is None
    assert Target(kind="absolute", value=150.0, target_year=2030).level(base_value=None, population=None) == 150.0
    per_inhabitant = Target(kind="per_inhabitant", value=1.5, target_year=2030)
    assert per_inhabitant.level(base_value=None, population=10_000) == 15_000.0
    assert per_inhabitant.level(base_value=None, population=None) is None
    assert Target(kind="net_zero", target_year=2045).level(base_value=None, population=None) == 0.0
    least_cut = Target(kind="net_zero", base_year=1990, value=85, target_year=2045)
    assert least_cut.level(base_value=1000.0, population=None) == pytest.approx(150.0)
