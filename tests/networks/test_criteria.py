"""Each criterion rule on hand-made cases, against members' real data; unknown where data is missing."""

import datetime as dt
from collections import Counter

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
        ("monitoring_every", "no reporting round"),
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
    result = results_for(network, criterion, lund)[0]
    assert result.result == "not_applicable" and result.label == "does not apply" and result.symbol == "–"
    assert "Applies only to members with the commitment" in result.reason


def matrix_of(html: str) -> str:
    return html[html.index('id="criteria"') : html.index("</table>", html.index('id="criteria"'))]


def covenant_criteria_counts() -> dict:
    """Each Covenant criterion's results over its 69 signatories, counted from `evaluate` itself."""
    network = Network.objects.get(slug="borgmastaravtalet")
    criteria = list(network.criteria.order_by("position", "id"))
    members = list(Membership.objects.filter(network=network).listed().select_related("organization__territory"))
    found = evaluate(criteria, members)
    return {number: Counter(found[m.pk][number - 1].result for m in members) for number in range(1, len(criteria) + 1)}


def test_the_covenant_matrix_is_compact_with_totals_pages_and_does_not_apply(client):
    counts = covenant_criteria_counts()
    html = client.get("/natverk/borgmastaravtalet/").content.decode().replace("\xa0", " ")
    matrix = matrix_of(html)
    body = matrix[matrix.index("<tbody>") : matrix.index("</tbody>")]
    assert body.count('<th scope="row">') == 25 and "Sida 1 av 3" in html and "69 av 69 medlemmar visas." in html
    assert body.count("<td>") == body.count('<details class="verdict">') == 25 * 5
    assert "<br><small>" not in body  # the reason is one step away, in the cell's details
    # The coordinator and the supporter are not scored as signatories.
    assert "Region Norrbotten" not in matrix and "NENET" not in matrix
    # Criterion 2 is for the 2030 commitment: it does not apply to a signatory without it, which is not "unknown".
    without_2030 = (
        Membership.objects.filter(network__slug="borgmastaravtalet")
        .counted()
        .exclude(commitments__slug="borgmastaravtalet-2030")
        .count()
    )
    assert without_2030 > 0 and counts[2]["not_applicable"] == without_2030
    footer = matrix[matrix.index("<tfoot>") :]
    assert "Alla 69" in footer
    for number, found in counts.items():
        assert sum(found.values()) == 69
        for result, count in found.items():
            assert f"kriterium={number}&amp;resultat={result}#criteria-heading" in footer
    assert f'aria-hidden="true">–</span> {without_2030}</span> gäller inte' in footer
    assert "N = " not in html and "Har en utsläppsinventering som inte är äldre än 4 år" in html


def test_the_matrix_filter_by_result_works_without_javascript(client):
    counts = covenant_criteria_counts()
    met = counts[3]["met"]
    html = client.get("/natverk/borgmastaravtalet/?kriterium=3&resultat=met").content.decode().replace("\xa0", " ")
    assert f"{met} av 69 medlemmar visas." in html
    body = matrix_of(html).split("<tbody>")[1].split("</tbody>")[0]
    rows = body.split("<tr>")[1:]
    assert len(rows) == min(met, 25)
    assert all(row.split("<td>")[3].count("criterion-met") == 1 for row in rows)
    assert '<option value="3" selected>' in html and '<option value="met" selected>' in html
    # Any criterion: a member with at least one "does not apply".
    html = client.get("/natverk/borgmastaravtalet/?resultat=not_applicable").content.decode()
    assert "criterion-not_applicable" in matrix_of(html).split("<tbody>")[1]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("resultat=kanske", "kanske är inte ett resultat: met, not_met, unknown, not_applicable."),
        ("kriterium=9&resultat=met", "9 är inte ett kriteriums nummer: 1 till 5."),
        ("kriterium=tre", "tre är inte ett kriteriums nummer: 1 till 5."),
    ],
)
def test_a_bad_matrix_filter_is_refused_in_words(client, query, message):
    with translation.override("sv"):
        response = client.get(f"/natverk/borgmastaravtalet/?{query}")
    assert response.status_code == 422 and message in response.content.decode()


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
    matrix = html[html.index('id="criteria"') : html.index("<tfoot>")]
    assert matrix.count('<th scope="row">') == 2  # Lund and Jönköping, the members the pages name
    assert "uppfyllt" in matrix and "okänt" in matrix
    body = client.get("/api/v1/networks/borgmastaravtalet/criteria").json()
    assert body["count"] == 69
    stockholm = next(i for i in body["items"] if i["organization"]["municipality_code"] == "0180")
    trend = next(c for c in stockholm["criteria"] if c["rule"] == "trend_meets_commitment")
    assert trend["result"] == "met" and trend["evidence"] == "/kommuner/0180/#progress-heading"
    assert client.get("/api/v1/networks/finns-inte/criteria").status_code == 404
