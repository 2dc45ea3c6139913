"""Each criterion rule on hand-made cases, against members' real data; unknown where data is missing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from samverkan.networks.criteria import evaluate
from samverkan.networks.models import Criterion, Membership, Network
from samverkan.places.models import Organization
from samverkan.targets.models import Commitment
from samverkan.targets.services import target_create
from tests.reference import klimatkollen_sectors, lad_by_enumeration

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def network():
    return Network.objects.create(slug="testnatverket", name="Testnätverket", kind="collaboration")


def member(network, code=None, name=None, commitments=()):
    organization = (
        Organization.objects.get(territory__code=code, kind="municipality")
        if code
        else Organization.objects.get(name=name)
    )
    membership = Membership.objects.create(organization=organization, network=network, role="member", status="active")
    membership.commitments.set(Commitment.objects.filter(slug__in=commitments))
    return membership


def results_for(network, criterion, *memberships):
    found = evaluate([criterion], list(memberships), today=TODAY)
    return [found[m.pk][0] for m in memberships]


def test_inventory_recent_is_met_not_met_or_unknown(network):
    jonkoping = member(network, "0680")
    oland = member(network, name="Ölands kommuner (Borgholm och Mörbylånga)")
    three = Criterion.objects.create(network=network, kind="inventory_recent", years=3, name="Inventering")
    one = Criterion.objects.create(network=network, kind="inventory_recent", years=1, name="Färsk inventering")
    met, unknown = results_for(network, three, jonkoping, oland)
    # The 2026 release covers 2024: within three years of 2026, not within one.
    assert met.result == "met" and "2024" in met.reason and met.evidence == "/kommuner/0680/"
    assert unknown.result == "unknown" and "not tied to a municipality" in unknown.reason
    assert results_for(network, one, jonkoping)[0].result == "not_met"


def test_has_target_counts_own_targets_and_commitments_and_is_otherwise_unknown(network):
    lund, jonkoping, ale = (
        member(network, "1281"),
        member(network, "0680", commitments=["borgmastaravtalet-2020"]),
        member(network, "1440"),
    )
    target_create(organization=lund.organization, name="Lund: netto noll 2030", kind="net_zero", target_year=2030)
    criterion = Criterion.objects.create(network=network, kind="has_target", name="Mål för utsläppen")
    own, committed, missing = results_for(network, criterion, lund, jonkoping, ale)
    assert own.result == "met" and "own emission target" in own.reason
    assert committed.result == "met" and "Covenant of Mayors 2020" in committed.reason
    assert missing.result == "unknown"


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("monitoring_every", "monitoring reports"),
        ("reported_latest_round", "no reporting round"),
    ],
)
def test_rules_without_data_in_samverkan_are_unknown_never_a_guess(network, kind, reason):
    jonkoping = member(network, "0680")
    criterion = Criterion.objects.create(network=network, kind=kind, years=2, name="Regel")
    result = results_for(network, criterion, jonkoping)[0]
    assert result.result == "unknown" and reason in result.reason


def test_an_adopted_action_plan_no_older_than_n_years(network):
    """From the bundled climate-plan survey: Jönköping's plan was adopted 2022 (climate-plans.csv, its row)."""
    jonkoping, alvkarleby, katrineholm = member(network, "0680"), member(network, "0319"), member(network, "0483")
    nenet = member(network, name="Norrbottens energikontor AB, NENET")
    five = Criterion.objects.create(network=network, kind="has_action_plan", years=5, name="Handlingsplan")
    two = Criterion.objects.create(network=network, kind="has_action_plan", years=2, name="Färsk handlingsplan")
    met, none_found, year_unknown, no_record = results_for(network, five, jonkoping, alvkarleby, katrineholm, nenet)
    assert met.result == "met" and "adopted 2022" in met.reason and met.evidence.startswith("/planer/")
    assert none_found.result == "not_met" and "found no climate plan" in none_found.reason  # "Plan saknas."
    assert year_unknown.result == "unknown" and "not known" in year_unknown.reason  # a link, no year
    assert no_record.result == "unknown" and "No action plan" in no_record.reason
    too_old = results_for(network, two, jonkoping)[0]  # 2022 < 2026 - 2
    assert too_old.result == "not_met" and "asks for 2024 or later" in too_old.reason


