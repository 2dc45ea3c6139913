"""A network's member count is one figure: the list of networks, the network's page and the API give the same.

The count (`MembershipQuerySet.counted`) is the members and signatories active or on hold; observers (by role or
by the status observer until a date), coordinators and supporters are counted apart, and applications, departures
and refusals not at all.
"""

from collections import Counter

import pytest

from samverkan.networks.models import Membership, MembershipRole, MembershipStatus, Network
from samverkan.places.models import Organization
from tests.reference import covenant_swedish_rows

pytestmark = pytest.mark.django_db
IN_FORCE = {"published", "on_hold", "suspended"}  # the JRC's words for a signatory in force


def counts_shown(client, slug: str) -> dict:
    """The member count of a network on the list page, on its page and in both API answers."""
    html = client.get("/natverk/").content.decode()
    row = html[html.index(f'href="/natverk/{slug}/"') :]
    row = row[: row.index("</tr>")]
    listed = row[row.rindex('<td class="num">') + len('<td class="num">') : row.rindex("</td>")]
    page = client.get(f"/natverk/{slug}/").content.decode().replace("\xa0", " ")
    detail = client.get(f"/api/v1/networks/{slug}").json()
    item = next(n for n in client.get("/api/v1/networks").json()["items"] if n["slug"] == slug)
    members = client.get(f"/api/v1/networks/{slug}/members?limit=500").json()
    assert members["count"] == len(members["items"])  # every membership on one page
    return {"list": int(listed), "page": page, "api": detail, "api_list": item, "members": members["items"]}


def test_the_covenant_has_its_69_signatories_everywhere_and_its_coordinator_and_supporter_apart(client):
    expected = sum(1 for row in covenant_swedish_rows() if row["signatory_status"] in IN_FORCE)
    assert expected == 69
    shown = counts_shown(client, "borgmastaravtalet")
    assert shown["list"] == expected
    assert f"{expected} medlemmar" in shown["page"]
    apart = shown["page"][shown["page"].index("Observatörer, samordnare och stödjande organisationer") :]
    apart = apart[: apart.index("</ul>")]
    assert "Region Norrbotten</a>: samordnare" in apart
    assert "Norrbottens energikontor AB, NENET</a>: stödjande organisation" in apart
    for answer in (shown["api"], shown["api_list"]):
        assert answer["member_count"] == expected
        assert (answer["observer_count"], answer["coordinator_count"], answer["supporter_count"]) == (0, 1, 1)
    roles = Counter(m["role"] for m in shown["members"])
    assert roles == {"signatory": expected, "coordinator": 1, "supporter": 1}


def test_applications_departures_and_observers_are_not_members(client):
    network = Network.objects.get(slug="sodertorn-miljonatverket")
    before = counts_shown(client, network.slug)
    assert before["list"] == before["api"]["member_count"] == 8 and "8 medlemmar" in before["page"]
    others = Organization.objects.filter(territory__code__in=["0680", "1281", "0180", "1480"]).order_by("name")
    for organization, status in zip(others, ["applied", "left", "declined", "observer"], strict=True):
        role = MembershipRole.OBSERVER if status == "observer" else MembershipRole.MEMBER
        Membership.objects.create(organization=organization, network=network, role=role, status=status)
    after = counts_shown(client, network.slug)
    assert after["list"] == after["api"]["member_count"] == after["api_list"]["member_count"] == 8
    assert "8 medlemmar" in after["page"]
    assert after["api"]["observer_count"] == 1
    # An observer is shown as such beside the members; the one who left is listed in the API with its status.
    apart = after["page"][after["page"].index("Observatörer, samordnare") :]
    apart = apart[: apart.index("</ul>")]
    assert "</a>: observatör, slutdatum inte registrerat" in apart and "till ett datum" not in apart
    assert {m["status"] for m in after["members"]} >= {"applied", "left", "declined", "observer"}


def test_a_member_observing_until_a_date_is_counted_apart_with_its_date(client, stockholm):
    network = Network.objects.get(slug="sodertorn-miljonatverket")
    Membership.objects.create(
        organization=stockholm,
        network=network,
        role=MembershipRole.MEMBER,
        status=MembershipStatus.OBSERVER,
        until="2027-06-30",
    )
    shown = counts_shown(client, network.slug)
    assert shown["list"] == shown["api"]["member_count"] == 8 and "8 medlemmar" in shown["page"]
    assert shown["api"]["observer_count"] == shown["api_list"]["observer_count"] == 1
    members = shown["page"][shown["page"].index('id="members"') :]
    assert "Stockholms kommun" not in members[: members.index("</table>")]
    apart = shown["page"][shown["page"].index("Observatörer, samordnare") :]
    assert "Stockholms kommun</a>: medlem, observatör till 2027-06-30" in apart[: apart.index("</ul>")]


def test_the_status_sets():
    assert set(MembershipStatus.in_force()) == {"active", "observer", "on_hold"}
    assert set(MembershipStatus.open()) == {"applied", "active", "observer", "on_hold"}
    assert set(MembershipStatus.counted()) == {"active", "on_hold"}
    assert set(MembershipRole.counted()) == {"member", "signatory"}
    covenant = Membership.objects.filter(network__slug="borgmastaravtalet")
    assert covenant.counted().count() == 69 and covenant.in_force().count() == 71