def test_a_plan_within_n_years_of_joining(network):
    jonkoping = member(network, "0680")
    criterion = Criterion.objects.create(network=network, kind="plan_within_years", years=2, name="SEAP")
    assert results_for(network, criterion, jonkoping)[0].result == "unknown"  # joined on an unknown date
    jonkoping.since = dt.date(2020, 9, 24)
    jonkoping.save()
    met = results_for(network, criterion, jonkoping)[0]
    assert met.result == "met" and "within 2 years of joining in 2020" in met.reason
    jonkoping.since = dt.date(2009, 9, 24)  # the Covenant: the 2022 plan does not show that none came by 2011
    jonkoping.save()
    assert results_for(network, criterion, jonkoping)[0].result == "unknown"


def test_the_trend_against_the_commitments_taken(network):
    stockholm = member(
        network, "0180", commitments=["borgmastaravtalet-2020", "borgmastaravtalet-2030", "borgmastaravtalet-2050"]
    )
    ale = member(network, "1440", commitments=["borgmastaravtalet-2030"])
    none = member(network, "0680")
    criterion = Criterion.objects.create(
        network=network, kind="trend_meets_commitment", name="Trenden klarar åtagandet"
    )
    met, ale_result, unknown = results_for(network, criterion, stockholm, ale, none)
    assert met.result == "met" and met.evidence == "/kommuner/0180/#progress-heading"
    # Ale, worked out from the raw file: -40 % from 1990 against the LAD trend in 2030.
    totals = {year: sum(v.values()) for year, v in klimatkollen_sectors("klimatkollen-2026", "Ale").items()}
    low, high = lad_by_enumeration({y: v for y, v in totals.items() if y >= 2015})
    in_2030 = max(0.0, totals[2024] + (low + high) / 2 * 6)
    assert ale_result.result == ("met" if in_2030 <= totals[1990] * 0.6 else "not_met")
    assert unknown.result == "unknown" and "no commitment" in unknown.reason


def test_a_criterion_for_one_commitment_applies_only_to_its_holders(network):
    lund = member(network, "1281")
    criterion = Criterion.objects.create(
        network=network,
        kind="plan_within_years",
        years=1,
        name="SEAP",
        commitment=Commitment.objects.get(slug="borgmastaravtalet-2020"),
    )
    assert "Applies only to members with the commitment" in results_for(network, criterion, lund)[0].reason


@pytest.mark.parametrize(
    ("kind", "years"), [("inventory_recent", -1), ("inventory_recent", None), ("monitoring_every", 99)]
)
def test_a_criterion_with_a_bad_number_of_years_is_refused(network, kind, years):
    with pytest.raises(ValidationError):
        Criterion(network=network, kind=kind, years=years, name="Fel").full_clean()
    assert not Criterion.objects.filter(network=network).exists()


def test_seeded_criteria_and_the_matrix_on_page_and_api(client):
    assert Criterion.objects.filter(network__slug="klimatkommunerna").count() == 4
    html = client.get("/natverk/klimatkommunerna/").content.decode()
    matrix = html[html.index('id="criteria"') :]
    assert matrix.count('<th scope="row">') == 2  # Lund and Jönköping, the members the pages name
    assert "uppfyllt" in matrix and "okänt" in matrix
    body = client.get("/api/v1/networks/borgmastaravtalet/criteria").json()
    assert body["count"] == 69
    stockholm = next(i for i in body["items"] if i["organization"]["municipality_code"] == "0180")
    trend = next(c for c in stockholm["criteria"] if c["rule"] == "trend_meets_commitment")
    assert trend["result"] == "met" and trend["evidence"] == "/kommuner/0180/#progress-heading"
    assert client.get("/api/v1/networks/finns-inte/criteria").status_code == 404
